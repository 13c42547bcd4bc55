"""Reads of the office's DTKS/DTSEN extract (rujukan.models.DataDTKS): is a
klien in it, one NIK's row, and what the office has imported. The eligibility
facts (rujukan.kelayakan), the file check that may skip the survey
(rujukan.services.workflow) and the field pages all ask here.

Dates are written with the portal's Indonesian date format (`j F Y`,
"31 Januari 2026"), like the pages that show the same rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from layanan.models import Instansi
from rujukan.models import DataDTKS, Klien


@dataclass(frozen=True)
class StatusDTKS:
    ada_data: bool  # the office has imported an extract at all
    terdaftar: bool
    data: DataDTKS | None
    keterangan: str  # one Indonesian sentence for pages and the case history


def dtks_klien(*, klien: Klien, instansi: Instansi) -> StatusDTKS:
    """Is the klien's NIK in the office's imported DTKS/DTSEN extract?"""
    qs = DataDTKS.objects.milik(instansi)
    row = qs.dengan_nik(klien.nik).first() if klien.nik else None
    if row is not None:
        desil = _(" desil %(d)s") % {"d": row.desil} if row.desil else ""
        return StatusDTKS(
            True,
            True,
            row,
            _("NIK klien terdaftar dalam DTKS/DTSEN%(desil)s (data per %(tgl)s).")
            % {"desil": desil, "tgl": date_format(row.tanggal_data, "j F Y")},
        )
    terakhir = qs.order_by("-tanggal_data").values_list("tanggal_data", flat=True).first()
    if terakhir is None:
        return StatusDTKS(False, False, None, _("Data DTKS/DTSEN belum diimpor oleh instansi ini."))
    if not klien.nik:
        pesan = _("Klien tidak memiliki NIK, sehingga tidak dapat dicocokkan dengan DTKS/DTSEN.")
    else:
        pesan = _("NIK klien tidak terdapat dalam DTKS/DTSEN (data per %(tgl)s).") % {
            "tgl": date_format(terakhir, "j F Y")
        }
    return StatusDTKS(True, False, None, pesan)


def dtks_cari(*, instansi: Instansi, nik: str) -> DataDTKS | None:
    return DataDTKS.objects.milik(instansi).dengan_nik(nik).first()


def dtks_ringkasan(*, instansi: Instansi) -> dict:
    """How many people the office's extract holds, as of when, imported when."""
    return DataDTKS.objects.milik(instansi).aggregate(
        jumlah=Count("pk"), tanggal=Max("tanggal_data"), diimpor=Max("diimpor_pada")
    )
