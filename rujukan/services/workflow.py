"""The use cases that move a case along its standard. Each one: lock the case,
check the edge (state, instansi, role, the standard's conditions), do its
writes, take the transition, keep the clock — all in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, SupportsInt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from layanan.models import Panti, Peran, Persyaratan
from layanan.pengguna import Pengguna
from rujukan import clock
from rujukan.alur import produk_untuk
from rujukan.documents import (
    blok_penulis,
    blok_tanda_tangan,
    waktu_lokal,
)
from rujukan.dtks import dtks_klien
from rujukan.errors import DataTidakValid, IzinDitolak, Konflik, TransisiTidakSah
from rujukan.models import (
    Asesmen,
    JedaWaktu,
    JenisDokumen,
    Kegiatan,
    Konsep,
    Persetujuan,
    Rujukan,
    Status,
)
from rujukan.permissions import (
    giliran_persetujuan,
    pastikan_instansi,
    pastikan_izin,
    penunjukan_giliran,
    peran_dari,
)
from rujukan.services.base import (
    blok_pejabat,
    catat_kejadian,
    catatan_pelaksana,
    jalankan,
    kunci,
    periksa_transisi,
    sekarang,
    wajib_isi,
)
from rujukan.services.issuing import terbitkan_dokumen, transaksi_terbit
from rujukan.services.panti import panti_instansi


# -- berkas check ----------------------------------------------------------------
def rujukan_start_check(*, rujukan: Rujukan, by: Pengguna, catatan: str = "") -> Rujukan:
    """The officer starts checking the submitted files (Rujukan.start_check)."""
    with transaction.atomic():
        return jalankan(kunci(rujukan), "start_check", by=by, catatan=catatan)


def rujukan_resubmit(*, rujukan: Rujukan, by: Pengguna, catatan: str = "") -> Rujukan:
    """The applicant completes the returned files; they are checked again (Rujukan.resubmit)."""
    with transaction.atomic():
        return jalankan(kunci(rujukan), "resubmit", by=by, catatan=catatan)


def rujukan_accept_berkas(*, rujukan: Rujukan, by: Pengguna, catatan: str = "") -> Rujukan:
    """The files are complete: on to the standard's next stage (Rujukan.accept_berkas)."""
    with transaction.atomic():
        return jalankan(kunci(rujukan), "accept_berkas", by=by, catatan=catatan)


def rujukan_return_to_pemohon(*, rujukan: Rujukan, by: Pengguna, catatan: str) -> Rujukan:
    """Papers incomplete: back to the pemohon (the clock pauses)."""
    catatan = wajib_isi(catatan, _("Tuliskan berkas apa yang perlu dilengkapi pemohon."))
    with transaction.atomic():
        return jalankan(kunci(rujukan), "return_to_pemohon", by=by, catatan=catatan)


def rujukan_skip_verification(
    *, rujukan: Rujukan, by: Pengguna, catatan: str = "", terdaftar_dtks: bool | None = None
) -> Rujukan:
    """Go on without a field visit, where the standard's visit is conditional
    (Depok: the applicant is already in DTKS). The reason is required.

    When the standard's visit is conditional on DTKS and the office has
    imported its DTKS/DTSEN extract (rujukan.dtks), the extract decides,
    not the officer's `terdaftar_dtks`: a klien whose NIK is in it skips the
    survey (the reason is written from the extract when none is given); one
    who is not cannot skip it."""
    with transaction.atomic():
        r = kunci(rujukan)
        if r.alur.verifikasi_kecuali_dtks:
            pastikan_izin(by, "periksa_berkas", rujukan=r)
            cek = dtks_klien(klien=r.klien, instansi=r.instansi)
            if cek.ada_data:
                if not cek.terdaftar:
                    raise TransisiTidakSah(
                        _(
                            "%(alasan)s Menurut standar layanan ini survei kunjungan rumah "
                            "wajib dilakukan."
                        )
                        % {"alasan": cek.keterangan}
                    )
                terdaftar_dtks = True
                catatan = (catatan or "").strip() or cek.keterangan
        catatan = wajib_isi(catatan, _("Tuliskan alasan verifikasi lapangan tidak diperlukan."))
        if terdaftar_dtks is not None:
            r.terdaftar_dtks = terdaftar_dtks
            _tandai_fakta(r, by, {Persyaratan.Fakta.TERDAFTAR_DTKS: terdaftar_dtks})
        return jalankan(r, "skip_verification", by=by, catatan=catatan)


