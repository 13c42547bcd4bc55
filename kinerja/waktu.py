"""Working time measured in the database (PostgreSQL).

`MenitKerja(mulai, selesai, kalender=...)` is the SQL twin of
`Kalender.working_minutes_between`: the minutes the office is open between two
moments, on its working week and hours, skipping national holidays, cuti
bersama and its own closures. The holidays are passed as a list of dates
read once (for the years the figures cover), so every row is measured in the
same query. `Persentil` is PostgreSQL's `percentile_cont`.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Aggregate, Case, F, FloatField, Func, Max, Min, Value, When
from django.db.models.functions import Cast

from layanan.calendar import Kalender, _national
from layanan.models import Instansi, SatuanWaktu
from rujukan.models import LangkahKasus, Rujukan
from rujukan.models.langkah import StatusLangkah, menit_kerja_antara
from rujukan.models.rujukan import STATUS_AKHIR


def libur(kal: Kalender, *, dari: dt.date, sampai: dt.date) -> list[dt.date]:
    """Every non-working date of the office's calendar between two dates."""
    hari = set(kal._local_closures())
    for tahun in range(dari.year, sampai.year + 1):
        hari.update(_national(tahun))
    return sorted(d for d in hari if dari <= d <= sampai)


_SQL_MENIT = (
    "(SELECT CASE WHEN {s} IS NULL OR {m} IS NULL THEN NULL ELSE COALESCE(SUM("
    "GREATEST(0, EXTRACT(EPOCH FROM (LEAST(g.d::date + %s::time, {s})"
    " - GREATEST(g.d::date + %s::time, {m}))))), 0) / 60.0 END"
    " FROM generate_series(({m})::date::timestamp, ({s})::date::timestamp,"
    " interval '1 day') AS g(d)"
    " WHERE EXTRACT(ISODOW FROM g.d)::int = ANY(%s::int[])"
    " AND NOT (g.d::date = ANY(%s::date[])))"
)


class MenitKerja(Func):
    """Working minutes from the first expression to the second (0 when the
    second is not later; NULL when either is NULL)."""

    output_field = FloatField()
    arity = 2

    def __init__(self, mulai, selesai, *, kal: Kalender, hari_libur: list[dt.date]):
        super().__init__(mulai, selesai)
        self.kal = kal
        self.hari_libur = hari_libur

    def as_sql(self, compiler, connection, **extra_context):
        mulai_sql, mulai_params = compiler.compile(self.source_expressions[0])
        selesai_sql, selesai_params = compiler.compile(self.source_expressions[1])
        tz = self.kal.tz.key
        m = f"(({mulai_sql}) AT TIME ZONE %s)"
        s = f"(({selesai_sql}) AT TIME ZONE %s)"
        p_mulai = [*mulai_params, tz]
        p_selesai = [*selesai_params, tz]
        # Only the compiled expressions are interpolated; every value is a parameter.
        sql = _SQL_MENIT.format(m=m, s=s)
        params = [
            *p_selesai,
            *p_mulai,
            self.kal.closes,
            *p_selesai,
            self.kal.opens,
            *p_mulai,
            *p_mulai,
            *p_selesai,
            [d + 1 for d in sorted(self.kal.week)],
            self.hari_libur,
        ]
        return sql, params


class Detik(Func):
    """Calendar seconds from the first moment to the second."""

    output_field = FloatField()
    arity = 2
    template = "EXTRACT(EPOCH FROM (%(expressions)s))"
    arg_joiner = " - "

    def __init__(self, mulai, selesai):
        # the difference is written second minus first
        super().__init__(selesai, mulai)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


def durasi_dalam_satuan(mulai, selesai, satuan, *, kal: Kalender, menit) -> Case:
    """The time from `mulai` to `selesai` in the unit a standard publishes
    (`satuan`, a field or value): working time for menit/jam/hari kerja (from
    `menit`, an expression of working minutes: a stored column, or MenitKerja),
    calendar time for hari/minggu/bulan."""
    detik = Cast(Detik(F(mulai), F(selesai)), FloatField())
    return Case(
        When(**{satuan: SatuanWaktu.MENIT}, then=menit),
        When(**{satuan: SatuanWaktu.JAM}, then=menit / Value(60.0)),
        When(**{satuan: SatuanWaktu.HARI_KERJA}, then=menit / Value(float(kal.minutes_per_day))),
        When(**{satuan: SatuanWaktu.HARI}, then=detik / Value(86400.0)),
        When(**{satuan: SatuanWaktu.MINGGU}, then=detik / Value(604800.0)),
        When(**{satuan: SatuanWaktu.BULAN}, then=detik / Value(86400.0 * 30)),
        default=menit / Value(float(kal.minutes_per_day)),
        output_field=FloatField(),
    )


