"""Use cases about the receiving panti: choosing it, the proposal the
officer drafts and the signing official signs and sends, and the panti's
answer."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from layanan.models import Panti
from layanan.pengguna import Pengguna
from rujukan.documents import berkas_terlampir
from rujukan.errors import DataTidakValid, IzinDitolak, Konflik, TransisiTidakSah
from rujukan.models import (
    JenisDokumen,
    PengajuanPanti,
    PersetujuanKlien,
    Rujukan,
    Status,
    UsulanPanti,
)
from rujukan.models.rujukan import syarat_langkah_manual, syarat_persetujuan_klien
from rujukan.permissions import boleh_menandatangani_usulan, pastikan_instansi, pastikan_izin
from rujukan.services.base import (
    blok_pejabat,
    catat_kejadian,
    jalankan,
    kunci,
    sekarang,
    wajib_isi,
)
from rujukan.services.issuing import terbitkan_dokumen, transaksi_terbit
from rujukan.validators import periksa_unggahan

USIA_DEWASA = 18  # UU 35/2014: a child is under 18; a parent or guardian consents


# -- panti ---------------------------------------------------------------------------
def panti_instansi(r: Rujukan, panti: Panti | int) -> Panti:
    """An active panti of the case's office (DataTidakValid otherwise)."""
    pk = panti.pk if isinstance(panti, Panti) else panti
    obj = Panti.objects.filter(pk=pk, instansi=r.instansi, aktif=True).first()
    if obj is None:
        raise DataTidakValid(_("Panti/lembaga tidak ditemukan dalam daftar instansi ini."))
    return obj


def rujukan_set_target_panti(*, rujukan: Rujukan, by: Pengguna, panti: Panti | int) -> Rujukan:
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


def rujukan_record_consent(
    *,
    rujukan: Rujukan,
    by: Pengguna,
    pemberi: str = "",
    hubungan: str = PersetujuanKlien.Hubungan.KLIEN,
    cara: str = PersetujuanKlien.Cara.TERTULIS,
    alasan: str = "",
    tanpa_persetujuan: bool = False,
) -> PersetujuanKlien:
    """Record the consent to share the klien's data with a panti or another
    office: the klien's own, a parent's or guardian's for a child or a person
    who cannot consent (with why), or an official's exception (sharing without
    consent needs rujukan.bagikan_tanpa_persetujuan and a written reason)."""
    alasan = alasan.strip()
    pemberi = pemberi.strip()
    if tanpa_persetujuan:
        alasan = wajib_isi(alasan, _("Tuliskan dasar membagikan data klien tanpa persetujuannya."))
    else:
        pemberi = wajib_isi(pemberi, _("Tuliskan nama yang memberi persetujuan."))
        if hubungan not in PersetujuanKlien.Hubungan.values:
            raise DataTidakValid(_("Pilih hubungan pemberi persetujuan dengan klien."))
        if cara not in PersetujuanKlien.Cara.values:
            raise DataTidakValid(_("Pilih cara persetujuan diberikan."))
    with transaction.atomic():
        r = kunci(rujukan)
        pastikan_izin(
            by, "bagikan_tanpa_persetujuan" if tanpa_persetujuan else "ajukan_panti", rujukan=r
        )
        if not r.terbuka:
            raise TransisiTidakSah(_("Rujukan sudah ditutup."))
        klien = r.klien
        usia = klien.usia() if not klien.lembaga else None
        if not tanpa_persetujuan and hubungan == PersetujuanKlien.Hubungan.KLIEN:
            if usia is not None and usia < USIA_DEWASA:
                raise DataTidakValid(
                    _(
                        "Klien berusia %(u)s tahun: persetujuan diberikan oleh orang tua atau "
                        "walinya."
                    )
                    % {"u": usia}
                )
        elif not tanpa_persetujuan:
            alasan = wajib_isi(
                alasan,
                _(
                    "Tuliskan mengapa bukan klien sendiri yang memberi persetujuan "
                    "(misalnya masih anak, atau tidak cakap memberi persetujuan)."
                ),
            )
        persetujuan = PersetujuanKlien(
            rujukan=r,
            jenis=(
                PersetujuanKlien.Jenis.PENGECUALIAN
                if tanpa_persetujuan
                else PersetujuanKlien.Jenis.DIBERIKAN
            ),
            pemberi="" if tanpa_persetujuan else pemberi,
            hubungan="" if tanpa_persetujuan else hubungan,
            cara="" if tanpa_persetujuan else cara,
            alasan=alasan,
            dicatat_oleh=by,
        )
        persetujuan.save()
        catat_kejadian(
            r,
            "rujukan.consent_exception" if tanpa_persetujuan else "rujukan.consent_recorded",
            oleh=by,
            catatan=alasan,
        )
        return persetujuan