def rujukan_reject_ineligible(*, rujukan: Rujukan, by: Pengguna, alasan: str) -> Rujukan:
    """Close the case as not eligible and issue the Surat Pemberitahuan
    Penolakan to the applicant: numbered, naming the reason, signed by the
    officer who closes it."""
    alasan = wajib_isi(alasan, _("Tuliskan alasan klien tidak memenuhi syarat."))
    with transaksi_terbit():
        r = kunci(rujukan)
        r.alasan_penutupan = alasan
        jalankan(r, "reject_ineligible", by=by, catatan=alasan)
        terbitkan_dokumen(
            rujukan=r,
            jenis=JenisDokumen.SURAT_PENOLAKAN,
            by=by,
            penandatangan=blok_tanda_tangan(by, instansi=r.instansi),
            penandatangan_user=by,
        )
        return r


# -- verification, assessment, activities -----------------------------------------
def _tandai_fakta(r: Rujukan, by: Pengguna, fakta: dict[str, bool]) -> None:
    for item in r.berkas.select_related("persyaratan"):
        p = item.persyaratan
        if p.jenis == Persyaratan.Jenis.FAKTA and p.fakta in fakta:
            item.terpenuhi = bool(fakta[p.fakta])
            item.diperiksa_oleh, item.diperiksa_pada = by, sekarang()
            item.save(update_fields=["terpenuhi", "diperiksa_oleh", "diperiksa_pada"])


INSTRUMEN_ASESMEN = (
    "identitas_catatan",
    "kondisi_fisik",
    "kondisi_mental",
    "kondisi_ekonomi",
    "situasi_keluarga",
    "kondisi_tempat_tinggal",
    "kebutuhan",
    "risiko",
)


def _lokasi(lokasi: Sequence[object] | None) -> dict[str, Any]:
    """(lintang, bujur, akurasi meter) from the browser, checked; {} when none."""
    if not lokasi:
        return {}
    try:
        lintang, bujur = Decimal(str(lokasi[0])), Decimal(str(lokasi[1]))
        mentah = lokasi[2] if len(lokasi) > 2 else None
        if mentah is not None and not isinstance(mentah, str | SupportsInt):
            raise TypeError(mentah)
        akurasi = None if mentah is None or mentah == "" else int(mentah)
    except (InvalidOperation, TypeError, ValueError, IndexError):
        raise DataTidakValid(_("Lokasi dari perangkat tidak dapat dibaca.")) from None
    if not (-90 <= lintang <= 90 and -180 <= bujur <= 180) or (akurasi is not None and akurasi < 0):
        raise DataTidakValid(_("Lokasi dari perangkat tidak sah."))
    return {
        "lintang": lintang.quantize(Decimal("0.000001")),
        "bujur": bujur.quantize(Decimal("0.000001")),
        "akurasi_meter": akurasi,
    }


