"""The intake's arguments as one value (PermohonanBaru): what the desk and
the online pages build from their forms, and what the intake services take."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest

from rujukan import services as s
from rujukan.models import Rujukan
from rujukan.services.intake import PermohonanBaru
from tests.berkas_palsu import pdf
from tests.personas import personas_untuk
from tests.rujukan.factories import data_klien, data_pemohon, standar_sederhana

pytestmark = pytest.mark.django_db


@pytest.fixture
def layanan(personas):
    return standar_sederhana(personas.instansi)


@pytest.fixture
def loket(personas):
    return personas_untuk(personas.instansi).petugas_loket


def _permohonan(layanan, **kwargs):
    isian = {
        "layanan": layanan,
        "klien": data_klien(dt.date(1980, 1, 1)),
        "pemohon": data_pemohon("keluarga"),
        "ringkasan": "Lansia terlantar",
        "berkas": {layanan.persyaratan.get().pk: pdf()},
    }
    return PermohonanBaru(**(isian | kwargs))


def test_the_desk_registers_the_request_it_is_given(layanan, loket):
    syarat = layanan.persyaratan.get()
    permohonan = _permohonan(layanan, terpenuhi=[syarat.pk], terdaftar_dtks=True)
    hasil = s.rujukan_register(by=loket, permohonan=permohonan)
    r = hasil.rujukan
    assert (r.klien.nama, r.ringkasan, r.terdaftar_dtks) == (
        "Siti Aminah",
        "Lansia terlantar",
        True,
    )
    item = r.berkas.get(persyaratan=syarat)
    assert item.terpenuhi and item.berkas and item.diperiksa_oleh == loket


def test_the_request_is_read_only_and_keeps_no_list_of_the_caller(layanan):
    anggota, berkas = [], {}
    permohonan = _permohonan(layanan, anggota=anggota, berkas=berkas)
    anggota.append(s.DataAnggota(klien=data_klien(dt.date(1990, 1, 1))))
    berkas[1] = pdf()
    assert permohonan.anggota == () and dict(permohonan.berkas) == {}
    with pytest.raises(dataclasses.FrozenInstanceError):
        permohonan.ringkasan = "lain"
    with pytest.raises(TypeError):
        permohonan.berkas[1] = pdf()


@pytest.mark.parametrize("kolom", ["terpenuhi", "terdaftar_dtks"])
def test_what_only_the_desk_states_is_refused_online(layanan, loket, kolom):
    nilai = {"terpenuhi": [layanan.persyaratan.get().pk], "terdaftar_dtks": False}[kolom]
    with pytest.raises(s.DataTidakValid, match="loket"):
        s.rujukan_submit_online(
            by=loket,
            permohonan=_permohonan(layanan, **{kolom: nilai}),
            persetujuan=s.DataPersetujuanOnline(pemberi="Siti Aminah"),
            kunci=uuid.uuid4().hex,
        )
    assert not Rujukan.objects.exists()
