"""Eligibility facts, always: decided by rujukan.kelayakan from the data
(age from the NIK on the application date, domicile from the region code,
the office's DTKS extract) or stated by an officer; checked at the file
check; a product never issued while a fact is unmet."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from layanan.models import CaraPeriksa, Persyaratan
from rujukan import services as s
from rujukan.documents import pratinjau_html
from rujukan.kelayakan import periksa_fakta
from rujukan.models import DataDTKS, Status
from tests.berkas_palsu import pdf
from tests.factories import usia_hari_ini
from tests.personas import personas_untuk
from tests.rujukan.factories import data_klien, data_pemohon, standar_sederhana

pytestmark = pytest.mark.django_db


def _fakta(layanan, teks: str, cara: str, **kw) -> Persyaratan:
    return Persyaratan.objects.create(
        layanan=layanan, urutan=9, teks=teks, jenis="fakta", cara_periksa=cara, **kw
    )


def _daftar(layanan, staf, lahir: dt.date, wilayah: str = "637101"):
    dokumen = {p.pk: pdf() for p in layanan.persyaratan.filter(jenis="dokumen")}
    hasil = s.rujukan_register(
        by=staf.petugas_loket,
        permohonan=s.PermohonanBaru(
            layanan=layanan,
            klien=data_klien(lahir, wilayah=wilayah),
            pemohon=data_pemohon("keluarga"),
            berkas=dokumen,
        ),
    )
    return s.rujukan_start_check(rujukan=hasil.rujukan, by=staf.petugas_loket)


def test_a_41_year_old_cannot_pass_the_file_check_of_a_60_plus_service():
    layanan = standar_sederhana()
    _fakta(layanan, "Usia 60 tahun ke atas", CaraPeriksa.USIA, nilai_ambang=60)
    staf = personas_untuk(layanan.instansi)
    lahir = dt.date.today().replace(year=dt.date.today().year - 42) + dt.timedelta(days=30)
    r = _daftar(layanan, staf, lahir)
    with pytest.raises(s.TransisiTidakSah) as exc:
        s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    assert "usia 41 tahun" in exc.value.pesan and "60 tahun ke atas" in exc.value.pesan
    r.refresh_from_db()
    assert r.status == Status.PEMERIKSAAN_BERKAS


def test_the_age_fact_of_a_71_year_old_shows_met_with_its_source_on_the_case_page():
    layanan = standar_sederhana()
    _fakta(layanan, "Usia 60 tahun ke atas", CaraPeriksa.USIA, nilai_ambang=60)
    staf = personas_untuk(layanan.instansi)
    lahir = dt.date(1955, 2, 1)
    r = _daftar(layanan, staf, lahir)
    (hasil,) = periksa_fakta(r)
    assert hasil.terpenuhi is True and hasil.sumber == "NIK"
    c = Client()
    c.force_login(staf.petugas_loket)
    page = c.get(f"/rujukan/{r.pk}/").content.decode()
    assert f"Usia {usia_hari_ini(lahir)} tahun" in page
    r = s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    assert r.status == Status.PENYUSUNAN


def test_an_age_range_refuses_both_sides():
    layanan = standar_sederhana()
    _fakta(layanan, "Usia 30 sampai 55 tahun", CaraPeriksa.USIA, nilai_ambang=30, nilai_maksimal=55)
    staf = personas_untuk(layanan.instansi)
    for umur, boleh in ((29, False), (40, True), (56, False)):
        lahir = dt.date.today().replace(year=dt.date.today().year - umur) - dt.timedelta(days=2)
        (hasil,) = periksa_fakta(_daftar(layanan, staf, lahir))
        assert hasil.terpenuhi is boleh, umur


def test_domicile_from_the_nik_region_code():
    layanan = standar_sederhana()
    layanan.instansi.kode_wilayah = "6371"
    layanan.instansi.save()
    _fakta(layanan, "Berdomisili di kota ini", CaraPeriksa.DOMISILI)
    staf = personas_untuk(layanan.instansi)
    (dalam,) = periksa_fakta(_daftar(layanan, staf, dt.date(1980, 1, 1), wilayah="637101"))
    (luar,) = periksa_fakta(_daftar(layanan, staf, dt.date(1980, 1, 1), wilayah="730201"))
    assert dalam.terpenuhi is True and luar.terpenuhi is False


def test_a_dtks_fact_without_a_survey_is_decided_by_the_offices_extract():
    """Standard lists "terdaftar di DTKS" but has no field visit: an applicant
    who is not in the extract cannot pass the file check, nor get a product."""
    layanan = standar_sederhana()
    _fakta(layanan, "Terdaftar di DTKS", CaraPeriksa.DTKS)
    staf = personas_untuk(layanan.instansi)
    ada = _daftar(layanan, staf, dt.date(1970, 5, 5))
    DataDTKS.objects.create(
        instansi=layanan.instansi, nik=ada.klien.nik, nama="Ada", tanggal_data=dt.date(2026, 1, 31)
    )
    bukan = _daftar(layanan, staf, dt.date(1971, 6, 6))
    with pytest.raises(s.TransisiTidakSah) as exc:
        s.rujukan_accept_berkas(rujukan=bukan, by=staf.petugas_loket)
    assert "tidak terdapat dalam DTKS" in exc.value.pesan
    # the desk's tick cannot override the extract
    item = bukan.berkas.get(persyaratan__jenis="fakta")
    s.berkas_tandai(rujukan=bukan, item=item, by=staf.petugas_loket, terpenuhi=True)
    with pytest.raises(s.TransisiTidakSah):
        s.rujukan_accept_berkas(rujukan=bukan, by=staf.petugas_loket)
    assert s.rujukan_accept_berkas(rujukan=ada, by=staf.petugas_loket).status == Status.PENYUSUNAN


def test_no_product_while_an_attested_fact_is_unmet():
    layanan = standar_sederhana()
    _fakta(layanan, "Miskin dan terlantar", CaraPeriksa.ATESTASI)
    staf = personas_untuk(layanan.instansi)
    r = _daftar(layanan, staf, dt.date(1950, 1, 1))
    # no field visit in this standard: nobody else will state it, so the desk must
    with pytest.raises(s.TransisiTidakSah, match="Miskin dan terlantar"):
        s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)


def test_a_client_found_without_identity_papers_is_a_documented_exception():
    """Banjarmasin's homeless client without KTP: the KTP requirement may be
    marked not applicable only because the klien has no identity document,
    with the intake's reason attached for every approver; the letter prints
    an estimated birth year as such, not as a birth date."""
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    hasil = s.rujukan_register(
        by=staf.petugas_loket,
        permohonan=s.PermohonanBaru(
            layanan=layanan,
            klien=s.DataKlien(
                nama="Tanpa Nama (laki-laki, sekitar 60 tahun)",
                jenis_kelamin="L",
                tanggal_lahir=dt.date(1966, 7, 1),
                tanggal_lahir_perkiraan=True,
                alasan_tanpa_identitas="Ditemukan terlantar di pasar, tidak membawa KTP.",
            ),
            pemohon=data_pemohon("keluarga"),
        ),
    )
    r = s.rujukan_start_check(rujukan=hasil.rujukan, by=staf.petugas_loket)
    ktp = r.berkas.get(persyaratan__teks="Fotokopi KTP")
    c = Client()
    c.force_login(staf.petugas_loket)
    page = c.get(f"/rujukan/{r.pk}/berkas/{ktp.pk}/").content.decode()
    assert 'name="tidak_berlaku"' in page  # offered, because the service accepts it
    s.berkas_tandai(rujukan=r, by=staf.petugas_loket, item=ktp, terpenuhi=False, berlaku=False)
    ktp.refresh_from_db()
    assert not ktp.berlaku and ktp.catatan.startswith("Klien tanpa dokumen identitas:")
    r = s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    assert r.status == Status.PENYUSUNAN
    assert "tidak membawa KTP" in c.get(f"/rujukan/{r.pk}/").content.decode()
    html = pratinjau_html(rujukan=r, jenis="surat_rekomendasi")
    assert "perkiraan tahun lahir 1966" in html and "1 Juli 1966" not in html


def test_a_mandatory_document_is_not_offered_as_not_applicable_for_a_documented_client():
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    r = _daftar(layanan, staf, dt.date(1970, 1, 1))
    ktp = r.berkas.get(persyaratan__teks="Fotokopi KTP")
    c = Client()
    c.force_login(staf.petugas_loket)
    assert 'name="tidak_berlaku"' not in c.get(f"/rujukan/{r.pk}/berkas/{ktp.pk}/").content.decode()
    with pytest.raises(s.DataTidakValid):
        s.berkas_tandai(rujukan=r, by=staf.petugas_loket, item=ktp, terpenuhi=False, berlaku=False)
