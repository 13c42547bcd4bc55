"""The working-day calendar as an office counts its service times.

The default test office works Monday to Friday, 08.00–16.00 WIB (480 minutes
a day). Dates are chosen against the 2026 national calendar: Nyepi and Idul
Fitri close the offices from Wednesday 18 to Tuesday 24 March 2026
(holidays + cuti bersama), Christmas Eve is cuti bersama, 1 January 2027 is a
Friday.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from layanan.calendar import Kalender
from layanan.models import HariLibur, SatuanWaktu, ZonaWaktu
from tests.factories import make_instansi

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
UTC = dt.UTC


def wib(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WIB)


@pytest.fixture
def kantor(db):
    return make_instansi()


@pytest.fixture
def kalender(kantor) -> Kalender:
    return Kalender(kantor)


# -- Idul Fitri 2026 ----------------------------------------------------------


def test_idul_fitri_2026_days_are_not_working_days(kalender):
    closed = [dt.date(2026, 3, d) for d in range(18, 25)]
    assert not any(kalender.is_working_day(day) for day in closed)
    assert kalender.is_working_day(dt.date(2026, 3, 17))
    assert kalender.is_working_day(dt.date(2026, 3, 25))
    assert "Idul Fitri" in kalender.holiday_name(dt.date(2026, 3, 20))
    assert "Cuti Bersama" in kalender.holiday_name(dt.date(2026, 3, 24))


def test_one_working_day_before_idul_fitri_lands_after_the_cuti_bersama(kalender):
    # Tuesday 17 March 10.00 + 1 hari kerja: the next working day is 25 March.
    assert kalender.add_working_days(wib(2026, 3, 17, 10), 1) == wib(2026, 3, 25, 10)


def test_five_working_days_across_idul_fitri(kalender):
    # Monday 16 March: 17, 25, 26, 27 March, then Monday 30 March.
    due = kalender.add(wib(2026, 3, 16, 9, 15), 5, SatuanWaktu.HARI_KERJA)
    assert due == wib(2026, 3, 30, 9, 15)


def test_request_filed_during_the_holiday_counts_from_the_first_opening(kalender):
    assert kalender.start_of_work(wib(2026, 3, 21, 11)) == wib(2026, 3, 25, 8)
    assert kalender.add_working_days(wib(2026, 3, 21, 11), 3) == wib(2026, 3, 30, 8)


# -- Year end -----------------------------------------------------------------


def test_christmas_and_cuti_bersama_skip_to_the_next_week(kalender):
    # Wednesday 23 Dec 2026: 24 (cuti bersama), 25 (Natal), weekend, then 28 and 29.
    assert kalender.add_working_days(wib(2026, 12, 23, 10), 2) == wib(2026, 12, 29, 10)


def test_working_days_across_new_year(kalender):
    # Wednesday 30 Dec 2026 14.00: Thursday 31 Dec, then 1 Jan 2027 is a holiday
    # and a Friday, so the second working day is Monday 4 January 2027.
    assert kalender.add_working_days(wib(2026, 12, 30, 14), 2) == wib(2027, 1, 4, 14)
    assert not kalender.is_working_day(dt.date(2027, 1, 1))


# -- Weekends -------------------------------------------------------------------


def test_friday_plus_one_working_day_is_monday(kalender):
    assert kalender.add_working_days(wib(2026, 6, 5, 15), 1) == wib(2026, 6, 8, 15)


def test_request_on_saturday_counts_from_monday_opening(kalender):
    assert kalender.add_working_days(wib(2026, 6, 6, 11), 1) == wib(2026, 6, 9, 8)


def test_working_minutes_across_a_weekend(kalender):
    # Friday 15.50 + 40 minutes: 10 on Friday, 30 on Monday morning.
    assert kalender.add_working_minutes(wib(2026, 6, 12, 15, 50), 40) == wib(2026, 6, 15, 8, 30)


# -- Closures from the HariLibur table -------------------------------------------


def test_local_closure_applies_only_to_its_own_office(kantor):
    other = make_instansi()
    HariLibur.objects.create(
        instansi=kantor,
        tanggal=dt.date(2026, 7, 8),
        jenis=HariLibur.Jenis.LIBUR_DAERAH,
        keterangan="Hari jadi kota",
    )
    assert Kalender(kantor).add_working_days(wib(2026, 7, 7, 10), 1) == wib(2026, 7, 9, 10)
    assert Kalender(other).add_working_days(wib(2026, 7, 7, 10), 1) == wib(2026, 7, 8, 10)
    assert Kalender(kantor).holiday_name(dt.date(2026, 7, 8)) == "Hari jadi kota"


def test_cuti_bersama_without_instansi_closes_every_office(kantor):
    other = make_instansi(hari_kerja="0,1,2,3,4,5")
    HariLibur.objects.create(
        instansi=None,
        tanggal=dt.date(2026, 8, 21),
        jenis=HariLibur.Jenis.CUTI_BERSAMA,
        keterangan="Cuti bersama tambahan",
    )
    # Thursday 20 August + 1: Friday 21 is closed for everyone.
    assert Kalender(kantor).add_working_days(wib(2026, 8, 20, 9), 1) == wib(2026, 8, 24, 9)
    assert Kalender(other).add_working_days(wib(2026, 8, 20, 9), 1) == wib(2026, 8, 22, 9)


def test_closures_are_read_once_per_calendar(kalender, django_assert_num_queries):
    with django_assert_num_queries(1):
        for day in range(1, 32):
            kalender.is_working_day(dt.date(2026, 12, day))


# -- Office hours ---------------------------------------------------------------


def test_moment_after_closing_counts_from_next_opening(kalender):
    after_closing = wib(2026, 6, 8, 17, 30)
    assert kalender.start_of_work(after_closing) == wib(2026, 6, 9, 8)
    assert kalender.add(after_closing, 30, SatuanWaktu.MENIT) == wib(2026, 6, 9, 8, 30)
    assert kalender.add_working_days(after_closing, 1) == wib(2026, 6, 10, 8)


def test_moment_before_opening_counts_from_opening(kalender):
    assert kalender.add(wib(2026, 6, 8, 6, 45), 30, SatuanWaktu.MENIT) == wib(2026, 6, 8, 8, 30)


def test_working_minutes_across_a_night(kalender):
    assert kalender.add_working_minutes(wib(2026, 6, 8, 15, 30), 60) == wib(2026, 6, 9, 8, 30)
    assert kalender.add(wib(2026, 6, 8, 15), 2, SatuanWaktu.JAM) == wib(2026, 6, 9, 9)


def test_a_step_that_ends_exactly_at_closing_stays_that_day(kalender):
    assert kalender.add_working_minutes(wib(2026, 6, 8, 15, 30), 30) == wib(2026, 6, 8, 16)


def test_bulukumba_forty_minutes_fit_in_one_morning(kalender):
    # 30 + 2 + 5 + 3 minutes of the Bulukumba procedure, filed at 10.00.
    moment = wib(2026, 6, 8, 10)
    for minutes in (30, 2, 5, 3):
        moment = kalender.add(moment, minutes, SatuanWaktu.MENIT)
    assert moment == wib(2026, 6, 8, 10, 40)


# -- Measuring working time ------------------------------------------------------


def test_working_minutes_between_across_idul_fitri(kalender):
    # 60 minutes on Tuesday 17 March, nothing until Wednesday 25, then 60 more.
    start, end = wib(2026, 3, 17, 15), wib(2026, 3, 25, 9)
    assert kalender.working_minutes_between(start, end) == 120


def test_working_minutes_between_across_a_night_and_a_weekend(kalender):
    assert kalender.working_minutes_between(wib(2026, 6, 8, 15), wib(2026, 6, 9, 9)) == 120
    assert kalender.working_minutes_between(wib(2026, 6, 12, 15), wib(2026, 6, 15, 9)) == 120
    # Outside office hours on both ends: the whole of Friday 12 June.
    assert kalender.working_minutes_between(wib(2026, 6, 12, 6), wib(2026, 6, 13, 12)) == 480


def test_working_minutes_between_is_zero_when_end_is_not_after_start(kalender):
    moment = wib(2026, 6, 8, 10)
    assert kalender.working_minutes_between(moment, moment) == 0
    assert kalender.working_minutes_between(moment, moment - dt.timedelta(hours=1)) == 0


def test_adding_then_measuring_gives_the_same_minutes(kalender):
    start = wib(2026, 3, 16, 13, 20)
    due = kalender.add_working_minutes(start, 1000)
    assert kalender.working_minutes_between(start, due) == 1000


# -- Working week, time zone, other units --------------------------------------------


def test_six_day_working_week_counts_saturday_but_not_sunday(db):
    kalender = Kalender(make_instansi(hari_kerja="0,1,2,3,4,5"))
    assert kalender.add_working_days(wib(2026, 6, 12, 10), 1) == wib(2026, 6, 13, 10)
    assert kalender.add_working_days(wib(2026, 6, 13, 10), 1) == wib(2026, 6, 15, 10)
    assert not kalender.is_working_day(dt.date(2026, 6, 14))


def test_wita_office_counts_in_its_own_time_zone(db):
    wita = Kalender(make_instansi(zona_waktu=ZonaWaktu.WITA))
    wib_office = Kalender(make_instansi())
    # 08.30 UTC on Monday 8 June is 16.30 WITA (closed) but 15.30 WIB (open).
    moment = dt.datetime(2026, 6, 8, 8, 30, tzinfo=UTC)
    due_wita = wita.add_working_minutes(moment, 10)
    assert due_wita == dt.datetime(2026, 6, 9, 8, 10, tzinfo=WITA)
    assert due_wita.utcoffset() == dt.timedelta(hours=8)
    assert wib_office.add_working_minutes(moment, 10) == wib(2026, 6, 8, 15, 40)
    # The same UTC moment, an hour earlier, is 15.30 WITA: 30 working minutes left.
    assert wita.working_minutes_between(moment - dt.timedelta(hours=1), moment) == 30


def test_wita_working_days_keep_the_local_clock_time(db):
    wita = Kalender(make_instansi(zona_waktu=ZonaWaktu.WITA))
    moment = dt.datetime(2026, 6, 8, 2, 0, tzinfo=UTC)  # 10.00 WITA, Monday
    assert wita.add(moment, 3, SatuanWaktu.HARI_KERJA) == dt.datetime(2026, 6, 11, 10, tzinfo=WITA)


def test_weeks_months_and_calendar_days(kalender):
    assert kalender.add(wib(2026, 6, 8, 10), 2, SatuanWaktu.MINGGU) == wib(2026, 6, 22, 10)
    assert kalender.add(wib(2026, 1, 31, 10), 1, SatuanWaktu.BULAN) == wib(2026, 2, 28, 10)
    assert kalender.add(wib(2026, 11, 15, 10), 3, SatuanWaktu.BULAN) == wib(2027, 2, 15, 10)
    # Calendar days run through weekends and holidays.
    assert kalender.add(wib(2026, 3, 17, 10), 7, SatuanWaktu.HARI) == wib(2026, 3, 24, 10)


def test_fractional_working_days(kalender):
    # 1.5 hari kerja from Monday 10.00: Tuesday 10.00 plus half a day (240 minutes).
    due = kalender.add(wib(2026, 6, 8, 10), Decimal("1.5"), SatuanWaktu.HARI_KERJA)
    assert due == wib(2026, 6, 9, 14)


def test_seed_time_values_as_strings_are_accepted(kalender):
    assert kalender.add(wib(2026, 6, 8, 10), "5", "hari_kerja") == wib(2026, 6, 15, 10)


def test_naive_moment_is_refused(kalender):
    with pytest.raises(ValueError, match="aware"):
        kalender.add_working_minutes(dt.datetime(2026, 6, 8, 10), 10)


def test_unknown_unit_is_refused(kalender):
    with pytest.raises(ValueError):
        kalender.add(wib(2026, 6, 8, 10), 1, "tahun")
