"""Copying the content of one standard into another version row.

A draft of a new version, and a copy of another office's standard, start
with every row of their source: the layanan's own fields, its sub-services,
requirements, steps (with their jabatan), phases, products and complaint
rows. References inside the standard (a step's return step, the step a
requirement is checked at, a requirement's sub-service) point at the copies,
never back at the source; a reference that already left the standard is
dropped. The copy's version fields (versi, status, SK) are the caller's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models

from layanan.models import (
    FaseWaktu,
    Instansi,
    Jabatan,
    LangkahProsedur,
    Layanan,
    Persyaratan,
    Produk,
    SaluranPengaduan,
    SubLayanan,
    TahapPengaduan,
    UnsurTerlibat,
)

# The fields of a layanan that belong to one version, not to its content.
KOLOM_VERSI = frozenset(
    {"versi", "status_versi", "aktif", "nomor_sk", "tanggal_sk", "berlaku_mulai", "urutan"}
)
# Child rows without references of their own, copied as they are.
BARIS_POLOS: tuple[type[models.Model], ...] = (
    FaseWaktu,
    SaluranPengaduan,
    TahapPengaduan,
    UnsurTerlibat,
)
# Every kind of child row of a layanan: the content of one standard, all copied by `salin_isi`.
ISI_STANDAR: tuple[type[models.Model], ...] = (
    SubLayanan,
    LangkahProsedur,
    Persyaratan,
    Produk,
    *BARIS_POLOS,
)

PetaJabatan = Callable[[Jabatan], Jabatan]


def isi_kolom(obj: models.Model, *, kecuali: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The values of a row's own columns (no primary key, no relation)."""
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if not f.primary_key and not f.is_relation and f.editable and f.name not in kecuali
    }


def isi_layanan(sumber: Layanan) -> dict[str, Any]:
    """What a new version takes from its source: everything but the version."""
    return isi_kolom(sumber, kecuali=KOLOM_VERSI)


def jabatan_sama(jabatan: Jabatan) -> Jabatan:
    """Within one office a copied step names the same jabatan."""
    return jabatan


def jabatan_di(instansi: Instansi) -> PetaJabatan:
    """For a copy into `instansi`: the jabatan of that office with the same
    name, created there with the source's role when the office has none."""
    cache: dict[str, Jabatan] = {}

    def untuk(jabatan: Jabatan) -> Jabatan:
        if jabatan.instansi_id == instansi.pk:
            return jabatan
        if jabatan.nama not in cache:
            cache[jabatan.nama], _ = Jabatan.objects.get_or_create(
                instansi=instansi,
                nama=jabatan.nama,
                defaults={"peran": jabatan.peran, "urutan": jabatan.urutan},
            )
        return cache[jabatan.nama]

    return untuk


def salin_isi(*, sumber: Layanan, tujuan: Layanan, jabatan_untuk: PetaJabatan) -> None:
    """Copy every child row of `sumber` into `tujuan` (saved, without rows)."""
    sub_baru: dict[int, int] = {}
    for sub in SubLayanan.objects.filter(layanan=sumber).order_by("urutan", "pk"):
        sub_baru[sub.pk] = SubLayanan.objects.create(layanan=tujuan, **isi_kolom(sub)).pk

    langkah = list(
        LangkahProsedur.objects.filter(layanan=sumber)
        .order_by("urutan", "pk")
        .prefetch_related("jabatan")
    )
    langkah_baru: dict[int, LangkahProsedur] = {}
    for step in langkah:
        salinan = LangkahProsedur.objects.create(layanan=tujuan, **isi_kolom(step))
        salinan.jabatan.set([jabatan_untuk(j) for j in step.jabatan.all()])
        langkah_baru[step.pk] = salinan
    for step in langkah:
        target = langkah_baru.get(step.kembali_ke_id) if step.kembali_ke_id else None
        if target is not None:
            salinan = langkah_baru[step.pk]
            salinan.kembali_ke = target
            salinan.save(update_fields=["kembali_ke"])

    Persyaratan.objects.bulk_create(
        [
            Persyaratan(
                layanan=tujuan,
                sub_layanan_id=sub_baru.get(p.sub_layanan_id),
                langkah_periksa=langkah_baru.get(p.langkah_periksa_id),
                **isi_kolom(p),
            )
            for p in Persyaratan.objects.filter(layanan=sumber).order_by("urutan", "pk")
        ]
    )
    Produk.objects.bulk_create(
        [
            Produk(layanan=tujuan, sub_layanan_id=sub_baru.get(p.sub_layanan_id), **isi_kolom(p))
            for p in Produk.objects.filter(layanan=sumber).order_by("urutan", "pk")
        ]
    )
    for model in BARIS_POLOS:
        model.objects.bulk_create(
            [
                model(layanan=tujuan, **isi_kolom(row))
                for row in model.objects.filter(layanan=sumber).order_by("urutan", "pk")
            ]
        )
