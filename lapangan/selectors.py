"""Reads of the field pages: my work ordered by urgency, the cases waiting for
an assignment, the peksos of an instansi, the eligibility facts of a case's
standard, and a case's field record. The DTKS/DTSEN extract is read through
rujukan.dtks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import F, Prefetch, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from lapangan.models import Dokumentasi
from layanan.models import CaraPeriksa, Instansi, Peran, Persyaratan, Tahap
from layanan.pengguna import PenggunaAtauTamu
from layanan.roles import GROUP_NAMES
from rujukan.documents import tanggal_panjang, waktu_lokal
from rujukan.kelayakan import cara, periksa_item
from rujukan.models import (
    STATUS_TAHAP,
    Asesmen,
    Kegiatan,
    Konsep,
    Persetujuan,
    Rujukan,
    Status,
)
from rujukan.selectors import rujukan_list, rujukan_terlihat
from rujukan.services import persyaratan_untuk

# -- my work ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tugas:
    rujukan: Rujukan
    apa: str  # what is due next, in the standard's own words where it has them
    tenggat: dt.datetime | None
    terlambat: bool
    tenggat_teks: str  # "Terlambat 2 hari kerja" / "Tenggat Kamis, 24 November 2026 14.00 WITA"


_HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


def _waktu_teks(r: Rujukan, moment: dt.datetime) -> str:
    lokal = waktu_lokal(r.instansi, moment)
    return (
        f"{_HARI[lokal.weekday()]}, {tanggal_panjang(lokal)} "
        f"{lokal:%H.%M} {r.instansi.zona_waktu_singkat}"
    )


def _label(r: Rujukan) -> str:
    # not r.get_status_display(): Django rebuilds the choices dict on each call
    # (0.2-0.5 ms; the work list asks it of every case)
    return str(Status(r.status).label)


def tugas_berikut(r: Rujukan) -> str:
    """What the field worker does next on this case: the standard's own step
    for the current stage (the first whose condition fits), else the stage."""
    if r.status == Status.VERIFIKASI and r.alur.verifikasi_kecuali_dtks:
        return _("Survei kunjungan rumah dan asesmen (klien belum terdaftar DTKS)")
    if r.status == Status.PERSETUJUAN:
        berikut = r.langkah_persetujuan_berikut()
        return _("Menunggu %(l)s") % {"l": berikut.label} if berikut else _label(r)
    if r.status == Status.REUNIFIKASI:
        return _("Kunjungan rumah lanjutan dan bimbingan sosial, lalu tutup kasus")
    if r.status == Status.PENDAMPINGAN_DILAPORKAN:
        return _("Laporan kegiatan terbit: diagendakan dan ditutup")
    tahap = STATUS_TAHAP.get(r.status)
    langkah = [
        s
        for s in sorted(r.layanan.langkah.all(), key=lambda x: (x.urutan, x.pk))
        if s.tahap == tahap
    ]
    if langkah and tahap in (Tahap.VERIFIKASI, Tahap.PENANGANAN):
        teks = langkah[0].teks.strip().rstrip(".;")
        return teks if len(teks) <= 110 else teks[:107].rstrip() + "…"
    return _label(r)


def pekerjaan_saya(*, user: PenggunaAtauTamu, pada: dt.datetime | None = None) -> list[Tugas]:
    """The open cases assigned to this peksos, most urgent first: overdue
    first, then the soonest due; cases waiting on someone else (clock paused)
    and those without a due moment last. A fixed number of queries."""
    pada = pada or timezone.now()
    # only what the list shows (the klien's name, the office's clock, the
    # standard's steps): four joins, not the case list's nine, and no pauses
    qs = (
        rujukan_terlihat(user=user)
        .terbuka()
        .filter(peksos=user)
        .select_related("instansi", "layanan", "sub_layanan", "klien")
        .prefetch_related(
            "layanan__langkah__jabatan",
            "layanan__produk",
            # a case waiting for approval names the next paraf/signature: its
            # draft and the approvals given, read once for every case (no
            # default ordering: it joins the cases again to sort by their date)
            Prefetch(
                "konsep",
                queryset=Konsep.objects.filter(status="diajukan")
                .order_by()
                .prefetch_related(
                    Prefetch("persetujuan", queryset=Persetujuan.objects.order_by("urutan"))
                ),
            ),
        )
        .annotate(jatuh_tempo=Coalesce("tenggat_tahap", "tenggat"))
        .order_by("dijeda", F("jatuh_tempo").asc(nulls_last=True), "pk")
    )
    return [Tugas(r, tugas_berikut(r), *_tenggat(r, r.jatuh_tempo, pada)) for r in qs]


def _tenggat(
    r: Rujukan, due: dt.datetime | None, pada: dt.datetime
) -> tuple[dt.datetime | None, bool, str]:
    telat = bool(due and due < pada and not r.dijeda)
    if not r.terbuka:
        teks = ""
    elif r.dijeda:
        teks = _("Waktu dijeda (menunggu pihak lain)")
    elif due is None:
        teks = _("Tanpa tenggat dalam standar")
    elif telat:
        hari = (waktu_lokal(r.instansi, pada).date() - waktu_lokal(r.instansi, due).date()).days
        teks = (
            _("Terlambat sejak %(w)s") % {"w": _waktu_teks(r, due)}
            if hari < 1
            else _("Terlambat %(n)s hari — tenggat %(w)s") % {"n": hari, "w": _waktu_teks(r, due)}
        )
    else:
        teks = _("Tenggat %(w)s") % {"w": _waktu_teks(r, due)}
    return due, telat, teks


def tenggat_untuk(r: Rujukan, *, pada: dt.datetime | None = None) -> dict[str, object]:
    """The due moment of the current stage (else of the case) for one case page."""
    due, telat, teks = _tenggat(r, r.tenggat_tahap or r.tenggat, pada or timezone.now())
    return {"tenggat": due, "terlambat": telat, "tenggat_teks": teks}


def rujukan_penugasan(*, user: PenggunaAtauTamu) -> QuerySet[Rujukan]:
    """Open cases of the user's instansi where field work is ahead or under
    way, those without a peksos first (for the Kabid/Koordinator to assign)."""
    tahap_lapangan = [
        Status.PEMERIKSAAN_BERKAS,
        Status.VERIFIKASI,
        Status.PENANGANAN,
        Status.REUNIFIKASI,
    ]
    return rujukan_list(user=user, status=tahap_lapangan).order_by(
        F("peksos").asc(nulls_first=True), F("tenggat").asc(nulls_last=True), "pk"
    )


def peksos_instansi(*, instansi: Instansi) -> QuerySet[User]:
    """The social workers of an instansi (active accounts), by name."""
    return (
        User.objects.filter(
            is_active=True,
            pegawai__instansi=instansi,
            groups__name=GROUP_NAMES[Peran.PEKERJA_SOSIAL],
        )
        .select_related("pegawai")
        .order_by("pegawai__nama", "pk")
        .distinct()
    )


# -- the case's field record -----------------------------------------------------------------


@dataclass(frozen=True)
class FaktaBaris:
    persyaratan: Persyaratan
    otomatis: bool | None  # what the data already says (age from NIK/birth date); None: ask
    keterangan: str  # how the automatic answer was reached


def fakta_kelayakan(r: Rujukan) -> list[FaktaBaris]:
    """The eligibility facts of the case's standard with what the data (or an
    earlier answer) says — decided by rujukan.kelayakan, the one place."""
    items = {
        b.persyaratan_id: b
        for b in r.berkas.select_related("persyaratan", "diperiksa_oleh__pegawai")
    }
    out = []
    for p in persyaratan_untuk(r.layanan, r.sub_layanan):
        if p.jenis != Persyaratan.Jenis.FAKTA:
            continue
        item = items.get(p.pk)
        if item is None:
            out.append(FaktaBaris(p, None, ""))
            continue
        hasil = periksa_item(r, item)
        # an officer's earlier statement is asked again with evidence; data answers
        dinyatakan = cara(p) == CaraPeriksa.ATESTASI and item.diperiksa_pada
        otomatis = None if dinyatakan else hasil.terpenuhi
        out.append(FaktaBaris(p, otomatis, hasil.keterangan))
    return out


def kegiatan_dengan_dokumentasi(r: Rujukan) -> list[Kegiatan]:
    return list(
        r.kegiatan.select_related("oleh__pegawai").prefetch_related(
            Prefetch("dokumentasi", queryset=Dokumentasi.objects.order_by("pk"))
        )
    )


def asesmen_terakhir(r: Rujukan) -> Asesmen | None:
    return (
        r.asesmen.select_related("oleh__pegawai", "panti_rekomendasi")
        .prefetch_related(Prefetch("dokumentasi", queryset=Dokumentasi.objects.order_by("pk")))
        .order_by("-dibuat_pada", "-pk")
        .first()
    )
