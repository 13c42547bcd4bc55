"""The working minutes stored when a step is done or a case closes
(LangkahKasus.menit_kerja, Rujukan.menit_kerja), the backfill for rows without
them, and the dashboard reading them as plain aggregates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kinerja import selectors
from kinerja.waktu import isi_menit_kerja
from layanan.calendar import Kalender
from layanan.models import HariLibur, Layanan
from rujukan import services as rs
from rujukan.models import LangkahKasus, Rujukan, Status
from rujukan.models.langkah import StatusLangkah, menit_kerja_antara
from tests.kinerja.conftest import kasus_massal, pada
from tests.personas import Personas, personas_untuk
from tests.rujukan.factories import s_register, standar_sederhana

pytestmark = pytest.mark.django_db


@dataclass
class Minggu:
    """A Friday ahead, the weekend, and the Monday after it closed by the
    office (a local closure): after Friday 16:00 the next working moment is
    Tuesday 08:00."""

    kal: Kalender
    jumat: dt.date
    selasa: dt.date
    layanan: Layanan
    staf: Personas


@pytest.fixture
def minggu(db) -> Minggu:
    layanan = standar_sederhana(waktu_nilai=5, waktu_satuan="hari_kerja")
    instansi = layanan.instansi
    kal = Kalender(instansi)
    assert (kal.opens, kal.closes) == (dt.time(8), dt.time(16))
    jumat = timezone.localdate() + dt.timedelta(days=7)
    while not (
        jumat.weekday() == 4
        and kal.is_working_day(jumat)
        and kal.is_working_day(jumat + dt.timedelta(days=4))
    ):
        jumat += dt.timedelta(days=1)
    HariLibur.objects.create(
        instansi=instansi,
        tanggal=jumat + dt.timedelta(days=3),
        jenis=HariLibur.Jenis.LIBUR_DAERAH,
        keterangan="Penutupan kantor",
    )
    kal = Kalender(instansi)
    assert not any(kal.is_working_day(jumat + dt.timedelta(days=i)) for i in (1, 2, 3))
    selasa = jumat + dt.timedelta(days=4)
    return Minggu(kal, jumat, selasa, layanan, personas_untuk(instansi))


def test_a_step_done_stores_its_working_minutes_across_a_weekend_and_a_closure(minggu):
    layanan, personas = minggu.layanan, minggu.staf
    with time_machine.travel(pada(minggu.kal, minggu.jumat, 15), tick=False):
        r = s_register(layanan, personas).rujukan
        r = rs.rujukan_start_check(rujukan=r, by=personas.petugas_loket)
        r = rs.rujukan_accept_berkas(rujukan=r, by=personas.petugas_loket)
    konsep = r.langkah_kasus.get(urutan=2)
    assert konsep.status == StatusLangkah.BERJALAN and konsep.menit_kerja is None
    with time_machine.travel(pada(minggu.kal, minggu.selasa, 9, 30), tick=False):
        rs.rujukan_submit_for_approval(rujukan=r, by=personas.petugas_loket)
    konsep.refresh_from_db()
    assert konsep.status == StatusLangkah.SELESAI
    # Friday 15:00-16:00 and Tuesday 08:00-09:30; not the weekend, not the closed Monday
    assert konsep.menit_kerja == 150
    assert r.langkah_kasus.get(urutan=1).menit_kerja == 0  # done at registration
    assert r.langkah_kasus.get(urutan=3).menit_kerja is None  # now current, not done


def test_a_closed_case_stores_its_working_minutes_from_registration(minggu):
    layanan, personas = minggu.layanan, minggu.staf
    with time_machine.travel(pada(minggu.kal, minggu.jumat, 14), tick=False):
        r = s_register(layanan, personas).rujukan
        r = rs.rujukan_start_check(rujukan=r, by=personas.petugas_loket)
    assert r.menit_kerja is None
    with time_machine.travel(pada(minggu.kal, minggu.selasa, 10), tick=False):
        rs.rujukan_reject_ineligible(
            rujukan=r, by=personas.petugas_loket, alasan="Bukan warga kota ini."
        )
    r.refresh_from_db()
    assert r.status == Status.TIDAK_MEMENUHI_SYARAT
    assert r.menit_kerja == 120 + 120  # Friday 14:00-16:00, Tuesday 08:00-10:00


def test_a_span_measured_in_python_agrees_to_the_second(minggu):
    mulai = pada(minggu.kal, minggu.jumat, 15, 20) + dt.timedelta(seconds=30)
    selesai = pada(minggu.kal, minggu.selasa, 8, 5)
    assert menit_kerja_antara(minggu.kal, mulai, selesai) == pytest.approx(39.5 + 5)
    assert menit_kerja_antara(minggu.kal, selesai, mulai) == 0
    assert menit_kerja_antara(minggu.kal, None, selesai) is None


def test_the_backfill_measures_the_rows_without_minutes_as_the_dashboard_did(kantor):
    """The office of conftest.py was written around the services and measured
    by the backfill: without its values, the backfill stores them again (in
    SQL on PostgreSQL), and the figures read from them are those worked out
    by hand there."""
    langkah = LangkahKasus.objects.filter(
        rujukan__instansi=kantor.layanan.instansi, urutan=2, status=StatusLangkah.SELESAI
    )
    tuntas = Rujukan.objects.filter(instansi=kantor.layanan.instansi, status=Status.SELESAI)
    langkah.update(menit_kerja=None)
    tuntas.update(menit_kerja=None)
    n = isi_menit_kerja(instansi=kantor.layanan.instansi)
    assert n == {"langkah": 5, "rujukan": 5}
    assert sorted(langkah.values_list("menit_kerja", flat=True)) == [60, 90, 120, 180, 240]
    assert sorted(tuntas.values_list("menit_kerja", flat=True)) == [480, 960, 1440, 1920, 2880]
    assert isi_menit_kerja(instansi=kantor.layanan.instansi) == {"langkah": 0, "rujukan": 0}
    per = selectors.periode(instansi=kantor.layanan.instansi, kode="12bulan")
    (konsep,) = [
        b
        for b in selectors.waktu_langkah(
            instansi=kantor.layanan.instansi, periode=per, layanan=kantor.layanan
        )
        if b.urutan == 2
    ]
    assert (konsep.median, konsep.p90, konsep.tepat_waktu) == (2.0, pytest.approx(3.6), 3)
    (w,) = selectors.waktu_layanan(
        instansi=kantor.layanan.instansi, periode=per, layanan=kantor.layanan
    )
    assert (w.median, w.p90, w.tepat_waktu) == (3.0, pytest.approx(5.2), 4)


def test_migrate_fills_the_minutes_of_rows_finished_before_they_were_stored(kantor):
    """An office upgraded past rujukan 0022 has history without stored minutes:
    the signal `migrate` sends at its end (post_migrate) fills them, so the
    dashboard counts that history with no manual step."""
    from django.core.management.sql import emit_post_migrate_signal

    langkah = LangkahKasus.objects.filter(
        rujukan__instansi=kantor.layanan.instansi, urutan=2, status=StatusLangkah.SELESAI
    )
    langkah.update(menit_kerja=None)
    emit_post_migrate_signal(0, False, "default")
    assert sorted(langkah.values_list("menit_kerja", flat=True)) == [60, 90, 120, 180, 240]


def test_the_dashboard_reads_the_stored_minutes(kantor):
    """A stored value wins over the moments: the figures are aggregates of it."""
    instansi = kantor.layanan.instansi
    langkah = LangkahKasus.objects.filter(
        rujukan__instansi=instansi, urutan=2, status=StatusLangkah.SELESAI
    )
    # 5 working hours each, whatever the moments say (1 to 4 hours)
    langkah.update(menit_kerja=300)
    Rujukan.objects.filter(instansi=instansi, status=Status.SELESAI).update(menit_kerja=480 * 7)
    per = selectors.periode(instansi=instansi, kode="12bulan")
    (konsep,) = [
        b for b in selectors.waktu_langkah(instansi=instansi, periode=per) if b.urutan == 2
    ]
    assert (konsep.median, konsep.p90, konsep.tepat_waktu, konsep.dinilai) == (5.0, 5.0, 0, 5)
    (w,) = selectors.waktu_layanan(instansi=instansi, periode=per)
    assert (w.median, w.p90) == (7.0, 7.0)  # hari kerja


def test_the_dashboard_queries_stay_the_same_with_many_stored_rows(client, personas, kantor):
    isi_menit_kerja(instansi=kantor.layanan.instansi)
    client.force_login(personas.kadis)
    url = reverse("kinerja:dasbor")
    client.get(url)  # the first request of a session loads it once

    def hitung() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"periode": "12bulan"}).status_code == 200
        return len(ctx.captured_queries)

    sedikit = hitung()
    kemarin = pada(kantor.kal, kantor.d, 9)
    selesai = kemarin + dt.timedelta(days=1)
    rows = kasus_massal(
        kantor, 300, dibuat=kemarin, status=Status.SELESAI, tenggat=selesai, selesai_pada=selesai
    )
    langkah2 = kantor.layanan.langkah.get(urutan=2)
    LangkahKasus.objects.bulk_create(
        LangkahKasus(
            rujukan=r,
            langkah=langkah2,
            urutan=2,
            status=StatusLangkah.SELESAI,
            mulai_pada=kemarin,
            selesai_pada=selesai,
            menit_kerja=300,
        )
        for r in rows
    )
    isi_menit_kerja(instansi=kantor.layanan.instansi)
    assert hitung() == sedikit
    assert sedikit <= 24


def test_the_public_page_is_kept_a_while_for_anonymous_visitors(client, personas, kantor):
    cache.clear()
    url = reverse("transparansi:instansi", args=[personas.instansi.slug])
    with CaptureQueriesContext(connection) as pertama:
        r = client.get(url)
    assert r.status_code == 200 and 'id="dihitung"' in r.content.decode()
    with CaptureQueriesContext(connection) as kedua:
        r2 = client.get(url)
    assert r2.content == r.content
    # served from the cache: the office and its standards are read, not the cases
    assert len(kedua.captured_queries) < len(pertama.captured_queries)
    assert not any("rujukan_rujukan" in q["sql"] for q in kedua.captured_queries)
    # a new version of a standard (or any change to a published one) shows at once
    kantor.layanan.save()
    with CaptureQueriesContext(connection) as ketiga:
        client.get(url)
    assert len(ketiga.captured_queries) == len(pertama.captured_queries)
    # staff see the figures live
    client.force_login(personas.kabid)
    with CaptureQueriesContext(connection) as staf:
        client.get(url)
    assert any("rujukan_rujukan" in q["sql"] for q in staf.captured_queries)
