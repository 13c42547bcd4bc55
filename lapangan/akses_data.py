"""The field pages that show a client's data, for the access log
(layanan.akses_log): URL name → what the page looked at. See
rujukan/akses_data.py; `tests/keamanan/test_akses_log.py` keeps it complete."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from layanan.akses_log import Kaitan, Pantau
from rujukan.akses_data import kasus


def _cari_dtks(request: HttpRequest, kwargs: dict) -> Kaitan | None:
    """The NIK lookup answers a POST; the NIK itself is never logged."""
    return Kaitan(objek="rujukan.datadtks") if request.method == "POST" else None


_kasus = kasus()
_dokumentasi = kasus("lapangan.dokumentasi", "dok")
AKSES_DATA: dict[str, Pantau] = {
    "lapangan:kasus": Pantau("lapangan.kasus", _("membuka halaman lapangan kasus"), _kasus),
    "lapangan:tugaskan": Pantau("lapangan.tugaskan", _("membuka penugasan pekerja sosial"), _kasus),
    "lapangan:asesmen": Pantau("lapangan.asesmen", _("membuka lembar asesmen"), _kasus),
    "lapangan:kegiatan": Pantau("lapangan.kegiatan", _("membuka catatan kegiatan"), _kasus),
    "lapangan:periksa_dtks": Pantau("lapangan.periksa_dtks", _("memeriksa klien di DTKS"), _kasus),
    "lapangan:dokumentasi": Pantau(
        "lapangan.dokumentasi", _("membuka foto/video dokumentasi"), _dokumentasi
    ),
    "lapangan:dokumentasi_kecil": Pantau(
        "lapangan.dokumentasi", _("membuka foto/video dokumentasi"), _dokumentasi
    ),
    "lapangan:cari_dtks": Pantau("lapangan.cari_dtks", _("mencari NIK di DTKS"), _cari_dtks),
}
