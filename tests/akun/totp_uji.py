"""Codes of a TOTP device computed as an authenticator app does (django-otp's
own TOTP), for tests that type the real code."""

from __future__ import annotations

import time
from base64 import b32decode

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def kode_sekarang(device: TOTPDevice) -> str:
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def kode_dari_rahasia(rahasia: str) -> str:
    """The code an app shows now for a base32 secret typed by hand."""
    teks = rahasia.replace(" ", "").upper()
    key = b32decode(teks + "=" * (-len(teks) % 8))
    totp = TOTP(key, 30, 0, 6)
    totp.time = time.time()
    return f"{totp.token():06d}"
