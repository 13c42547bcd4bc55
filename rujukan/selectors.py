"""Reads of the case app: lists and inboxes (instansi-scoped, no N+1), the
case page's procedure checklist and available actions, and the public
tracking answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from layanan.calendar import Kalender
from layanan.models import JenisLangkah, LangkahProsedur, Peran, Tahap
from layanan.pengguna import Pengguna, PenggunaAtauTamu
from layanan.roles import pegawai_dari
from rujukan import clock
from rujukan import langkah as alur_langkah
from rujukan.aksi import DAFTAR_AKSI
from rujukan.models import (
    STATUS_AKHIR,
    STATUS_TAHAP,
    STATUS_TERBUKA,
    JedaWaktu,
    Klien,
    LangkahKasus,
    PersetujuanKlien,
    Rujukan,
    Status,
    StatusLangkah,
    UsulanPanti,
)
from rujukan.models.rujukan import (
    RujukanQuerySet,
    Syarat,
    q_terlambat,
    syarat_langkah_manual,
    syarat_persetujuan_klien,
)
from rujukan.permissions import (
    boleh_bertindak_langkah,
    boleh_menandatangani_usulan,
    boleh_transisi,
    peran_dari,
)
from rujukan.selectors_persetujuan import persetujuan_menunggu
from rujukan.services.base import cocok_kode_lacak
from rujukan.validators import normalisasi_nomor

_M = TypeVar("_M", bound=Model)


def rujukan_terlihat(*, user: PenggunaAtauTamu) -> RujukanQuerySet[Rujukan]:
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
    user: PenggunaAtauTamu,
    status: str | Sequence[str] | None = None,
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
        qs = qs.filter(status__in=[status] if isinstance(status, str) else list(status))
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


def rujukan_get(*, pk: int, lapangan: bool = False) -> Rujukan | None:
    """One case for its pages, or None; who may see it is the caller's check.

    The case pages (default) join the applicant and the PPKS category and
    read the standard's time phases; the case's peksos and registering
    officer come with their staff profiles in one query of their own. The
    field pages (`lapangan=True`) join the peksos and read the standard's
    unsur terlibat instead. What a page does not show (the panti, say) is
    read on first use."""
    # At most six joins: from eight tables on, PostgreSQL spent 8-17 ms
    # planning this one-row read at 100,000 cases (EXPLAIN on portal_bench,
    # 0.3 ms executing it).
    join = ["instansi", "layanan", "sub_layanan", "klien"]
    baca = ["layanan__langkah__jabatan", "layanan__produk"]
    if lapangan:
        join.append("peksos__pegawai")
        baca.append("layanan__unsur_terlibat")
    else:
        join += ["pemohon", "kategori_ppks"]
        baca.append("layanan__fase_waktu")
    rujukan = Rujukan.objects.select_related(*join).prefetch_related(*baca).filter(pk=pk).first()
    if rujukan is not None and not lapangan:
        _muat_pengguna(rujukan)
    return rujukan


def _muat_pengguna(rujukan: Rujukan) -> None:
    """The case's peksos and registering officer, with their staff profiles,
    in one query."""
    ids = {i for i in (rujukan.peksos_id, rujukan.dibuat_oleh_id) if i is not None}
    if not ids:
        return
    users = get_user_model().objects.select_related("pegawai").in_bulk(ids)
    if rujukan.peksos_id is not None:
        rujukan.peksos = users[rujukan.peksos_id]
    if rujukan.dibuat_oleh_id is not None:
        rujukan.dibuat_oleh = users[rujukan.dibuat_oleh_id]


def rujukan_menunggu_persetujuan(*, user: PenggunaAtauTamu) -> list[Rujukan]:
    """The approver's inbox: cases whose next approval is the user's, and
    proposals to a panti waiting for the user's signature — overdue first.
    The turn is decided in SQL (rujukan.selectors_persetujuan): a fixed number
    of queries however many cases wait."""
    return [i.rujukan for i in persetujuan_menunggu(user=user)]


def klien_cari(*, user: PenggunaAtauTamu, q: str, batas: int = 10) -> list[Klien]:
    """Find a returning klien by NIK (exact) or name (contains), within the
    user's instansi, with their open cases counted (`jumlah_terbuka`)."""
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
    status: str  # StatusLangkah: "selesai" | "berjalan" | "menunggu" | "dilewati"
    pelaksana: str
    waktu_baku: str
    menit_aktual: int | None  # working minutes from the step's start to its end (or now)
    tenggat: dt.datetime | None  # the current step's due moment
    oleh: str  # who did it
    pada: dt.datetime | None  # when it was done
    catatan: str = ""  # why it was skipped, or what the actor noted
    pk: int | None = None  # the LangkahKasus row
    manual: bool = False  # finished by its actor on the case page

    @property
    def status_label(self) -> str:
        return str(StatusLangkah(self.status).label)


