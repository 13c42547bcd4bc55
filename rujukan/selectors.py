"""Reads of the case app: lists and inboxes (instansi-scoped, no N+1), the
case page's procedure checklist and available actions, and the public
tracking answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from layanan.models import LangkahProsedur, Tahap
from rujukan import clock
from rujukan.errors import TidakDitemukan
from rujukan.models import (
    STATUS_AKHIR,
    STATUS_TAHAP,
    JedaWaktu,
    Klien,
    Rujukan,
    Status,
)
from rujukan.models.rujukan import STATUS_PENYERAHAN, Syarat
from rujukan.permissions import boleh_melihat, pegawai_dari, peran_dari
from rujukan.validators import normalisasi_nomor


def rujukan_terlihat(*, user) -> QuerySet[Rujukan]:
    """The cases a user may see: their instansi's, or for a panti user the
    ones proposed to their panti."""
    pegawai = pegawai_dari(user)
    if pegawai is None:
        return Rujukan.objects.none()
    if user.has_perm("rujukan.view_rujukan"):
        return Rujukan.objects.filter(instansi_id=pegawai.instansi_id)
    if pegawai.panti_id and user.has_perm("rujukan.jawab_pengajuan_panti"):
        return Rujukan.objects.filter(pengajuan_panti__panti_id=pegawai.panti_id).distinct()
    return Rujukan.objects.none()


def rujukan_list(
    *,
    user,
    status: str | list[str] | None = None,
    layanan_id: int | None = None,
    terlambat: bool = False,
    milik_saya: bool = False,
    terbuka: bool | None = None,
    q: str = "",
    pada: dt.datetime | None = None,
) -> QuerySet[Rujukan]:
    """Case list with filters; search `q` by NIK (16 digits), registration
    number or the klien's name. A constant number of queries per page."""
    qs = rujukan_terlihat(user=user)
    if status:
        qs = qs.filter(status__in=[status] if isinstance(status, str) else status)
    if terbuka is True:
        qs = qs.terbuka()
    elif terbuka is False:
        qs = qs.filter(status__in=STATUS_AKHIR)
    if layanan_id:
        qs = qs.filter(layanan_id=layanan_id)
    if terlambat:
        qs = qs.terlambat(pada)
    if milik_saya:
        qs = qs.filter(Q(peksos=user) | Q(dibuat_oleh=user))
    q = (q or "").strip()
    if q:
        angka = normalisasi_nomor(q)
        if angka.isdigit() and len(angka) == 16:
            qs = qs.filter(klien__in=Klien.objects.dengan_nik(angka))
        elif q.upper().startswith("RJK"):
            qs = qs.filter(nomor_registrasi__iexact=q.upper())
        else:
            qs = qs.filter(Q(klien__nama__icontains=q) | Q(nomor_registrasi__icontains=q))
    return qs.select_related(
        "instansi",
        "layanan",
        "sub_layanan",
        "klien",
        "pemohon",
        "kategori_ppks",
        "panti_tujuan",
        "peksos__pegawai",
    ).prefetch_related(Prefetch("jeda", queryset=JedaWaktu.objects.order_by("mulai")))


def rujukan_menunggu_persetujuan(*, user) -> list[Rujukan]:
    """Cases whose next approval is the user's role (the approver's inbox)."""
    peran = peran_dari(user)
    qs = rujukan_list(user=user, status=Status.PERSETUJUAN).prefetch_related(
        "layanan__langkah", "layanan__produk"
    )
    out = []
    for r in qs:
        langkah = r.langkah_persetujuan_berikut()
        if langkah and langkah.peran in peran:
            out.append(r)
    return out


def rujukan_detail(*, user, pk: int) -> Rujukan:
    """One case for its page; TidakDitemukan (404) when the user may not see it."""
    r = (
        Rujukan.objects.select_related(
            "instansi",
            "layanan",
            "sub_layanan",
            "klien",
            "pemohon",
            "kategori_ppks",
            "panti_tujuan",
            "peksos__pegawai",
            "dibuat_oleh__pegawai",
        )
        .prefetch_related("layanan__langkah", "layanan__produk", "layanan__fase_waktu")
        .filter(pk=pk)
        .first()
    )
    if r is None or not boleh_melihat(user=user, rujukan=r):
        raise TidakDitemukan(_("Rujukan tidak ditemukan."))
    return r


