"""The complaint pages that show a reporter's or a complaint's data, for the
access log (layanan.akses_log): URL name → what the page looked at. A
complaint concerns no client of a case: the log names the complaint or the
attachment only. See rujukan/akses_data.py; `tests/keamanan/test_akses_log.py`
keeps it complete."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from layanan.akses_log import Kaitan, Pantau, angka


def _objek(objek: str, kwarg: str = "pk"):
    def kaitan(request: HttpRequest, kwargs: dict) -> Kaitan | None:
        pk = angka(kwargs[kwarg])
        return None if pk is None else Kaitan(objek=objek, objek_id=pk)

    return kaitan


def _pencarian(request: HttpRequest, kwargs: dict) -> Kaitan | None:
    """The list searched (perhaps for a reporter's name or phone); the term
    itself is never logged."""
    return Kaitan() if request.GET.get("cari") else None


_pengaduan = _objek("pengaduan.pengaduan")
AKSES_DATA: dict[str, Pantau] = {
    "pengaduan:detail": Pantau("pengaduan.staf_detail", _("membuka pengaduan"), _pengaduan),
    "pengaduan:aksi": Pantau(
        "pengaduan.staf_aksi", _("membuka halaman tindakan pengaduan"), _pengaduan
    ),
    "pengaduan:lampiran": Pantau(
        "pengaduan.lampiran", _("mengunduh lampiran pengaduan"), _objek("pengaduan.lampiran")
    ),
    "pengaduan:daftar": Pantau("pengaduan.cari", _("mencari di daftar pengaduan"), _pencarian),
    "admin:pengaduan_pengaduan_change": Pantau(
        "admin.pengaduan",
        _("membuka pengaduan di admin"),
        _objek("pengaduan.pengaduan", "object_id"),
    ),
}
