"""Read queries for complaint pages: scoped to what the user may see, without N+1."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from layanan.pengguna import Pengguna, PenggunaAtauTamu
from pengaduan import permissions
from pengaduan.models import (
    Kejadian,
    Lampiran,
    Pelapor,
    Pengaduan,
    Tanggapan,
    TemplatBalasan,
)
from pengaduan.services import cocokkan_kode, normalisasi_nomor


def pengaduan_untuk_staf(*, user: PenggunaAtauTamu) -> QuerySet[Pengaduan]:
    """Every complaint this staff member may see: their instansi, or only what was disposed
    to them."""
    instansi_id = permissions.staff_instansi_id(user)
    if instansi_id is None:
        return Pengaduan.objects.none()
    qs = Pengaduan.objects.filter(instansi_id=instansi_id)
    if not permissions.sees_all_of_instansi(user):
        qs = qs.filter(petugas=user)
    return qs


def pengaduan_daftar(*, user: PenggunaAtauTamu) -> QuerySet[Pengaduan]:
    return (
        pengaduan_untuk_staf(user=user)
        .select_related("layanan", "petugas__pegawai")
        .only(
            "pk",
            "nomor",
            "judul",
            "jenis",
            "saluran",
            "status",
            "diterima_pada",
            "batas_waktu",
            "instansi_id",
            "layanan__nama",
            "petugas__username",
            "petugas__pegawai__nama",
            "bidang",
            "rahasia",
        )
        .annotate(
            ada_lampiran=Exists(Lampiran.objects.filter(pengaduan=OuterRef("pk"))),
        )
        .order_by("batas_waktu", "pk")
    )


def _lewat_waktu(now: dt.datetime) -> Q:
    return Q(status__in=Pengaduan.AKTIF, batas_waktu__lt=now)


def filter_lewat_waktu(
    qs: QuerySet[Pengaduan], now: dt.datetime | None = None
) -> QuerySet[Pengaduan]:
    return qs.filter(_lewat_waktu(now or timezone.now()))


def jumlah_aktif_dan_lewat(
    qs: QuerySet[Pengaduan], now: dt.datetime | None = None
) -> tuple[int, int]:
    """How many complaints of `qs` are open, and how many of them are past
    their deadline (filter_lewat_waktu): one counting query."""
    hasil = qs.order_by().aggregate(
        aktif=Count("pk", filter=Q(status__in=Pengaduan.AKTIF)),
        lewat=Count("pk", filter=_lewat_waktu(now or timezone.now())),
    )
    return hasil["aktif"], hasil["lewat"]


def pengaduan_detail(*, user: PenggunaAtauTamu, pk: int) -> Pengaduan | None:
    """One complaint with its messages, files and history, if the user may see it."""
    p = (
        pengaduan_untuk_staf(user=user)
        .select_related("instansi", "layanan", "petugas__pegawai", "duplikat_dari")
        .prefetch_related(
            Prefetch(
                "tanggapan",
                queryset=Tanggapan.objects.select_related("penulis__pegawai").prefetch_related(
                    "lampiran"
                ),
            ),
            Prefetch("lampiran", queryset=Lampiran.objects.filter(tanggapan__isnull=True)),
            Prefetch("kejadian", queryset=Kejadian.objects.select_related("oleh__pegawai")),
        )
        .filter(pk=pk)
        .first()
    )
    return p


def identitas(*, user: PenggunaAtauTamu, pengaduan: Pengaduan) -> Pelapor | None:
    """The reporter's identity, or None when this user may not see it (anonim)."""
    if not permissions.boleh_lihat_identitas(user, pengaduan):
        return None
    return getattr(pengaduan, "pelapor", None)


def pengaduan_lacak(*, nomor: str, kode: str) -> Pengaduan | None:
    """The ticket whose number AND tracking code match; None otherwise (no hint which)."""
    p = Pengaduan.objects.filter(nomor=normalisasi_nomor(nomor)).first()
    return p if cocokkan_kode(p, kode) else None


def pengaduan_publik(*, pk: int) -> Pengaduan | None:
    """A ticket for its tracking page (already authorised by the session)."""
    return (
        Pengaduan.objects.select_related("instansi", "layanan")
        .prefetch_related(
            Prefetch(
                "tanggapan",
                queryset=Tanggapan.objects.filter(
                    jenis__in=[Tanggapan.Jenis.BALASAN, Tanggapan.Jenis.PELAPOR]
                ).prefetch_related("lampiran"),
            ),
            "kejadian",
        )
        .filter(pk=pk)
        .first()
    )


def petugas_tujuan(*, instansi_id: int) -> QuerySet[Pengguna]:
    """Staff of the instansi who can handle complaints: the disposition targets."""
    User = get_user_model()
    perm = Q(groups__permissions__codename="tangani_pengaduan") | Q(
        user_permissions__codename="tangani_pengaduan"
    )
    return (
        User.objects.filter(is_active=True, pegawai__instansi_id=instansi_id)
        .filter(perm)
        .select_related("pegawai")
        .distinct()
        .order_by("pegawai__nama")
    )


def templat_untuk(*, instansi_id: int, status: str | None = None) -> QuerySet[TemplatBalasan]:
    qs = TemplatBalasan.objects.filter(instansi_id=instansi_id)
    if status is not None:
        qs = qs.filter(aktif=True).filter(Q(status="") | Q(status=status))
    return qs