def klien_cari(*, user, q: str, batas: int = 10) -> list[Klien]:
    """Find a returning klien by NIK (exact) or name (contains), within the
    user's instansi, with their open cases counted (`jumlah_terbuka`)."""
    from django.db.models import Count

    from rujukan.models import STATUS_TERBUKA

    pegawai = pegawai_dari(user)
    q = (q or "").strip()
    if pegawai is None or not q:
        return []
    qs = Klien.objects.milik(pegawai.instansi)
    angka = normalisasi_nomor(q)
    qs = (
        qs.dengan_nik(angka)
        if angka.isdigit() and len(angka) >= 16
        else qs.filter(nama__icontains=q)
    )
    return list(
        qs.annotate(
            jumlah_terbuka=Count("rujukan", filter=Q(rujukan__status__in=STATUS_TERBUKA))
        ).order_by("nama")[:batas]
    )


# -- the case page -----------------------------------------------------------------
@dataclass(frozen=True)
class LangkahStatus:
    langkah: LangkahProsedur
    status: str  # "selesai" | "berjalan" | "akan_datang" | "dilewati"
    pelaksana: str
    waktu_baku: str
    tahap_pertama: bool  # first step of its stage: show the stage's actual time here
    menit_aktual: int | None  # working minutes the case spent in this stage
    tenggat: dt.datetime | None
    oleh: str  # who approved (approval steps)
    pada: dt.datetime | None

    @property
    def status_label(self) -> str:
        return {
            "selesai": _("selesai"),
            "berjalan": _("sedang berjalan"),
            "akan_datang": _("akan datang"),
            "dilewati": _("tidak dilalui"),
        }[self.status]


def _waktu_baku(step: LangkahProsedur) -> str:
    if step.durasi_nilai and step.durasi_satuan:
        nilai = step.durasi_nilai.normalize()
        return f"{nilai:f} {step.get_durasi_satuan_display()}"
    return step.durasi_catatan


def langkah_checklist(rujukan: Rujukan, *, pada: dt.datetime | None = None) -> list[LangkahStatus]:
    """The standard's own steps as done / current / to come / not taken, with
    actor, standard time and actual time."""
    pada = pada or timezone.now()
    kal = clock.kalender(rujukan)
    order = list(Tahap.values)
    sekarang_tahap = STATUS_TAHAP.get(rujukan.status)
    rows = list(rujukan.tahap_waktu.all())
    dikunjungi: dict[str, int] = {}
    tenggat: dict[str, dt.datetime | None] = {}
    for row in rows:
        akhir = row.selesai or rujukan.selesai_pada or pada
        menit = max(0, kal.working_minutes_between(row.mulai, akhir) - row.menit_jeda)
        dikunjungi[row.tahap] = dikunjungi.get(row.tahap, 0) + menit
        tenggat[row.tahap] = row.tenggat
    if rujukan.status in STATUS_PENYERAHAN or (
        rujukan.status == Status.SELESAI and Tahap.PENGARSIPAN in dikunjungi
    ):
        dikunjungi.setdefault(Tahap.PENYERAHAN, 0)
    pos_sekarang = order.index(sekarang_tahap) if sekarang_tahap else len(order)
    konsep = rujukan.konsep.order_by("-versi").first()
    persetujuan = (
        {p.langkah_id: p for p in konsep.persetujuan.select_related("oleh__pegawai")}
        if konsep
        else {}
    )
    berikut = (
        rujukan.langkah_persetujuan_berikut() if rujukan.status == Status.PERSETUJUAN else None
    )
    out: list[LangkahStatus] = []
    dilihat: set[str] = set()
    for step in sorted(rujukan.layanan.langkah.all(), key=lambda x: (x.urutan, x.pk)):
        pos = order.index(step.tahap)
        oleh, waktu = "", None
        if step.tahap == Tahap.PERSETUJUAN and step.pk in persetujuan:
            p = persetujuan[step.pk]
            status = "selesai"
            oleh = getattr(getattr(p.oleh, "pegawai", None), "nama", p.oleh.get_username())
            waktu = p.pada
        elif step.tahap == Tahap.PERSETUJUAN == sekarang_tahap:
            status = "berjalan" if berikut and berikut.langkah_id == step.pk else "akan_datang"
        elif step.tahap == sekarang_tahap:
            status = "berjalan"
        elif step.tahap in dikunjungi and pos < pos_sekarang:
            status = "selesai"
        elif pos < pos_sekarang or rujukan.status in STATUS_AKHIR:
            status = "dilewati" if step.tahap != Tahap.PERMOHONAN else "selesai"
        else:
            status = "akan_datang"
        out.append(
            LangkahStatus(
                langkah=step,
                status=status,
                pelaksana=step.pelaksana or (step.get_peran_display() if step.peran else ""),
                waktu_baku=_waktu_baku(step),
                tahap_pertama=step.tahap not in dilihat,
                menit_aktual=dikunjungi.get(step.tahap),
                tenggat=tenggat.get(step.tahap),
                oleh=oleh,
                pada=waktu,
            )
        )
        dilihat.add(step.tahap)
    return out


