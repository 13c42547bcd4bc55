"""Monthly and yearly recaps per service (rekapitulasi layanan) of one office,
for its officials and to send upward: XLSX, CSV and a PDF in naskah-dinas form.

What the figures mean (every count is one SQL aggregate, grouped):
- a case belongs to the period in which it was registered (`dibuat_pada`, in
  the office's own time zone), so each row adds up: diterima = selesai +
  tidak memenuhi syarat + ditarik/dibatalkan + masih berjalan;
- *selesai*: the product was delivered (a state of delivery or `selesai`);
  the moment it was delivered is the start of the archiving stage
  (TahapWaktu), else `diserahkan_pada`, else `selesai_pada`;
- *tepat waktu*: delivered no later than the case's `tenggat`, which the
  clock (rujukan.clock) already moved later for every pause; *terlambat*:
  after it; a case whose standard publishes no time is neither;
- *masih berjalan*: still open at the moment of printing (not delivered);
- the kelurahan is the klien's own `kelurahan` field (with its `kecamatan`),
  as entered at intake, compared without case or surrounding spaces; empty
  when it was not recorded. (The NIK's region code names only the kecamatan.)
- the same standard across its versions is one service (grouped by slug).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Lower, Trim
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from layanan.models import Instansi, Layanan, StatusVersi, Tahap
from layanan.teks import BULAN
from rujukan.models import Rujukan, Status, TahapWaktu
from rujukan.models.rujukan import STATUS_PENYERAHAN, STATUS_TERBUKA

TAHUN_MIN, TAHUN_MAKS = 2000, 2100

STATUS_SELESAI = (*STATUS_PENYERAHAN, Status.SELESAI)
STATUS_BERJALAN = tuple(s for s in STATUS_TERBUKA if s not in STATUS_PENYERAHAN)
STATUS_DITARIK = (Status.DITARIK, Status.DIBATALKAN)


@dataclass(frozen=True)
class Periode:
    """A calendar month (`bulan` 1–12) or a whole year (`bulan` None)."""

    tahun: int
    bulan: int | None = None

    def __post_init__(self) -> None:
        if not TAHUN_MIN <= self.tahun <= TAHUN_MAKS:
            raise ValueError(self.tahun)
        if self.bulan is not None and not 1 <= self.bulan <= 12:
            raise ValueError(self.bulan)

    @property
    def label(self) -> str:
        if self.bulan is None:
            return _("Tahun %(tahun)s") % {"tahun": self.tahun}
        return f"{BULAN[self.bulan - 1]} {self.tahun}"

    @property
    def kode(self) -> str:
        """For file names: 2026-11 or 2026."""
        return f"{self.tahun}-{self.bulan:02d}" if self.bulan else str(self.tahun)

    def batas(self, zona: str) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) in the office's time zone."""
        tz = ZoneInfo(zona)
        if self.bulan is None:
            return dt.datetime(self.tahun, 1, 1, tzinfo=tz), dt.datetime(
                self.tahun + 1, 1, 1, tzinfo=tz
            )
        akhir = (self.tahun + 1, 1) if self.bulan == 12 else (self.tahun, self.bulan + 1)
        return dt.datetime(self.tahun, self.bulan, 1, tzinfo=tz), dt.datetime(*akhir, 1, tzinfo=tz)


@dataclass(frozen=True)
class Angka:
    diterima: int = 0
    selesai: int = 0
    tepat_waktu: int = 0
    terlambat: int = 0
    tidak_memenuhi_syarat: int = 0
    ditarik_dibatalkan: int = 0
    berjalan: int = 0

    @property
    def persen_tepat_waktu(self) -> float | None:
        """Share on time of the finished cases that had a deadline, in percent."""
        diukur = self.tepat_waktu + self.terlambat
        return round(100 * self.tepat_waktu / diukur, 1) if diukur else None


@dataclass(frozen=True)
class Rincian:
    """One row of a breakdown (a PPKS category or a kelurahan)."""

    label: str
    angka: Angka


@dataclass(frozen=True)
class RekapSatuLayanan:
    slug: str
    nama: str
    angka: Angka
    per_kategori: list[Rincian]
    per_kelurahan: list[Rincian]


@dataclass(frozen=True)
class Rekap:
    instansi: Instansi
    periode: Periode
    layanan: list[RekapSatuLayanan]
    total: Angka
    semua_layanan: bool
    dibuat_pada: dt.datetime


@dataclass(frozen=True)
class StandarRingkas:
    """A standard across its versions: its name (of the version in force,
    else the latest) and the id of its first version (for file names)."""

    slug: str
    nama: str
    pk: int


