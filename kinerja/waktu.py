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

from django.db.models import Aggregate, Case, F, FloatField, Func, Value, When
from django.db.models.functions import Cast

from layanan.calendar import Kalender, _national
from layanan.models import SatuanWaktu


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


def durasi_dalam_satuan(mulai, selesai, satuan, *, kal: Kalender, hari_libur) -> Case:
    """The time from `mulai` to `selesai` in the unit a standard publishes
    (`satuan`, a field or value): working time for menit/jam/hari kerja,
    calendar time for hari/minggu/bulan."""
    menit = MenitKerja(mulai, selesai, kal=kal, hari_libur=hari_libur)
    detik = Func(
        F(selesai), F(mulai), template="EXTRACT(EPOCH FROM (%(expressions)s))", arg_joiner=" - "
    )
    detik = Cast(detik, FloatField())
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
