"""What the account middleware keeps in the session: when the user was last
active, and whether this login needs the second factor (decided once at login,
so pages do not ask the database on every request)."""

from __future__ import annotations

import ipaddress
import time

from django.utils.functional import SimpleLazyObject, empty
from django_otp import user_has_device

from akun.permissions import wajib_faktor_kedua
from layanan import pembatas

KUNCI_AKTIF = "akun_aktif"  # epoch seconds of the last request
KUNCI_MULAI = "akun_mulai"  # epoch seconds of the login
KUNCI_WAJIB = "akun_faktor_wajib"  # True: this login must confirm a TOTP code


def tandai_masuk(request, user) -> None:
    sekarang = int(time.time())
    request.session[KUNCI_AKTIF] = sekarang
    request.session[KUNCI_MULAI] = sekarang
    request.session[KUNCI_WAJIB] = perlu_faktor_kedua(user)


def perlu_faktor_kedua(user) -> bool:
    """The role demands it, or the user enrolled a device of their own accord."""
    return wajib_faktor_kedua(user) or user_has_device(user)


def pasti_anonim(request) -> bool:
    """Whether the request's user is anonymous for certain, told without
    loading it: no session came with the request (no session cookie) and the
    user is still the lazy one of AuthenticationMiddleware (and OTPMiddleware),
    who is read from that session only. The account rules then have nothing to
    check, and the session is not read (no query, no `Vary: Cookie`)."""
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    return (
        type(user) is SimpleLazyObject
        and user._wrapped is empty
        and session is not None
        and session.session_key is None
        and not session.modified
    )


def wajib_di_sesi(request) -> bool:
    wajib = request.session.get(KUNCI_WAJIB)
    if wajib is None:  # a session from before this rule
        wajib = request.session[KUNCI_WAJIB] = perlu_faktor_kedua(request.user)
    return wajib


def alamat_klien(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the client address the complaint rate limits use
    (CLIENT_IP_HEADER behind a proxy), or None when it is not an IP address."""
    alamat = pembatas.client_address(request)
    try:
        return str(ipaddress.ip_address(alamat))
    except ValueError:
        return None
