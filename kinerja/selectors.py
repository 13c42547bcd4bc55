"""The office's performance figures, every one computed in the database.

Each function runs a fixed number of queries whatever the volume of cases
and complaints (the dashboard's total is asserted in tests/kinerja). Times
are measured on the office's working calendar (kinerja.waktu.MenitKerja) in
the unit the standard publishes, so "3 hari kerja" is compared with working
days and "14 hari" with calendar days.

- A case counts for a period by its registration; its completion time
  (registration to closing) by its closing, for cases finished or found
  ineligible. "On time" means closed by its due moment (Rujukan.tenggat,
  already moved later by the pauses the clock recorded).
- A procedure step counts when it was done (LangkahKasus selesai, with a
  start), by the moment it was done; on time when its working time is within
  the step's published time.
- Working minutes are those stored when a step was done or a case closed
  (LangkahKasus.menit_kerja, Rujukan.menit_kerja, filled by the services;
  `manage.py hitung_menit_kerja` measures older rows), so the figures are
  plain aggregates.
- A complaint counts by the moment it was received; answered on time when
  its first answer came no later than its response deadline.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinerja.waktu import MenitKerja, Persentil, durasi_dalam_satuan, libur, persentil_cont
from layanan.calendar import Kalender
from layanan.models import Instansi, LangkahProsedur, Layanan, SatuanWaktu
from pengaduan.models import Pengaduan
from rujukan.models import LangkahKasus, Rujukan, Status
from rujukan.models.langkah import StatusLangkah, menit_kerja_antara
from rujukan.models.rujukan import STATUS_PENYERAHAN, STATUS_TERBUKA, RujukanQuerySet
from survei.selectors import ikm_hitung

STATUS_TUNTAS = (Status.SELESAI, Status.TIDAK_MEMENUHI_SYARAT)
BATAS_DAFTAR_TERLAMBAT = 20

PERIODE = [
    ("30hari", _("30 hari terakhir")),
    ("bulanini", _("Bulan ini")),
    ("12bulan", _("12 bulan terakhir")),
    ("khusus", _("Rentang tanggal")),
]


def _persen(bagian: int, dari: int) -> float | None:
    return round(100 * bagian / dari, 1) if dari else None


@dataclass(frozen=True)
class Periode:
    kode: str
    dari: dt.date
    sampai: dt.date  # inclusive
    mulai: dt.datetime  # aware, start of `dari` in the office's zone
    akhir: dt.datetime  # aware, start of the day after `sampai`


def periode(
    *,
    instansi: Instansi,
    kode: str = "30hari",
    dari: dt.date | None = None,
    sampai: dt.date | None = None,
    pada: dt.datetime | None = None,
) -> Periode:
    kal = Kalender(instansi)
    hari_ini = (pada or timezone.now()).astimezone(kal.tz).date()
    if kode == "bulanini":
        dari, sampai = hari_ini.replace(day=1), hari_ini
    elif kode == "12bulan":
        dari, sampai = _awal_bulan(hari_ini, mundur=11), hari_ini
    elif kode == "khusus" and dari and sampai and dari <= sampai:
        pass
    else:
        kode, dari, sampai = "30hari", hari_ini - dt.timedelta(days=29), hari_ini
    mulai = dt.datetime.combine(dari, dt.time.min, tzinfo=kal.tz)
    akhir = dt.datetime.combine(sampai + dt.timedelta(days=1), dt.time.min, tzinfo=kal.tz)
    return Periode(kode=kode, dari=dari, sampai=sampai, mulai=mulai, akhir=akhir)


def _awal_bulan(hari: dt.date, *, mundur: int) -> dt.date:
    bulan = hari.year * 12 + hari.month - 1 - mundur
    return dt.date(bulan // 12, bulan % 12 + 1, 1)


# -- dataclasses ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class JumlahStatus:
    status: str
    label: str
    jumlah: int


@dataclass(frozen=True)
class JumlahLayanan:
    layanan_id: int
    nama: str
    jumlah: int
    terbuka: int
    terlambat: int


@dataclass(frozen=True)
class WaktuBaku:
    """Published time against the actual ones, for a service or a step."""

    layanan_id: int
    nama: str
    baku_nilai: float | None
    satuan: str
    selesai: int  # how many were measured
    median: float | None
    p90: float | None
    dinilai: int  # how many had a published time to compare with
    tepat_waktu: int
    langkah_id: int | None = None
    urutan: int | None = None

    @property
    def satuan_label(self) -> str:
        return str(SatuanWaktu(self.satuan).label) if self.satuan in SatuanWaktu.values else ""

    @property
    def persen_tepat(self) -> float | None:
        return _persen(self.tepat_waktu, self.dinilai)

    @property
    def lewat_baku(self) -> bool:
        return bool(self.baku_nilai and self.median is not None and self.median > self.baku_nilai)


@dataclass(frozen=True)
class KasusTerlambat:
    pk: int
    nomor_registrasi: str
    layanan: str
    status_label: str
    tenggat: dt.datetime | None
    pemilik: str


@dataclass(frozen=True)
class Jumlah:
    kode: str
    label: str
    jumlah: int


@dataclass(frozen=True)
class RingkasanPengaduan:
    jumlah: int
    dijawab: int
    dijawab_tepat: int
    lewat_belum_dijawab: int
    median_jam_kerja: float | None
    per_saluran: list[Jumlah] = field(default_factory=list)
    per_jenis: list[Jumlah] = field(default_factory=list)

    @property
    def dinilai(self) -> int:
        """Answered, or past their deadline without an answer."""
        return self.dijawab + self.lewat_belum_dijawab

    @property
    def persen_tepat(self) -> float | None:
        return _persen(self.dijawab_tepat, self.dinilai)


@dataclass(frozen=True)
class TrenBulan:
    bulan: dt.date
    masuk: int
    selesai: int
    tepat_waktu: int
    pengaduan: int

    @property
    def persen_tepat(self) -> float | None:
        return _persen(self.tepat_waktu, self.selesai)


@dataclass(frozen=True)
class Dasbor:
    instansi: Instansi
    periode: Periode
    layanan_pilihan: list[Layanan]
    layanan: Layanan | None
    per_status: list[JumlahStatus]
    per_layanan: list[JumlahLayanan]
    waktu_layanan: list[WaktuBaku]
    waktu_langkah: list[WaktuBaku]
    jumlah_terlambat: int
    terlambat: list[KasusTerlambat]
    pengaduan: RingkasanPengaduan
    tren: list[TrenBulan]

    @property
    def jumlah_kasus(self) -> int:
        return sum(s.jumlah for s in self.per_status)


# -- the queries ----------------------------------------------------------------------------------
class _Ukur:
    """The office's calendar and its holidays over a window, read once (on
    PostgreSQL, for the rows measured in SQL)."""

    def __init__(self, instansi: Instansi, *, dari: dt.date, sampai: dt.date):
        self.kal = Kalender(instansi)
        self.sql = connection.vendor == "postgresql"
        self._jendela = (dari, sampai)
        self._hari_libur: list[dt.date] | None = None

    @property
    def hari_libur(self) -> list[dt.date]:
        if self._hari_libur is None:
            dari, sampai = self._jendela
            # a step or case measured in the window may have started up to a year before it
            self._hari_libur = libur(self.kal, dari=dari - dt.timedelta(days=400), sampai=sampai)
        return self._hari_libur

    def durasi(self, mulai: str, selesai: str, satuan: str) -> Case:
        """In the standard's unit, from the stored working minutes."""
        menit = self.tersimpan(mulai, selesai)
        return durasi_dalam_satuan(mulai, selesai, satuan, kal=self.kal, menit=menit)

    def tersimpan(self, mulai: str, selesai: str) -> F:
        """The row's stored working minutes (`menit_kerja`). A row without one
        (written before the field, or around the services) counts as done but
        has no time until `manage.py hitung_menit_kerja` measures it: measuring
        it here in SQL, even behind COALESCE, made the query five times slower
        at 100,000 cases."""
        return F("menit_kerja")

    def menit(self, mulai: str, selesai: str) -> MenitKerja:
        return MenitKerja(mulai, selesai, kal=self.kal, hari_libur=self.hari_libur)