def _waktu_baku(step: LangkahProsedur) -> str:
    if step.durasi_nilai and step.durasi_satuan:
        nilai = step.durasi_nilai.normalize()
        return f"{nilai:f} {step.get_durasi_satuan_display()}"
    return step.durasi_catatan


def _nama_pegawai(user: Pengguna | None) -> str:
    if user is None:
        return ""
    return getattr(getattr(user, "pegawai", None), "nama", "") or user.get_username()


def langkah_checklist(rujukan: Rujukan, *, pada: dt.datetime | None = None) -> list[LangkahStatus]:
    """The standard's own steps as this case stands on them: done (by whom,
    when), current, to come, or not taken (with the reason); each step's
    published time against its actual working time."""
    pada = pada or timezone.now()
    kal = clock.kalender(rujukan)
    rows = list(
        rujukan.langkah_kasus.select_related("langkah", "selesai_oleh__pegawai").prefetch_related(
            "langkah__jabatan"
        )
    )
    out: list[LangkahStatus] = []
    for row in rows:
        step = row.langkah
        menit = None
        if row.mulai_pada and row.status != StatusLangkah.DILEWATI:
            akhir = row.selesai_pada or rujukan.selesai_pada or pada
            menit = max(0, kal.working_minutes_between(row.mulai_pada, akhir))
        tenggat = None
        if row.status == StatusLangkah.BERJALAN:
            tenggat = rujukan.tenggat_tahap
            if row.mulai_pada and step.durasi_nilai and step.durasi_satuan:
                tenggat = kal.add(row.mulai_pada, step.durasi_nilai, step.durasi_satuan)
        selesai = row.status in (StatusLangkah.SELESAI, StatusLangkah.DILEWATI)
        out.append(
            LangkahStatus(
                langkah=step,
                status=row.status,
                pelaksana=alur_langkah.pelaksana(step),
                waktu_baku=_waktu_baku(step),
                menit_aktual=menit,
                tenggat=tenggat,
                oleh=_nama_pegawai(row.selesai_oleh) if selesai else "",
                pada=row.selesai_pada if selesai else None,
                catatan=row.catatan,
                pk=row.pk,
                manual=alur_langkah.manual(step),
            )
        )
    return out


@dataclass(frozen=True)
class Tindakan:
    """One action on a case as it stands for one user now."""

    nama: str  # a transition name (the service is rujukan_<nama>) or a key of PEKERJAAN
    label: str
    boleh: bool
    alasan: str = ""  # why not, when boleh is False
    status_code: int = 200  # when not boleh: 403 (not this user's role) or 409 (not now)
    terhalang: bool = False  # the user's role may, but a condition of the standard blocks it


# Conditions a transition's own service fulfils before it takes the edge, so
# they never block the action offered to the user: rujukan_submit_for_approval
# writes the draft, rujukan_send_to_panti records the panti chosen in its form.
DIPENUHI_LAYANAN: dict[str, frozenset[str]] = {
    "submit_for_approval": frozenset({"_ada_konsep"}),
    "send_to_panti": frozenset({"_ada_panti_tujuan"}),
}


@dataclass(frozen=True)
class Pekerjaan:
    """Work on a case that is not a state change: the permission it needs (a
    codename, or a policy of rujukan.permissions) and the states where it is
    offered."""

    izin: str | Callable[..., bool]
    status: tuple[str, ...]


