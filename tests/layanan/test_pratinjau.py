"""pratinjau_standar: how a sample case started on the office's next working
day at 09.00 would run, measured on the office's working calendar."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from layanan.models import FaseWaktu, HariLibur, SatuanWaktu
from layanan.pratinjau import contoh_mulai, pratinjau_standar
from tests.layanan.factories import make_standar_berjalan

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
# Friday afternoon: the sample case starts on Monday 30 November 2026.
JUMAT = dt.datetime(2026, 11, 27, 14, 0, tzinfo=WIB)


@pytest.fixture
def standar(personas):
    return make_standar_berjalan(personas)


def test_sample_case_starts_next_working_day_at_nine_in_the_offices_zone(instansi):
    assert contoh_mulai(instansi, sekarang=JUMAT) == dt.datetime(2026, 11, 30, 9, 0, tzinfo=WIB)
    instansi.zona_waktu = "Asia/Makassar"
    instansi.save()
    mulai = contoh_mulai(instansi, sekarang=JUMAT)
    assert mulai == dt.datetime(2026, 11, 30, 9, 0, tzinfo=WITA)
    assert mulai.utcoffset() == dt.timedelta(hours=8)


def test_sample_start_skips_the_offices_own_closures_and_holidays(instansi):
    HariLibur.objects.create(
        instansi=instansi, tanggal=dt.date(2026, 11, 30), jenis="libur_daerah", keterangan="Rapat"
    )
    assert contoh_mulai(instansi, sekarang=JUMAT) == dt.datetime(2026, 12, 1, 9, 0, tzinfo=WIB)
    # Cuti bersama 24 Dec and Christmas 25 Dec, then the weekend
    rabu = dt.datetime(2026, 12, 23, 10, 0, tzinfo=WIB)
    assert contoh_mulai(instansi, sekarang=rabu) == dt.datetime(2026, 12, 28, 9, 0, tzinfo=WIB)


def test_deadline_follows_the_standards_completion_time(standar):
    p = pratinjau_standar(standar, sekarang=JUMAT)
    assert p.mulai == dt.datetime(2026, 11, 30, 9, 0, tzinfo=WIB)
    # 5 hari kerja from Monday 09.00
    assert p.tenggat == dt.datetime(2026, 12, 7, 9, 0, tzinfo=WIB)
    assert p.dasar_tenggat == "waktu penyelesaian standar"


def test_steps_run_one_after_another_with_their_holders(standar):
    rows = pratinjau_standar(standar, sekarang=JUMAT).langkah
    assert [r.label for r in rows] == [
        "Langkah 1 (Penerimaan permohonan / registrasi)",
        "Langkah 2 (Pemeriksaan data kelayakan)",
        "Langkah 3 (Verifikasi lapangan / kunjungan)",
        "Langkah 4 (Penyusunan konsep produk)",
        "Langkah 5 (Paraf)",
        "Langkah 6 (Tanda tangan)",
        "Langkah 7 (Penyerahan produk / barang / klien)",
    ]
    senin = dt.datetime(2026, 11, 30, 9, 0, tzinfo=WIB)
    assert rows[0].selesai == senin + dt.timedelta(minutes=30)
    assert rows[1].selesai == senin + dt.timedelta(minutes=40)
    # the home visit happens only "bila belum terdaftar di DTKS": shown, not counted
    assert rows[2].selesai == dt.datetime(2026, 12, 1, 9, 40, tzinfo=WIB)
    assert not rows[2].dihitung
    assert rows[3].mulai == senin + dt.timedelta(minutes=40)
    assert rows[3].selesai == dt.datetime(2026, 12, 1, 9, 40, tzinfo=WIB)
    assert rows[4].selesai == dt.datetime(2026, 12, 1, 9, 45, tzinfo=WIB)
    assert rows[5].selesai is None
    assert rows[4].pelaksana == "Koordinator SLRT"
    assert rows[4].pemegang == ("Dewi",)
    assert rows[5].pemegang == ("Hasan",)


def test_step_without_jabatan_lists_the_holders_of_its_role(standar):
    step = standar.langkah.get(urutan=4)
    step.jabatan.clear()
    rows = pratinjau_standar(standar, sekarang=JUMAT).langkah
    assert rows[3].pelaksana == ""
    assert rows[3].pemegang == ("Bima",)


def test_without_completion_time_the_deadline_is_the_sum_of_phases(standar):
    standar.waktu_nilai = None
    standar.waktu_satuan = ""
    standar.save()
    FaseWaktu.objects.create(
        layanan=standar, urutan=1, nama="Usulan", nilai=Decimal("2"), satuan=SatuanWaktu.HARI_KERJA
    )
    FaseWaktu.objects.create(
        layanan=standar,
        urutan=2,
        nama="Setelah panti menjawab",
        nilai=Decimal("1"),
        nilai_sampai=Decimal("2"),
        satuan=SatuanWaktu.HARI_KERJA,
    )
    p = pratinjau_standar(standar, sekarang=JUMAT)
    assert p.tenggat == dt.datetime(2026, 12, 4, 9, 0, tzinfo=WIB)  # 2 + 2 working days
    assert p.dasar_tenggat == "jumlah fase waktu penyelesaian"


def test_without_any_total_the_deadline_is_the_sum_of_step_times(standar):
    standar.waktu_nilai = None
    standar.waktu_satuan = ""
    standar.save()
    p = pratinjau_standar(standar, sekarang=JUMAT)
    # 30 + 10 minutes, 1 working day, 5 minutes; the conditional visit is left out
    assert p.tenggat == dt.datetime(2026, 12, 1, 9, 45, tzinfo=WIB)
    assert p.dasar_tenggat == "jumlah waktu baku langkah"


def test_parallel_paused_and_clock_start_steps(standar):
    standar.waktu_nilai = None
    standar.waktu_satuan = ""
    standar.save()
    steps = list(standar.langkah.order_by("urutan"))
    steps[1].bersamaan = True  # the fact check runs alongside the intake
    steps[1].mulai_waktu = True  # and the clock starts there
    steps[1].save()
    steps[3].jeda_waktu = True  # drafting waits on another office: the clock stops
    steps[3].save()
    p = pratinjau_standar(standar, sekarang=JUMAT)
    senin = dt.datetime(2026, 11, 30, 9, 0, tzinfo=WIB)
    assert p.langkah[1].mulai == senin
    assert p.mulai_hitung == senin
    assert not p.langkah[3].dihitung
    # counted: 30 min (intake) ∥ 10 min (check), then paraf 5 min; drafting paused
    assert p.langkah[4].mulai == senin + dt.timedelta(minutes=30)
    assert p.tenggat == senin + dt.timedelta(minutes=35)


def test_products_are_listed_with_their_kinds(standar):
    [produk] = pratinjau_standar(standar, sekarang=JUMAT).produk
    assert produk.nama == "Surat Rekomendasi"
    assert produk.get_jenis_display() == "Surat melalui persetujuan pejabat"
