"""Reads of the staff case list (rujukan.views.daftar) at a province's scale.

Every filter and sort of the list is a plain condition on the case row,
served by an index of rujukan.Rujukan.Meta (checked with EXPLAIN on 100,000
cases): no `id IN (subquery)` over the whole office, no join of the klien or
pemohon tables before the page is cut. A page is read in one query that picks
its 25 ids from the index first and only then joins the few tables it shows
(the "deferred join": the cost of page 40 is the cost of page 1 plus an
index walk), with the columns the list shows and whether each case is overdue
computed in the same row. The count under the list is capped: exact up to
BATAS_HITUNG cases, "more than" beyond (counting 30,000 closed cases on every
request bought nothing the reader uses), so a page costs the same however
many cases the office has."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils import timezone

from layanan.models import Instansi
from layanan.pengguna import PenggunaAtauTamu
from rujukan.models import STATUS_AKHIR, STATUS_TERBUKA, SUMBER_ONLINE, Klien, Rujukan, Sumber
from rujukan.models.rujukan import STATUS_PENYERAHAN, RujukanQuerySet
from rujukan.selectors import rujukan_terlihat
from rujukan.validators import normalisasi_nomor

PER_HALAMAN = 25
BATAS_HITUNG = 1000

# what the list shows of a case and of its related rows (rujukan/daftar.html)
KOLOM = (
    "instansi_id",
    "nomor_registrasi",
    "status",
    "sumber",
    "dibuat_pada",
    "tenggat",
    "tenggat_tahap",
    "dijeda",
    "layanan__nama",
    "sub_layanan__nama",
    "klien__nama",
    "klien__nik",
    "peksos__pegawai__nama",
)
URUTAN = {
    "-dibuat_pada": ("-dibuat_pada", "-pk"),
    "dibuat_pada": ("dibuat_pada", "-pk"),
    "tenggat": ("tenggat", "-pk"),
}


def q_terlambat(pada: dt.datetime) -> Q:
    """RujukanQuerySet.terlambat as one condition (for a column of the row)."""
    return (
        Q(status__in=STATUS_TERBUKA)
        & ~Q(status__in=STATUS_PENYERAHAN)
        & Q(dijeda=False)
        & (Q(tenggat__lt=pada) | Q(tenggat_tahap__lt=pada))
    )


def saring_tampilan(
    qs: RujukanQuerySet[Rujukan],
    tampilan: str,
    *,
    user: PenggunaAtauTamu,
    pada: dt.datetime | None = None,
) -> RujukanQuerySet[Rujukan]:
    """The list's tabs: open, overdue, mine, closed, all."""
    if tampilan == "terbuka":
        return qs.filter(status__in=STATUS_TERBUKA)
    if tampilan == "terlambat":
        return qs.terlambat(pada)
    if tampilan == "saya":
        return qs.filter(Q(peksos=user) | Q(dibuat_oleh=user))
    if tampilan == "selesai":
        return qs.filter(status__in=STATUS_AKHIR)
    return qs


def saring_sumber(qs: RujukanQuerySet[Rujukan], sumber: str) -> RujukanQuerySet[Rujukan]:
    if sumber == "online":
        return qs.filter(sumber__in=sorted(SUMBER_ONLINE))
    if sumber == Sumber.LOKET:
        return qs.filter(sumber=Sumber.LOKET)
    return qs


def saring_cari(qs: RujukanQuerySet[Rujukan], q: str) -> RujukanQuerySet[Rujukan]:
    """By NIK (16 digits, its keyed hash), registration number or the klien's
    name (as rujukan.selectors.rujukan_list)."""
    q = (q or "").strip()
    if not q:
        return qs
    angka = normalisasi_nomor(q)
    if angka.isdigit() and len(angka) == 16:
        return qs.filter(klien__in=Klien.objects.dengan_nik(angka))
    if q.upper().startswith("RJK"):
        return qs.filter(nomor_registrasi__iexact=q.upper())
    return qs.filter(Q(klien__nama__icontains=q) | Q(nomor_registrasi__icontains=q))


def rujukan_daftar(*, user: PenggunaAtauTamu) -> RujukanQuerySet[Rujukan]:
    """The cases the user may see, to be filtered (no joins, no columns chosen yet)."""
    return rujukan_terlihat(user=user).order_by(*URUTAN["-dibuat_pada"])


@dataclass(frozen=True)
class Hitungan:
    """The Paginator part the templates read: `count` (capped), `num_pages`
    (None when the count is capped), and whether it was capped."""

    count: int
    lebih: bool

    @property
    def num_pages(self) -> int | None:
        return None if self.lebih else max(1, math.ceil(self.count / PER_HALAMAN))


@dataclass(frozen=True)
class HalamanDaftar:
    """One page of the list, read like a Django Page by the templates."""

    object_list: list[Rujukan]
    number: int
    paginator: Hitungan
    ada_berikut: bool

    def has_next(self) -> bool:
        return self.ada_berikut

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def _nomor(halaman: str | int | None) -> int:
    if halaman is None:
        return 1
    try:
        return max(1, int(halaman))
    except (TypeError, ValueError):
        return 1


def _baris(
    qs: QuerySet[Rujukan], urutan: tuple[str, ...], nomor: int, *, pada: dt.datetime
) -> list[Rujukan]:
    """Page `nomor` (and one row more, to know a next page exists): its ids cut
    from the index, then those rows joined to what the list shows."""
    mulai = (nomor - 1) * PER_HALAMAN
    ids = qs.order_by(*urutan).values("pk")[mulai : mulai + PER_HALAMAN + 1]
    return list(
        Rujukan.objects.filter(pk__in=ids)
        .select_related("layanan", "sub_layanan", "klien", "peksos__pegawai")
        .only(*KOLOM)
        .annotate(terlambat_=ExpressionWrapper(q_terlambat(pada), output_field=BooleanField()))
        .order_by(*urutan)
    )


def halaman_daftar(
    qs: QuerySet[Rujukan],
    *,
    urutan: str,
    halaman: str | int | None,
    instansi: Instansi,
    pada: dt.datetime | None = None,
) -> HalamanDaftar:
    """Page `halaman` of the filtered cases in `urutan`: two queries (the
    capped count and the page). A page past the end shows the last one, as
    Paginator.get_page does."""
    pada = pada or timezone.now()
    kolom_urut = URUTAN.get(urutan, URUTAN["-dibuat_pada"])
    qs = qs.order_by()
    n = qs[: BATAS_HITUNG + 1].count()
    hitungan = Hitungan(min(n, BATAS_HITUNG), lebih=n > BATAS_HITUNG)
    nomor = _nomor(halaman)
    if hitungan.num_pages is not None:
        nomor = min(nomor, hitungan.num_pages)
    baris = _baris(qs, kolom_urut, nomor, pada=pada)
    if not baris and nomor > 1:  # past the end of a capped count (rare): the last page
        hitungan = Hitungan(qs.count(), lebih=False)
        nomor = hitungan.num_pages or 1
        baris = _baris(qs, kolom_urut, nomor, pada=pada)
    for r in baris:
        if r.instansi_id == instansi.pk:  # the user's office: no join for it
            r.instansi = instansi
    return HalamanDaftar(
        object_list=baris[:PER_HALAMAN],
        number=nomor,
        paginator=hitungan,
        ada_berikut=len(baris) > PER_HALAMAN,
    )