_STATUS_SEBELUM_PANTI = (
    Status.PEMERIKSAAN_BERKAS,
    Status.VERIFIKASI,
    Status.PENANGANAN,
    Status.PENGAJUAN_PANTI,
)
PEKERJAAN: dict[str, Pekerjaan] = {
    "record_assessment": Pekerjaan(
        "verifikasi", (Status.PEMERIKSAAN_BERKAS, Status.VERIFIKASI, Status.PENANGANAN)
    ),
    "record_activity": Pekerjaan(
        "tangani", (Status.VERIFIKASI, Status.PENANGANAN, Status.PRODUK_TERBIT)
    ),
    "set_target_panti": Pekerjaan(
        "ajukan_panti",
        (
            Status.VERIFIKASI,
            Status.PENANGANAN,
            Status.PENGAJUAN_PANTI,
            Status.PENYUSUNAN,
            Status.PRODUK_TERBIT,
        ),
    ),
    # the proposal to a panti: drafted by the officer, signed and sent (the
    # transition send_to_panti) or returned by the official who signs letters
    "prepare_panti_proposal": Pekerjaan("ajukan_panti", (Status.PENGAJUAN_PANTI,)),
    # the klien's consent to share their data with a panti, or an official's exception
    "record_consent": Pekerjaan("ajukan_panti", _STATUS_SEBELUM_PANTI),
    "record_consent_exception": Pekerjaan("bagikan_tanpa_persetujuan", _STATUS_SEBELUM_PANTI),
    "return_panti_proposal": Pekerjaan(boleh_menandatangani_usulan, (Status.PENGAJUAN_PANTI,)),
    "assign_peksos": Pekerjaan("tugaskan", STATUS_TERBUKA),
    "pause_clock": Pekerjaan("jeda_waktu", STATUS_TERBUKA),
    "resume_clock": Pekerjaan("jeda_waktu", STATUS_TERBUKA),
}


def _bukan_tahapnya(rujukan: Rujukan, label: str) -> str:
    return _("Tindakan “%(aksi)s” tidak dapat dilakukan saat rujukan pada tahap “%(tahap)s”.") % {
        "aksi": label,
        "tahap": rujukan.get_status_display(),
    }


def _tidak_berwenang() -> str:
    return _("Peran Anda tidak berwenang melakukan tindakan ini.")


def _syarat_gagal(rujukan: Rujukan, nama: str) -> str | None:
    """The first condition of the standard that blocks transition `nama` now
    (skipping those its service fulfils itself), as a sentence; None if none."""
    trans = getattr(type(rujukan), nama)._django_fsm.get_transition(rujukan.status)
    for syarat in trans.conditions:
        if getattr(syarat, "__name__", "") in DIPENUHI_LAYANAN.get(nama, ()):
            continue
        if not syarat(rujukan):
            pesan = syarat.pesan(rujukan) if isinstance(syarat, Syarat) else ""
            return pesan or _("Syarat tindakan ini belum terpenuhi.")
    return None


# Conditions that say an edge belongs to another kind of standard altogether.
TIDAK_UNTUK_STANDAR_INI = frozenset({"_produk_loket"})


def _tidak_untuk_standar_ini(rujukan: Rujukan, nama: str) -> bool:
    trans = getattr(type(rujukan), nama)._django_fsm.get_transition(rujukan.status)
    return any(
        getattr(syarat, "__name__", "") in TIDAK_UNTUK_STANDAR_INI and not syarat(rujukan)
        for syarat in trans.conditions
    )


def _periksa_transisi(
    rujukan: Rujukan, user: PenggunaAtauTamu, nama: tuple[str, ...], label: str
) -> Tindakan:
    kunci = nama[0]
    ada = [n for n in nama if getattr(type(rujukan), n)._django_fsm.has_transition(rujukan.status)]
    if not ada:
        return Tindakan(kunci, label, False, _bukan_tahapnya(rujukan, label), 409)
    boleh = [
        n
        for n in ada
        if getattr(type(rujukan), n)._django_fsm.has_transition_perm(rujukan, rujukan.status, user)
    ]
    if not boleh:
        return Tindakan(kunci, label, False, _tidak_berwenang(), 403)
    alasan = ""
    for n in boleh:
        gagal = _syarat_gagal(rujukan, n)
        if gagal is None:
            return Tindakan(n, label, True)
        alasan = gagal
    if any(_tidak_untuk_standar_ini(rujukan, n) for n in boleh):
        # not a step this standard ever takes: not offered, not listed as blocked
        return Tindakan(boleh[0], label, False, alasan, 409)
    return Tindakan(boleh[0], label, False, alasan, 409, terhalang=True)