def rujukan_record_assessment(
    *,
    rujukan: Rujukan,
    by: Pengguna,
    kondisi: str = "",
    kesimpulan_layak: bool,
    alasan: str = "",
    permasalahan: str = "",
    rekomendasi: str = "",
    fakta: dict[str, bool] | None = None,
    instrumen: dict[str, str] | None = None,
    identitas_sesuai: bool | None = None,
    fakta_kelayakan: list[dict[str, Any]] | None = None,
    panti_rekomendasi: Panti | int | None = None,
    lokasi: Sequence[object] | None = None,
) -> Asesmen:
    """Record the assessment; `fakta` answers the standard's eligibility facts
    (Persyaratan.Fakta values → met or not). The assessment form requirement
    (jenis formulir) counts as fulfilled.

    The structured lembar asesmen comes as `instrumen` (the text sections of
    INSTRUMEN_ASESMEN), `identitas_sesuai`, `fakta_kelayakan` (one row per
    eligibility fact: persyaratan id, teks, terpenuhi, bukti), the
    recommended panti and the browser's location. With an instrument the
    summary `kondisi` may be left empty: it is composed from the sections."""
    instrumen = {k: (v or "").strip() for k, v in (instrumen or {}).items()}
    if set(instrumen) - set(INSTRUMEN_ASESMEN):
        raise DataTidakValid(_("Bagian lembar asesmen tidak dikenal."))
    kondisi = (kondisi or "").strip() or _ringkas_kondisi(instrumen)
    kondisi = wajib_isi(kondisi, _("Uraikan kondisi klien hasil asesmen."))
    if not kesimpulan_layak:
        wajib_isi(alasan, _("Tuliskan alasan klien dinilai tidak layak."))
    lok = _lokasi(lokasi)
    with transaction.atomic():
        r = kunci(rujukan)
        pastikan_izin(by, "verifikasi", rujukan=r)
        if r.status not in (Status.VERIFIKASI, Status.PENANGANAN, Status.PEMERIKSAAN_BERKAS):
            raise TransisiTidakSah(
                _("Asesmen hanya dicatat pada tahap verifikasi atau penanganan.")
            )
        asesmen = Asesmen.objects.create(
            rujukan=r,
            kondisi=kondisi,
            permasalahan=permasalahan.strip(),
            kesimpulan_layak=kesimpulan_layak,
            alasan=alasan.strip(),
            rekomendasi=rekomendasi.strip(),
            identitas_sesuai=identitas_sesuai,
            fakta_kelayakan=list(fakta_kelayakan or []),
            panti_rekomendasi=panti_instansi(r, panti_rekomendasi) if panti_rekomendasi else None,
            oleh=by,
            **instrumen,
            **lok,
        )
        if fakta:
            _tandai_fakta(r, by, fakta)
        r.berkas.filter(persyaratan__jenis=Persyaratan.Jenis.FORMULIR).update(
            terpenuhi=True, diperiksa_oleh=by, diperiksa_pada=sekarang()
        )
        if r.peksos_id is None:
            r.peksos = by
            r.save(update_fields=["peksos"])
        catat_kejadian(r, "rujukan.assessed", oleh=by, layak=kesimpulan_layak)
    return asesmen


def _ringkas_kondisi(instrumen: dict[str, str]) -> str:
    """The summary of the condition, from the instrument's sections."""
    bagian = ("kondisi_fisik", "kondisi_mental", "kondisi_ekonomi", "situasi_keluarga")
    label = {k: str(getattr(Asesmen._meta.get_field(k), "verbose_name", k)) for k in bagian}
    return "\n".join(f"{label[k].capitalize()}: {instrumen[k]}" for k in bagian if instrumen.get(k))


def rujukan_complete_verification(*, rujukan: Rujukan, by: Pengguna, catatan: str = "") -> Rujukan:
    """Verification and assessment are done, the client is eligible
    (Rujukan.complete_verification)."""
    with transaction.atomic():
        return jalankan(kunci(rujukan), "complete_verification", by=by, catatan=catatan)


_BENTUK_JENIS: dict[str, set[str]] = {
    Kegiatan.Jenis.BIMBINGAN: {
        Kegiatan.Bentuk.BIMBINGAN_FISIK,
        Kegiatan.Bentuk.BIMBINGAN_MENTAL,
        Kegiatan.Bentuk.BIMBINGAN_SPIRITUAL,
        Kegiatan.Bentuk.BIMBINGAN_SOSIAL,
    },
    Kegiatan.Jenis.PENDAMPINGAN: {
        Kegiatan.Bentuk.TRC,
        Kegiatan.Bentuk.RUMAH_SAKIT,
        Kegiatan.Bentuk.RUMAH_SINGGAH,
        Kegiatan.Bentuk.KEBERSIHAN,
        Kegiatan.Bentuk.PENUNGGU_PASIEN,
    },
}
_BENTUK_JENIS[Kegiatan.Jenis.PENGANTARAN] = {Kegiatan.Bentuk.TRC}


