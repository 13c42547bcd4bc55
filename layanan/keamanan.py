"""Response headers that keep the clients' data out of caches and other sites.

- `Cache-Control: private, no-store` on every response that may carry
  personal data: everything an authenticated user gets, and every public page
  outside the catalogue of standards (the tracking and verification results,
  the complaint receipt, the forms). Only the public catalogue (`/layanan/…`,
  the tracking help page, the transparency figures `/transparansi/…`)
  answered to an anonymous visitor stays cacheable;
  static files are answered by WhiteNoise before this middleware runs.
- `Permissions-Policy`: every powerful browser feature off, except camera and
  location on the field pages, where a social worker takes photos and records
  where a visit took place.

The Content-Security-Policy itself comes from django-csp (settings
`CONTENT_SECURITY_POLICY`); `csp_pratinjau` widens it for the one page that
needs more: the HTML preview of a letter, framed by the case page and styled
by the letter's own `<style>` blocks (the same template WeasyPrint prints).
"""

from __future__ import annotations

from collections.abc import Callable

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.http import HttpRequest, HttpResponseBase

NO_STORE = "private, no-store"

# Public pages without personal data that a browser or proxy may cache (anonymous visitors only).
PREFIX_BOLEH_CACHE = ("/layanan/", "/lacak/", "/transparansi/")
PATH_BOLEH_CACHE = frozenset({"/"})

_MATI = (
    "accelerometer",
    "autoplay",
    "bluetooth",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
PREFIX_LAPANGAN = "/lapangan/"


def _kebijakan(kamera_lokasi: bool) -> str:
    izin = "(self)" if kamera_lokasi else "()"
    bagian = [f"camera={izin}", f"geolocation={izin}", *(f"{f}=()" for f in _MATI)]
    return ", ".join(bagian)


PERMISSIONS_POLICY = _kebijakan(kamera_lokasi=False)
PERMISSIONS_POLICY_LAPANGAN = _kebijakan(kamera_lokasi=True)


def boleh_cache(request: HttpRequest) -> bool:
    """Whether a response to this request may be kept by a browser or proxy cache."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    path = request.path_info
    return path in PATH_BOLEH_CACHE or path.startswith(PREFIX_BOLEH_CACHE)


class HeaderKeamananMiddleware:
    """Cache-Control for personal data and the Permissions-Policy (see the module docstring).

    Placed right after SessionMiddleware: every answer of the middleware and views
    below passes through it. `request.user` (set by AuthenticationMiddleware on
    the way in) is read on the way out; an answer given before it (a refused
    request) is judged by its path alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not boleh_cache(request):
            response["Cache-Control"] = NO_STORE
            if "Expires" in response:
                del response["Expires"]
        if "Permissions-Policy" not in response:
            lapangan = request.path_info.startswith(PREFIX_LAPANGAN)
            response["Permissions-Policy"] = (
                PERMISSIONS_POLICY_LAPANGAN if lapangan else PERMISSIONS_POLICY
            )
        return response


# The letter preview (HTML): framed by our own case page, styled by its <style> blocks;
# still no script at all, and nothing loaded from elsewhere.
csp_pratinjau = csp_replace(
    {
        "style-src": [SELF, UNSAFE_INLINE],
        "frame-ancestors": [SELF],
        "script-src": [NONE],
    }
)
