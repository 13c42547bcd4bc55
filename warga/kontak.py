"""A citizen's contact: a phone number (normalised to 62…) or an e-mail
address, and the keyed hashes that find it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from layanan.enkripsi import sidik

TELEPON = "telepon"
EMAIL = "email"


@dataclass(frozen=True)
class Kontak:
    jenis: str  # TELEPON or EMAIL
    nilai: str  # 62812… or a lower-case address

    @property
    def sidik(self) -> str:
        """The contact's own keyed hash (codes and wrong answers are kept by it)."""
        return sidik(self.nilai, jenis=f"warga.{self.jenis}")

    @property
    def telepon_lokal(self) -> str:
        """The number as a complaint stores it: 0812…"""
        return "0" + self.nilai[2:] if self.jenis == TELEPON else ""

    def tersamar(self) -> str:
        """For the page: 0812****7890, b***@example.go.id."""
        if self.jenis == EMAIL:
            nama, _at, domain = self.nilai.partition("@")
            return f"{nama[:1]}***@{domain}"
        lokal = self.telepon_lokal
        return lokal[:4] + "*" * (len(lokal) - 8) + lokal[-4:]


def normalisasi(teks: str) -> Kontak:
    """What the citizen typed as a Kontak; ValidationError (Indonesian) if it
    is neither a mobile number nor an e-mail address."""
    teks = (teks or "").strip()
    if "@" in teks:
        alamat = teks.lower()
        try:
            validate_email(alamat)
        except ValidationError:
            raise ValidationError(
                _("Alamat email tidak valid. Tulis seperti nama@contoh.com."), code="email"
            ) from None
        return Kontak(EMAIL, alamat)
    digit = re.sub(r"[\s\-.()]", "", teks)
    if digit.startswith("+"):
        digit = digit[1:]
    if digit.startswith("0"):
        digit = "62" + digit[1:]
    elif digit.startswith("8"):
        digit = "62" + digit
    if not re.fullmatch(r"628\d{7,11}", digit):
        raise ValidationError(
            _(
                "Nomor HP tidak valid. Tulis nomor HP/WhatsApp seperti 081234567890 "
                "atau +62 812 3456 7890, atau alamat email."
            ),
            code="telepon",
        )
    return Kontak(TELEPON, digit)
