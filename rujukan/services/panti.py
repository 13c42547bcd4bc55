"""Use cases about the receiving panti: choosing it, the proposal the
officer drafts and the signing official signs and sends, and the panti's
answer."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from layanan.models import Panti
from rujukan.documents import berkas_terlampir, blok_kepala_instansi
from rujukan.errors import DataTidakValid, TransisiTidakSah
from rujukan.models import JenisDokumen, PengajuanPanti, Rujukan, Status
from rujukan.permissions import pastikan_instansi, pastikan_izin
from rujukan.services.base import catat_kejadian, jalankan, kunci, sekarang, wajib_isi
from rujukan.services.issuing import terbitkan_dokumen, transaksi_terbit
from rujukan.validators import periksa_unggahan


# -- panti ---------------------------------------------------------------------------
def panti_instansi(r: Rujukan, panti: Panti | int) -> Panti:
    """An active panti of the case's office (DataTidakValid otherwise)."""
    pk = panti.pk if isinstance(panti, Panti) else panti
    obj = Panti.objects.filter(pk=pk, instansi=r.instansi, aktif=True).first()
    if obj is None:
        raise DataTidakValid(_("Panti/lembaga tidak ditemukan dalam daftar instansi ini."))
    return obj


def rujukan_set_target_panti(*, rujukan: Rujukan, by, panti: Panti | int) -> Rujukan:
    """Record the panti the klien is to go to."""
    with transaction.atomic():
        r = kunci(rujukan)
        pastikan_izin(by, "ajukan_panti", rujukan=r)
        if not r.terbuka or r.status in (Status.MENUNGGU_PANTI, Status.DISERAHKAN_PANTI):
            raise TransisiTidakSah(_("Panti tujuan tidak dapat diubah pada tahap ini."))
        r.panti_tujuan = panti_instansi(r, panti)
        r.save(update_fields=["panti_tujuan"])
        catat_kejadian(r, "rujukan.panti_chosen", oleh=by, panti=r.panti_tujuan.nama)
        return r


def rujukan_send_to_panti(
    *, rujukan: Rujukan, by, panti: Panti | int | None = None, note: str = ""
) -> PengajuanPanti:
    """Send the proposal (Pengajuan Berkas Usulan ke Panti, issued as a letter)."""
    with transaksi_terbit():
        r = kunci(rujukan)
        if panti is not None:
            pastikan_izin(by, "ajukan_panti", rujukan=r)
            r.panti_tujuan = panti_instansi(r, panti)
            r.save(update_fields=["panti_tujuan"])
        jalankan(r, "send_to_panti", by=by, catatan=note)
        # a letter to another institution: issued for the head of office's
        # signature; the officer who sends it is in the history and on the proposal
        dokumen = terbitkan_dokumen(
            rujukan=r,
            jenis=JenisDokumen.PENGAJUAN_PANTI,
            by=by,
            penandatangan=blok_kepala_instansi(r.instansi),
            panti=r.panti_tujuan,
        )
        pengajuan = PengajuanPanti.objects.create(
            rujukan=r, panti=r.panti_tujuan, dokumen=dokumen, dikirim_oleh=by, catatan=note
        )
        # the panti may open exactly the attachments the letter lists
        pengajuan.lampiran.set(
            berkas_terlampir(r.berkas.select_related("persyaratan").order_by("pk"))
        )
        return pengajuan


def rujukan_panti_answer(
    *,
    rujukan: Rujukan,
    by,
    diterima: bool,
    tanggal: dt.date,
    narahubung: str = "",
    surat=None,
    catatan: str = "",
) -> Rujukan:
    """Record the panti's answer (an officer, or the panti's own user online).
    A refusal returns the case to choosing another panti."""
    if not diterima:
        catatan = wajib_isi(catatan, _("Tuliskan alasan penolakan dari panti."))
    hasil = None
    if surat is not None:
        try:
            hasil = periksa_unggahan(surat, boleh_video=False)
        except ValidationError as exc:
            raise DataTidakValid(" ".join(exc.messages)) from None
    with transaction.atomic():
        r = kunci(rujukan)
        pastikan_instansi(by, r)
        pengajuan = r.pengajuan_panti_aktif()
        jalankan(r, "panti_accept" if diterima else "panti_refuse", by=by, catatan=catatan)
        if pengajuan is not None:
            pengajuan.jawaban = (
                PengajuanPanti.Jawaban.DITERIMA if diterima else PengajuanPanti.Jawaban.DITOLAK
            )
            pengajuan.tanggal_jawaban = tanggal
            pengajuan.narahubung = narahubung.strip()
            pengajuan.catatan = catatan
            pengajuan.dijawab_oleh, pengajuan.dijawab_pada = by, sekarang()
            if hasil is not None:
                pengajuan.surat_jawaban.save(f"x.{hasil.ekstensi}", surat, save=False)
            pengajuan.save()
        if not diterima:
            r.panti_tujuan = None
            r.save(update_fields=["panti_tujuan"])
        return r
