"""Shared steps of the complaint use cases: the domain error, codes and numbers,
the clock, locking, checking and recording."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from layanan.calendar import Kalender
from layanan.errors import DomainError
from layanan.kode_lacak import ABJAD, acak, cocok_kode, hash_kode
from layanan.models import Instansi, Layanan, SatuanWaktu
from layanan.pengguna import Pengguna
from pengaduan import jejak, notifikasi
from pengaduan.berkas import MAX_FILES, periksa_berkas
from pengaduan.models import (
    Kejadian,
    Lampiran,
    Pengaduan,
    PengaturanPengaduan,
    Tanggapan,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

Status = Pengaduan.Status


ALFABET = ABJAD  # no 0/O, 1/I: read aloud over the phone
PANJANG_KODE = 12
MAX_URAIAN = 5000
MAX_PESAN = 3000
KALENDER_SATUAN = (SatuanWaktu.MENIT, SatuanWaktu.JAM, SatuanWaktu.HARI_KERJA)


class PengaduanError(DomainError):
    """A domain error of complaints: `pesan` for the user, `status_code` for the
    view (409 unless the raise says otherwise)."""

    status_code = 409


# -- codes and numbers ---------------------------------------------------------
def normalisasi_nomor(teks: str) -> str:
    return (teks or "").strip().upper()[:20]


def _nomor_baru(moment: dt.datetime) -> str:
    tahun = timezone.localtime(moment).year
    while True:
        nomor = f"ADU-{tahun}-{acak(6)}"
        if not Pengaduan.objects.filter(nomor=nomor).exists():
            return nomor


TUJUAN_KODE = "pengaduan.kode_lacak"


def hash_kode_pengaduan(kode: str) -> str:
    return hash_kode(kode, tujuan=TUJUAN_KODE)


def cocokkan_kode(pengaduan: Pengaduan | None, kode: str) -> bool:
    """Check a tracking code against one ticket (constant-time; a keyed hash, cheap)."""
    if pengaduan is None:
        return False
    return cocok_kode(pengaduan.kode_lacak_hash, kode, tujuan=TUJUAN_KODE)


# -- the clock -----------------------------------------------------------------
def waktu_respons(instansi: Instansi, layanan: Layanan | None) -> tuple[Decimal, str]:
    """The response time from the service's standard, else the office's setting (3 hari kerja)."""
    if layanan is not None:
        return Decimal(layanan.respons_pengaduan_nilai), layanan.respons_pengaduan_satuan
    setting = PengaturanPengaduan.objects.filter(instansi=instansi).first()
    if setting is not None:
        return Decimal(setting.respons_nilai), setting.respons_satuan
    return Decimal(3), SatuanWaktu.HARI_KERJA


def pengaturan(instansi: Instansi) -> PengaturanPengaduan:
    return PengaturanPengaduan.objects.filter(instansi=instansi).first() or PengaturanPengaduan(
        instansi=instansi
    )


def _jeda(p: Pengaduan, now: dt.datetime) -> None:
    p.dijeda_pada = now


def _lanjut(p: Pengaduan, now: dt.datetime) -> None:
    """End a pause: add the paused time to the deadline, in the unit's own kind of time."""
    if p.dijeda_pada is None:
        return
    if p.respons_satuan in KALENDER_SATUAN:
        minutes = Kalender(p.instansi).working_minutes_between(p.dijeda_pada, now)
        if minutes:
            p.batas_waktu = Kalender(p.instansi).add_working_minutes(p.batas_waktu, minutes)
    else:
        elapsed = now - p.dijeda_pada
        minutes = int(elapsed.total_seconds() // 60)
        p.batas_waktu = p.batas_waktu + elapsed
    p.menit_jeda += minutes
    p.dijeda_pada = None


# -- shared steps --------------------------------------------------------------
def _log(p: Pengaduan, aksi: str, by: Pengguna | None, now: dt.datetime, **data: Any) -> Kejadian:
    """Record an event that is not a transition (transitions are logged by `_run`)."""
    return Kejadian.objects.create(pengaduan=p, aksi=aksi, oleh=by, waktu=now, data=data)


def _locked(pengaduan: Pengaduan) -> Pengaduan:
    return Pengaduan.objects.select_for_update().select_related("instansi").get(pk=pengaduan.pk)


def _periksa(p: Pengaduan, name: str, by: Pengguna | None, *, check_perm: bool = True) -> None:
    """Raise the domain error when the transition cannot be taken now, or not by `by`."""
    method = getattr(p, name)
    if not can_proceed(method):
        raise PengaduanError(
            _("Tindakan ini tidak dapat dilakukan pada pengaduan berstatus “%(status)s”.")
            % {"status": p.get_status_display()},
            status_code=409,
        )
    if check_perm and (by is None or not has_transition_perm(method, by)):
        raise PengaduanError(_("Anda tidak berwenang melakukan tindakan ini."), status_code=403)


def _run(
    p: Pengaduan,
    name: str,
    by: Pengguna | None,
    *,
    kode: str,
    data: dict[str, Any] | None = None,
    check_perm: bool = True,
) -> None:
    """Check and take one transition; its one history row (django-fsm-log's
    StateLog) carries the action code and `data` (pengaduan.jejak)."""
    _periksa(p, name, by, check_perm=check_perm)
    getattr(p, name)(by=by, description=jejak.keterangan(kode, data))


def _save(p: Pengaduan) -> None:
    try:
        p.save()
    except ConcurrentTransition as exc:
        raise PengaduanError(
            _("Pengaduan ini baru saja diubah oleh orang lain. Muat ulang halaman."),
            status_code=409,
        ) from exc


def _teks(value: str, label: str, *, maks: int = MAX_PESAN, wajib: bool = True) -> str:
    value = (value or "").strip()
    if wajib and not value:
        raise PengaduanError(_("%(label)s wajib diisi.") % {"label": label}, status_code=400)
    if len(value) > maks:
        raise PengaduanError(
            _("%(label)s terlalu panjang (paling banyak %(maks)s karakter).")
            % {"label": label, "maks": f"{maks:,}".replace(",", ".")},
            status_code=400,
        )
    return value


def _simpan_lampiran(
    p: Pengaduan,
    berkas: Sequence[UploadedFile[bytes]],
    *,
    tanggapan: Tanggapan | None,
    by: Pengguna | None,
    dari_pelapor: bool,
) -> list[Lampiran]:
    if len(berkas) > MAX_FILES:
        raise PengaduanError(
            _("Paling banyak %(n)s berkas sekaligus.") % {"n": MAX_FILES}, status_code=400
        )
    saved = []
    for upload in berkas:
        try:
            checked = periksa_berkas(upload)
        except Exception as exc:  # ValidationError from the content check
            message = " ".join(getattr(exc, "messages", [str(exc)]))
            raise PengaduanError(message, status_code=400) from exc
        lampiran = Lampiran(
            pengaduan=p,
            tanggapan=tanggapan,
            nama_asli=checked.nama_asli,
            tipe_konten=checked.tipe_konten,
            ukuran=checked.ukuran,
            dari_pelapor=dari_pelapor,
            diunggah_oleh=by,
        )
        lampiran.berkas.save(f"lampiran{checked.ekstensi}", checked.file, save=False)
        lampiran.save()
        saved.append(lampiran)
    return saved


def _on_commit(func: Callable[..., object], *args: object) -> None:
    transaction.on_commit(partial(func, *args))


def _kabar_pelapor(p: Pengaduan) -> None:
    _on_commit(notifikasi.kirim_kabar_pelapor, p.pk)


def _kabar_petugas(p: Pengaduan, subject: str) -> None:
    """Tell the handling officer that the citizen wrote (no content, no identity)."""
    if p.petugas_id is not None:
        _on_commit(
            notifikasi.kirim_ke_petugas,
            p,
            p.petugas,
            "pengaduan/email/balasan_pelapor.txt",
            subject % {"nomor": p.nomor},
        )