class Persentil(Aggregate):
    """percentile_cont(p) WITHIN GROUP (ORDER BY expression): the continuous
    percentile PostgreSQL computes (p=0.5 is the median)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(persen)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()
    allow_distinct = False

    def __init__(self, expression, *, persen: float, **extra):
        if not 0 <= persen <= 1:
            raise ValueError("persen must be between 0 and 1")
        super().__init__(expression, persen=float(persen), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        # kinerja_persentil: the same continuous percentile, registered on
        # every SQLite connection (daftarkan_sqlite) for `make run`
        c = self.copy()
        c.function = "KINERJA_PERSENTIL"
        c.template = "%(function)s(%(expressions)s, %(persen)s)"
        return c.as_sql(compiler, connection, **extra_context)


class _PersentilSqlite:
    def __init__(self):
        self.nilai: list[float] = []
        self.persen = 0.5

    def step(self, nilai, persen):
        self.persen = persen
        if nilai is not None:
            self.nilai.append(float(nilai))

    def finalize(self):
        return persentil_cont(self.nilai, self.persen)


def persentil_cont(nilai: list[float], persen: float) -> float | None:
    """PostgreSQL's percentile_cont over a list (None when it is empty)."""
    if not nilai:
        return None
    urut = sorted(nilai)
    posisi = persen * (len(urut) - 1)
    bawah = int(posisi)
    atas = min(bawah + 1, len(urut) - 1)
    return urut[bawah] + (posisi - bawah) * (urut[atas] - urut[bawah])


def daftarkan_sqlite(sender, connection, **kwargs) -> None:
    """connection_created: the percentile aggregate on SQLite."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("KINERJA_PERSENTIL", 2, _PersentilSqlite)


# -- the stored working minutes (LangkahKasus.menit_kerja, Rujukan.menit_kerja) ------------------
def isi_menit_kerja(*, instansi=None, semua: bool = False) -> dict[str, int]:
    """Store the working minutes of the steps done and the cases closed that
    have none yet (every one with `semua`, e.g. after copying rows), office
    by office on its own calendar. On PostgreSQL one UPDATE per table and
    office measures them in SQL (MenitKerja); elsewhere they are measured
    in Python (rujukan.models.langkah.menit_kerja_antara)."""
    kantor = [instansi] if instansi is not None else list(Instansi.objects.order_by("pk"))
    jumlah = {"langkah": 0, "rujukan": 0}
    for inst in kantor:
        kal = Kalender(inst)
        tabel = {
            "langkah": (
                LangkahKasus.objects.filter(
                    rujukan__instansi=inst,
                    status=StatusLangkah.SELESAI,
                    mulai_pada__isnull=False,
                    selesai_pada__isnull=False,
                ),
                "mulai_pada",
            ),
            "rujukan": (
                Rujukan.objects.filter(
                    instansi=inst, status__in=STATUS_AKHIR, selesai_pada__isnull=False
                ),
                "dibuat_pada",
            ),
        }
        for nama, (qs, mulai) in tabel.items():
            if not semua:
                qs = qs.filter(menit_kerja__isnull=True)
            if connection.vendor == "postgresql":
                rentang = qs.aggregate(dari=Min(mulai), sampai=Max("selesai_pada"))
                if rentang["dari"] is None:
                    continue
                hari_libur = libur(
                    kal,
                    dari=rentang["dari"].astimezone(kal.tz).date(),
                    sampai=rentang["sampai"].astimezone(kal.tz).date(),
                )
                menit = MenitKerja(mulai, "selesai_pada", kal=kal, hari_libur=hari_libur)
                jumlah[nama] += qs.update(menit_kerja=menit)
            else:
                baris = list(qs.only("pk", mulai, "selesai_pada"))
                for b in baris:
                    b.menit_kerja = menit_kerja_antara(kal, getattr(b, mulai), b.selesai_pada)
                qs.model.objects.bulk_update(baris, ["menit_kerja"], batch_size=500)
                jumlah[nama] += len(baris)
    return jumlah