def _kasus(instansi: Instansi, layanan: Layanan | None) -> RujukanQuerySet[Rujukan]:
    qs = Rujukan.objects.milik(instansi)
    return qs.filter(layanan=layanan) if layanan is not None else qs


def _per_layanan_status(
    *, instansi: Instansi, periode: Periode, layanan: Layanan | None, pada: dt.datetime
) -> list[Mapping[str, Any]]:
    """The cases registered in the period per (service, state), with those
    overdue: one query for the two tables of counts."""
    return list(
        _kasus(instansi, layanan)
        .filter(dibuat_pada__gte=periode.mulai, dibuat_pada__lt=periode.akhir)
        .values("layanan", "layanan__nama", "layanan__urutan", "status")
        .annotate(jumlah=Count("pk"), terlambat=Count("pk", filter=_q_terlambat(pada)))
        .order_by("layanan__urutan", "layanan__nama", "layanan", "status")
    )


def _status_dari(baris: list[Mapping[str, Any]]) -> list[JumlahStatus]:
    jumlah: dict[str, int] = {}
    for b in baris:
        jumlah[b["status"]] = jumlah.get(b["status"], 0) + b["jumlah"]
    return [JumlahStatus(s, str(label), jumlah[s]) for s, label in Status.choices if jumlah.get(s)]


