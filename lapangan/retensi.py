"""The field app's retention kind (layanan.retensi): photos and videos taken
in the field (Dokumentasi, with their thumbnails) are removed
RETENSI_DOKUMENTASI_TAHUN years after their case closed. The row stays (kind,
size, who took it, when) with its file cleared: an empty `berkas` means
"removed as the retention schedule says", which the field pages show instead
of the photo."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lapangan.models import Dokumentasi
from layanan.retensi import BerkasBaris, JenisRetensi
from rujukan.models import Rujukan
from rujukan.retensi import catat_retensi, kasus_ditutup_sebelum


class DokumentasiLapangan(JenisRetensi):
    kode = "dokumentasi_lapangan"
    label = _("Foto dan video lapangan")
    variabel = "RETENSI_DOKUMENTASI_TAHUN"
    bawaan = 5
    induk_label = "rujukan"

    def induk_jatuh_tempo(self, *, instansi, batas: dt.datetime) -> QuerySet[Rujukan]:
        return kasus_ditutup_sebelum(instansi=instansi, batas=batas).filter(
            pk__in=Dokumentasi.objects.exclude(berkas="").values("rujukan_id")
        )

    def berkas(self, induk: Rujukan) -> list[BerkasBaris]:
        return [
            BerkasBaris(baris=d, nama=[n for n in (d.berkas.name, d.kecil.name) if n])
            for d in Dokumentasi.objects.filter(rujukan=induk).exclude(berkas="").order_by("pk")
        ]

    def lupakan(self, induk: Rujukan, baris: list[BerkasBaris], *, pada: dt.datetime) -> None:
        Dokumentasi.objects.filter(pk__in=[b.baris.pk for b in baris]).update(berkas="", kecil="")
        catat_retensi(induk, jenis=self.kode, jumlah=len(baris), pada=pada)


JENIS = [DokumentasiLapangan()]
