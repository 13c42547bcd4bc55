"""The clock: due moments from the standard's times on the office calendar,
pauses with reasons that move the due moments, overdue flags."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from rujukan import services as s
from rujukan.clock import ringkasan_waktu
from rujukan.models import JedaWaktu, Rujukan
from rujukan.selectors import rujukan_list
from tests.berkas_palsu import pdf
from tests.personas import personas_untuk
from tests.rujukan.factories import data_klien, data_pemohon

pytestmark = pytest.mark.django_db
WIB = dt.timezone(dt.timedelta(hours=7))


def _depok(standar, staf, pada):
    layanan = standar["depok"]
    sub = layanan.sub_layanan.get(nama__contains="Pendidikan")
    with time_machine.travel(pada, tick=False):
        return s.rujukan_register(
            by=staf.petugas_loket,
            permohonan=s.PermohonanBaru(
                layanan=layanan,
                sub_layanan=sub,
                klien=data_klien(dt.date(2010, 1, 5), wilayah="327601"),
                pemohon=data_pemohon("keluarga"),
                berkas={p.pk: pdf() for p in s.persyaratan_untuk(layanan, sub)},
            ),
        ).rujukan


def test_five_working_days_skip_the_weekend_and_pause_while_the_official_is_away(standar):
    staf = personas_untuk(standar["depok"].instansi)
    kamis = dt.datetime(2026, 10, 1, 10, 0, tzinfo=WIB)  # Thursday
    r = _depok(standar, staf, kamis)
    assert r.tenggat == dt.datetime(2026, 10, 8, 10, 0, tzinfo=WIB)  # next Thursday
    with time_machine.travel(kamis + dt.timedelta(hours=1), tick=False):
        r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
        r = s.rujukan_skip_verification(
            rujukan=r, by=staf.petugas_loket, catatan="DTKS", terdaftar_dtks=True
        )
        s.rujukan_submit_for_approval(rujukan=r, by=staf.peksos)
        s.rujukan_approve(rujukan=r, by=staf.koordinator)
        with pytest.raises(s.DataTidakValid):
            s.rujukan_pause_clock(rujukan=r, by=staf.koordinator, alasan="bukan-alasan")
        s.rujukan_pause_clock(
            rujukan=r,
            by=staf.koordinator,
            alasan=JedaWaktu.Alasan.PEJABAT_TIDAK_DI_TEMPAT,
            keterangan="Kabid dinas luar ke Bogor.",
        )
    # the Kabid is away from Thursday 11.00 to Monday 11.00: two working days
    with time_machine.travel(dt.datetime(2026, 10, 5, 11, 0, tzinfo=WIB), tick=False):
        r = Rujukan.objects.get(pk=r.pk)
        assert r.dijeda and not ringkasan_waktu(r).terlambat
        r = s.rujukan_resume_clock(rujukan=r, by=staf.kabid)
    r.refresh_from_db()
    assert r.tenggat == dt.datetime(2026, 10, 12, 10, 0, tzinfo=WIB)  # two working days later
    jeda = r.jeda.get()
    assert jeda.menit_kerja == 2 * 8 * 60 and jeda.keterangan.startswith("Kabid")
    with time_machine.travel(dt.datetime(2026, 10, 13, 9, 0, tzinfo=WIB), tick=False):
        waktu = ringkasan_waktu(r)
        assert waktu.terlambat
        assert waktu.menit_diizinkan == 5 * 8 * 60
        assert waktu.menit_jeda == 2 * 8 * 60
        assert waktu.menit_terpakai > waktu.menit_diizinkan
        assert list(rujukan_list(user=staf.petugas_loket, terlambat=True)) == [r]
        r = s.rujukan_approve(rujukan=r, by=staf.kabid)
        r = s.rujukan_hand_to_pemohon(rujukan=r, by=staf.petugas_loket)
        assert list(rujukan_list(user=staf.petugas_loket, terlambat=True)) == []


def test_returning_papers_pauses_the_clock_until_resubmitted(standar):
    staf = personas_untuk(standar["depok"].instansi)
    senin = dt.datetime(2026, 10, 5, 9, 0, tzinfo=WIB)
    r = _depok(standar, staf, senin)
    awal = r.tenggat
    with time_machine.travel(senin, tick=False):
        r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
        r = s.rujukan_return_to_pemohon(rujukan=r, by=staf.petugas_loket, catatan="KK buram.")
    with time_machine.travel(senin + dt.timedelta(days=2), tick=False):
        r = s.rujukan_resubmit(rujukan=r, by=staf.petugas_loket)
    assert r.tenggat == awal + dt.timedelta(days=2)
    assert r.jeda.get().alasan == JedaWaktu.Alasan.MENUNGGU_PEMOHON