def _layanan_dari(baris: list[Mapping[str, Any]]) -> list[JumlahLayanan]:
    out: dict[int, JumlahLayanan] = {}
    for b in baris:  # in the services' order already
        lama = out.get(b["layanan"]) or JumlahLayanan(b["layanan"], b["layanan__nama"], 0, 0, 0)
        terbuka = b["jumlah"] if b["status"] in STATUS_TERBUKA else 0
        out[b["layanan"]] = JumlahLayanan(
            lama.layanan_id,
            lama.nama,
            lama.jumlah + b["jumlah"],
            lama.terbuka + terbuka,
            lama.terlambat + b["terlambat"],
        )
    return list(out.values())


def _q_terlambat(pada: dt.datetime) -> Q:
    return (
        Q(status__in=STATUS_TERBUKA)
        & ~Q(status__in=STATUS_PENYERAHAN)
        & Q(dijeda=False)
        & (Q(tenggat__lt=pada) | Q(tenggat_tahap__lt=pada))
    )


def waktu_layanan(
    *,
    instansi: Instansi,
    periode: Periode,
    layanan: Layanan | None = None,
    ukur: _Ukur | None = None,
) -> list[WaktuBaku]:
    """Per service: its published completion time against the median and
    90th percentile of the cases closed in the period, and the share closed
    by their due moment."""
    ukur = ukur or _Ukur(instansi, dari=periode.dari, sampai=periode.sampai)
    durasi = ukur.durasi("dibuat_pada", "selesai_pada", "layanan__waktu_satuan")
    baris = (
        _kasus(instansi, layanan)
        .filter(
            status__in=STATUS_TUNTAS,
            selesai_pada__gte=periode.mulai,
            selesai_pada__lt=periode.akhir,
        )
        .annotate(durasi=durasi)
        .values(
            "layanan",
            "layanan__nama",
            "layanan__urutan",
            "layanan__waktu_nilai",
            "layanan__waktu_satuan",
        )  # fmt: skip
        .annotate(
            selesai=Count("pk"),
            median=Persentil("durasi", persen=0.5),
            p90=Persentil("durasi", persen=0.9),
            dinilai=Count("pk", filter=Q(tenggat__isnull=False)),
            tepat=Count("pk", filter=Q(tenggat__isnull=False, selesai_pada__lte=F("tenggat"))),
        )
        .order_by("layanan__urutan", "layanan__nama")
    )
    return [
        WaktuBaku(
            layanan_id=b["layanan"],
            nama=b["layanan__nama"],
            baku_nilai=float(b["layanan__waktu_nilai"]) if b["layanan__waktu_nilai"] else None,
            satuan=b["layanan__waktu_satuan"] or SatuanWaktu.HARI_KERJA,
            selesai=b["selesai"],
            median=b["median"],
            p90=b["p90"],
            dinilai=b["dinilai"],
            tepat_waktu=b["tepat"],
        )
        for b in baris
    ]