def rujukan_record_activity(
    *,
    rujukan: Rujukan,
    by: Pengguna,
    jenis: str,
    tanggal: dt.date,
    uraian: str,
    hasil: str = "",
    unsur_terlibat: str = "",
    bentuk: str = "",
    tempat: str = "",
    lokasi: Sequence[object] | None = None,
) -> Kegiatan:
    """Record a dated activity (visit, guidance, tracing, accompaniment).

    `bentuk` names the kind of guidance (fisik/mental/spiritual/sosial) or of
    accompaniment (TRC, hospital, rumah singgah, cleaning, patient caretaker);
    `lokasi` is the browser's (lintang, bujur, akurasi) when the user allowed it."""
    if jenis not in Kegiatan.Jenis.values:
        raise DataTidakValid(_("Jenis kegiatan tidak dikenal."))
    if bentuk and bentuk not in _BENTUK_JENIS.get(jenis, set()):
        raise DataTidakValid(_("Bentuk kegiatan tidak sesuai dengan jenis kegiatannya."))
    uraian = wajib_isi(uraian, _("Uraikan kegiatan yang dilakukan."))
    if len(unsur_terlibat.strip()) > 500:
        raise DataTidakValid(
            _("Daftar unsur yang terlibat terlalu panjang (paling banyak 500 huruf).")
        )
    lok = _lokasi(lokasi)
    with transaction.atomic():
        r = kunci(rujukan)
        pastikan_izin(by, "tangani", rujukan=r)
        if not r.terbuka:
            raise TransisiTidakSah(_("Rujukan sudah ditutup."))
        if tanggal > waktu_lokal(r.instansi).date():
            raise DataTidakValid(_("Tanggal kegiatan tidak boleh di masa depan."))
        kegiatan = Kegiatan.objects.create(
            rujukan=r,
            jenis=jenis,
            bentuk=bentuk,
            tanggal=tanggal,
            tempat=tempat.strip()[:200],
            uraian=uraian,
            hasil=hasil.strip(),
            unsur_terlibat=unsur_terlibat.strip(),
            oleh=by,
            **lok,
        )
        catat_kejadian(r, "rujukan.activity_recorded", oleh=by, jenis=jenis)
    return kegiatan


def rujukan_complete_handling(*, rujukan: Rujukan, by: Pengguna, catatan: str = "") -> Rujukan:
    """Handling is done: on to the standard's next stage (Rujukan.complete_handling)."""
    with transaction.atomic():
        return jalankan(kunci(rujukan), "complete_handling", by=by, catatan=catatan)


def rujukan_reunite(
    *,
    rujukan: Rujukan,
    by: Pengguna,
    tanggal: dt.date | None = None,
    uraian: str = "",
    hasil: str = "",
    kegiatan: Kegiatan | None = None,
) -> Rujukan:
    """The klien is reunited with the family: end in reunification and issue
    the Laporan Sosial when the standard has that product.

    `kegiatan` is the reunification already recorded with its evidence
    (place, participants, location, photos — see lapangan), so the report
    includes them; without it a reunification activity is recorded here from
    `tanggal`, `uraian` and `hasil`."""
    if kegiatan is None:
        uraian = wajib_isi(uraian, _("Uraikan reunifikasi: dengan siapa dan di mana."))
    elif kegiatan.rujukan_id != rujukan.pk or kegiatan.jenis != Kegiatan.Jenis.REUNIFIKASI:
        raise DataTidakValid(_("Kegiatan itu bukan reunifikasi rujukan ini."))
    with transaksi_terbit():
        r = kunci(rujukan)
        if kegiatan is None:
            if tanggal is None or tanggal > waktu_lokal(r.instansi).date():
                raise DataTidakValid(_("Tanggal kegiatan tidak boleh di masa depan."))
            kegiatan = Kegiatan.objects.create(
                rujukan=r,
                jenis=Kegiatan.Jenis.REUNIFIKASI,
                tanggal=tanggal,
                uraian=uraian,
                hasil=hasil.strip(),
                oleh=by,
            )
        jalankan(r, "reunite", by=by, catatan=kegiatan.uraian)
        if JenisDokumen.LAPORAN_SOSIAL in r.alur.produk_disetujui:
            terbitkan_dokumen(
                rujukan=r, jenis=JenisDokumen.LAPORAN_SOSIAL, by=by, penulis=blok_penulis(by)
            )
        return r


