"""The DTKS/DTSEN status where the officer needs it: on the case page, at the
file check of a standard whose survey depends on DTKS (with the way to the
check), and at intake once a NIK is looked up or a returning klien chosen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from rujukan import services as s
from rujukan.models import DataDTKS
from tests.lapangan.factories import depok_di_pemeriksaan
from tests.personas import personas_untuk
from tests.rujukan.factories import data_klien, data_pemohon
from tests.rujukan.views_helpers import url_registrasi

pytestmark = pytest.mark.django_db

KALIMAT_YA = "NIK klien terdaftar dalam DTKS/DTSEN desil 2 (data per 31 Januari 2026)."
KALIMAT_TIDAK = "NIK klien tidak terdapat dalam DTKS/DTSEN (data per 31 Januari 2026)."


@pytest.fixture
def depok(standar):
    layanan = standar["depok"]
    staf = personas_untuk(layanan.instansi)
    terdaftar = data_klien(dt.date(1985, 4, 12), perempuan=True, nama="Nur Aini", wilayah="327601")
    DataDTKS.objects.create(
        instansi=layanan.instansi,
        nik=terdaftar.nik,
        nama="Nur Aini",
        desil=2,
        tanggal_data=dt.date(2026, 1, 31),
    )
    return layanan, staf, terdaftar


def _kasus(layanan, staf, klien):
    return depok_di_pemeriksaan(layanan, staf, klien)


def test_case_page_shows_dtks_status_and_links_the_check_at_file_check(client, depok):
    layanan, staf, terdaftar = depok
    a = _kasus(layanan, staf, terdaftar)
    b = _kasus(layanan, staf, data_klien(dt.date(1979, 8, 1), nama="Asep", wilayah="327601"))
    client.force_login(staf.petugas_loket)
    periksa = reverse("lapangan:periksa_dtks", args=[a.pk])
    html = client.get(reverse("rujukan:detail", args=[a.pk])).content.decode()
    assert KALIMAT_YA in html and ">terdaftar</span>" in html
    assert f'href="{periksa}"' in html
    html = client.get(reverse("rujukan:detail", args=[b.pk])).content.decode()
    assert KALIMAT_TIDAK in html and ">tidak terdaftar</span>" in html
    assert reverse("lapangan:periksa_dtks", args=[b.pk]) in html
    # after the check the case has left the file check: the status stays, the link goes
    client.post(periksa)
    html = client.get(reverse("rujukan:detail", args=[a.pk])).content.decode()
    assert KALIMAT_YA in html and periksa not in html


def test_case_page_of_an_office_without_extract_or_dtks_rule_says_nothing(client, standar):
    layanan = standar["banjarmasin"]
    staf = personas_untuk(layanan.instansi)
    r = s.rujukan_register(
        by=staf.petugas_loket,
        permohonan=s.PermohonanBaru(
            layanan=layanan,
            klien=data_klien(dt.date(1950, 1, 1)),
            pemohon=data_pemohon("keluarga"),
        ),
    ).rujukan
    client.force_login(staf.petugas_loket)
    html = client.get(reverse("rujukan:detail", args=[r.pk])).content.decode()
    assert "data-dtks" not in html and "DTKS/DTSEN" not in html


def test_intake_lookup_by_nik_and_chosen_klien_show_dtks_status(client, depok):
    layanan, staf, terdaftar = depok
    a = _kasus(layanan, staf, terdaftar)
    sub = layanan.sub_layanan.get(nama__contains="Kesehatan")
    url = url_registrasi(layanan, sub)
    client.force_login(staf.petugas_loket)

    def cari(nilai):
        return client.post(url, {"cari": nilai}, follow=True).content.decode()

    html = cari(terdaftar.nik)
    assert "Nur Aini" in html and KALIMAT_YA in html
    html = client.get(url, {"klien": a.klien_id}).content.decode()
    assert KALIMAT_YA in html
    asing = data_klien(dt.date(1990, 2, 2), nama="Baru", wilayah="327601")
    html = cari(asing.nik)
    assert "Tidak ada klien yang cocok" in html and KALIMAT_TIDAK in html
    # a name search shows no DTKS line (no NIK to match)
    assert "data-dtks" not in cari("Nur")
