"""Which jabatan a member of staff holds or covers today, and as whom.

One query per user per request (cached on the user object): the user's role
groups, the jabatan the staff profile holds, and the Plt/Plh appointments in
force today in the office's own time zone. The
apps' policies read it (`jabatan_dipegang`, `penunjukan_berlaku`), and so does
`PelaksanaBackend`, which gives an acting official the permissions of the
covered jabatan's portal role for the period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import CharField, DateField, IntegerField, Value
from django.db.models.functions import Cast
from django.utils import timezone

from layanan.models import Jabatan, Pegawai, PenunjukanPelaksana, Peran
from layanan.models_pelaksana import hari_ini
from layanan.roles import GROUP_NAMES


@dataclass(frozen=True)
class Pelaksana:
    """One user today: their role groups, the jabatan held by right, and the
    Plt/Plh appointments in force."""

    grup: frozenset[str]  # auth group names
    dipegang: frozenset[int]
    penunjukan: tuple[PenunjukanPelaksana, ...]  # in force today, jabatan loaded

    @property
    def dilaksanakan(self) -> frozenset[int]:
        return frozenset(p.jabatan_id for p in self.penunjukan)

    @property
    def peran_pelaksana(self) -> frozenset[str]:
        return frozenset(p.jabatan.peran for p in self.penunjukan)


_KOSONG = Pelaksana(grup=frozenset(), dipegang=frozenset(), penunjukan=())
_GRUP, _JABATAN, _TUNJUK = 0, 1, 2


def pelaksana_dari(user) -> Pelaksana:
    """The groups, held jabatan and appointments in force today of `user`, in
    one query (a second one only for an acting official), cached on the user
    object for the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return _KOSONG
    cache = getattr(user, "_pelaksana_cache", None)
    if cache is not None:
        return cache
    # Indonesia's zones are UTC+7 to UTC+9: the office's today is the UTC date
    # or the day after; the query takes both, the exact date is checked below.
    utc = timezone.now().astimezone(dt.UTC).date()
    # typed NULLs: PostgreSQL reads two bare NULLs of a UNION as text
    tanpa_tanggal = Cast(Value(None), DateField())
    tanpa_angka = Cast(Value(None), IntegerField())
    grup = (
        Group.objects.filter(user=user.pk)
        .order_by()
        .values_list(
            Value(_GRUP, output_field=IntegerField()),
            tanpa_angka,
            "name",
            tanpa_tanggal,
            tanpa_tanggal,
        )
    )
    dipegang = (
        Jabatan.objects.filter(pemegang__user_id=user.pk)
        .order_by()
        .values_list(
            Value(_JABATAN, output_field=IntegerField()),
            "pk",
            Value("", output_field=CharField()),
            tanpa_tanggal,
            tanpa_tanggal,
        )
    )
    ditunjuk = (
        PenunjukanPelaksana.objects.filter(
            pegawai__user_id=user.pk, mulai__lte=utc + dt.timedelta(days=1), selesai__gte=utc
        )
        .order_by()
        .values_list(
            Value(_TUNJUK, output_field=IntegerField()),
            "pk",
            "instansi__zona_waktu",
            "mulai",
            "selesai",
        )
    )
    nama_grup: set[str] = set()
    held: set[int] = set()
    ids: list[int] = []
    for jenis, pk, teks, mulai, selesai in grup.union(dipegang, ditunjuk, all=True):
        if jenis == _GRUP:
            nama_grup.add(teks)
        elif jenis == _JABATAN:
            held.add(pk)
        elif mulai <= hari_ini(teks) <= selesai:
            ids.append(pk)
    penunjukan: tuple[PenunjukanPelaksana, ...] = ()
    if ids:  # only an acting official pays for this query
        penunjukan = tuple(
            PenunjukanPelaksana.objects.filter(pk__in=ids).select_related(
                "jabatan", "instansi", "pegawai"
            )
        )
    hasil = Pelaksana(grup=frozenset(nama_grup), dipegang=frozenset(held), penunjukan=penunjukan)
    user._pelaksana_cache = hasil
    return hasil


def jabatan_dipegang(user) -> set[int]:
    """The jabatan `user` acts as today: held, or covered as Plt/Plh."""
    p = pelaksana_dari(user)
    return set(p.dipegang | p.dilaksanakan)


def penunjukan_berlaku(user) -> tuple[PenunjukanPelaksana, ...]:
    return pelaksana_dari(user).penunjukan


def pemegang_jabatan(penunjukan: PenunjukanPelaksana) -> str:
    """The name of the official an acting official stands in for: the holder
    of the jabatan (the office's head from the Instansi for a vacant head of
    office), or '' for a vacant post."""
    nama = (
        Pegawai.objects.filter(jabatan_portal=penunjukan.jabatan_id)
        .exclude(pk=penunjukan.pegawai_id)
        .order_by("pk")
        .values_list("nama", flat=True)
        .first()
    )
    if nama:
        return nama
    if penunjukan.jabatan.peran == Peran.KEPALA_DINAS:
        return penunjukan.instansi.kepala_nama or ""
    return ""


class PelaksanaBackend(BaseBackend):
    """Gives an acting official the permissions of the portal role of the
    jabatan he covers, for the period of the appointment. Authenticates no one."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return set()
        cache = getattr(user_obj, "_pelaksana_perm_cache", None)
        if cache is None:
            peran = pelaksana_dari(user_obj).peran_pelaksana
            cache = set()
            if peran:
                names = [GROUP_NAMES[p] for p in peran if p in GROUP_NAMES]
                cache = {
                    f"{app}.{codename}"
                    for app, codename in Permission.objects.filter(
                        group__name__in=names
                    ).values_list("content_type__app_label", "codename")
                }
            user_obj._pelaksana_perm_cache = cache
        return cache