def waktu_langkah(
    *,
    instansi: Instansi,
    periode: Periode,
    layanan: Layanan | None = None,
    ukur: _Ukur | None = None,
) -> list[WaktuBaku]:
    """Per procedure step: its published time against the median and 90th
    percentile of the steps done in the period, and the share done within it."""
    ukur = ukur or _Ukur(instansi, dari=periode.dari, sampai=periode.sampai)
    qs = LangkahKasus.objects.filter(
        rujukan__instansi=instansi,
        status=StatusLangkah.SELESAI,
        mulai_pada__isnull=False,
        selesai_pada__gte=periode.mulai,
        selesai_pada__lt=periode.akhir,
    )
    if layanan is not None:
        qs = qs.filter(rujukan__layanan=layanan)
    # grouped by the step alone (a narrow sort over the office's steps of the
    # period); the steps' texts and services are read after, for the few groups
    baris = (
        qs.annotate(durasi=ukur.durasi("mulai_pada", "selesai_pada", "langkah__durasi_satuan"))
        .values("langkah")
        .annotate(
            jumlah_selesai=Count("pk"),
            median=Persentil("durasi", persen=0.5),
            p90=Persentil("durasi", persen=0.9),
            dinilai=Count("pk", filter=Q(langkah__durasi_nilai__isnull=False)),
            tepat=Count(
                "pk",
                filter=Q(
                    langkah__durasi_nilai__isnull=False,
                    durasi__lte=F("langkah__durasi_nilai"),
                ),
            ),
        )
        .order_by()
    )
    angka = {b["langkah"]: b for b in baris}
    if not angka:
        return []
    langkah = sorted(
        LangkahProsedur.objects.filter(pk__in=angka).select_related("layanan"),
        key=lambda x: (x.layanan.urutan, x.layanan.nama, x.urutan, x.pk),
    )
    return [
        WaktuBaku(
            layanan_id=x.layanan_id,
            nama=x.teks,
            baku_nilai=float(x.durasi_nilai) if x.durasi_nilai else None,
            satuan=x.durasi_satuan or SatuanWaktu.HARI_KERJA,
            selesai=angka[x.pk]["jumlah_selesai"],
            median=angka[x.pk]["median"],
            p90=angka[x.pk]["p90"],
            dinilai=angka[x.pk]["dinilai"],
            tepat_waktu=angka[x.pk]["tepat"],
            langkah_id=x.pk,
            urutan=x.urutan,
        )
        for x in langkah
    ]


def kasus_terlambat(
    *, instansi: Instansi, layanan: Layanan | None = None, pada: dt.datetime | None = None
) -> tuple[int, list[KasusTerlambat]]:
    """The overdue open cases (all of them, whatever the period), oldest due
    first, with who holds them: the assigned peksos, else the actor the
    standard names for the step the case is at."""
    qs = _kasus(instansi, layanan).terlambat(pada)
    pelaksana = (
        LangkahKasus.objects.filter(rujukan=OuterRef("pk"), status=StatusLangkah.BERJALAN)
        .order_by("urutan")
        .values("langkah__pelaksana")[:1]
    )
    baris = (
        qs.select_related("layanan", "peksos__pegawai")
        .annotate(pelaksana_langkah=Subquery(pelaksana))
        .order_by(F("tenggat").asc(nulls_last=True), "pk")[:BATAS_DAFTAR_TERLAMBAT]
    )
    out = []
    for r in baris:
        pegawai = getattr(r.peksos, "pegawai", None) if r.peksos_id else None
        pemilik = pegawai.nama if pegawai else (r.pelaksana_langkah or "")
        out.append(
            KasusTerlambat(
                pk=r.pk,
                nomor_registrasi=r.nomor_registrasi,
                layanan=r.layanan.nama,
                status_label=r.get_status_display(),
                tenggat=min(t for t in (r.tenggat, r.tenggat_tahap) if t)
                if r.tenggat or r.tenggat_tahap
                else None,
                pemilik=pemilik,
            )
        )
    return qs.count(), out


