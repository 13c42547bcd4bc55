"""The response clock: working time of the office, paused while waiting for the citizen."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from layanan.models import SatuanWaktu
from pengaduan import services
from pengaduan.models import Pengaduan, PengaturanPengaduan
from pengaduan.riwayat import peristiwa
from pengaduan.selectors import filter_lewat_waktu
from tests.factories import make_layanan
from tests.pengaduan.factories import ajukan, catat

WIB = ZoneInfo("Asia/Jakarta")
pytestmark = pytest.mark.django_db


def wib(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WIB)


def test_three_working_days_skip_the_weekend(personas):
    with time_machine.travel(wib(2026, 11, 20, 10, 0), tick=False):  # Friday
        p, _ = ajukan(personas.instansi)
    assert p.respons_nilai == Decimal(3) and p.respons_satuan == SatuanWaktu.HARI_KERJA
    assert p.batas_waktu == wib(2026, 11, 25, 10, 0)  # Wednesday


def test_three_working_days_skip_a_national_holiday(personas):
    # Friday 14 August 2026; Monday 17 August is Independence Day.
    with time_machine.travel(wib(2026, 8, 14, 10, 0), tick=False):
        p, _ = ajukan(personas.instansi)
    assert p.batas_waktu == wib(2026, 8, 20, 10, 0)  # Thursday


def test_complaint_filed_on_saturday_night_counts_from_monday_opening(personas):
    with time_machine.travel(wib(2026, 11, 21, 22, 30), tick=False):
        p, _ = ajukan(personas.instansi)
    assert p.batas_waktu == wib(2026, 11, 26, 8, 0)


def test_logged_complaint_starts_the_clock_when_it_actually_arrived(personas):
    with time_machine.travel(wib(2026, 11, 30, 9, 0), tick=False):  # Monday
        # The suggestion box was opened on Monday; the letter is dated the Wednesday before.
        p, _ = catat(
            personas.petugas_loket, saluran="kotak_saran", diterima_pada=wib(2026, 11, 25, 11, 0)
        )
        assert p.batas_waktu == wib(2026, 11, 30, 11, 0)
        assert not p.lewat_waktu(wib(2026, 11, 30, 9, 0))
    with time_machine.travel(wib(2026, 11, 30, 11, 1), tick=False):
        assert p.lewat_waktu(wib(2026, 11, 30, 11, 1))
        assert list(filter_lewat_waktu(Pengaduan.objects.all())) == [p]


def test_future_received_date_is_refused(personas):
    with (
        time_machine.travel(wib(2026, 11, 30, 9, 0), tick=False),
        pytest.raises(services.PengaduanError) as exc,
    ):
        catat(personas.petugas_loket, diterima_pada=wib(2026, 12, 2, 9, 0))
    assert exc.value.status_code == 400
    assert Pengaduan.objects.count() == 0


def test_pause_keeps_the_remaining_working_time(personas):
    loket = personas.petugas_loket
    with time_machine.travel(wib(2026, 11, 23, 10, 0), tick=False):  # Monday
        p, _ = ajukan(personas.instansi)
        assert p.batas_waktu == wib(2026, 11, 26, 10, 0)
    with time_machine.travel(wib(2026, 11, 24, 10, 0), tick=False):  # Tuesday: 2 days left
        services.pengaduan_start_check(pengaduan=p, by=loket)
        p = services.pengaduan_request_details(
            pengaduan=p, by=loket, pesan="Mohon kirim foto KTP lansia tersebut."
        )
        assert p.dijeda_pada == wib(2026, 11, 24, 10, 0)
    with time_machine.travel(wib(2026, 11, 30, 10, 0), tick=False):  # next Monday
        # Not overdue while the office waits for the citizen.
        assert list(filter_lewat_waktu(Pengaduan.objects.all())) == []
        services.pelapor_balas(pengaduan=p, isi="Foto KTP sudah saya kirim lewat WA.")
    p.refresh_from_db()
    assert p.status == Pengaduan.Status.CEK_ADMINISTRASI
    assert p.dijeda_pada is None
    assert p.menit_jeda == 4 * 8 * 60  # Tue 10:00 → Mon 10:00 = four working days
    assert p.batas_waktu == wib(2026, 12, 2, 10, 0)  # two working days after Monday 10:00


def test_pause_across_a_holiday_does_not_count_the_holiday(personas):
    loket = personas.petugas_loket
    with time_machine.travel(wib(2026, 8, 13, 10, 0), tick=False):  # Thursday
        p, _ = ajukan(personas.instansi)
        assert p.batas_waktu == wib(2026, 8, 19, 10, 0)  # Fri, (Mon 17 off), Tue, Wed
        services.pengaduan_request_details(pengaduan=p, by=loket, pesan="Mohon alamat lengkap.")
    with time_machine.travel(wib(2026, 8, 18, 10, 0), tick=False):  # Tuesday
        p = services.pengaduan_resume(
            pengaduan=p, by=loket, catatan="Pelapor menelepon dan memberi alamat."
        )
    assert p.menit_jeda == 2 * 8 * 60  # Thu 10:00 → Tue 10:00: Thu, Fri (Mon is a holiday)
    assert p.batas_waktu == wib(2026, 8, 21, 10, 0)  # Wed + the two days paused


def test_service_response_time_comes_from_its_standard(personas):
    layanan = make_layanan(
        personas.instansi, respons_pengaduan_nilai=5, respons_pengaduan_satuan="hari_kerja"
    )
    with time_machine.travel(wib(2026, 11, 23, 10, 0), tick=False):
        p, _ = ajukan(personas.instansi, layanan=layanan)
    assert p.batas_waktu == wib(2026, 11, 30, 10, 0)


def test_office_setting_is_used_without_a_service(personas):
    PengaturanPengaduan.objects.create(
        instansi=personas.instansi, respons_nilai=2, respons_satuan="hari_kerja"
    )
    with time_machine.travel(wib(2026, 11, 23, 10, 0), tick=False):
        p, _ = ajukan(personas.instansi)
    assert p.batas_waktu == wib(2026, 11, 25, 10, 0)


def test_reopening_starts_a_new_response_time(personas):
    loket = personas.petugas_loket
    with time_machine.travel(wib(2026, 11, 23, 10, 0), tick=False):
        p, _ = ajukan(personas.instansi)
        services.pengaduan_answer(pengaduan=p, by=loket, isi="Bantuan cair pekan depan.")
    with time_machine.travel(wib(2026, 11, 27, 14, 0), tick=False):  # Friday
        p = services.pelapor_buka_kembali(pengaduan=p, alasan="Belum cair juga.")
    assert p.status == Pengaduan.Status.CEK_ADMINISTRASI
    assert p.batas_waktu == wib(2026, 12, 2, 14, 0)
    assert p.dibuka_kembali_kali == 1


def test_answered_on_time_is_recorded(personas):
    loket = personas.petugas_loket
    with time_machine.travel(wib(2026, 11, 23, 10, 0), tick=False):
        p, _ = ajukan(personas.instansi)
    with time_machine.travel(wib(2026, 11, 27, 10, 0), tick=False):  # a day late
        p = services.pengaduan_answer(pengaduan=p, by=loket, isi="Mohon maaf atas keterlambatan.")
    assert p.dijawab_tepat_waktu is False
    [dijawab] = [e for e in peristiwa(p) if e.kode == "pengaduan.dijawab"]
    assert dijawab.data == {"tepat_waktu": False}
