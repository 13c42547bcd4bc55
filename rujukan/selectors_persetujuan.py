"""Reads of the approvals inbox: what waits for this user's paraf or
signature (draft letters at their turn of the approval chain, proposals to a
panti waiting for their signature), the count in the staff header, and
which items the user has opened for review.

The chain-turn rule is decided in SQL: the policy (rujukan.permissions) is
asked once per step of the office's approval chains — never per case — which
(service, position in the chain) pairs are this user's, and a case is theirs
when its active draft has exactly the approvals before that position. The
inbox then confirms each row with the policy itself on prefetched data, so the
number of queries does not grow with the items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from layanan.models import LangkahProsedur, Layanan
from layanan.models_akses import AksesData
from layanan.pengguna import PenggunaAtauTamu
from layanan.roles import pegawai_dari
from rujukan.alur import rantai_persetujuan
from rujukan.models import Konsep, Persetujuan, Rujukan, Status, UsulanPanti
from rujukan.permissions import (
    boleh_bertindak_langkah,
    boleh_menandatangani_usulan,
    giliran_persetujuan,
    peran_dari,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The access-log code of the review page: a row of it is the "opened for
# approval" record that lets an item be approved with others at once.
APA_PERIKSA = "rujukan.persetujuan_periksa"

_TTD = LangkahProsedur.JenisPersetujuan.TANDA_TANGAN


@dataclass(frozen=True)
class GiliranRantai:
    """The user's turns in the office's chains: (service, approvals done
    before the user's step) for drafts; the services whose letters they sign
    (the proposals to a panti)."""

    konsep: frozenset[tuple[int, int]]
    usulan: frozenset[int]


def _giliran_rantai(*, user: PenggunaAtauTamu, instansi_id: int) -> GiliranRantai:
    cache = getattr(user, "_giliran_rantai_cache", None)
    if cache is not None and cache[0] == instansi_id:
        return cache[1]
    peran = peran_dari(user)
    layanan = Layanan.objects.filter(instansi_id=instansi_id).prefetch_related(
        Prefetch(
            "langkah",
            queryset=LangkahProsedur.objects.order_by("urutan", "pk").prefetch_related("jabatan"),
        )
    )
    konsep: set[tuple[int, int]] = set()
    usulan: set[int] = set()
    dimuat: list[LangkahProsedur] = []
    for lay in layanan:
        langkah = list(lay.langkah.all())
        dimuat.extend(langkah)
        per_pk = {s.pk: s for s in langkah}
        for r in rantai_persetujuan(lay, langkah):
            step = per_pk.get(r.langkah_id) if r.langkah_id is not None else None
            milik = (
                boleh_bertindak_langkah(user=user, langkah=step)
                if step is not None
                else r.peran in peran
            )
            if milik:
                konsep.add((lay.pk, r.urutan - 1))
                if r.jenis == _TTD:
                    usulan.add(lay.pk)
    hasil = GiliranRantai(frozenset(konsep), frozenset(usulan))
    # memos for this request, kept on its user object (not fields of the model)
    user._giliran_rantai_cache = (instansi_id, hasil)  # type: ignore[union-attr]
    # every published step of the office, with its jabatan: the staff home's
    # turns (rujukan.selectors.rujukan_giliran) judge them without reading again
    user._langkah_instansi = (instansi_id, dimuat)  # type: ignore[union-attr]
    return hasil


def _konsep_diajukan() -> QuerySet[Konsep]:
    return Konsep.objects.filter(status=Konsep.StatusKonsep.DIAJUKAN)


def _giliran_user(*, user: PenggunaAtauTamu, segar: bool) -> tuple[int, GiliranRantai] | None:
    pegawai = pegawai_dari(user)
    if (
        pegawai is None
        or not user.has_perm("rujukan.setujui")
        or not user.has_perm("rujukan.view_rujukan")
    ):
        return None
    if segar:
        return pegawai.instansi_id, _giliran_rantai(user=user, instansi_id=pegawai.instansi_id)
    # the header's badge: the user's turns change only with the office's
    # standards or jabatan, so a few minutes' memory spares three queries on
    # every page (the inbox itself always asks the policy afresh)
    kunci = f"rujukan:giliran-rantai:{user.pk}:{pegawai.instansi_id}"
    giliran = cache.get(kunci)
    if giliran is None:
        giliran = _giliran_rantai(user=user, instansi_id=pegawai.instansi_id)
        cache.set(kunci, giliran, INGAT_GILIRAN_DETIK)
    return pegawai.instansi_id, giliran


INGAT_GILIRAN_DETIK = 300


def _menunggu_qs(*, user: PenggunaAtauTamu, segar: bool = True) -> QuerySet[Rujukan] | None:
    """The cases waiting for the user: drafts at their turn of the chain and
    proposals to a panti waiting for their signature, of their instansi, in
    one queryset; None when the user approves nothing."""
    dari = _giliran_user(user=user, segar=segar)
    if dari is None:
        return None
    instansi_id, giliran = dari
    q = Q(pk__in=[])
    if giliran.konsep:
        turn = Q(pk__in=[])
        for layanan_id, n in sorted(giliran.konsep):
            turn |= Q(layanan_id=layanan_id, _sudah=n)
        q |= Q(
            turn,
            Exists(_konsep_diajukan().filter(rujukan_id=OuterRef("pk"))),
            status=Status.PERSETUJUAN,
        )
    if giliran.usulan:
        q |= Q(
            Exists(
                UsulanPanti.objects.filter(
                    rujukan_id=OuterRef("pk"), status=UsulanPanti.StatusUsulan.MENUNGGU
                )
            ),
            status=Status.PENGAJUAN_PANTI,
            layanan_id__in=sorted(giliran.usulan),
        )
    if not giliran.konsep and not giliran.usulan:
        return Rujukan.objects.none()
    sudah = (
        Persetujuan.objects.filter(
            konsep__rujukan_id=OuterRef("pk"), konsep__status=Konsep.StatusKonsep.DIAJUKAN
        )
        .order_by()
        .values("konsep__rujukan_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Rujukan.objects.filter(instansi_id=instansi_id)
        .annotate(_sudah=Coalesce(Subquery(sudah), 0))
        .filter(q)
    )


def jumlah_menunggu_persetujuan(*, user: PenggunaAtauTamu) -> int:
    """How many items wait for the user (the staff header's badge): one
    counting query; nothing for a role that never approves."""
    qs = _menunggu_qs(user=user, segar=False)
    if qs is None:
        return 0
    return qs.order_by().count()


@dataclass(frozen=True)
class ItemPersetujuan:
    """One item of the inbox: a draft letter or a proposal to a panti."""

    rujukan: Rujukan
    usulan: bool  # a proposal to a panti (signature), else a draft of the chain
    langkah: str  # what is asked: paraf / tanda tangan, and of which step
    tanda_tangan: bool
    menunggu_sejak: dt.datetime
    tenggat: dt.datetime | None
    terlambat: bool
    dibuka: bool  # the user opened its review page since it came to them

    @property
    def pk(self) -> int:
        return self.rujukan.pk


def _muat(qs: QuerySet[Rujukan]) -> QuerySet[Rujukan]:
    return qs.select_related(
        "instansi", "layanan", "sub_layanan", "klien", "pemohon", "peksos__pegawai"
    ).prefetch_related(
        "layanan__langkah__jabatan",
        "layanan__produk",
        Prefetch(
            "konsep",
            queryset=_konsep_diajukan().prefetch_related(
                Prefetch("persetujuan", queryset=Persetujuan.objects.order_by("urutan"))
            ),
        ),
        Prefetch(
            "usulan_panti",
            queryset=UsulanPanti.objects.filter(
                status=UsulanPanti.StatusUsulan.MENUNGGU
            ).select_related("panti"),
            to_attr="usulan_menunggu",
        ),
    )


def _dibuka(*, user_id: int | None, pks: list[int]) -> dict[int, dt.datetime]:
    if not pks or user_id is None:
        return {}
    rows = (
        AksesData.objects.filter(user_id=user_id, apa=APA_PERIKSA, rujukan_id__in=pks)
        .order_by()
        .values("rujukan_id")
        .annotate(terakhir=Max("waktu"))
        .values_list("rujukan_id", "terakhir")
    )
    return {rujukan_id: terakhir for rujukan_id, terakhir in rows if rujukan_id is not None}


def _item_konsep(
    r: Rujukan, user: PenggunaAtauTamu, dibuka: dict[int, dt.datetime], pada: dt.datetime
) -> ItemPersetujuan | None:
    if not giliran_persetujuan(user=user, rujukan=r):
        return None
    konsep = r.konsep_aktif()
    langkah = r.langkah_persetujuan_berikut()
    if konsep is None or langkah is None:  # the turn implies both
        return None
    sejak = max([konsep.dibuat_pada, *(p.pada for p in konsep.persetujuan.all())])
    return _item(r, False, langkah.label, langkah.jenis == _TTD, sejak, dibuka, pada)


def _item_usulan(
    r: Rujukan, user: PenggunaAtauTamu, dibuka: dict[int, dt.datetime], pada: dt.datetime
) -> ItemPersetujuan | None:
    # read by _muat through Prefetch(to_attr=), which the model does not declare
    menunggu: list[UsulanPanti] = r.usulan_menunggu  # type: ignore[attr-defined]
    if not menunggu or not boleh_menandatangani_usulan(user=user, rujukan=r):
        return None
    usulan = menunggu[0]
    label = _("Tanda tangan usulan ke %(panti)s") % {"panti": usulan.panti.nama}
    return _item(r, True, label, True, usulan.dibuat_pada, dibuka, pada)


def _item_dari(
    r: Rujukan, user: PenggunaAtauTamu, dibuka: dict[int, dt.datetime], pada: dt.datetime
) -> ItemPersetujuan | None:
    if r.status == Status.PENGAJUAN_PANTI:
        return _item_usulan(r, user, dibuka, pada)
    return _item_konsep(r, user, dibuka, pada)


def _item(
    r: Rujukan,
    usulan: bool,
    label: StrOrPromise,
    ttd: bool,
    sejak: dt.datetime,
    dibuka: dict[int, dt.datetime],
    pada: dt.datetime,
) -> ItemPersetujuan:
    tenggat = r.tenggat_tahap or r.tenggat
    dibuka_pada = dibuka.get(r.pk)
    return ItemPersetujuan(
        rujukan=r,
        usulan=usulan,
        langkah=str(label),
        tanda_tangan=ttd,
        menunggu_sejak=sejak,
        tenggat=tenggat,
        terlambat=bool(tenggat and tenggat < pada and not r.dijeda),
        dibuka=bool(dibuka_pada and dibuka_pada >= sejak),
    )


def _urutan_inbox(qs: QuerySet[Rujukan], *, pada: dt.datetime) -> QuerySet[Rujukan]:
    """The inbox's order in SQL, as persetujuan_menunggu sorts its items:
    overdue first, then by deadline (none last), then the longest waiting
    (since the draft or its latest approval, or since the proposal), then pk."""
    konsep = _konsep_diajukan().filter(rujukan_id=OuterRef("pk")).order_by("-versi")
    konsep_sejak = Subquery(konsep.values("dibuat_pada")[:1])
    setuju = (
        Persetujuan.objects.filter(
            konsep__rujukan_id=OuterRef("pk"), konsep__status=Konsep.StatusKonsep.DIAJUKAN
        )
        .order_by()
        .values("konsep__rujukan_id")
        .annotate(terakhir=Max("pada"))
        .values("terakhir")
    )
    usulan = UsulanPanti.objects.filter(
        rujukan_id=OuterRef("pk"), status=UsulanPanti.StatusUsulan.MENUNGGU
    ).order_by("dibuat_pada", "pk")
    return (
        qs.annotate(
            _tenggat=Coalesce("tenggat_tahap", "tenggat"),
            _sejak=Case(
                When(
                    status=Status.PENGAJUAN_PANTI,
                    then=Subquery(usulan.values("dibuat_pada")[:1]),
                ),
                default=Greatest(konsep_sejak, Coalesce(Subquery(setuju), konsep_sejak)),
            ),
        )
        .annotate(
            _telat=Case(When(Q(_tenggat__lt=pada, dijeda=False), then=Value(0)), default=Value(1))
        )
        .order_by("_telat", F("_tenggat").asc(nulls_last=True), "_sejak", "pk")
    )


def persetujuan_menunggu(
    *, user: PenggunaAtauTamu, pada: dt.datetime | None = None, batas: int | None = None
) -> list[ItemPersetujuan]:
    """The approvals inbox: overdue first, then by deadline (none last), then
    the longest waiting. A fixed number of queries however many items; with
    `batas`, only the first `batas` of them are read (ordered in SQL)."""
    pada = pada or timezone.now()
    qs = _menunggu_qs(user=user)
    if qs is None:
        return []
    if batas is not None:
        qs = _urutan_inbox(qs, pada=pada)[:batas]
    kasus = list(_muat(qs))
    dibuka = _dibuka(user_id=user.pk, pks=[r.pk for r in kasus])
    items = [i for r in kasus if (i := _item_dari(r, user, dibuka, pada)) is not None]
    items.sort(
        key=lambda i: (
            not i.terlambat,
            i.tenggat is None,
            i.tenggat or pada,
            i.menunggu_sejak,
            i.pk,
        )
    )
    return items


def item_persetujuan(
    *, user: PenggunaAtauTamu, pk: int, pada: dt.datetime | None = None
) -> ItemPersetujuan | None:
    """One item of the user's inbox (None when the case is not waiting for them)."""
    pada = pada or timezone.now()
    qs = _menunggu_qs(user=user)
    if qs is None:
        return None
    r = _muat(qs.filter(pk=pk)).first()
    if r is None:
        return None
    return _item_dari(r, user, _dibuka(user_id=user.pk, pks=[pk]), pada)


__all__ = [
    "APA_PERIKSA",
    "ItemPersetujuan",
    "item_persetujuan",
    "jumlah_menunggu_persetujuan",
    "persetujuan_menunggu",
]
