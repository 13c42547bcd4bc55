"""Shared machinery of the use cases: locking a case, running one transition
with its checks and audit entry, the yearly counters, the tracking code."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, has_transition_perm

from layanan.kode_lacak import acak, cocok_kode, format_kode, hash_kode
from layanan.models import Instansi, PenunjukanPelaksana, Peran
from layanan.pelaksana import pemegang_jabatan
from layanan.pengguna import Pengguna
from rujukan import clock, langkah
from rujukan.aksi import DAFTAR_AKSI
from rujukan.documents import blok_tanda_tangan, info_pelaksana
from rujukan.errors import DataTidakValid, IzinDitolak, Konflik, TidakDitemukan, TransisiTidakSah
from rujukan.models import Kejadian, Penomoran, Rujukan
from rujukan.models.rujukan import Syarat
from rujukan.permissions import (
    pastikan_instansi,
    penunjukan_peran,
    penunjukan_tanda_tangan,
    peran_sendiri,
)


def sekarang() -> dt.datetime:
    return timezone.now()


def kunci(rujukan: Rujukan | int) -> Rujukan:
    """Re-read the case with its row locked (inside transaction.atomic),
    remembering the values it was read with (see `jalankan`)."""
    pk = rujukan.pk if isinstance(rujukan, Rujukan) else rujukan
    try:
        r = (
            Rujukan.objects.select_for_update(of=("self",))
            .select_related("instansi", "layanan", "klien", "pemohon", "sub_layanan")
            .get(pk=pk)
        )
    except Rujukan.DoesNotExist:
        raise TidakDitemukan(_("Rujukan tidak ditemukan.")) from None
    _ingat_nilai(r)
    return r


# The values a locked case was read with, kept on the instance under this key:
# `jalankan` saves only the columns that differ from them.
_NILAI_DIBACA = "_nilai_dibaca"


def _ingat_nilai(rujukan: Rujukan) -> None:
    vars(rujukan)[_NILAI_DIBACA] = {
        f.attname: copy.deepcopy(f.value_from_object(rujukan))
        for f in rujukan._meta.concrete_fields
        if not f.primary_key
    }


def _kolom_berubah(rujukan: Rujukan) -> set[str] | None:
    """The columns changed on the instance since `kunci` read it (with those
    Django stamps on every save, `auto_now`), or None when it was not read there."""
    dibaca: dict[str, Any] | None = vars(rujukan).get(_NILAI_DIBACA)
    if dibaca is None:
        return None
    kolom = rujukan._meta.concrete_fields
    return {
        f.name
        for f in kolom
        if f.attname in dibaca and f.value_from_object(rujukan) != dibaca[f.attname]
    } | {f.name for f in kolom if getattr(f, "auto_now", False)}


def catat_kejadian(
    rujukan: Rujukan, kode: str, *, oleh: Pengguna | None, catatan: str = "", **data: Any
) -> Kejadian:
    return Kejadian.objects.create(
        rujukan=rujukan, kode=kode, oleh=oleh, catatan=catatan, data=data
    )


def periksa_transisi(rujukan: Rujukan, nama: str, by: Pengguna | None) -> None:
    """Raise the domain error that explains why `by` may not take this edge now."""
    method = getattr(rujukan, nama)
    meta = method._django_fsm
    if not meta.has_transition(rujukan.status):
        raise TransisiTidakSah(
            _("Tindakan “%(aksi)s” tidak dapat dilakukan saat rujukan pada tahap “%(tahap)s”.")
            % {"aksi": DAFTAR_AKSI.label(f"rujukan.{nama}"), "tahap": rujukan.get_status_display()}
        )
    pastikan_instansi(by, rujukan)
    if not meta.has_transition_perm(rujukan, rujukan.status, by):
        raise IzinDitolak(_("Peran Anda tidak berwenang melakukan tindakan ini."))
    trans = meta.get_transition(rujukan.status)
    for syarat in trans.conditions:
        if not syarat(rujukan):
            pesan = syarat.pesan(rujukan) if isinstance(syarat, Syarat) else ""
            raise TransisiTidakSah(pesan or _("Syarat tindakan ini belum terpenuhi."))
    if by is None or not has_transition_perm(method, by):  # the library's own check, last
        raise IzinDitolak(_("Peran Anda tidak berwenang melakukan tindakan ini."))


def jalankan(
    rujukan: Rujukan,
    nama: str,
    *,
    by: Pengguna | None,
    catatan: str = "",
    pada: dt.datetime | None = None,
    periksa: bool = True,
) -> Rujukan:
    """Check and take one transition on a locked case, save it and keep the clock.

    Saves only what changed since `kunci` read the case: the state, and what
    the service set on it before (a reason for closing, who delivered the
    klien…); a column some other write changed meanwhile is left as that write
    left it. The UPDATE still names the state the case was read in
    (ConcurrentTransitionMixin), so a concurrent transition is refused.

    Must run inside transaction.atomic(); the django-fsm-log entry (who, when,
    from, to, note) is written in the same transaction."""
    if periksa:
        periksa_transisi(rujukan, nama, by)
    dari = rujukan.status
    getattr(rujukan, nama)(by=by, description=catatan or None)
    berubah = _kolom_berubah(rujukan)
    try:
        if berubah is None:  # not read through kunci: nothing to tell the changes by
            rujukan.save()
        else:
            rujukan.save(update_fields=berubah)
    except ConcurrentTransition:
        raise Konflik(
            _("Rujukan ini baru saja diubah oleh petugas lain. Muat ulang halaman lalu coba lagi.")
        ) from None
    _ingat_nilai(rujukan)
    pada = pada or sekarang()
    clock.catat_perpindahan(rujukan, dari=dari, oleh=by, pada=pada)
    langkah.selaraskan(rujukan, by=by, pada=pada, transisi=nama, dari=dari, catatan=catatan)
    return rujukan


def wajib_isi(teks: str, pesan: str) -> str:
    teks = (teks or "").strip()
    if not teks:
        raise DataTidakValid(pesan)
    return teks


# -- counters ------------------------------------------------------------------
def ambil_nomor(instansi: Instansi, jenis: str, tahun: int) -> int:
    """The next number of a yearly counter, with its row locked until commit:
    no gaps (a rolled-back transaction gives its number back) and no duplicates."""
    assert transaction.get_connection().in_atomic_block, "ambil_nomor needs a transaction"
    try:
        with transaction.atomic():
            Penomoran.objects.get_or_create(instansi=instansi, jenis=jenis, tahun=tahun)
    except IntegrityError:  # created by a concurrent transaction meanwhile
        pass
    row = Penomoran.objects.select_for_update().get(instansi=instansi, jenis=jenis, tahun=tahun)
    row.terakhir += 1
    row.save(update_fields=["terakhir"])
    return row.terakhir


def bulan_romawi(bulan: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"][bulan - 1]


def format_nomor_surat(instansi: Instansi, *, urut: int, tanggal: dt.date) -> str:
    try:
        return instansi.format_nomor_surat.format(
            urut=urut,
            kode_unit=instansi.kode_unit,
            tahun=tanggal.year,
            bulan_romawi=bulan_romawi(tanggal.month),
            bulan=tanggal.month,
        )
    except (KeyError, IndexError, ValueError):
        return f"{urut:04d}/{instansi.kode_unit}/{tanggal.year}"


# -- tracking code (one mechanism for the portal: layanan.kode_lacak) ------------
TUJUAN_KODE = "rujukan.kode_lacak"


def buat_kode_lacak() -> str:
    return format_kode(acak(8))


def hash_kode_lacak(kode: str) -> str:
    return hash_kode(kode, tujuan=TUJUAN_KODE)


def cocok_kode_lacak(rujukan: Rujukan, kode: str) -> bool:
    return cocok_kode(rujukan.kode_lacak_hash, kode, tujuan=TUJUAN_KODE)


def blok_pejabat(
    user: Pengguna,
    *,
    instansi: Instansi,
    rujukan: Rujukan | None = None,
    pelaksana: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The signature block of the official who signs: the head of office signs
    as head; anyone else (an either/or signer, a delegate) "a.n." the head; an
    acting official as "Plt./Plh." of the jabatan they cover.

    Which appointment: `pelaksana` (an `info_pelaksana` dict kept when the
    signature was given), else the one through which `user` is the signer of
    `rujukan`'s letters, else the one that gives them the head of office's
    role they do not hold themselves."""
    if pelaksana is None:
        if rujukan is not None:
            penunjukan = penunjukan_tanda_tangan(user=user, rujukan=rujukan)
        else:
            penunjukan = penunjukan_peran(user, {Peran.KEPALA_DINAS})
        pelaksana = catatan_pelaksana(penunjukan)
    peran = Peran.KEPALA_DINAS if Peran.KEPALA_DINAS in peran_sendiri(user) else None
    return blok_tanda_tangan(user, instansi=instansi, peran=peran, pelaksana=pelaksana)


def catatan_pelaksana(penunjukan: PenunjukanPelaksana | None) -> dict[str, Any] | None:
    """What is kept of an acting official's appointment (info_pelaksana, with
    the name of the official they stand in for), or None."""
    if penunjukan is None:
        return None
    return info_pelaksana(penunjukan, menggantikan=pemegang_jabatan(penunjukan))
