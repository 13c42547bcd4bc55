"""The index (IKM) per Permenpan RB 14/2017, computed in the database.

- NRR per unsur (nilai rata-rata) = the sum of the answers to that element /
  the number of respondents who answered it. A respondent who chose "tidak
  menjawab" for an element is left out of that element only.
- NRR tertimbang = NRR × 1/9 (the regulation's weight, written there as 0,111).
- IKM = the sum of the weighted NRR × 25, i.e. the mean of the nine NRR × 25,
  rounded to two decimals; the grade is read from the rounded IKM.
- When an element has no answer at all in the chosen set, it is named in
  `unsur_tanpa_jawaban` and the IKM is the mean over the elements that were
  answered (a mean of eight, not a zero that would drag the index down).

Every figure comes from one aggregate query (sums, counts and the profile
counts as conditional counts), whatever the number of responses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from layanan.models import Instansi, Layanan
from survei.models import UNSUR, ResponSurvei, UndanganSurvei
from survei.tautan import STATUS_PENGADUAN_SELESAI, STATUS_RUJUKAN_SELESAI

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DUA_DESIMAL = Decimal("0.01")
TIGA_DESIMAL = Decimal("0.001")

# (lowest IKM, letter, performance) — the regulation's table, from the top.
MUTU: tuple[tuple[Decimal, str, StrOrPromise], ...] = (
    (Decimal("88.31"), "A", gettext_lazy("Sangat Baik")),
    (Decimal("76.61"), "B", gettext_lazy("Baik")),
    (Decimal("65.00"), "C", gettext_lazy("Kurang Baik")),
    (Decimal("25.00"), "D", gettext_lazy("Tidak Baik")),
)

# Age groups of the report (years, inclusive; None = open).
KELOMPOK_UMUR: tuple[tuple[str, int | None, int | None], ...] = (
    ("< 20", None, 19),
    ("20–29", 20, 29),
    ("30–39", 30, 39),
    ("40–49", 40, 49),
    ("50–59", 50, 59),
    ("≥ 60", 60, None),
)


@dataclass(frozen=True)
class Mutu:
    huruf: str
    kinerja: str


def mutu_dari(ikm: Decimal) -> Mutu | None:
    """The grade of an IKM already rounded to two decimals (None below 25)."""
    for batas, huruf, kinerja in MUTU:
        if ikm >= batas:
            return Mutu(huruf=huruf, kinerja=str(kinerja))
    return None


@dataclass(frozen=True)
class NilaiUnsur:
    kode: str  # "u1" … "u9"
    nama: str
    jumlah_jawaban: int
    jumlah_nilai: int
    nrr: Decimal | None  # three decimals, None when nobody answered
    nrr_tertimbang: Decimal | None

    @property
    def label(self) -> str:
        return self.kode.upper()


@dataclass(frozen=True)
class BarisProfil:
    label: str
    jumlah: int


@dataclass(frozen=True)
class HasilIKM:
    instansi: Instansi
    layanan: Layanan | None
    mulai: dt.date
    sampai: dt.date
    jumlah_responden: int
    unsur: list[NilaiUnsur]
    unsur_tanpa_jawaban: list[str]  # labels "U4", … of elements nobody answered
    nrr_tertimbang: Decimal | None  # sum of the weighted NRR (four decimals)
    ikm: Decimal | None  # two decimals; None with no response
    mutu: Mutu | None
    profil: dict[str, list[BarisProfil]]  # heading -> rows


def _rentang(mulai: dt.date, sampai: dt.date) -> Q:
    return Q(diisi__date__gte=mulai, diisi__date__lte=sampai)


def _profil_agregat() -> dict[str, Count]:
    out: dict[str, Count] = {}
    for nilai, _label in ResponSurvei.JenisKelamin.choices:
        out[f"jk_{nilai}"] = Count("pk", filter=Q(jenis_kelamin=nilai))
    for nilai, _label in ResponSurvei.Pendidikan.choices:
        out[f"pd_{nilai}"] = Count("pk", filter=Q(pendidikan=nilai))
    for nilai, _label in ResponSurvei.Pekerjaan.choices:
        out[f"pk_{nilai}"] = Count("pk", filter=Q(pekerjaan=nilai))
    for i, (_kelompok, bawah, atas) in enumerate(KELOMPOK_UMUR):
        q = Q()
        if bawah is not None:
            q &= Q(umur__gte=bawah)
        if atas is not None:
            q &= Q(umur__lte=atas)
        out[f"um_{i}"] = Count("pk", filter=q)
    return out


def ikm_hitung(
    *,
    instansi: Instansi,
    mulai: dt.date,
    sampai: dt.date,
    layanan: Layanan | None = None,
) -> HasilIKM:
    """The IKM of an office (or one of its services) over [mulai, sampai]
    (dates of filling in, inclusive, in the portal's time zone): one query."""
    qs = ResponSurvei.objects.filter(_rentang(mulai, sampai), instansi=instansi)
    if layanan is not None:
        qs = qs.filter(layanan=layanan)
    agregat: dict[str, Count | Sum] = {"n": Count("pk")}
    for kode, *_rest in UNSUR:
        agregat[f"{kode}_sum"] = Sum(kode)
        agregat[f"{kode}_n"] = Count(kode)
    agregat.update(_profil_agregat())
    row = qs.aggregate(**agregat)

    bobot = Fraction(1, len(UNSUR))
    unsur: list[NilaiUnsur] = []
    nrr_dijawab: list[Fraction] = []
    for kode, nama, _tanya, _jawab in UNSUR:
        n, total = row[f"{kode}_n"] or 0, row[f"{kode}_sum"] or 0
        nrr = Fraction(total, n) if n else None
        if nrr is not None:
            nrr_dijawab.append(nrr)
        unsur.append(
            NilaiUnsur(
                kode=kode,
                nama=str(nama),
                jumlah_jawaban=n,
                jumlah_nilai=total,
                nrr=_desimal(nrr, TIGA_DESIMAL) if nrr is not None else None,
                nrr_tertimbang=_desimal(nrr * bobot, TIGA_DESIMAL) if nrr is not None else None,
            )
        )
    ikm = mutu = tertimbang = None
    if nrr_dijawab:
        rerata = sum(nrr_dijawab, Fraction(0)) / len(nrr_dijawab)
        tertimbang = _desimal(rerata, Decimal("0.0001"))
        ikm = _desimal(rerata * 25, DUA_DESIMAL)
        mutu = mutu_dari(ikm)
    return HasilIKM(
        instansi=instansi,
        layanan=layanan,
        mulai=mulai,
        sampai=sampai,
        jumlah_responden=row["n"],
        unsur=unsur,
        unsur_tanpa_jawaban=[u.label for u in unsur if u.nrr is None] if row["n"] else [],
        nrr_tertimbang=tertimbang,
        ikm=ikm,
        mutu=mutu,
        profil=_profil(row),
    )


def _profil(row: dict[str, Any]) -> dict[str, list[BarisProfil]]:
    return {
        _("Jenis kelamin"): [
            BarisProfil(str(label), row[f"jk_{v}"])
            for v, label in ResponSurvei.JenisKelamin.choices
        ],
        _("Umur"): [
            BarisProfil(label, row[f"um_{i}"]) for i, (label, _b, _a) in enumerate(KELOMPOK_UMUR)
        ],
        _("Pendidikan"): [
            BarisProfil(str(label), row[f"pd_{v}"]) for v, label in ResponSurvei.Pendidikan.choices
        ],
        _("Pekerjaan"): [
            BarisProfil(str(label), row[f"pk_{v}"]) for v, label in ResponSurvei.Pekerjaan.choices
        ],
    }


def _desimal(nilai: Fraction, tempat: Decimal) -> Decimal:
    return (Decimal(nilai.numerator) / Decimal(nilai.denominator)).quantize(
        tempat, rounding=ROUND_HALF_UP
    )


# -- periods ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Periode:
    mulai: dt.date
    sampai: dt.date
    label: str


JENIS_PERIODE = {
    "bulan": (1, 12),
    "triwulan": (3, 4),
    "semester": (6, 2),
    "tahun": (12, 1),
}


def periode_dari(*, jenis: str, tahun: int, ke: int = 1) -> Periode:
    """A calendar month/quarter/semester/year: `ke` is 1-based within the year."""
    bulan_per, jumlah = JENIS_PERIODE[jenis]
    if not 1 <= ke <= jumlah:
        raise ValueError(ke)
    awal_bulan = (ke - 1) * bulan_per + 1
    mulai = dt.date(tahun, awal_bulan, 1)
    akhir_bulan = awal_bulan + bulan_per
    sampai = (
        dt.date(tahun + 1, 1, 1) if akhir_bulan > 12 else dt.date(tahun, akhir_bulan, 1)
    ) - dt.timedelta(days=1)
    nama = {
        "bulan": _("Bulan %(ke)s/%(tahun)s"),
        "triwulan": _("Triwulan %(ke)s %(tahun)s"),
        "semester": _("Semester %(ke)s %(tahun)s"),
        "tahun": _("Tahun %(tahun)s"),
    }[jenis] % {"ke": ke, "tahun": tahun}
    return Periode(mulai=mulai, sampai=sampai, label=nama)


def undangan_terbuka_untuk(
    *, rujukan_id: int | None = None, pengaduan_id: int | None = None
) -> UndanganSurvei | None:
    """The unused invitation of a closed case or ticket (for the tracking
    pages): the invitation exists from intake, but is offered only once the
    service is done."""
    qs = UndanganSurvei.objects.filter(used_at__isnull=True)
    if rujukan_id is not None:
        return qs.filter(rujukan_id=rujukan_id, rujukan__status__in=STATUS_RUJUKAN_SELESAI).first()
    if pengaduan_id is not None:
        return qs.filter(
            pengaduan_id=pengaduan_id, pengaduan__status__in=STATUS_PENGADUAN_SELESAI
        ).first()
    return None