def rujukan_prepare_panti_proposal(
    *, rujukan: Rujukan, by: Pengguna, panti: Panti | int, catatan: str = ""
) -> UsulanPanti:
    """The officer drafts the proposal to a panti (Pengajuan Berkas Usulan ke
    Panti); it waits, unnumbered and unsent, for the signing official."""
    with transaction.atomic():
        r = kunci(rujukan)
        pastikan_izin(by, "ajukan_panti", rujukan=r)
        if r.status != Status.PENGAJUAN_PANTI:
            raise TransisiTidakSah(
                _("Usulan ke panti hanya dapat disiapkan pada tahap “%(tahap)s”.")
                % {"tahap": Status.PENGAJUAN_PANTI.label}
            )
        for syarat in (syarat_langkah_manual, syarat_persetujuan_klien):
            if not syarat(r):
                raise TransisiTidakSah(syarat.pesan(r))
        if r.usulan_panti_menunggu() is not None:
            raise Konflik(_("Usulan ke panti sudah menunggu tanda tangan pejabat."))
        r.panti_tujuan = panti_instansi(r, panti)
        r.save(update_fields=["panti_tujuan"])
        usulan = UsulanPanti.objects.create(
            rujukan=r, panti=r.panti_tujuan, catatan=catatan.strip(), dibuat_oleh=by
        )
        catat_kejadian(
            r,
            "rujukan.panti_proposal_prepared",
            oleh=by,
            catatan=catatan.strip(),
            panti=r.panti_tujuan.nama,
        )
        return usulan


def rujukan_send_to_panti(*, rujukan: Rujukan, by: Pengguna, catatan: str = "") -> PengajuanPanti:
    """The signing official signs the proposal drafted for this case and sends
    it: the letter (Pengajuan Berkas Usulan ke Panti) is numbered, signed in
    their name and sent with the attachments it lists."""
    with transaksi_terbit():
        r = kunci(rujukan)
        usulan = r.usulan_panti_menunggu()
        if usulan is not None:
            r.panti_tujuan = usulan.panti
        jalankan(r, "send_to_panti", by=by, catatan=catatan.strip())
        assert usulan is not None  # the send_to_panti edge requires a waiting proposal
        r.save(update_fields=["panti_tujuan"])
        dokumen = terbitkan_dokumen(
            rujukan=r,
            jenis=JenisDokumen.PENGAJUAN_PANTI,
            by=by,
            penandatangan=blok_pejabat(by, instansi=r.instansi),
            penandatangan_user=by,
            panti=usulan.panti,
        )
        pengajuan = PengajuanPanti.objects.create(
            rujukan=r,
            panti=usulan.panti,
            dokumen=dokumen,
            dikirim_oleh=usulan.dibuat_oleh,
            catatan=usulan.catatan,
        )
        # the panti may open exactly the attachments the letter lists
        pengajuan.lampiran.set(
            berkas_terlampir(r.berkas.select_related("persyaratan").order_by("pk"))
        )
        usulan.status = UsulanPanti.StatusUsulan.DITANDATANGANI
        usulan.diputus_oleh, usulan.diputus_pada = by, sekarang()
        usulan.pengajuan = pengajuan
        usulan.save(update_fields=["status", "diputus_oleh", "diputus_pada", "pengajuan"])
        return pengajuan


def rujukan_return_panti_proposal(*, rujukan: Rujukan, by: Pengguna, catatan: str) -> UsulanPanti:
    """The signing official returns the draft proposal with what to correct;
    nothing is sent, and the officer may draft it again."""
    catatan = wajib_isi(catatan, _("Tuliskan apa yang perlu diperbaiki pada usulan."))
    with transaction.atomic():
        r = kunci(rujukan)
        pastikan_instansi(by, r)
        usulan = r.usulan_panti_menunggu()
        if usulan is None:
            raise TransisiTidakSah(_("Tidak ada usulan ke panti yang menunggu tanda tangan."))
        if not boleh_menandatangani_usulan(user=by, rujukan=r):
            raise IzinDitolak(
                _("Hanya pejabat penanda tangan surat layanan ini yang dapat mengembalikan usulan.")
            )
        usulan.status = UsulanPanti.StatusUsulan.DIKEMBALIKAN
        usulan.diputus_oleh, usulan.diputus_pada = by, sekarang()
        usulan.catatan_pengembalian = catatan
        usulan.save(
            update_fields=["status", "diputus_oleh", "diputus_pada", "catatan_pengembalian"]
        )
        catat_kejadian(
            r, "rujukan.panti_proposal_returned", oleh=by, catatan=catatan, panti=usulan.panti.nama
        )
        return usulan


def rujukan_panti_answer(
    *,
    rujukan: Rujukan,
    by: Pengguna,
    diterima: bool,
    tanggal: dt.date,
    narahubung: str = "",
    surat: UploadedFile[bytes] | None = None,
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
            if hasil is not None and surat is not None:  # hasil: the checked surat
                pengajuan.surat_jawaban.save(f"x.{hasil.ekstensi}", surat, save=False)
            pengajuan.save()
        if not diterima:
            r.panti_tujuan = None
            r.save(update_fields=["panti_tujuan"])
        return r
