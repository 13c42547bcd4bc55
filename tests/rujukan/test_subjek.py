"""Who a case is about (issue 8, item 5): an organisation asked for by
another agency (Agam's SIOP recommendation), a family or group of victims
(Sekadau's disaster aid), or one person — registered at the front desk, shown
on the case page and refused with a clear message when the data do not fit
the standard, with nothing half-saved."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from layanan.data.muat import muat_standar
from rujukan import services as s
from rujukan.models import AnggotaRujukan, Klien, Pemohon, PengurusLembaga, Rujukan
from tests.berkas_palsu import pdf
from tests.personas import personas_untuk
from tests.rujukan.factories import (
    data_anggota,
    data_klien,
    data_lembaga,
    data_pemohon,
    nik,
    pengurus_lembaga,
)
from tests.rujukan.views_helpers import data_intake, url_registrasi

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data" / "standar_lain"


def _muat(nama: str):
    layanan = muat_standar(path=next(DATA.glob(f"{nama}*.json"))).layanan
    return layanan, personas_untuk(layanan.instansi)


def _berkas(layanan) -> dict:
    out: dict = {}
    for p in s.persyaratan_untuk(layanan, None):
        if p.jenis == "dokumen":
            out[f"berkas_{p.pk}"] = pdf()
    return out


def _jumlah():
    return (
        Rujukan.objects.count(),
        Klien.objects.count(),
        Pemohon.objects.count(),
        AnggotaRujukan.objects.count(),
        PengurusLembaga.objects.count(),
    )


def _lembaga_post(**extra) -> dict:
    data = {
        "nama": "LKS Lansia Saiyo Sakato",
        "bentuk_hukum": "berbadan_hukum",
        "nomor_legalitas": "Akta Notaris No. 12 Tahun 2021",
        "npwp": "01.234.567.8-201.000",
        "alamat": "Jl. Jenderal Sudirman No. 5",
        "kecamatan": "Lubuk Basung",
        "kabupaten_kota": "Kabupaten Agam",
        "pengurus_ketua_nama": "Yusnimar",
        "pengurus_ketua_nik": nik(dt.date(1975, 3, 4), perempuan=True),
        "pengurus_sekretaris_nama": "Rahmat Hidayat",
        "pengurus_bendahara_nama": "Desi Ratnasari",
        "pemohon_jenis": "instansi",
        "pemohon_nama": "Kepala DPMPTSP Kabupaten Agam",
        "pemohon_lembaga": "DPMPTSP Kabupaten Agam",
        "ringkasan": "Permohonan rekomendasi SIOP baru.",
    }
    data.update(extra)
    return data


def test_an_agency_registers_an_organisation_and_the_case_page_shows_it(client):
    layanan, staf = _muat("06_kab-agam")
    client.force_login(staf.petugas_loket)
    form = client.get(url_registrasi(layanan)).content.decode()
    assert "Nama lembaga / organisasi sosial" in form and "Bentuk hukum" in form
    assert 'name="nik"' not in form  # an organisation has no NIK
    response = client.post(url_registrasi(layanan), _lembaga_post() | _berkas(layanan))
    assert response.status_code == 302, response.content.decode()[:2000]
    r = Rujukan.objects.get()
    assert r.klien.lembaga and r.klien.nik == ""
    assert r.pemohon.jenis == Pemohon.Jenis.INSTANSI
    assert set(r.klien.pengurus.values_list("jabatan", "nama")) == {
        ("ketua", "Yusnimar"),
        ("sekretaris", "Rahmat Hidayat"),
        ("bendahara", "Desi Ratnasari"),
    }
    page = client.get(response["Location"]).content.decode()
    assert "Lembaga" in page and "Berbadan hukum" in page
    assert "Yusnimar" in page and "DPMPTSP Kabupaten Agam" in page


@pytest.mark.parametrize(
    ("ubah", "pesan"),
    [
        ({"bentuk_hukum": ""}, "This field is required|wajib|Pilih"),
        ({"pengurus_ketua_nik": "123"}, "NIK"),
        ({"nama": ""}, "This field is required|wajib"),
    ],
    ids=["tanpa-bentuk-hukum", "nik-ketua-salah", "tanpa-nama"],
)
def test_bad_organisation_data_is_refused_with_nothing_saved(client, ubah, pesan):
    import re

    layanan, staf = _muat("06_kab-agam")
    client.force_login(staf.petugas_loket)
    sebelum = _jumlah()
    response = client.post(url_registrasi(layanan), _lembaga_post(**ubah) | _berkas(layanan))
    assert response.status_code == 400
    assert re.search(pesan, response.content.decode())
    assert _jumlah() == sebelum


def test_a_person_cannot_be_the_subject_of_an_organisation_standard():
    layanan, staf = _muat("06_kab-agam")
    sebelum = _jumlah()
    with pytest.raises(s.DataTidakValid, match="untuk lembaga/organisasi"):
        s.rujukan_register(
            by=staf.petugas_loket,
            permohonan=s.PermohonanBaru(
                layanan=layanan,
                klien=data_klien(dt.date(1970, 1, 1)),
                pemohon=data_pemohon("instansi"),
            ),
        )
    with pytest.raises(s.DataTidakValid, match="Lembaga tidak memiliki NIK"):
        lembaga = data_lembaga()
        lembaga.nik = nik(dt.date(1970, 1, 1))
        s.rujukan_register(
            by=staf.petugas_loket,
            permohonan=s.PermohonanBaru(
                layanan=layanan,
                klien=lembaga,
                pemohon=data_pemohon("instansi"),
            ),
        )
    assert _jumlah() == sebelum


def test_an_organisation_cannot_be_the_subject_of_a_personal_standard(standar):
    layanan = standar["banjarmasin"]
    staf = personas_untuk(layanan.instansi)
    with pytest.raises(s.DataTidakValid, match="untuk perorangan"):
        s.rujukan_register(
            by=staf.petugas_loket,
            permohonan=s.PermohonanBaru(
                layanan=layanan,
                klien=data_lembaga(),
                pemohon=data_pemohon(),
                pengurus=pengurus_lembaga(),
            ),
        )
    with pytest.raises(s.DataTidakValid, match="untuk satu klien"):
        s.rujukan_register(
            by=staf.petugas_loket,
            permohonan=s.PermohonanBaru(
                layanan=layanan,
                klien=data_klien(dt.date(1950, 1, 1)),
                pemohon=data_pemohon(),
                anggota=data_anggota(),
            ),
        )
    assert not Rujukan.objects.exists()


def _anggota_post(rows: list[dict]) -> dict:
    data = {
        "anggota-TOTAL_FORMS": str(len(rows)),
        "anggota-INITIAL_FORMS": "0",
        "anggota-MIN_NUM_FORMS": "0",
        "anggota-MAX_NUM_FORMS": "50",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"anggota-{i}-{key}"] = value
    return data


def test_a_desa_registers_a_family_of_victims_and_every_member_is_on_the_case(client):
    layanan, staf = _muat("12_kab-sekadau_bantuan")
    client.force_login(staf.petugas_loket)
    form = client.get(url_registrasi(layanan)).content.decode()
    assert "Anggota keluarga / kelompok lain" in form
    istri = nik(dt.date(1984, 6, 9), perempuan=True, wilayah="610901")
    rows = [
        {"nama": "Nurhayati", "hubungan": "istri", "nik": istri},
        {
            "nama": "Bayu",
            "hubungan": "anak",
            "alasan_tanpa_identitas": "Akta hilang saat banjir.",
            "tanggal_lahir": "2019-01-01",
        },
        {},
        {},
    ]
    data = (
        data_intake(
            lahir=dt.date(1980, 2, 2),
            nama="Abdul Karim",
            pemohon_jenis="kelurahan",
            pemohon_nama="Kepala Desa Sungai Ayak",
            pemohon_lembaga="Pemerintah Desa Sungai Ayak",
        )
        | _anggota_post(rows)
        | _berkas(layanan)
    )
    response = client.post(url_registrasi(layanan), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    r = Rujukan.objects.get()
    anggota = list(r.anggota.select_related("klien"))
    assert [(a.klien.nama, a.hubungan, a.urutan) for a in anggota] == [
        ("Nurhayati", "istri", 1),
        ("Bayu", "anak", 2),
    ]
    assert anggota[0].klien.jenis_kelamin == "P"  # read from her NIK
    page = client.get(response["Location"]).content.decode()
    assert "Klien utama" in page and "2 anggota lain" in page
    assert "Nurhayati" in page and "Akta hilang saat banjir." in page


@pytest.mark.parametrize(
    ("rows", "pesan"),
    [
        ([{"nama": "Bayu", "hubungan": "anak"}], "alasan tidak ada NIK"),
        ([{"hubungan": "anak", "alasan_tanpa_identitas": "-"}], "Nama anggota wajib"),
        ([{"nama": "Bayu", "nik": "12345"}], "NIK"),
        (
            [{"nama": "X", "alasan_tanpa_identitas": "-", "tanggal_lahir": "2999-01-01"}],
            "masa depan",
        ),
    ],
    ids=["tanpa-nik-dan-alasan", "tanpa-nama", "nik-salah", "lahir-di-masa-depan"],
)
def test_a_bad_member_row_is_refused_and_nothing_is_saved(client, rows, pesan):
    layanan, staf = _muat("12_kab-sekadau_bantuan")
    client.force_login(staf.petugas_loket)
    sebelum = _jumlah()
    data = data_intake(lahir=dt.date(1980, 2, 2)) | _anggota_post(rows) | _berkas(layanan)
    response = client.post(url_registrasi(layanan), data)
    assert response.status_code == 400
    assert pesan in response.content.decode()
    assert _jumlah() == sebelum


def test_one_person_twice_in_a_group_is_refused_with_nothing_saved(client):
    layanan, staf = _muat("12_kab-sekadau_bantuan")
    client.force_login(staf.petugas_loket)
    sebelum = _jumlah()
    data = data_intake(lahir=dt.date(1980, 2, 2))
    rows = [{"nama": "Sama", "nik": data["nik"]}]
    response = client.post(url_registrasi(layanan), data | _anggota_post(rows) | _berkas(layanan))
    assert response.status_code == 400
    assert "Satu NIK tercatat dua kali" in response.content.decode()
    assert _jumlah() == sebelum


def test_too_many_member_rows_are_refused(client):
    layanan, staf = _muat("12_kab-sekadau_bantuan")
    client.force_login(staf.petugas_loket)
    rows = [{"nama": f"Orang {i}", "alasan_tanpa_identitas": "-"} for i in range(51)]
    data = data_intake(lahir=dt.date(1980, 2, 2)) | _anggota_post(rows) | _berkas(layanan)
    data["anggota-TOTAL_FORMS"] = "51"
    response = client.post(url_registrasi(layanan), data)
    assert response.status_code == 400
    assert not Rujukan.objects.exists()
