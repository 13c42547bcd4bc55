"""The figures on the hand-made office of conftest.py, worked out there."""

from __future__ import annotations

import pytest

from kinerja import selectors
from tests.kinerja.conftest import pada

pytestmark = pytest.mark.django_db


def _periode(kantor):
    return selectors.periode(instansi=kantor.layanan.instansi, kode="12bulan")


def test_step_times_median_p90_and_share_on_time(kantor):
    baris = selectors.waktu_langkah(
        instansi=kantor.layanan.instansi, periode=_periode(kantor), layanan=kantor.layanan
    )
    (konsep,) = [b for b in baris if b.urutan == 2]
    assert (konsep.baku_nilai, konsep.satuan) == (2.0, "jam")
    assert konsep.selesai == 5
    assert konsep.median == pytest.approx(2.0)
    assert konsep.p90 == pytest.approx(3.6)
    assert (konsep.tepat_waktu, konsep.dinilai) == (3, 5)  # 2 jam exactly is on time
    assert konsep.persen_tepat == 60.0
    assert konsep.lewat_baku is False


def test_service_completion_time_in_working_days(kantor):
    (w,) = selectors.waktu_layanan(
        instansi=kantor.layanan.instansi, periode=_periode(kantor), layanan=kantor.layanan
    )
    assert (w.baku_nilai, w.satuan, w.selesai) == (5.0, "hari_kerja", 5)
    assert w.median == pytest.approx(3.0)
    assert w.p90 == pytest.approx(5.2)
    assert (w.tepat_waktu, w.dinilai) == (4, 5)


def test_working_minutes_in_sql_skip_the_night(kantor):
    """15:00 to 09:00 of the next working day is 60 + 60 working minutes."""
    from django.db.models import Value
    from django.db.models.fields import DateTimeField

    from kinerja.waktu import MenitKerja, libur
    from rujukan.models import Rujukan

    kal = kantor.kal
    besok = kal.next_working_day(kantor.d)
    mulai, selesai = pada(kal, kantor.d, 15), pada(kal, besok, 9)
    hari_libur = libur(kal, dari=kantor.d, sampai=besok)
    nilai = (
        Rujukan.objects.annotate(
            m=MenitKerja(
                Value(mulai, output_field=DateTimeField()),
                Value(selesai, output_field=DateTimeField()),
                kal=kal,
                hari_libur=hari_libur,
            )
        )
        .values_list("m", flat=True)
        .first()
    )
    assert nilai == 120 == kal.working_minutes_between(mulai, selesai)


def test_complaints_answered_at_the_deadline_count_as_on_time(kantor):
    p = selectors.ringkasan_pengaduan(
        instansi=kantor.layanan.instansi, periode=_periode(kantor), layanan=kantor.layanan
    )
    assert (p.jumlah, p.dijawab, p.dijawab_tepat, p.lewat_belum_dijawab) == (4, 3, 2, 1)
    assert p.persen_tepat == 50.0
    assert p.median_jam_kerja == 8.0  # 120, 480, 540 minutes
    assert sorted(j.jumlah for j in p.per_saluran) == [1, 3]
    assert {j.kode: j.jumlah for j in p.per_jenis} == {"pengaduan": 3, "saran": 1}


def test_cases_by_state_service_and_the_trend(kantor):
    instansi = kantor.layanan.instansi
    per = _periode(kantor)
    dasbor = selectors.dasbor(instansi=instansi, periode=per)
    status = {s.status: s.jumlah for s in dasbor.per_status}
    assert status["selesai"] == 5
    (la,) = dasbor.per_layanan
    assert (la.jumlah, la.terbuka) == (6, 1)  # five closed and the registered example
    tren = selectors.tren_bulanan(instansi=instansi)
    assert len(tren) == 12
    assert sum(t.masuk for t in tren) == 6
    assert sum(t.selesai for t in tren) == 5
    assert sum(t.tepat_waktu for t in tren) == 4
    assert sum(t.pengaduan for t in tren) == 4


def test_another_office_has_none_of_these_figures(kantor, personas):
    lain = personas.instansi_lain
    per = selectors.periode(instansi=lain, kode="12bulan")
    assert selectors.waktu_langkah(instansi=lain, periode=per) == []
    assert selectors.waktu_layanan(instansi=lain, periode=per) == []
    assert selectors.ringkasan_pengaduan(instansi=lain, periode=per).jumlah == 0
    assert selectors.kasus_terlambat(instansi=lain) == (0, [])


def test_the_periods_in_the_offices_own_days(personas):
    import datetime as dt

    from django.utils import timezone

    from layanan.calendar import Kalender

    instansi = personas.instansi
    hari_ini = timezone.now().astimezone(Kalender(instansi).tz).date()
    p = selectors.periode(instansi=instansi, kode="30hari")
    assert (p.dari, p.sampai) == (hari_ini - dt.timedelta(days=29), hari_ini)
    assert p.akhir - p.mulai == dt.timedelta(days=30)
    assert selectors.periode(instansi=instansi, kode="bulanini").dari == hari_ini.replace(day=1)
    p12 = selectors.periode(instansi=instansi, kode="12bulan")
    assert p12.dari.day == 1 and (p12.sampai - p12.dari).days > 330
    kemarin = hari_ini - dt.timedelta(days=1)
    khusus = selectors.periode(instansi=instansi, kode="khusus", dari=kemarin, sampai=hari_ini)
    assert (khusus.kode, khusus.dari) == ("khusus", kemarin)
    # an inverted range is not a range: the default period instead
    terbalik = selectors.periode(instansi=instansi, kode="khusus", dari=hari_ini, sampai=kemarin)
    assert terbalik.kode == "30hari"