def rujukan_report_accompaniment(*, rujukan: Rujukan, by: Pengguna, catatan: str = "") -> Rujukan:
    """Accompaniment done: issue the Laporan Kegiatan with the recorded activities."""
    with transaksi_terbit():
        r = kunci(rujukan)
        jalankan(r, "report_accompaniment", by=by, catatan=catatan)
        terbitkan_dokumen(
            rujukan=r, jenis=JenisDokumen.LAPORAN_KEGIATAN, by=by, penulis=blok_penulis(by)
        )
        return r


# -- drafting and the approval chain -------------------------------------------------------
def _kepada_bawaan(r: Rujukan) -> str:
    if r.panti_tujuan:
        return f"Kepala {r.panti_tujuan.nama}"
    if r.sub_layanan:
        return _("Penyedia Layanan %(sub)s") % {"sub": r.sub_layanan.nama}
    return r.pemohon.nama


def rujukan_submit_for_approval(
    *,
    rujukan: Rujukan,
    by: Pengguna,
    kepada: str = "",
    perihal: str = "",
    isi: str = "",
    tembusan: str = "",
) -> Konsep:
    """Submit a (new version of the) draft of the products to the approval chain."""
    with transaction.atomic():
        r = kunci(rujukan)
        if r.status != Status.PENYUSUNAN:
            periksa_transisi(r, "submit_for_approval", by)
        pastikan_izin(by, "susun_konsep", rujukan=r)
        versi = (r.konsep.order_by("-versi").values_list("versi", flat=True).first() or 0) + 1
        produk = next(
            (
                p
                for p in produk_untuk(r.layanan, r.sub_layanan_id)
                if p.jenis_dokumen in r.alur.produk_disetujui
            ),
            None,
        )
        konsep = Konsep.objects.create(
            rujukan=r,
            versi=versi,
            kepada=kepada.strip() or _kepada_bawaan(r),
            perihal=perihal.strip() or (produk.nama if produk else _("Produk layanan")),
            isi=isi.strip(),
            tembusan=tembusan.strip(),
            dibuat_oleh=by,
        )
        jalankan(r, "submit_for_approval", by=by, catatan=_("Konsep versi %(v)s") % {"v": versi})
        return konsep


def rujukan_approve(*, rujukan: Rujukan, by: Pengguna, catatan: str = "") -> Rujukan:
    """Paraf or sign the current draft as the next step of the chain. When the
    whole chain has approved, the products are issued in the same transaction."""
    with transaksi_terbit():
        r = kunci(rujukan)
        pastikan_instansi(by, r)
        if r.status != Status.PERSETUJUAN:
            periksa_transisi(r, "approve", by)
        konsep = r.konsep_aktif()
        langkah = r.langkah_persetujuan_berikut()
        if konsep is None or langkah is None:
            raise TransisiTidakSah(_("Tidak ada konsep yang menunggu persetujuan."))
        if not giliran_persetujuan(user=by, rujukan=r):
            if konsep.persetujuan.filter(oleh=by).exists():
                raise Konflik(_("Anda sudah memberi persetujuan pada konsep ini."))
            raise IzinDitolak(
                _("Persetujuan berikutnya adalah %(langkah)s; bukan giliran Anda.")
                % {"langkah": langkah.label}
            )
        periksa_transisi(r, "approve", by)
        # given as Plt/Plh of the step's jabatan: kept with the approval (history, letter)
        sebagai = catatan_pelaksana(penunjukan_giliran(user=by, rujukan=r)) or {}
        try:
            with transaction.atomic():
                Persetujuan.objects.create(
                    konsep=konsep,
                    urutan=langkah.urutan,
                    peran=langkah.peran,
                    jenis=langkah.jenis,
                    langkah_id=langkah.langkah_id,
                    oleh=by,
                    catatan=catatan.strip(),
                    sebagai=sebagai,
                )
        except IntegrityError:
            raise Konflik(_("Langkah persetujuan ini sudah diberikan.")) from None
        label = langkah.label
        jalankan(r, "approve", by=by, catatan=catatan.strip() or label, periksa=False)
        if r.status == Status.PRODUK_TERBIT:
            konsep.status = Konsep.StatusKonsep.DISETUJUI
            konsep.save(update_fields=["status"])
            _terbitkan_produk(r, konsep, by)
        return r


