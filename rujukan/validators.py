"""Validation of Indonesian identity numbers (NIK, No. KK).

What is checked, and what is not (yet):
- 16 digits;
- the first two digits are one of the 38 province codes of Kemendagri
  (PROVINSI below). The remaining region digits are only checked to be
  non-zero: a full Kemendagri region table (kabupaten/kota, kecamatan) can be
  loaded later and plugged in here;
- NIK: digits 7-12 are the birth date DDMMYY, with 40 added to the day for
  women; the date must exist and not lie in the future; the serial (last
  four digits) is not 0000;
- No. KK: same region prefix; the serial is not 0000.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layanan.unggahan import HasilUnggahan
from layanan.unggahan import periksa_unggahan as _periksa

# Kode provinsi Kemendagri (38 provinsi, termasuk empat provinsi baru Papua 2022).
PROVINSI: dict[str, str] = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
    "93": "Papua Selatan",
    "94": "Papua Tengah",
    "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}

_NON_DIGIT = re.compile(r"[\s.\-]")


def normalisasi_nomor(value: str | None) -> str:
    """Remove the spaces, dots and dashes people type inside numbers."""
    return _NON_DIGIT.sub("", value or "")


def normalisasi_telepon(value: str | None) -> str:
    """A phone number as digits with the Indonesian country code: 0812… → 62812…"""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits


@dataclass(frozen=True)
class DataNIK:
    provinsi: str
    kode_wilayah: str  # 6 digits: province, regency/city, district
    tanggal_lahir: dt.date
    jenis_kelamin: str  # "L" or "P"


def _cek_16_angka(nomor: str, nama: str) -> None:
    if not re.fullmatch(r"\d{16}", nomor):
        raise ValidationError(
            _("%(nama)s harus terdiri dari 16 angka.") % {"nama": nama}, code="panjang"
        )
    if nomor[:2] not in PROVINSI:
        raise ValidationError(
            _("%(nama)s tidak diawali kode provinsi yang sah (%(kode)s).")
            % {"nama": nama, "kode": nomor[:2]},
            code="provinsi",
        )
    if nomor[2:4] == "00" or nomor[4:6] == "00":
        raise ValidationError(
            _("%(nama)s memuat kode kabupaten/kota atau kecamatan yang tidak sah.")
            % {"nama": nama},
            code="wilayah",
        )
    if nomor[12:] == "0000":
        raise ValidationError(
            _("Nomor urut pada %(nama)s tidak sah.") % {"nama": nama}, code="urut"
        )


def urai_nik(nik: str, *, hari_ini: dt.date | None = None) -> DataNIK:
    """Check a NIK and read the birth date and sex from it.

    The century is the most recent one that does not put the birth date in
    the future (a NIK cannot tell 1925 from 2025; an officer may correct the
    year from the KTP, see `Klien`).
    """
    nik = normalisasi_nomor(nik)
    _cek_16_angka(nik, "NIK")
    hari_ini = hari_ini or timezone.localdate()
    hari, bulan, tahun2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    jenis_kelamin = "L"
    if hari > 40:
        hari -= 40
        jenis_kelamin = "P"
    tahun = 2000 + tahun2
    if tahun > hari_ini.year:
        tahun -= 100
    try:
        lahir = dt.date(tahun, bulan, hari)
    except ValueError:
        raise ValidationError(
            _("Tanggal lahir dalam NIK tidak sah (digit 7-12: tanggal, bulan, tahun)."),
            code="tanggal",
        ) from None
    if lahir > hari_ini:
        lahir = lahir.replace(year=lahir.year - 100)
    return DataNIK(
        provinsi=PROVINSI[nik[:2]],
        kode_wilayah=nik[:6],
        tanggal_lahir=lahir,
        jenis_kelamin=jenis_kelamin,
    )


def validate_nik(value: str) -> None:
    urai_nik(value)


def validate_no_kk(value: str) -> None:
    _cek_16_angka(normalisasi_nomor(value), "Nomor KK")


def usia_pada(lahir: dt.date, pada: dt.date) -> int:
    """Age in whole years on a given day."""
    return pada.year - lahir.year - ((pada.month, pada.day) < (lahir.month, lahir.day))


# -- uploads -------------------------------------------------------------------
# One check for every upload in the portal lives in layanan.unggahan.
def periksa_unggahan(berkas, *, boleh_video: bool = True) -> HasilUnggahan:
    """A case's document: PDF, photo or (where allowed) a short video."""
    return _periksa(berkas, boleh_video=boleh_video)
