"""The complaint app's retention kind (layanan.retensi): files sent with a
complaint or a reply (Lampiran) are removed RETENSI_LAMPIRAN_PENGADUAN_TAHUN
years after the complaint closed (a final state; `selesai_pada`). The row
stays (original name, type, size) with its file cleared: an empty `berkas`
means "removed as the retention schedule says", which the staff page shows
instead of a link. The complaint's history gets one entry."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from layanan.retensi import BerkasBaris, JenisRetensi
from pengaduan.models import Kejadian, Lampiran, Pengaduan

KODE_KEJADIAN = "pengaduan.lampiran_dihapus_retensi"


class LampiranPengaduan(JenisRetensi):
    kode = "lampiran_pengaduan"
    label = _("Lampiran pengaduan")
    variabel = "RETENSI_LAMPIRAN_PENGADUAN_TAHUN"
    bawaan = 2
    induk_label = "pengaduan"

    def induk_jatuh_tempo(self, *, instansi, batas: dt.datetime) -> QuerySet[Pengaduan]:
        qs = Pengaduan.objects.filter(status__in=Pengaduan.AKHIR)
        if instansi is not None:
            qs = qs.filter(instansi=instansi)
        return (
            qs.annotate(ditutup=Coalesce("selesai_pada", "diperbarui"))
            .filter(ditutup__lt=batas)
            .filter(pk__in=Lampiran.objects.exclude(berkas="").values("pengaduan_id"))
            .order_by("pk")
        )

    def berkas(self, induk: Pengaduan) -> list[BerkasBaris]:
        return [
            BerkasBaris(baris=lp, nama=[str(lp.berkas.name)])
            for lp in Lampiran.objects.filter(pengaduan=induk).exclude(berkas="").order_by("pk")
        ]

    def lupakan(self, induk: Pengaduan, baris: list[BerkasBaris], *, pada: dt.datetime) -> None:
        Lampiran.objects.filter(pk__in=[b.baris.pk for b in baris]).update(berkas="")
        Kejadian.objects.create(
            pengaduan=induk, aksi=KODE_KEJADIAN, oleh=None, waktu=pada, data={"jumlah": len(baris)}
        )


JENIS = [LampiranPengaduan()]