def _terbitkan_produk(r: Rujukan, konsep: Konsep, by: Pengguna) -> None:
    ttd = konsep.persetujuan.filter(jenis="tanda_tangan").select_related("oleh__pegawai").last()
    penanda = ttd.oleh if ttd else by
    if ttd is not None:  # as the signature was given: in own right, or as Plt/Plh
        blok = blok_pejabat(penanda, instansi=r.instansi, pelaksana=ttd.sebagai or {})
    else:
        blok = blok_pejabat(penanda, instansi=r.instansi, rujukan=r)
    penulis_user = r.peksos or konsep.dibuat_oleh
    for jenis in r.alur.produk_disetujui:
        if jenis == JenisDokumen.LAPORAN_SOSIAL:
            terbitkan_dokumen(
                rujukan=r,
                jenis=jenis,
                by=by,
                konsep=konsep,
                penulis=blok_penulis(penulis_user),
                penandatangan=blok,
                penandatangan_user=penanda,
            )
        else:
            terbitkan_dokumen(
                rujukan=r,
                jenis=jenis,
                by=by,
                konsep=konsep,
                penandatangan=blok,
                penandatangan_user=penanda,
            )


def rujukan_return_draft(*, rujukan: Rujukan, by: Pengguna, catatan: str) -> Rujukan:
    """Return the draft for correction; the chain restarts on the next version."""
    catatan = wajib_isi(catatan, _("Tuliskan apa yang perlu diperbaiki pada konsep."))
    with transaction.atomic():
        r = kunci(rujukan)
        konsep = r.konsep_aktif()
        jalankan(r, "return_draft", by=by, catatan=catatan)
        assert konsep is not None  # the edge's condition (syarat_konsep) needs an active draft
        konsep.status = Konsep.StatusKonsep.DIKEMBALIKAN
        konsep.catatan_pengembalian = catatan
        konsep.save(update_fields=["status", "catatan_pengembalian"])
        return r


# -- delivery, closing, side endings ------------------------------------------------------
def rujukan_deliver_to_panti(
    *, rujukan: Rujukan, by: Pengguna, diantar_oleh: str = "dinas", catatan: str = ""
) -> Rujukan:
    if diantar_oleh not in ("dinas", "pemohon"):
        raise DataTidakValid(_("Pilih siapa yang mengantar klien: Dinas Sosial atau pemohon."))
    with transaction.atomic():
        r = kunci(rujukan)
        r.diantar_oleh = diantar_oleh
        r.diserahkan_pada = sekarang()
        return jalankan(r, "deliver_to_panti", by=by, catatan=catatan)


def rujukan_issue_at_desk(*, rujukan: Rujukan, by: Pengguna, catatan: str = "") -> Rujukan:
    """Issue the standard's desk products — a surat keterangan, a proof of
    registration, a berita acara for goods or a service handed over — with
    their numbers, signed by the officer who issues them; no approval chain."""
    with transaksi_terbit():
        r = kunci(rujukan)
        periksa_transisi(r, "issue_at_desk", by)
        blok = blok_tanda_tangan(by, instansi=r.instansi)
        for jenis in r.alur.produk_loket:
            terbitkan_dokumen(
                rujukan=r,
                jenis=jenis,
                by=by,
                penandatangan=blok,
                penandatangan_user=by,
                penulis=blok_penulis(by),
            )
        return jalankan(r, "issue_at_desk", by=by, catatan=catatan, periksa=False)