def _periksa_pekerjaan(rujukan: Rujukan, user: PenggunaAtauTamu, nama: str, label: str) -> Tindakan:
    kerja = PEKERJAAN[nama]
    boleh = (
        boleh_transisi(user=user, rujukan=rujukan, izin=kerja.izin)
        if isinstance(kerja.izin, str)
        else kerja.izin(user=user, rujukan=rujukan)
    )
    if not boleh:
        return Tindakan(nama, label, False, _tidak_berwenang(), 403)
    if rujukan.status not in kerja.status:
        return Tindakan(nama, label, False, _bukan_tahapnya(rujukan, label), 409)
    alasan = ""
    if nama in ("record_consent", "record_consent_exception"):
        if not rujukan.alur.pengajuan_panti:  # this standard shares nothing with a panti
            return Tindakan(nama, label, False, _bukan_tahapnya(rujukan, label), 409)
        if rujukan.persetujuan_klien.filter(cakupan=PersetujuanKlien.Cakupan.PEMBAGIAN).exists():
            alasan = _("Persetujuan klien atas pembagian datanya sudah dicatat.")
    elif nama == "prepare_panti_proposal":
        if rujukan.usulan_panti_menunggu() is not None:
            alasan = _("Usulan ke panti sudah menunggu tanda tangan pejabat.")
        else:
            for syarat in (syarat_langkah_manual, syarat_persetujuan_klien):
                if not syarat(rujukan):
                    return Tindakan(nama, label, False, syarat.pesan(rujukan), 409, terhalang=True)
    elif nama == "return_panti_proposal" and rujukan.usulan_panti_menunggu() is None:
        alasan = _("Tidak ada usulan ke panti yang menunggu tanda tangan.")
    elif nama == "pause_clock" and rujukan.dijeda:
        alasan = _("Waktu rujukan ini sudah dijeda.")
    elif nama == "resume_clock" and not rujukan.dijeda:
        alasan = _("Waktu rujukan ini tidak sedang dijeda.")
    elif nama == "resume_clock":
        # waiting on someone whose answer restarts the clock
        alasan = clock.jeda_menunggu_pihak_lain(rujukan) or ""
    if alasan:
        return Tindakan(nama, label, False, alasan, 409)
    return Tindakan(nama, label, True)


def periksa_tindakan(
    rujukan: Rujukan, *, user: PenggunaAtauTamu, nama: str | tuple[str, ...], label: str = ""
) -> Tindakan:
    """May `user` take this action on the case now, and if not, why (with the
    4xx it deserves)? `nama` is a transition, alternatives of one action (the
    panti accepts or refuses) or a kind of work in PEKERJAAN. The services
    check everything again when they run."""
    if isinstance(nama, str) and nama in PEKERJAAN:
        return _periksa_pekerjaan(rujukan, user, nama, label or nama)
    nama = (nama,) if isinstance(nama, str) else tuple(nama)
    return _periksa_transisi(rujukan, user, nama, label or DAFTAR_AKSI.label(f"rujukan.{nama[0]}"))


# -- public tracking -------------------------------------------------------------------
@dataclass(frozen=True)
class LacakPublik:
    pk: int  # not shown: the survey invitation of a finished case is found by it
    nomor_registrasi: str
    tahap: str
    selesai: bool
    perkiraan_selesai: dt.date | None
    diperbarui: dt.date


def lacak_publik(*, nomor_registrasi: str, kode_lacak: str) -> LacakPublik | None:
    """The pemohon's view: the current stage and expected completion, nothing
    more. None when the number and code do not match (same answer either way)."""
    nomor = (nomor_registrasi or "").strip().upper()
    if not nomor or not kode_lacak:
        return None
    for r in Rujukan.objects.filter(nomor_registrasi=nomor).select_related("instansi"):
        if cocok_kode_lacak(r, kode_lacak):
            tz = clock.kalender(r).tz
            return LacakPublik(
                pk=r.pk,
                nomor_registrasi=r.nomor_registrasi,
                tahap=r.get_status_display(),
                selesai=r.status in STATUS_AKHIR,
                perkiraan_selesai=r.tenggat.astimezone(tz).date()
                if r.tenggat and r.status not in STATUS_AKHIR
                else None,
                diperbarui=r.diperbarui.astimezone(tz).date(),
            )
    return None