def layanan_instansi(*, instansi: Instansi) -> dict[str, StandarRingkas]:
    """slug -> every standard of the office that has a version beyond a draft."""
    pilih: dict[str, tuple[bool, int, str]] = {}
    pertama: dict[str, int] = {}
    rows = (
        Layanan.objects.filter(instansi=instansi)
        .exclude(status_versi=StatusVersi.DRAF)
        .values_list("slug", "aktif", "versi", "nama", "pk")
        .order_by("urutan", "nama", "slug", "pk")
    )
    for slug, aktif, versi, nama, pk in rows:
        pertama[slug] = min(pk, pertama.get(slug, pk))
        lama = pilih.get(slug)
        if lama is None or (aktif, versi) > lama[:2]:
            pilih[slug] = (aktif, versi, nama)
    return {s: StandarRingkas(slug=s, nama=pilih[s][2], pk=pertama[s]) for s in pilih}


def _waktu_selesai():
    arsip = TahapWaktu.objects.filter(rujukan=OuterRef("pk"), tahap=Tahap.PENGARSIPAN)
    return Coalesce(
        Subquery(arsip.order_by("mulai").values("mulai")[:1]),
        F("diserahkan_pada"),
        F("selesai_pada"),
    )


def _hitungan() -> dict:
    selesai = Q(status__in=STATUS_SELESAI)
    return {
        "diterima": Count("pk"),
        "selesai": Count("pk", filter=selesai),
        "tepat_waktu": Count(
            "pk", filter=selesai & LessThanOrEqual(_waktu_selesai(), F("tenggat"))
        ),
        "terlambat": Count("pk", filter=selesai & GreaterThan(_waktu_selesai(), F("tenggat"))),
        "tidak_memenuhi_syarat": Count("pk", filter=Q(status=Status.TIDAK_MEMENUHI_SYARAT)),
        "ditarik_dibatalkan": Count("pk", filter=Q(status__in=STATUS_DITARIK)),
        "berjalan": Count("pk", filter=Q(status__in=STATUS_BERJALAN)),
    }


def _angka(row: dict) -> Angka:
    return Angka(**{k: row.get(k) or 0 for k in Angka.__dataclass_fields__})


def kasus_periode(*, instansi: Instansi, periode: Periode, slug: str | None = None):
    """The office's cases registered in the period (of one service)."""
    mulai, akhir = periode.batas(instansi.zona_waktu)
    qs = Rujukan.objects.filter(instansi=instansi, dibuat_pada__gte=mulai, dibuat_pada__lt=akhir)
    if slug:
        qs = qs.filter(layanan__slug=slug)
    return qs.order_by()


def rekap_layanan(
    *,
    instansi: Instansi,
    periode: Periode,
    slug: str | None = None,
    standar: dict[str, StandarRingkas],
) -> Rekap:
    """The recap of the period: per service (every standard of `standar`, or only
    `slug`), each broken down by PPKS category and by the klien's kelurahan.
    Four queries, however many cases."""
    qs = kasus_periode(instansi=instansi, periode=periode, slug=slug)
    h = _hitungan()
    per_layanan = {r["layanan__slug"]: _angka(r) for r in qs.values("layanan__slug").annotate(**h)}
    kategori: dict[str, list[Rincian]] = {}
    rows = (
        qs.values("layanan__slug", "kategori_ppks_id")
        .annotate(nama=Max("kategori_ppks__nama"), urutan=Max("kategori_ppks__urutan"), **h)
        .order_by("layanan__slug", F("urutan").asc(nulls_last=True), "nama")
    )
    for r in rows:
        label = r["nama"] or _("Tanpa kategori PPKS")
        kategori.setdefault(r["layanan__slug"], []).append(Rincian(label, _angka(r)))
    kelurahan: dict[str, list[Rincian]] = {}
    rows = (
        qs.values(
            "layanan__slug",
            kel=Lower(Trim("klien__kelurahan")),
            kec=Lower(Trim("klien__kecamatan")),
        )
        .annotate(
            nama_kel=Max(Trim("klien__kelurahan")), nama_kec=Max(Trim("klien__kecamatan")), **h
        )
        .order_by("layanan__slug", "kec", "kel")
    )
    for r in rows:
        label = _label_kelurahan(r["nama_kel"], r["nama_kec"])
        kelurahan.setdefault(r["layanan__slug"], []).append(Rincian(label, _angka(r)))
    total = _angka(qs.aggregate(**h))
    slugs = [slug] if slug else list(standar)
    slugs += sorted(s for s in per_layanan if s not in slugs)  # a renamed or removed standard
    return Rekap(
        instansi=instansi,
        periode=periode,
        layanan=[
            RekapSatuLayanan(
                slug=s,
                nama=standar[s].nama if s in standar else s,
                angka=per_layanan.get(s, Angka()),
                per_kategori=kategori.get(s, []),
                per_kelurahan=_kosong_di_akhir(kelurahan.get(s, [])),
            )
            for s in slugs
        ],
        total=total,
        semua_layanan=slug is None,
        dibuat_pada=timezone.now(),
    )


