"""Two rules for every logged-in request.

- SesiMenganggurMiddleware: a session idle for SESSION_IDLE_MINUTES (or older
  than SESSION_COOKIE_AGE) is ended; the user logs in again and comes back.
- FaktorKeduaMiddleware: a user whose login needs the second factor reaches no
  page but the code step (a confirmed device) or the enrolment page (none yet)
  until the session is verified; the Django admin included.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

from akun.sesi import KUNCI_AKTIF, KUNCI_MULAI, pasti_anonim, wajib_di_sesi
from layanan.pengguna import Pengguna

# the activity stamp is rewritten at most once a minute (one session write)
SELANG_CATAT = 60


class _MiddlewarePengguna:
    """A middleware that looks only at a logged-in user's request: `periksa`
    answers instead of the page (a redirect), or returns None to let it through."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not pasti_anonim(request):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                jawaban = self.periksa(request, user)
                if jawaban is not None:
                    return jawaban
        return self.get_response(request)

    def periksa(self, request: HttpRequest, user: Pengguna) -> HttpResponse | None:
        raise NotImplementedError


class SesiMenganggurMiddleware(_MiddlewarePengguna):
    def periksa(self, request: HttpRequest, user: Pengguna) -> HttpResponse | None:
        sekarang = int(time.time())
        terakhir = request.session.get(KUNCI_AKTIF)
        mulai = request.session.get(KUNCI_MULAI)
        batas_menganggur = settings.SESSION_IDLE_MINUTES * 60
        if (terakhir is not None and sekarang - terakhir > batas_menganggur) or (
            mulai is not None and sekarang - mulai > settings.SESSION_COOKIE_AGE
        ):
            logout(request)
            messages.info(
                request,
                _(
                    "Sesi Anda berakhir karena tidak ada aktivitas selama %(menit)s menit. "
                    "Silakan masuk kembali."
                )
                % {"menit": settings.SESSION_IDLE_MINUTES},
            )
            return redirect_to_login(_tujuan(request))
        if terakhir is None or sekarang - terakhir >= SELANG_CATAT:
            request.session[KUNCI_AKTIF] = sekarang
        return None


def _tujuan(request: HttpRequest) -> str:
    """Where to come back to after the login: the page asked for (a GET), or
    the page a form was on (a POST's data cannot be replayed)."""
    return request.get_full_path() if request.method in ("GET", "HEAD") else request.path


@functools.lru_cache(maxsize=16)
def _alamat_bebas(urlconf: str, prefix: str) -> frozenset[str]:
    """The paths of `_bebas`, reversed once per URLconf and script prefix (six
    reverses cost half a millisecond on every logged-in request)."""
    nama = ("login", "logout", "akun:kode", "akun:faktor", "admin:login", "admin:logout")
    return frozenset(reverse(n, urlconf=urlconf) for n in nama)


@receiver(setting_changed)
def _lupakan_alamat(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _alamat_bebas.cache_clear()


def _bebas(path: str) -> bool:
    """Pages a user may open before the second factor is confirmed."""
    terbuka = _alamat_bebas(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    return path in terbuka or path.startswith("/" + settings.STATIC_URL.lstrip("/"))


class FaktorKeduaMiddleware(_MiddlewarePengguna):
    def periksa(self, request: HttpRequest, user: Pengguna) -> HttpResponse | None:
        if (
            _bebas(request.path_info)
            # is_verified is put on the user by django_otp's OTPMiddleware (before this one)
            or user.is_verified()  # type: ignore[attr-defined]
            or not wajib_di_sesi(request)
        ):
            return None
        tujuan = "akun:kode" if user_has_device(user) else "akun:faktor"
        return HttpResponseRedirect(f"{reverse(tujuan)}?{urlencode({'next': _tujuan(request)})}")
