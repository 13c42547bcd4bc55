"""Read queries for the public pages of the offices and their standards.

Every page costs a fixed, small number of queries, whatever the number of
offices, services or components: related rows come through prefetch_related.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects

from layanan.models import (
    Instansi,
    Jabatan,
    LangkahProsedur,
    Layanan,
    Persyaratan,
    Produk,
    StatusVersi,
    SubLayanan,
)

# A search query longer than this is refused kindly by the view.
CARI_PANJANG_MAKS = 100
# Only the first few words count; more words only narrow the hits further.
CARI_KATA_MAKS = 6
CARI_HASIL_MAKS = 50


def _layanan_terbit() -> QuerySet[Layanan]:
    return Layanan.objects.filter(aktif=True).order_by("urutan", "nama")


def instansi_list_with_layanan() -> QuerySet[Instansi]:
    """All offices, each with its published services (two queries)."""
    return Instansi.objects.order_by("nama").prefetch_related(
        Prefetch("layanan", queryset=_layanan_terbit(), to_attr="layanan_terbit")
    )


def instansi_get_with_layanan(*, slug: str) -> Instansi:
    """One office with its published services; raises Instansi.DoesNotExist."""
    return instansi_list_with_layanan().get(slug=slug)


def layanan_standar_get(*, instansi_slug: str, slug: str) -> Layanan:
    """A published standard (its version in force) with every component and
    its public versions (`daftar_versi`, see _versi_publik), in a fixed
    number of queries.

    Raises Layanan.DoesNotExist for an unknown or unpublished standard.
    """
    daftar = _versi_publik(instansi_slug=instansi_slug, slug=slug)
    return _dengan_komponen(next((v for v in daftar if v.aktif), None), daftar)


def layanan_versi_get(*, instansi_slug: str, slug: str, versi: int) -> Layanan:
    """One public version of a standard (an earlier one, or the one in force),
    like layanan_standar_get. Drafts and unknown versions raise
    Layanan.DoesNotExist."""
    daftar = _versi_publik(instansi_slug=instansi_slug, slug=slug)
    return _dengan_komponen(next((v for v in daftar if v.versi == versi), None), daftar)


def _versi_publik(*, instansi_slug: str, slug: str) -> list[Layanan]:
    """The versions of a standard a citizen may read, newest first: the one
    in force and the earlier ones (never a draft, nor a version withdrawn
    from publication). Each earlier version carries `berlaku_sampai`, the
    day the version after it took effect."""
    daftar = list(
        Layanan.objects.filter(instansi__slug=instansi_slug, slug=slug)
        .filter(Q(aktif=True) | Q(status_versi=StatusVersi.ARSIP))
        .select_related("instansi")
        .order_by("-versi")
    )
    sesudahnya = None
    for v in daftar:
        # for the page, not a column: the model declares no such attribute
        v.berlaku_sampai = (  # type: ignore[attr-defined]
            sesudahnya.berlaku_mulai if sesudahnya is not None else None
        )
        sesudahnya = v
    return daftar


def _dengan_komponen(layanan: Layanan | None, daftar: list[Layanan]) -> Layanan:
    if layanan is None:
        raise Layanan.DoesNotExist("Standar pelayanan tidak ditemukan.")
    prefetch_related_objects(
        [layanan],
        Prefetch("sub_layanan", queryset=SubLayanan.objects.order_by("urutan", "pk")),
        Prefetch(
            "persyaratan",
            queryset=Persyaratan.objects.order_by("urutan", "pk"),
            to_attr="persyaratan_semua",
        ),
        Prefetch(
            "langkah",
            queryset=LangkahProsedur.objects.order_by("urutan", "pk").prefetch_related(
                Prefetch("jabatan", queryset=Jabatan.objects.order_by("urutan", "nama"))
            ),
        ),
        "fase_waktu",
        "produk",
        "saluran",
        "tahap_pengaduan",
        "unsur_terlibat",
    )
    layanan.daftar_versi = daftar  # type: ignore[attr-defined]  # for the page, not a column
    return layanan


def kata_kunci(q: str) -> list[str]:
    """The words of a search query: lower-case, without punctuation, deduplicated."""
    words = re.findall(r"\w[\w\-/.]*\w|\w", q.lower())
    seen: list[str] = []
    for word in words:
        if word not in seen:
            seen.append(word)
    return seen[:CARI_KATA_MAKS]


# Words citizens type for what the standards spell out (and the other way round).
SINONIM: dict[str, tuple[str, ...]] = {
    "lansia": ("lanjut usia",),
    "manula": ("lanjut usia",),
    "difabel": ("disabilitas",),
    "cacat": ("disabilitas",),
    "bansos": ("bantuan sosial",),
    "sktm": ("surat keterangan tidak mampu",),
    "panti": ("panti", "lembaga", "balai", "upt"),
    "jompo": ("lanjut usia",),
}


def _cocok(word: str) -> Q:
    cond = Q()
    for term in (word, *SINONIM.get(word, ())):
        cond |= (
            Q(nama__icontains=term)
            | Q(pengertian__icontains=term)
            | Q(instansi__nama__icontains=term)
            | Q(instansi__pemerintah_daerah__icontains=term)
            | Q(pk__in=Persyaratan.objects.filter(teks__icontains=term).values("layanan_id"))
            | Q(pk__in=LangkahProsedur.objects.filter(teks__icontains=term).values("layanan_id"))
            | Q(pk__in=Produk.objects.filter(nama__icontains=term).values("layanan_id"))
        )
    return cond


def layanan_search(*, q: str) -> QuerySet[Layanan]:
    """Published services whose name, office, pengertian, requirements, steps or
    products contain every word of the query, or a common synonym of it
    (case-insensitive)."""
    words = kata_kunci(q)
    qs = _layanan_terbit().select_related("instansi")
    if not words:
        return qs.none()
    for word in words:
        qs = qs.filter(_cocok(word))
    return qs.order_by("instansi__nama", "urutan", "nama")[:CARI_HASIL_MAKS]


def cocok_per_layanan(*, layanan_ids: list[int], q: str) -> dict[int, list[tuple[str, str]]]:
    """For search results: which requirements, steps and products matched a word of
    the query, as (component, text) pairs per service (three queries, at most two
    pairs per component and service)."""
    words = kata_kunci(q)
    hits: dict[int, list[tuple[str, str]]] = {pk: [] for pk in layanan_ids}
    if not words or not layanan_ids:
        return hits
    sources = [
        ("Persyaratan", Persyaratan.objects, "teks"),
        ("Prosedur", LangkahProsedur.objects, "teks"),
        ("Produk", Produk.objects, "nama"),
    ]
    for label, manager, field in sources:
        cond = Q()
        for word in words:
            for term in (word, *SINONIM.get(word, ())):
                cond |= Q(**{f"{field}__icontains": term})
        rows = (
            manager.filter(cond, layanan_id__in=layanan_ids)
            .order_by("layanan_id", "urutan", "pk")
            .values_list("layanan_id", field)
        )
        for layanan_id, text in rows:
            mine = [t for lbl, t in hits[layanan_id] if lbl == label]
            if len(mine) < 2 and text not in mine:
                hits[layanan_id].append((label, text))
    return hits


def susunan_persyaratan(layanan: Layanan) -> dict[str, list[Any]]:
    """How a standard's requirements are shown, from its prefetched rows
    (`persyaratan_semua` and `sub_layanan`, see layanan_standar_get).

    `umum`: requirements for every sub-service; `per_sub`: (sub-service, its
    requirements) for the sub-services that have their own; `jenis_layanan`:
    all sub-services, listed as the kinds of service offered when some of them
    carry no requirements of their own (SI LARAS MANIS), else empty (Depok's
    sub-services show under Persyaratan).
    """
    subs = list(layanan.sub_layanan.all())
    # read through Prefetch(to_attr=), which the model does not declare
    semua: list[Persyaratan] = layanan.persyaratan_semua  # type: ignore[attr-defined]
    per_sub = []
    for sub in subs:
        daftar = [p for p in semua if p.sub_layanan_id == sub.pk]
        if daftar:
            per_sub.append((sub, daftar))
    return {
        "umum": [p for p in semua if p.sub_layanan_id is None],
        "per_sub": per_sub,
        "jenis_layanan": subs if len(per_sub) < len(subs) else [],
    }
