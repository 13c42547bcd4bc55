"""What the account middleware keeps in the session: when the user was last
active, and whether this login needs the second factor (decided once at login,
so pages do not ask the database on every request)."""

from __future__ import annotations

import ipaddress
import time

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