def ringkasan_pengaduan(
    *,
    instansi: Instansi,
    periode: Periode,
    layanan: Layanan | None = None,
    rinci: bool = True,
    pada: dt.datetime | None = None,
    ukur: _Ukur | None = None,
) -> RingkasanPengaduan:
    """Complaints received in the period: how many, by channel and type, the
    share answered by the response deadline and the median working hours to
    the first answer (pauses waiting on the reporter taken out)."""
    pada = pada or timezone.now()
    ukur = ukur or _Ukur(instansi, dari=periode.dari, sampai=periode.sampai)
    qs = Pengaduan.objects.filter(
        instansi=instansi, diterima_pada__gte=periode.mulai, diterima_pada__lt=periode.akhir
    )
    if layanan is not None:
        qs = qs.filter(layanan=layanan)
    hitung = {
        "jumlah": Count("pk"),
        "dijawab": Count("pk", filter=Q(dijawab_pertama_pada__isnull=False)),
        "tepat": Count("pk", filter=Q(dijawab_pertama_pada__lte=F("batas_waktu"))),
        "lewat": Count("pk", filter=Q(dijawab_pertama_pada__isnull=True, batas_waktu__lt=pada)),
    }
    if ukur.sql:
        respons = ukur.menit("diterima_pada", "dijawab_pertama_pada") - F("menit_jeda")
        dijawab = Q(dijawab_pertama_pada__isnull=False)
        angka = qs.aggregate(**hitung, median=Persentil(respons, persen=0.5, filter=dijawab))
    else:  # SQLite (make run): the few answered complaints measured here
        angka = qs.aggregate(**hitung)
        baris = qs.filter(dijawab_pertama_pada__isnull=False).values_list(
            "diterima_pada", "dijawab_pertama_pada", "menit_jeda"
        )
        menit = [(menit_kerja_antara(ukur.kal, a, b), j) for a, b, j in baris]
        angka["median"] = persentil_cont([m - (j or 0) for m, j in menit if m is not None], 0.5)
    per_saluran: list[Jumlah] = []
    per_jenis: list[Jumlah] = []
    if rinci:
        # one query per (channel, type), summed here both ways
        saluran: dict[str, int] = {}
        jenis: dict[str, int] = {}
        for b in qs.values("saluran", "jenis").annotate(n=Count("pk")).order_by():
            saluran[b["saluran"]] = saluran.get(b["saluran"], 0) + b["n"]
            jenis[b["jenis"]] = jenis.get(b["jenis"], 0) + b["n"]
        label_saluran = dict(Pengaduan.Saluran.choices)
        for kode, n in sorted(saluran.items(), key=lambda x: (-x[1], x[0])):
            per_saluran.append(Jumlah(kode, str(label_saluran.get(kode, "")), n))
        label_jenis = dict(Pengaduan.Jenis.choices)
        for kode, n in sorted(jenis.items(), key=lambda x: (-x[1], x[0])):
            per_jenis.append(Jumlah(kode, str(label_jenis.get(kode, "")), n))
    median = angka["median"]
    return RingkasanPengaduan(
        jumlah=angka["jumlah"],
        dijawab=angka["dijawab"],
        dijawab_tepat=angka["tepat"],
        lewat_belum_dijawab=angka["lewat"],
        median_jam_kerja=round(max(median, 0) / 60, 2) if median is not None else None,
        per_saluran=per_saluran,
        per_jenis=per_jenis,
    )


def tren_bulanan(
    *, instansi: Instansi, layanan: Layanan | None = None, pada: dt.datetime | None = None
) -> list[TrenBulan]:
    """The last 12 months (this one included): cases received, closed, closed
    on time, complaints received."""
    kal = Kalender(instansi)
    hari_ini = (pada or timezone.now()).astimezone(kal.tz).date()
    bulan = [_awal_bulan(hari_ini, mundur=i) for i in range(11, -1, -1)]
    mulai = dt.datetime.combine(bulan[0], dt.time.min, tzinfo=kal.tz)
    kasus = _kasus(instansi, layanan)

    def per_bulan(qs: QuerySet[Any], kolom: str, **agg: Any) -> dict[dt.date, dict[str, Any]]:
        rows = (
            qs.filter(**{f"{kolom}__gte": mulai})
            .annotate(b=TruncMonth(kolom, tzinfo=kal.tz))
            .values("b")
            .annotate(**agg)
        )
        return {r["b"].date() if isinstance(r["b"], dt.datetime) else r["b"]: r for r in rows}

    masuk = per_bulan(kasus, "dibuat_pada", n=Count("pk"))
    selesai = per_bulan(
        kasus.filter(status__in=STATUS_TUNTAS),
        "selesai_pada",
        n=Count("pk"),
        tepat=Count("pk", filter=Q(tenggat__isnull=False, selesai_pada__lte=F("tenggat"))),
    )
    aduan = Pengaduan.objects.filter(instansi=instansi)
    if layanan is not None:
        aduan = aduan.filter(layanan=layanan)
    pengaduan = per_bulan(aduan, "diterima_pada", n=Count("pk"))
    return [
        TrenBulan(
            bulan=b,
            masuk=masuk.get(b, {}).get("n", 0),
            selesai=selesai.get(b, {}).get("n", 0),
            tepat_waktu=selesai.get(b, {}).get("tepat", 0),
            pengaduan=pengaduan.get(b, {}).get("n", 0),
        )
        for b in bulan
    ]


def layanan_pilihan(instansi: Instansi) -> list[Layanan]:
    """The office's services (every version), for the dashboard's filter."""
    return list(Layanan.objects.filter(instansi=instansi).order_by("urutan", "nama"))


