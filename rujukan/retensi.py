"""The case app's retention kind (layanan.retensi): the scans uploaded for a
case's requirements (KTP, KK, photos, certificates — BerkasItem files) are
removed RETENSI_BERKAS_TAHUN years after the case closed. The requirement row
stays (what was required, checked by whom, when) and says when its file was
removed; the issued letters (Dokumen) are the archive and are kept.

When a case closed: `selesai_pada` (set by rujukan.clock on entering a final
state); for a case closed before that field was kept, the time of its last
logged transition (django-fsm-log's StateLog)."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import DateTimeField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django_fsm_log.models import StateLog

from layanan.retensi import BerkasBaris, JenisRetensi
from rujukan.models import STATUS_AKHIR, BerkasItem, Kejadian, Rujukan

KODE_KEJADIAN = "rujukan.retention_applied"


def kasus_ditutup_sebelum(*, instansi, batas: dt.datetime) -> QuerySet[Rujukan]:
    """The cases of `instansi` (any office when None) in a final state that
    closed before `batas`."""
    log_terakhir = (
        StateLog.objects.filter(
            content_type=ContentType.objects.get_for_model(Rujukan), object_id=OuterRef("pk")
        )
        .order_by("-timestamp")
        .values("timestamp")[:1]
    )
    qs = Rujukan.objects.filter(status__in=STATUS_AKHIR)
    if instansi is not None:
        qs = qs.filter(instansi=instansi)
    return (
        qs.annotate(
            ditutup=Coalesce(
                "selesai_pada",
                Subquery(log_terakhir, output_field=DateTimeField()),
                "diperbarui",
            )
        )
        .filter(ditutup__lt=batas)
        .order_by("pk")
    )


def catat_retensi(rujukan: Rujukan, *, jenis: str, jumlah: int, pada: dt.datetime) -> None:
    """One event on the case per kind and run: how many files were removed."""
    Kejadian.objects.create(
        rujukan=rujukan,
        kode=KODE_KEJADIAN,
        oleh=None,
        pada=pada,
        data={"jenis": jenis, "jumlah": jumlah},
    )


class BerkasPersyaratan(JenisRetensi):
    kode = "berkas_persyaratan"
    label = _("Berkas persyaratan (pindaian KTP, KK, foto, surat keterangan)")
    variabel = "RETENSI_BERKAS_TAHUN"
    bawaan = 5
    induk_label = "rujukan"

    def induk_jatuh_tempo(self, *, instansi, batas: dt.datetime) -> QuerySet[Rujukan]:
        return kasus_ditutup_sebelum(instansi=instansi, batas=batas).filter(
            pk__in=BerkasItem.objects.exclude(berkas="").values("rujukan_id")
        )

    def berkas(self, induk: Rujukan) -> list[BerkasBaris]:
        return [
            BerkasBaris(baris=b, nama=[str(b.berkas.name)])
            for b in BerkasItem.objects.filter(rujukan=induk).exclude(berkas="").order_by("pk")
        ]

    def lupakan(self, induk: Rujukan, baris: list[BerkasBaris], *, pada: dt.datetime) -> None:
        BerkasItem.objects.filter(pk__in=[b.baris.pk for b in baris]).update(
            berkas="", berkas_dihapus_pada=pada
        )
        catat_retensi(induk, jenis=self.kode, jumlah=len(baris), pada=pada)


JENIS = [BerkasPersyaratan()]