@dataclass(frozen=True)
class Tindakan:
    nama: str  # transition name; the service is rujukan_<nama>
    label: str
    boleh: bool
    alasan: str  # why not yet, when boleh is False


def tindakan_untuk(rujukan: Rujukan, *, user) -> list[Tindakan]:
    """The transitions the user's role may take from the case's state, each
    with whether the standard's conditions allow it now (and why not)."""
    from rujukan.riwayat import label_tindakan

    out = []
    meta_names = [t.name for t in Rujukan._meta.get_field("status").get_all_transitions(Rujukan)]
    seen = set()
    for nama in meta_names:
        if nama in seen:
            continue
        seen.add(nama)
        method = getattr(rujukan, nama)
        meta = method._django_fsm
        if not meta.has_transition(rujukan.status):
            continue
        if not meta.has_transition_perm(rujukan, rujukan.status, user):
            continue
        alasan = ""
        for syarat in meta.get_transition(rujukan.status).conditions:
            if not syarat(rujukan):
                alasan = syarat.pesan(rujukan) if isinstance(syarat, Syarat) else ""
                break
        out.append(Tindakan(nama, label_tindakan(f"rujukan.{nama}"), not alasan, alasan))
    return out


# -- public tracking -------------------------------------------------------------------
@dataclass(frozen=True)
class LacakPublik:
    nomor_registrasi: str
    tahap: str
    selesai: bool
    perkiraan_selesai: dt.date | None
    diperbarui: dt.date


def lacak_publik(*, nomor_registrasi: str, kode_lacak: str) -> LacakPublik | None:
    """The pemohon's view: the current stage and expected completion, nothing
    more. None when the number and code do not match (same answer either way)."""
    from rujukan.services.base import cocok_kode_lacak

    nomor = (nomor_registrasi or "").strip().upper()
    if not nomor or not kode_lacak:
        return None
    for r in Rujukan.objects.filter(nomor_registrasi=nomor).select_related("instansi"):
        if cocok_kode_lacak(r, kode_lacak):
            tz = clock.kalender(r).tz
            return LacakPublik(
                nomor_registrasi=r.nomor_registrasi,
                tahap=r.get_status_display(),
                selesai=r.status in STATUS_AKHIR,
                perkiraan_selesai=r.tenggat.astimezone(tz).date()
                if r.tenggat and r.status not in STATUS_AKHIR
                else None,
                diperbarui=r.diperbarui.astimezone(tz).date(),
            )
    return None


def ringkasan_waktu_daftar(
    rujukan: list[Rujukan], *, pada: dt.datetime | None = None
) -> dict[int, clock.RingkasanWaktu]:
    """Time used/allowed and overdue flags for a page of cases, with one
    calendar per instansi (so one holiday query, not one per case)."""
    kalender: dict[int, object] = {}
    out = {}
    for r in rujukan:
        kal = kalender.get(r.instansi_id)
        if kal is None:
            kal = kalender[r.instansi_id] = clock.kalender(r)
        out[r.pk] = clock.ringkasan_waktu(r, pada=pada, kal=kal)
    return out