_TANPA_KELURAHAN = "—"


def _rapi(nama: str | None) -> str:
    """A place name typed all in lower or upper case, in title case."""
    nama = nama or ""
    return nama.title() if nama in (nama.lower(), nama.upper()) else nama


def _label_kelurahan(kel: str | None, kec: str | None) -> str:
    kel, kec = _rapi(kel), _rapi(kec)
    if not kel and not kec:
        return _TANPA_KELURAHAN
    if not kel:
        return _("(kelurahan tidak dicatat), Kec. %(kec)s") % {"kec": kec}
    return f"{kel}, Kec. {kec}" if kec else kel


def _kosong_di_akhir(rows: list[Rincian]) -> list[Rincian]:
    out = [r for r in rows if r.label != _TANPA_KELURAHAN]
    out += [Rincian(_("Tidak dicatat"), r.angka) for r in rows if r.label == _TANPA_KELURAHAN]
    return out


# -- exports ---------------------------------------------------------------------------------------
def kolom_angka() -> list[str]:
    return [
        _("Diterima"),
        _("Selesai"),
        _("Selesai tepat waktu"),
        _("Selesai terlambat"),
        _("Persen tepat waktu"),
        _("Tidak memenuhi syarat"),
        _("Ditarik / dibatalkan"),
        _("Masih berjalan"),
    ]


def nilai_angka(a: Angka) -> list:
    return [
        a.diterima,
        a.selesai,
        a.tepat_waktu,
        a.terlambat,
        a.persen_tepat_waktu,
        a.tidak_memenuhi_syarat,
        a.ditarik_dibatalkan,
        a.berjalan,
    ]


def baris_ekspor(rekap: Rekap) -> Iterable[list]:
    """[bagian, layanan, kelompok, *angka] rows: per service, then its
    categories, then its kelurahan; the total last."""
    for lay in rekap.layanan:
        yield [_("Layanan"), lay.nama, "", *nilai_angka(lay.angka)]
        for r in lay.per_kategori:
            yield [_("Kategori PPKS"), lay.nama, r.label, *nilai_angka(r.angka)]
        for r in lay.per_kelurahan:
            yield [_("Kelurahan/desa"), lay.nama, r.label, *nilai_angka(r.angka)]
    yield [
        _("Jumlah"),
        _("Semua layanan") if rekap.semua_layanan else "",
        "",
        *nilai_angka(rekap.total),
    ]


def _aman(nilai):
    """A cell a spreadsheet will not run as a formula (CSV/formula injection)."""
    if isinstance(nilai, str) and nilai[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + nilai
    return nilai


def _kepala_ekspor() -> list[str]:
    return [_("Bagian"), _("Layanan"), _("Kategori / kelurahan"), *kolom_angka()]


def ekspor_csv(rekap: Rekap) -> bytes:
    out = io.StringIO()
    tulis = csv.writer(out)
    tulis.writerow(_kepala_ekspor())
    for row in baris_ekspor(rekap):
        tulis.writerow(["" if v is None else _aman(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel reads UTF-8


def judul_rekap(rekap: Rekap) -> str:
    return _("Rekapitulasi layanan %(instansi)s, %(periode)s") % {
        "instansi": rekap.instansi.nama,
        "periode": rekap.periode.label,
    }


def ekspor_xlsx(rekap: Rekap, *, dicetak: str) -> bytes:
    """One sheet per view: the services, their PPKS categories, their kelurahan."""
    wb = Workbook()
    lembar = [
        (wb.active, _("Ringkasan"), None),
        (wb.create_sheet(), _("Kategori PPKS"), "per_kategori"),
        (wb.create_sheet(), _("Kelurahan"), "per_kelurahan"),
    ]
    for ws, nama, rincian in lembar:
        ws.title = nama[:31]
        ws.append([judul_rekap(rekap)])
        ws["A1"].font = Font(bold=True, size=12)
        ws.append([dicetak])
        kepala = [_("Layanan")] + ([nama] if rincian else []) + kolom_angka()
        ws.append(kepala)
        for cell in ws[3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for lay in rekap.layanan:
            if rincian is None:
                ws.append([_aman(lay.nama), *nilai_angka(lay.angka)])
                continue
            for r in getattr(lay, rincian):
                ws.append([_aman(lay.nama), _aman(r.label), *nilai_angka(r.angka)])
        if rincian is None:
            ws.append([_("Jumlah"), *nilai_angka(rekap.total)])
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
        lebar = [40] + ([34] if rincian else []) + [12] * len(kolom_angka())
        for i, w in enumerate(lebar, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w
        ws.freeze_panes = "A4"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