# -- the staff home: whose turn it is -----------------------------------------------------------
# Field steps: a peksos must be assigned to the case before anyone can do them.
JENIS_LAPANGAN = frozenset({JenisLangkah.KUNJUNGAN, JenisLangkah.ASESMEN, JenisLangkah.PENANGANAN})
# Edges every open case has (withdraw, cancel) do not make a case someone's turn.
# Signing the proposal to a panti is an approval (rujukan_menunggu_persetujuan).
_BUKAN_GILIRAN = frozenset({"withdraw", "cancel", "send_to_panti"})
# Approvals are a turn of their own: rujukan_menunggu_persetujuan.
_STATUS_GILIRAN = tuple(s for s in STATUS_TERBUKA if s != Status.PERSETUJUAN)
# The work waiting in a state whose stage publishes no step: its stage's, except
# that a case just submitted waits for its file check.
_TAHAP_KERJA = {Status.DIAJUKAN: Tahap.PEMERIKSAAN_BERKAS}
BATAS_PANEL = 15


@dataclass(frozen=True)
class Giliran:
    """A case where it is one user's turn: the step to do and when it is due."""

    rujukan: Rujukan
    langkah: str  # the step's name; the stage's work when the stage publishes no step
    tenggat: dt.datetime | None
    terlambat: bool
    tugaskan: bool = False  # the turn is to assign a peksos for the case's field step


@dataclass(frozen=True)
class DaftarGiliran:
    giliran: list[Giliran]  # at most `batas`, soonest due first
    total: int  # all of them, counted in SQL
    # the office's open cases per state, in the order of the states (read with
    # the samples of each state: the home's summary needs no query of its own)
    per_status: dict[str, int] = field(default_factory=dict)


def pertama_dan_jumlah(qs: QuerySet[_M], *, batas: int) -> tuple[list[_M], int]:
    """The first `batas` rows of an ordered list and how many rows it has, in
    one query (the count is a window over the whole filtered set)."""
    rows: list[Any] = list(qs.annotate(jumlah_semua=Window(Count("pk")))[:batas])
    return rows, rows[0].jumlah_semua if rows else 0


def panel_tenggat(
    terbuka: QuerySet[Rujukan], *, pada: dt.datetime, batas: int
) -> tuple[list[Rujukan], int, list[Rujukan], int]:
    """The staff home's two deadline panels in one query: the open cases
    overdue (RujukanQuerySet.terlambat) and those due within 24 hours that are
    not overdue yet — the first `batas` of each, soonest stage deadline first,
    and how many each has (windows partitioned by panel)."""
    besok = pada + dt.timedelta(days=1)
    terlambat = q_terlambat(pada)  # `terbuka` holds open cases only
    jatuh_tempo = Q(dijeda=False) & (
        Q(tenggat__range=(pada, besok)) | Q(tenggat_tahap__range=(pada, besok))
    )
    urut = (F("tenggat_tahap").asc(nulls_last=True), F("tenggat").asc(nulls_last=True), "pk")
    rows = list(
        terbuka.annotate(
            _panel=Case(
                When(terlambat, then=Value(1)),
                When(jatuh_tempo, then=Value(2)),
                default=None,
                output_field=IntegerField(),
            )
        )
        .filter(_panel__isnull=False)
        .annotate(
            _ke=Window(RowNumber(), partition_by=F("_panel"), order_by=urut),
            _jumlah=Window(Count("pk"), partition_by=F("_panel")),
        )
        .filter(_ke__lte=batas)
        .select_related("klien")
        .order_by("_panel", *urut)
    )
    telat: list[Rujukan] = [r for r in rows if r._panel == 1]
    tempo: list[Rujukan] = [r for r in rows if r._panel == 2]
    jumlah: dict[int, int] = {r._panel: r._jumlah for r in rows}
    return telat, jumlah.get(1, 0), tempo, jumlah.get(2, 0)


def tenggat_langkah(row: LangkahKasus, rujukan: Rujukan, *, kal: Kalender) -> dt.datetime | None:
    """When a current step is due: its published duration from its start on
    the office's calendar, else the stage's due moment (as langkah_checklist)."""
    step = row.langkah
    if row.mulai_pada and step.durasi_nilai and step.durasi_satuan:
        return kal.add(row.mulai_pada, step.durasi_nilai, step.durasi_satuan)
    return rujukan.tenggat_tahap