def rujukan_hand_to_pemohon(*, rujukan: Rujukan, by: Pengguna, catatan: str = "") -> Rujukan:
    with transaction.atomic():
        r = kunci(rujukan)
        r.diserahkan_pada = sekarang()
        return jalankan(r, "hand_to_pemohon", by=by, catatan=catatan)


def rujukan_close(*, rujukan: Rujukan, by: Pengguna, catatan: str = "") -> Rujukan:
    """The case is done and archived, once handed over (Rujukan.close)."""
    with transaction.atomic():
        return jalankan(kunci(rujukan), "close", by=by, catatan=catatan)


def rujukan_withdraw(*, rujukan: Rujukan, by: Pengguna, alasan: str) -> Rujukan:
    alasan = wajib_isi(alasan, _("Tuliskan alasan pemohon menarik permohonannya."))
    with transaction.atomic():
        r = kunci(rujukan)
        r.alasan_penutupan = alasan
        return jalankan(r, "withdraw", by=by, catatan=alasan)


def rujukan_cancel(*, rujukan: Rujukan, by: Pengguna, alasan: str) -> Rujukan:
    alasan = wajib_isi(alasan, _("Tuliskan alasan pembatalan."))
    with transaction.atomic():
        r = kunci(rujukan)
        r.alasan_penutupan = alasan
        return jalankan(r, "cancel", by=by, catatan=alasan)


# -- clock and assignment ------------------------------------------------------------------
def rujukan_pause_clock(
    *, rujukan: Rujukan, by: Pengguna, alasan: str, keterangan: str = ""
) -> JedaWaktu:
    """Pause the clock while the case waits on someone outside the office."""
    if alasan not in JedaWaktu.Alasan.values:
        raise DataTidakValid(_("Pilih alasan penjedaan waktu."))
    if alasan == JedaWaktu.Alasan.LAINNYA:
        keterangan = wajib_isi(keterangan, _("Tuliskan keterangan alasan penjedaan."))
    with transaction.atomic():
        r = kunci(rujukan)
        pastikan_izin(by, "jeda_waktu", rujukan=r)
        if not r.terbuka:
            raise TransisiTidakSah(_("Rujukan sudah ditutup."))
        if r.dijeda:
            raise TransisiTidakSah(_("Waktu rujukan ini sudah dijeda."))
        jeda = clock.mulai_jeda(
            r, alasan=alasan, keterangan=keterangan.strip(), oleh=by, pada=sekarang()
        )
        r.save(update_fields=["dijeda"])
        catat_kejadian(r, "rujukan.clock_paused", oleh=by, catatan=jeda.get_alasan_display())
        return jeda


def rujukan_resume_clock(*, rujukan: Rujukan, by: Pengguna) -> Rujukan:
    with transaction.atomic():
        r = kunci(rujukan)
        pastikan_izin(by, "jeda_waktu", rujukan=r)
        if not r.dijeda:
            raise TransisiTidakSah(_("Waktu rujukan ini tidak sedang dijeda."))
        menunggu = clock.jeda_menunggu_pihak_lain(r)
        if menunggu:
            raise TransisiTidakSah(menunggu)
        jeda = clock.akhiri_jeda(r, oleh=by, pada=sekarang())
        catat_kejadian(r, "rujukan.clock_resumed", oleh=by, menit=jeda.menit_kerja if jeda else 0)
        return r


def rujukan_assign_peksos(*, rujukan: Rujukan, by: Pengguna, peksos: Pengguna) -> Rujukan:
    with transaction.atomic():
        r = kunci(rujukan)
        pastikan_izin(by, "tugaskan", rujukan=r)
        pegawai = getattr(peksos, "pegawai", None)
        if (
            pegawai is None
            or pegawai.instansi_id != r.instansi_id
            or Peran.PEKERJA_SOSIAL not in peran_dari(peksos)
        ):
            raise DataTidakValid(_("Pilih pekerja sosial dari instansi ini."))
        r.peksos = peksos
        r.save(update_fields=["peksos"])
        catat_kejadian(r, "rujukan.peksos_assigned", oleh=by, peksos=pegawai.nama)
        return r
