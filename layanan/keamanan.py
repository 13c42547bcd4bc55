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
`CSPMiddleware` is django-csp's with the header of the settings built once per
process instead of once per response (a third of the whole stack's time on a
bare view); a page with its own policy (a decorator) or a nonce is built as
before.
"""

from __future__ import annotations

import http.client
from collections.abc import Callable

from csp.constants import HEADER, HEADER_REPORT_ONLY, NONE, SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as _CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
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
    """Whether a response to this request may be kept by a browser or proxy cache.
    The path is judged first: elsewhere the user is not even loaded (a bare
    request then reads no session and gets no `Vary: Cookie`)."""
    path = request.path_info
    if not (path in PATH_BOLEH_CACHE or path.startswith(PREFIX_BOLEH_CACHE)):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


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


# -- Content-Security-Policy -----------------------------------------------------------------------
# What a view's decorator leaves on its response (csp.decorators, attributes of
# the instance): such a response has a policy of its own, built as django-csp does.
_ATRIBUT_CSP = frozenset(
    {
        "_csp_exempt",
        "_csp_config",
        "_csp_update",
        "_csp_replace",
        "_csp_exempt_ro",
        "_csp_config_ro",
        "_csp_update_ro",
        "_csp_replace_ro",
    }
)
_KODE_DEBUG = (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND)
_kebijakan_tetap: dict[str, tuple[str, tuple[str, ...]]] = {}


def kebijakan_tetap(header: str) -> tuple[str, tuple[str, ...]]:
    """The header of the settings' policy (`header` is HEADER or
    HEADER_REPORT_ONLY) and its excluded path prefixes, built once per process
    (again after a test changes the settings)."""
    hasil = _kebijakan_tetap.get(header)
    if hasil is None:
        ro = header == HEADER_REPORT_ONLY
        nama = "CONTENT_SECURITY_POLICY_REPORT_ONLY" if ro else "CONTENT_SECURITY_POLICY"
        prefix = tuple((getattr(settings, nama, None) or {}).get("EXCLUDE_URL_PREFIXES") or ())
        hasil = _kebijakan_tetap[header] = (build_policy(report_only=ro), prefix)
    return hasil


@receiver(setting_changed)
def _lupakan_kebijakan(*, setting: str, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "DEBUG":
        _kebijakan_tetap.clear()


class CSPMiddleware(_CSPMiddleware):
    """django-csp's middleware, with the settings' policy built once (see the
    module docstring). A response with a decorator's policy or a request that
    used its nonce goes through django-csp unchanged."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if getattr(request, "_csp_nonce", None) is not None or not _ATRIBUT_CSP.isdisjoint(
            vars(response)
        ):
            return super().process_response(request, response)
        if response.status_code in _KODE_DEBUG and settings.DEBUG:
            return response
        path = request.path_info
        for header in (HEADER, HEADER_REPORT_ONLY):
            kebijakan, kecuali = kebijakan_tetap(header)
            if kebijakan and header not in response and not path.startswith(kecuali):
                response[header] = kebijakan
        # as django-csp: a nonce asked for after the header is written is an error
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