def _filter_langkah_giliran(
    *, user: Pengguna, instansi_id: int, berjalan: QuerySet[LangkahKasus]
) -> tuple[Q | None, set[int]]:
    """The current steps that are `user`'s turn, as a filter on the rows, and
    the field steps whose turn for this user is to assign a peksos.

    Judged once per published step (not per case) by the one policy,
    boleh_bertindak_langkah, except for a step whose actor role is the peksos:
    that is the turn of the peksos assigned to the case; while nobody is
    assigned, a field step is the turn of those who assign, any other step
    (a draft…) the turn of the step's actors."""
    biasa: list[int] = []
    peksos: list[int] = []
    tanpa_peksos: list[int] = []
    tugaskan: set[int] = set()
    boleh_tugaskan = user.has_perm("rujukan.tugaskan")
    dimuat = getattr(user, "_langkah_instansi", None)
    if dimuat is not None and dimuat[0] == instansi_id:
        # read with the approval chains in this request: all the office's steps
        steps = dimuat[1]
    else:
        steps = LangkahProsedur.objects.filter(
            pk__in=berjalan.values("langkah_id")
        ).prefetch_related("jabatan")
    for step in steps:
        boleh = boleh_bertindak_langkah(user=user, langkah=step)
        if step.peran != Peran.PEKERJA_SOSIAL:
            if boleh:
                biasa.append(step.pk)
            continue
        peksos.append(step.pk)
        if step.jenis in JENIS_LAPANGAN:
            if boleh_tugaskan:
                tugaskan.add(step.pk)
        elif boleh:
            tanpa_peksos.append(step.pk)
    syarat = []
    if biasa:
        syarat.append(Q(langkah_id__in=biasa))
    if peksos:
        syarat.append(Q(langkah_id__in=peksos, rujukan__peksos=user))
    if tanpa_peksos or tugaskan:
        syarat.append(Q(langkah_id__in=[*tanpa_peksos, *tugaskan], rujukan__peksos__isnull=True))
    q = None
    for s in syarat:
        q = s if q is None else q | s
    return q, tugaskan


def _berlangkah() -> Exists:
    return Exists(
        LangkahKasus.objects.filter(rujukan=OuterRef("pk"), status=StatusLangkah.BERJALAN)
    )


def _contoh_per_status(*, instansi_id: int) -> tuple[list[Rujukan], dict[str, int]]:
    """One query over the office's open cases: how many in each state (the
    home's summary), and in each state the first case with no current step
    (the sample _status_giliran reads), in the order of the states."""
    rows = list(
        Rujukan.objects.filter(instansi_id=instansi_id, status__in=STATUS_TERBUKA)
        .annotate(_berlangkah=_berlangkah(), _jumlah=Window(Count("pk"), partition_by=F("status")))
        .order_by("status", "_berlangkah", "pk")
        .distinct("status")
    )
    urutan = {s: i for i, s in enumerate(STATUS_TERBUKA)}
    rows.sort(key=lambda r: urutan[r.status])
    return [r for r in rows if not r._berlangkah], {r.status: r._jumlah for r in rows}


def _status_giliran(*, user: Pengguna, contoh: list[Rujukan]) -> list[str]:
    """The states where this user's role takes a transition of the case's
    state machine (read from the machine's own permissions on one case of
    each state, so the number of queries does not grow with the cases)."""
    transisi = [
        t
        for t in Rujukan._meta.get_field("status").get_all_transitions(Rujukan)
        if t.name not in _BUKAN_GILIRAN
    ]
    return [
        r.status
        for r in contoh
        if r.status in _STATUS_GILIRAN
        and any(t.source in (r.status, "*", "+") and t.has_perm(r, user) for t in transisi)
    ]


def _kasus_tanpa_langkah(
    *, user: Pengguna, kasus: QuerySet[Rujukan], contoh: list[Rujukan]
) -> QuerySet[Rujukan]:
    """Cases whose stage has no current step (it publishes none: the file check
    of many standards, a draft nobody published a step for): the user's turn
    when their role takes the state's transition; a peksos's only when the
    case is assigned to them."""
    tanpa = kasus.exclude(_berlangkah())
    status = _status_giliran(user=user, contoh=contoh)
    if user.has_perm("rujukan.ajukan_panti"):  # drafting the proposal is not a transition
        status.append(Status.PENGAJUAN_PANTI)
    tanpa = tanpa.filter(status__in=status)
    if Peran.PEKERJA_SOSIAL in peran_dari(user):
        tanpa = tanpa.filter(peksos=user)
    return tanpa


