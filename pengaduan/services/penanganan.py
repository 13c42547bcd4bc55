"""Handling by staff: every edge of the machine an officer takes, and notes/messages."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from layanan.calendar import Kalender
from layanan.pengguna import Pengguna
from pengaduan import notifikasi, permissions
from pengaduan.models import (
    Pengaduan,
    Tanggapan,
)
from pengaduan.services._dasar import (
    PengaduanError,
    _jeda,
    _kabar_pelapor,
    _lanjut,
    _locked,
    _log,
    _on_commit,
    _periksa,
    _run,
    _save,
    _teks,
    normalisasi_nomor,
    pengaturan,
)

Status = Pengaduan.Status


# -- handling by staff -----------------------------------------------------------
def pengaduan_start_check(*, pengaduan: Pengaduan, by: Pengguna) -> Pengaduan:
    with transaction.atomic():
        p = _locked(pengaduan)
        _run(p, "mulai_cek", by, kode="pengaduan.cek_dimulai")
        if p.petugas_id is None:
            p.petugas = by
        _save(p)
    return p


def pengaduan_request_details(*, pengaduan: Pengaduan, by: Pengguna, pesan: str) -> Pengaduan:
    """Ask the citizen for more (public message); the response clock pauses."""
    pesan = _teks(pesan, _("Pesan kepada pelapor"))
    with transaction.atomic():
        p = _locked(pengaduan)
        _run(p, "minta_kelengkapan", by, kode="pengaduan.kelengkapan_diminta")
        _jeda(p, timezone.now())
        p.alasan = pesan
        _save(p)
        Tanggapan.objects.create(pengaduan=p, jenis=Tanggapan.Jenis.BALASAN, isi=pesan, penulis=by)
        _kabar_pelapor(p)
    return p


def pengaduan_resume(*, pengaduan: Pengaduan, by: Pengguna, catatan: str = "") -> Pengaduan:
    """Resume after the citizen answered through another channel; the deadline shifts."""
    catatan = _teks(catatan, _("Catatan"), wajib=False)
    with transaction.atomic():
        p = _locked(pengaduan)
        _periksa(p, "lanjutkan", by)
        _lanjut(p, timezone.now())
        _run(p, "lanjutkan", by, kode="pengaduan.dilanjutkan", data={"menit_jeda": p.menit_jeda})
        _save(p)
        if catatan:
            Tanggapan.objects.create(
                pengaduan=p, jenis=Tanggapan.Jenis.CATATAN, isi=catatan, penulis=by
            )
    return p


def pengaduan_route(
    *,
    pengaduan: Pengaduan,
    by: Pengguna,
    jenis_koordinasi: str,
    bidang: str = "",
    petugas: Pengguna | None = None,
    instansi_tujuan: str = "",
    catatan: str = "",
) -> Pengaduan:
    """Coordination: dispose internally to a bidang/officer, or coordinate with another agency."""
    bidang = _teks(bidang, _("Bidang"), maks=150, wajib=False)
    instansi_tujuan = _teks(instansi_tujuan, _("Instansi tujuan"), maks=200, wajib=False)
    catatan = _teks(catatan, _("Catatan"), wajib=False)
    internal = jenis_koordinasi == Pengaduan.JenisKoordinasi.INTERNAL
    if jenis_koordinasi not in Pengaduan.JenisKoordinasi.values:
        raise PengaduanError(_("Pilih jenis koordinasi."), status_code=400)
    if internal and not (bidang or petugas):
        raise PengaduanError(_("Pilih bidang atau petugas tujuan disposisi."), status_code=400)
    if not internal and not instansi_tujuan:
        raise PengaduanError(_("Isi nama instansi yang diajak berkoordinasi."), status_code=400)
    if petugas is not None and not permissions.boleh_tangani_instansi(
        petugas, pengaduan.instansi_id
    ):
        raise PengaduanError(
            _("Petugas tujuan bukan petugas penanganan pengaduan di instansi ini."), status_code=400
        )
    with transaction.atomic():
        p = _locked(pengaduan)
        _periksa(p, "koordinasikan", by)
        p.jenis_koordinasi = jenis_koordinasi
        if internal:
            p.bidang = bidang
            if petugas is not None:
                p.petugas = petugas
            tujuan = ", ".join(x for x in [bidang, petugas and _nama_pegawai(petugas)] if x)
            aksi = "pengaduan.didisposisikan"
        else:
            p.instansi_tujuan = instansi_tujuan
            tujuan = instansi_tujuan
            aksi = "pengaduan.dikoordinasikan_eksternal"
        _run(p, "koordinasikan", by, kode=aksi, data={"tujuan": tujuan})
        _save(p)
        if catatan:
            Tanggapan.objects.create(
                pengaduan=p, jenis=Tanggapan.Jenis.CATATAN, isi=catatan, penulis=by
            )
        if internal and petugas is not None and petugas != by:
            _on_commit(
                notifikasi.kirim_ke_petugas,
                p,
                petugas,
                "pengaduan/email/disposisi.txt",
                _("Disposisi pengaduan %(nomor)s") % {"nomor": p.nomor},
            )
    return p


def _nama_pegawai(user: Pengguna) -> str:
    pegawai = getattr(user, "pegawai", None)
    return pegawai.nama if pegawai is not None else user.get_username()


def pengaduan_answer(*, pengaduan: Pengaduan, by: Pengguna, isi: str) -> Pengaduan:
    """The public answer; the response clock stops and the reply window opens."""
    isi = _teks(isi, _("Jawaban"))
    with transaction.atomic():
        p = _locked(pengaduan)
        now = timezone.now()
        _run(p, "jawab", by, kode="pengaduan.dijawab", data={"tepat_waktu": now <= p.batas_waktu})
        p.dijawab_pada = now
        if p.dijawab_pertama_pada is None:
            p.dijawab_pertama_pada = now
        p.batas_balasan = Kalender(p.instansi).add_working_days(
            now, pengaturan(p.instansi).jendela_balasan_hari_kerja
        )
        if p.petugas_id is None:
            p.petugas = by
        _save(p)
        Tanggapan.objects.create(pengaduan=p, jenis=Tanggapan.Jenis.BALASAN, isi=isi, penulis=by)
        _kabar_pelapor(p)
    return p


def pengaduan_close(*, pengaduan: Pengaduan, by: Pengguna, catatan: str = "") -> Pengaduan:
    catatan = _teks(catatan, _("Catatan"), wajib=False)
    with transaction.atomic():
        p = _locked(pengaduan)
        _run(p, "tutup", by, kode="pengaduan.ditutup")
        p.selesai_pada = timezone.now()
        _save(p)
        if catatan:
            Tanggapan.objects.create(
                pengaduan=p, jenis=Tanggapan.Jenis.CATATAN, isi=catatan, penulis=by
            )
    return p


def pengaduan_mark_duplicate(
    *, pengaduan: Pengaduan, by: Pengguna, nomor_asli: str, catatan: str = ""
) -> Pengaduan:
    catatan = _teks(catatan, _("Catatan"), wajib=False)
    asli = Pengaduan.objects.filter(
        instansi_id=pengaduan.instansi_id, nomor=normalisasi_nomor(nomor_asli)
    ).first()
    if asli is None or asli.pk == pengaduan.pk:
        raise PengaduanError(
            _("Nomor pengaduan asli tidak ditemukan di instansi ini."), status_code=400
        )
    if asli.status == Status.DUPLIKAT:
        raise PengaduanError(
            _("Pengaduan %(nomor)s sendiri adalah duplikat; tautkan ke aslinya.")
            % {"nomor": asli.nomor},
            status_code=400,
        )
    with transaction.atomic():
        p = _locked(pengaduan)
        _run(p, "tandai_duplikat", by, kode="pengaduan.duplikat", data={"asli": asli.nomor})
        now = timezone.now()
        p.duplikat_dari = asli
        p.selesai_pada = now
        p.alasan = catatan
        _save(p)
        if catatan:
            Tanggapan.objects.create(
                pengaduan=p, jenis=Tanggapan.Jenis.CATATAN, isi=catatan, penulis=by
            )
        _kabar_pelapor(p)
    return p


def pengaduan_forward(
    *, pengaduan: Pengaduan, by: Pengguna, instansi_tujuan: str, pesan: str
) -> Pengaduan:
    """Not within the office's authority: forwarded to the agency responsible."""
    instansi_tujuan = _teks(instansi_tujuan, _("Instansi tujuan"), maks=200)
    pesan = _teks(pesan, _("Pesan kepada pelapor"))
    with transaction.atomic():
        p = _locked(pengaduan)
        _run(p, "teruskan", by, kode="pengaduan.diteruskan", data={"tujuan": instansi_tujuan})
        p.instansi_tujuan = instansi_tujuan
        _akhiri(p, by, pesan, timezone.now())
    return p