def dasbor(
    *,
    instansi: Instansi,
    periode: Periode,
    layanan: Layanan | None = None,
    pada: dt.datetime | None = None,
    pilihan: list[Layanan] | None = None,
) -> Dasbor:
    if pilihan is None:
        pilihan = layanan_pilihan(instansi)
    jumlah_terlambat, terlambat = kasus_terlambat(instansi=instansi, layanan=layanan, pada=pada)
    ukur = _Ukur(instansi, dari=periode.dari, sampai=periode.sampai)
    kasus = _per_layanan_status(
        instansi=instansi, periode=periode, layanan=layanan, pada=pada or timezone.now()
    )
    return Dasbor(
        instansi=instansi,
        periode=periode,
        layanan_pilihan=pilihan,
        layanan=layanan,
        per_status=_status_dari(kasus),
        per_layanan=_layanan_dari(kasus),
        waktu_layanan=waktu_layanan(instansi=instansi, periode=periode, layanan=layanan, ukur=ukur),
        waktu_langkah=waktu_langkah(instansi=instansi, periode=periode, layanan=layanan, ukur=ukur),
        jumlah_terlambat=jumlah_terlambat,
        terlambat=terlambat,
        pengaduan=ringkasan_pengaduan(
            instansi=instansi, periode=periode, layanan=layanan, pada=pada, ukur=ukur
        ),
        tren=tren_bulanan(instansi=instansi, layanan=layanan, pada=pada),
    )


@dataclass(frozen=True)
class Transparansi:
    """The public figures of an office (or one of its services) over the last
    12 months: no person, no case number."""

    instansi: Instansi
    layanan: Layanan | None
    periode: Periode
    waktu_layanan: list[WaktuBaku]
    pengaduan: RingkasanPengaduan


def transparansi(
    *, instansi: Instansi, layanan: Layanan | None = None, pada: dt.datetime | None = None
) -> Transparansi:
    per = periode(instansi=instansi, kode="12bulan", pada=pada)
    ukur = _Ukur(instansi, dari=per.dari, sampai=per.sampai)
    return Transparansi(
        instansi=instansi,
        layanan=layanan,
        periode=per,
        waktu_layanan=waktu_layanan(instansi=instansi, periode=per, layanan=layanan, ukur=ukur),
        pengaduan=ringkasan_pengaduan(
            instansi=instansi, periode=per, layanan=layanan, rinci=False, pada=pada, ukur=ukur
        ),
    )


# -- the public page, kept for a while ----------------------------------------------------------
# The public figures are aggregates over twelve months: a few minutes old is as
# true as fresh, and each costs the office's cases and complaints. Anonymous
# visitors are served them from the cache for this long (the browser's
# Cache-Control max-age is the same); the key also holds the office's published
# standards, so publishing a new version (or withdrawing one) shows at once.
TTL_TRANSPARANSI = 600


@dataclass(frozen=True)
class AngkaPublik:
    data: Transparansi
    ikm: object  # survei.selectors.HasilIKM
    dihitung_pada: dt.datetime
    dari_cache: bool


def _kunci_publik(
    instansi: Instansi, layanan: Layanan | None, terbit: Sequence[Layanan], per: Periode
) -> str:
    versi = ";".join(f"{la.pk}.{la.versi}.{la.diperbarui.timestamp()}" for la in terbit)
    sidik = hashlib.sha256(versi.encode()).hexdigest()[:16]
    lay = layanan.pk if layanan is not None else 0
    return f"kinerja:transparansi:{instansi.pk}:{lay}:{per.dari}:{per.sampai}:{sidik}"


def transparansi_publik(
    *, instansi: Instansi, layanan: Layanan | None, terbit: list[Layanan], segar: bool = False
) -> AngkaPublik:
    """The public figures with the survey index (survei.selectors.ikm_hitung),
    from the cache when they were computed less than TTL_TRANSPARANSI seconds
    ago for the same standards and period; `segar` computes them afresh (staff)."""
    per = periode(instansi=instansi, kode="12bulan")
    kunci = _kunci_publik(instansi, layanan, terbit, per)
    simpan = None if segar else cache.get(kunci)
    if simpan is not None:
        waktu, pengaduan, ikm, dihitung = simpan
        data = Transparansi(instansi, layanan, per, waktu, pengaduan)
        return AngkaPublik(data, ikm, dihitung, dari_cache=True)
    data = transparansi(instansi=instansi, layanan=layanan)
    ikm = ikm_hitung(instansi=instansi, layanan=layanan, mulai=per.dari, sampai=per.sampai)
    dihitung = timezone.now()
    cache.set(kunci, (data.waktu_layanan, data.pengaduan, ikm, dihitung), TTL_TRANSPARANSI)
    return AngkaPublik(data, ikm, dihitung, dari_cache=False)