def _kerja_tahap(rujukan: Rujukan) -> str:
    return str(Tahap(_TAHAP_KERJA.get(rujukan.status, STATUS_TAHAP[rujukan.status])).label)


def rujukan_giliran(
    *, user: Pengguna, batas: int = BATAS_PANEL, pada: dt.datetime | None = None
) -> DaftarGiliran:
    """The open cases of the user's instansi where it is this user's turn —
    one entry per current step of the case that is theirs (the step's name
    and when it is due), or the stage's work for a case whose stage has no
    published step. Approvals are not here (rujukan_menunggu_persetujuan).
    A fixed number of queries however many cases there are; `batas` shown,
    all of them counted in SQL."""
    pada = pada or timezone.now()
    pegawai = pegawai_dari(user)
    if pegawai is None or not user.has_perm("rujukan.view_rujukan"):
        return DaftarGiliran([], 0)
    kasus = Rujukan.objects.filter(instansi_id=pegawai.instansi_id, status__in=_STATUS_GILIRAN)
    berjalan = LangkahKasus.objects.filter(
        status=StatusLangkah.BERJALAN,
        rujukan__instansi_id=pegawai.instansi_id,
        rujukan__status__in=_STATUS_GILIRAN,
    )
    q, tugaskan = _filter_langkah_giliran(
        user=user, instansi_id=pegawai.instansi_id, berjalan=berjalan
    )
    contoh, per_status = _contoh_per_status(instansi_id=pegawai.instansi_id)
    # while a proposal to a panti waits for the signature, it is the signer's turn
    menunggu_ttd = UsulanPanti.objects.filter(status=UsulanPanti.StatusUsulan.MENUNGGU)
    baris_qs = (
        berjalan.filter(q).exclude(Exists(menunggu_ttd.filter(rujukan_id=OuterRef("rujukan_id"))))
        if q is not None
        else LangkahKasus.objects.none()
    )
    tanpa_qs = _kasus_tanpa_langkah(user=user, kasus=kasus, contoh=contoh).exclude(
        Exists(menunggu_ttd.filter(rujukan_id=OuterRef("pk")))
    )
    baris, n_baris = pertama_dan_jumlah(
        baris_qs.select_related("langkah", "rujukan__klien", "rujukan__instansi").order_by(
            F("rujukan__tenggat_tahap").asc(nulls_last=True), "rujukan_id", "urutan"
        ),
        batas=batas,
    )
    tanpa, n_tanpa = pertama_dan_jumlah(
        tanpa_qs.select_related("klien", "instansi").order_by(
            F("tenggat_tahap").asc(nulls_last=True), "pk"
        ),
        batas=batas,
    )

    def terlambat(r: Rujukan, tenggat: dt.datetime | None) -> bool:
        return bool(tenggat and tenggat < pada and not r.dijeda)

    out: list[Giliran] = []
    kal = None
    for row in baris:
        r = row.rujukan
        if kal is None:  # one calendar: every case is of the user's instansi
            kal = clock.kalender(r)
        tenggat = tenggat_langkah(row, r, kal=kal)
        out.append(
            Giliran(
                rujukan=r,
                langkah=alur_langkah.nama_langkah(row),
                tenggat=tenggat,
                terlambat=terlambat(r, tenggat),
                tugaskan=row.langkah_id in tugaskan and r.peksos_id is None,
            )
        )
    for r in tanpa:
        tenggat = r.tenggat_tahap or r.tenggat
        out.append(Giliran(r, _kerja_tahap(r), tenggat, terlambat(r, tenggat)))
    out.sort(key=lambda g: (g.tenggat is None, g.tenggat or pada, g.rujukan.pk))
    return DaftarGiliran(out[:batas], n_baris + n_tanpa, per_status)


def subjek_kasus(rujukan: Rujukan) -> dict[str, list[Any]]:
    """Who else the case is about: the other members of a family or group
    case, and the named officers of an organisation klien."""
    anggota = list(rujukan.anggota.select_related("klien"))
    pengurus = list(rujukan.klien.pengurus.all()) if rujukan.klien.lembaga else []
    return {"anggota": anggota, "pengurus": pengurus}
