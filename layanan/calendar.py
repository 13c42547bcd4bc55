"""The working-day calendar of an instansi.

Working time honours the office's working week and hours, Indonesian national
holidays and cuti bersama (the `holidays` package, public + government
categories) and the closures recorded in the HariLibur table. All moments are
aware datetimes; they are handled in the office's own time zone.

Rules for SLA arithmetic, as an office counts:
- a moment outside office hours counts from the next opening;
- N working days after a moment is the same clock time N working days later
  (clamped to closing time), so a request filed on Monday 10.00 with
  "3 hari kerja" is due on Thursday 10.00;
- working minutes run only while the office is open.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from dateutil.relativedelta import relativedelta
from django.db.models import Q

from layanan.models import HariLibur, Instansi, SatuanWaktu

MAX_SEARCH_DAYS = 3660


@lru_cache(maxsize=64)
def _national(year: int) -> dict[dt.date, str]:
    return dict(
        holidays.country_holidays(
            "ID", years=year, categories=("public", "government"), language="id"
        )
    )


class Kalender:
    """Working-time arithmetic for one instansi, over a window of years.

    Local closures are read from the database once per instance, so a
    loop over many cases of one office costs one query.
    """

    def __init__(self, instansi: Instansi):
        self.instansi = instansi
        self.tz = ZoneInfo(instansi.zona_waktu)
        self.week = instansi.hari_kerja_set
        self.opens = _as_time(instansi.jam_buka)
        self.closes = _as_time(instansi.jam_tutup)
        self._local: dict[dt.date, str] | None = None

    # -- days ---------------------------------------------------------------
    def _local_closures(self) -> dict[dt.date, str]:
        if self._local is None:
            rows = HariLibur.objects.filter(
                Q(instansi__isnull=True) | Q(instansi=self.instansi)
            ).values_list("tanggal", "keterangan")
            self._local = dict(rows)
        return self._local

    def holiday_name(self, day: dt.date) -> str | None:
        return self._local_closures().get(day) or _national(day.year).get(day)

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() in self.week and self.holiday_name(day) is None

    def next_working_day(self, day: dt.date) -> dt.date:
        for _ in range(MAX_SEARCH_DAYS):
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                return day
        raise ValueError("Tidak ada hari kerja dalam sepuluh tahun ke depan.")

    # -- moments ------------------------------------------------------------
    def _local_moment(self, moment: dt.datetime) -> dt.datetime:
        if moment.tzinfo is None:
            raise ValueError("moment must be timezone-aware")
        return moment.astimezone(self.tz)

    def _at(self, day: dt.date, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, time, tzinfo=self.tz)

    def start_of_work(self, moment: dt.datetime) -> dt.datetime:
        """The moment itself if the office is open then, else the next opening."""
        local = self._local_moment(moment)
        day = local.date()
        if self.is_working_day(day):
            if local.time() < self.opens:
                return self._at(day, self.opens)
            if local.time() < self.closes:
                return local
        return self._at(self.next_working_day(day), self.opens)

    def add_working_days(self, moment: dt.datetime, days: int) -> dt.datetime:
        start = self.start_of_work(moment)
        day = start.date()
        for _ in range(days):
            day = self.next_working_day(day)
        return self._at(day, min(start.time(), self.closes))

    def add_working_minutes(self, moment: dt.datetime, minutes: int | float) -> dt.datetime:
        remaining = dt.timedelta(minutes=float(minutes))
        current = self.start_of_work(moment)
        while True:
            closing = self._at(current.date(), self.closes)
            available = closing - current
            if remaining <= available:
                return current + remaining
            remaining -= available
            current = self._at(self.next_working_day(current.date()), self.opens)

    def working_minutes_between(self, start: dt.datetime, end: dt.datetime) -> int:
        """Whole working minutes from start to end (0 if end is not after start)."""
        if end <= start:
            return 0
        start_l, end_l = self._local_moment(start), self._local_moment(end)
        total = dt.timedelta()
        day = start_l.date()
        while day <= end_l.date():
            if self.is_working_day(day):
                lo = max(self._at(day, self.opens), start_l)
                hi = min(self._at(day, self.closes), end_l)
                if hi > lo:
                    total += hi - lo
            day += dt.timedelta(days=1)
        return int(total.total_seconds() // 60)

    @property
    def minutes_per_day(self) -> int:
        opens = dt.datetime.combine(dt.date.min, self.opens)
        closes = dt.datetime.combine(dt.date.min, self.closes)
        return int((closes - opens).total_seconds() // 60)

    def add(self, moment: dt.datetime, nilai: Decimal | int | float, satuan: str) -> dt.datetime:
        """Add a standard's duration (value + unit) to a moment."""
        value = Decimal(str(nilai))
        if satuan == SatuanWaktu.MENIT:
            return self.add_working_minutes(moment, float(value))
        if satuan == SatuanWaktu.JAM:
            return self.add_working_minutes(moment, float(value * 60))
        if satuan == SatuanWaktu.HARI_KERJA:
            whole = int(value)
            due = self.add_working_days(moment, whole)
            fraction = value - whole
            if fraction:
                due = self.add_working_minutes(due, float(fraction * self.minutes_per_day))
            return due
        local = self._local_moment(moment)
        if satuan == SatuanWaktu.HARI:
            return local + dt.timedelta(days=float(value))
        if satuan == SatuanWaktu.MINGGU:
            return local + dt.timedelta(weeks=float(value))
        if satuan == SatuanWaktu.BULAN:
            return local + relativedelta(months=int(value))
        raise ValueError(f"unknown unit {satuan!r}")


def _as_time(value: dt.time | str) -> dt.time:
    if isinstance(value, str):
        return dt.time.fromisoformat(value)
    return value