def _akhiri(p: Pengaduan, by: Pengguna, pesan: str, now: dt.datetime) -> None:
    """End the complaint here with a reason the citizen is told (a public reply)."""
    p.alasan = pesan
    p.selesai_pada = now
    _save(p)
    Tanggapan.objects.create(pengaduan=p, jenis=Tanggapan.Jenis.BALASAN, isi=pesan, penulis=by)
    _kabar_pelapor(p)


def pengaduan_stop(*, pengaduan: Pengaduan, by: Pengguna, pesan: str) -> Pengaduan:
    """Cannot be followed up; the reason is told to the citizen."""
    pesan = _teks(pesan, _("Alasan"))
    with transaction.atomic():
        p = _locked(pengaduan)
        _run(p, "hentikan", by, kode="pengaduan.dihentikan")
        now = timezone.now()
        _lanjut(p, now)
        _akhiri(p, by, pesan, now)
    return p


def pengaduan_add_note(*, pengaduan: Pengaduan, by: Pengguna, isi: str) -> Tanggapan:
    """An internal note, never shown to the citizen."""
    isi = _teks(isi, _("Catatan"))
    with transaction.atomic():
        p = _locked(pengaduan)
        if not permissions.boleh_beri_catatan(by, p):
            raise PengaduanError(_("Anda tidak berwenang menambah catatan."), status_code=403)
        catatan = Tanggapan.objects.create(
            pengaduan=p, jenis=Tanggapan.Jenis.CATATAN, isi=isi, penulis=by
        )
        _log(p, "pengaduan.catatan", by, timezone.now())
    return catatan


def pengaduan_send_message(*, pengaduan: Pengaduan, by: Pengguna, isi: str) -> Tanggapan:
    """A public interim message (e.g. progress) without changing the state."""
    isi = _teks(isi, _("Pesan"))
    with transaction.atomic():
        p = _locked(pengaduan)
        if not permissions.boleh_tangani(by, p):
            raise PengaduanError(_("Anda tidak berwenang mengirim pesan."), status_code=403)
        if p.status in Pengaduan.AKHIR:
            raise PengaduanError(_("Pengaduan ini sudah selesai."), status_code=409)
        pesan = Tanggapan.objects.create(
            pengaduan=p, jenis=Tanggapan.Jenis.BALASAN, isi=isi, penulis=by
        )
        _log(p, "pengaduan.pesan_dikirim", by, timezone.now())
        _kabar_pelapor(p)
    return pesan
