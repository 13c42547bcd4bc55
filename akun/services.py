"""Use cases of accounts: re-authentication before a signature, and enrolling,
confirming and resetting the second factor (a TOTP device of django-otp)."""

from __future__ import annotations

import hashlib
import hmac
from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from akun.errors import (
    FaktorKeduaBelum,
    KodeSalah,
    SandiKosong,
    SandiSalah,
    TerlaluBanyakPercobaan,
)
from akun.permissions import wajib_faktor_kedua
from layanan import pembatas
from layanan.pengguna import Pengguna, PenggunaAtauTamu

NAMA_PERANGKAT = "Aplikasi autentikator"


def terverifikasi(user: PenggunaAtauTamu) -> bool:
    """Was this session confirmed with the second factor? (django-otp's
    OTPMiddleware gives request.user `is_verified`; any other user object is not.)"""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def _kunci_sandi_ulang(user: Pengguna) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"sandi-ulang:{user.pk}".encode(), hashlib.sha256
    ).hexdigest()


def sandi_ulang_periksa(*, user: Pengguna, kata_sandi: str, faktor_kedua: bool = True) -> None:
    """The official's own password again, before a signature, a revocation, a
    re-issue or a change of the second factor.

    An official who must use the second factor must also have confirmed it in
    this session (`faktor_kedua`). Wrong passwords are counted per user in the
    database (layanan.pembatas): the fifth within 15 minutes locks, and every
    try is refused until the oldest one is 15 minutes old."""
    if not kata_sandi:
        raise SandiKosong(_("Masukkan kata sandi akun Anda untuk melanjutkan."))
    if faktor_kedua and wajib_faktor_kedua(user) and not terverifikasi(user):
        raise FaktorKeduaBelum(
            _(
                "Tindakan ini memerlukan verifikasi dua langkah. Masuk kembali dan masukkan "
                "kode dari aplikasi autentikator Anda; tidak ada yang ditandatangani atau diubah."
            )
        )
    kunci = _kunci_sandi_ulang(user)
    _batas, detik = pembatas.limit_for(pembatas.SANDI_ULANG)
    terkunci = TerlaluBanyakPercobaan(
        _(
            "Terlalu banyak kata sandi salah. Demi keamanan, penandatanganan dan perubahan "
            "akun dikunci %(menit)s menit; tidak ada yang ditandatangani atau diubah."
        )
        % {"menit": max(1, detik // 60)}
    )
    try:
        pembatas.check(kunci, pembatas.SANDI_ULANG)
    except pembatas.TerlaluBanyak:
        raise terkunci from None
    if not user.check_password(kata_sandi):
        try:
            pembatas.record(kunci, pembatas.SANDI_ULANG)
            pembatas.check(kunci, pembatas.SANDI_ULANG)  # this one reached the limit
        except pembatas.TerlaluBanyak:
            raise terkunci from None
        raise SandiSalah(
            _("Kata sandi salah. Tidak ada yang ditandatangani atau diubah; coba lagi.")
        )


# -- the second factor -------------------------------------------------------------------------
def perangkat_aktif(user: Pengguna) -> TOTPDevice | None:
    """The user's confirmed TOTP device, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def perangkat_baru(user: Pengguna) -> TOTPDevice | None:
    """The device being enrolled (made, not yet confirmed by a code)."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


@transaction.atomic
def totp_mulai(*, user: Pengguna) -> TOTPDevice:
    """Start an enrolment: a new secret, unconfirmed until a code from it is typed.
    A user who already has a confirmed device resets it first."""
    if perangkat_aktif(user) is not None:
        raise FaktorKeduaBelum(
            _("Akun ini sudah memakai aplikasi autentikator. Atur ulang dulu dari halaman akun.")
        )
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=NAMA_PERANGKAT, confirmed=False)


def totp_konfirmasi(*, user: Pengguna, kode: str) -> TOTPDevice:
    """Confirm the device being enrolled with one code it shows now."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("-pk")
            .first()
        )
        if device is None:
            raise KodeSalah(_("Belum ada pendaftaran yang berjalan. Mulai lagi dari awal."))
        if not device.verify_token(_bersih(kode)):
            raise KodeSalah(
                _("Kode tidak cocok. Periksa jam ponsel Anda lalu ketik kode yang tampil sekarang.")
            )
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return device


def totp_atur_ulang(*, user: Pengguna, kata_sandi: str) -> None:
    """Remove the user's devices (a lost or new phone), after the password."""
    sandi_ulang_periksa(user=user, kata_sandi=kata_sandi)
    TOTPDevice.objects.filter(user=user).delete()


def _bersih(kode: str) -> str:
    return "".join(c for c in (kode or "") if c in "0123456789")[:8]


def kode_cocok(*, device: TOTPDevice, kode: str) -> bool:
    """Does `kode` verify on the device (once: a code is never accepted twice)?"""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        return device.verify_token(_bersih(kode))


def rahasia_teks(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, to type into an app by hand."""
    teks = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(teks[i : i + 4] for i in range(0, len(teks), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URI of the device as a QR code (an SVG data: URI)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)
