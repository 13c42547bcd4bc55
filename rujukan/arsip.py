"""The register of outgoing letters (agenda surat keluar) of an instansi: every
numbered document the portal issued, by year, with its kind, date, case and
client; searched and exported (CSV, XLSX) with the same filters."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from layanan.models import Instansi
from rujukan.models import Dokumen


@dataclass(frozen=True)
class SaringanArsip:
    tahun: int | None = None
    jenis: str = ""
    dari: dt.date | None = None
    sampai: dt.date | None = None
    q: str = ""  # number, registration number or client name (never in a URL)


def surat_keluar(instansi: Instansi, saringan: SaringanArsip) -> QuerySet[Dokumen]:
    """The numbered documents of `instansi`, newest number first."""
    qs = (
        Dokumen.objects.filter(instansi=instansi)
        .exclude(nomor="")
        .select_related("rujukan__klien", "rujukan__layanan", "penandatangan__pegawai")
        .order_by("-tahun", "-nomor_urut", "-pk")
    )
    if saringan.tahun:
        qs = qs.filter(tahun=saringan.tahun)
    if saringan.jenis:
        qs = qs.filter(jenis=saringan.jenis)
    if saringan.dari:
        qs = qs.filter(tanggal__gte=saringan.dari)
    if saringan.sampai:
        qs = qs.filter(tanggal__lte=saringan.sampai)
    if q := saringan.q.strip():
        qs = qs.filter(
            Q(nomor__icontains=q)
            | Q(rujukan__nomor_registrasi__icontains=q)
            | Q(rujukan__klien__nama__icontains=q)
        )
    return qs


def tahun_tersedia(instansi: Instansi) -> list[int]:
    return list(
        Dokumen.objects.filter(instansi=instansi)
        .exclude(nomor="")
        .order_by("-tahun")
        .values_list("tahun", flat=True)
        .distinct()
    )


def _kolom() -> list[str]:
    return [
        _("No. urut"),
        _("Nomor surat"),
        _("Tanggal"),
        _("Jenis"),
        _("Perihal"),
        _("Nomor registrasi"),
        _("Klien / lembaga"),
        _("Layanan"),
        _("Penanda tangan"),
    ]


def _baris(dokumen: Iterable[Dokumen]) -> Iterable[list]:
    for d in dokumen:
        ttd = d.penandatangan_info or {}
        yield [
            d.nomor_urut,
            d.nomor,
            d.tanggal,
            d.get_jenis_display(),
            d.judul,
            d.rujukan.nomor_registrasi,
            d.rujukan.klien.nama,
            d.rujukan.layanan.nama,
            ttd.get("nama", ""),
        ]


def _aman(nilai):
    """A cell a spreadsheet will not run as a formula (CSV/formula injection)."""
    if isinstance(nilai, str) and nilai[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + nilai
    return nilai


def ekspor_csv(dokumen: Iterable[Dokumen]) -> bytes:
    out = io.StringIO()
    tulis = csv.writer(out)
    tulis.writerow(_kolom())
    for row in _baris(dokumen):
        tulis.writerow([_aman(v.isoformat() if isinstance(v, dt.date) else v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel reads UTF-8


def ekspor_xlsx(dokumen: Iterable[Dokumen], *, judul: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Surat keluar")[:31]
    ws.append([judul])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append(_kolom())
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in _baris(dokumen):
        ws.append([_aman(v) for v in row])
        ws.cell(row=ws.max_row, column=3).number_format = "DD-MM-YYYY"
    for i, lebar in enumerate((8, 30, 12, 28, 40, 18, 30, 40, 30), start=1):
        ws.column_dimensions[get_column_letter(i)].width = lebar
    ws.freeze_panes = "A3"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
