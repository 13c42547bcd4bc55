"""Intake at the front desk, through the pages: layanan of the user's own
instansi, the form keeps what was typed on a bad input (bad NIK, oversized or
fake file), nothing is half-saved, a returning klien is reused, and the
tracking code is shown once."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from layanan.models import SubLayanan
from rujukan.models import BerkasItem, Dokumen, JenisDokumen, Klien, Pemohon, Rujukan, Status
from tests.berkas_palsu import exe_sebagai_jpg, mp4, pdf, pdf_besar, png
from tests.personas import personas_untuk
from tests.rujukan.views_helpers import daftarkan, data_intake, url_registrasi

pytestmark = pytest.mark.django_db


@pytest.fixture
def banjarmasin(standar):
    layanan = standar["banjarmasin"]
    return layanan, personas_untuk(layanan.instansi)


def _berkas_lengkap(layanan):
    files = {}
    for p in layanan.persyaratan.all():
        if p.jenis == "dokumen":
            files[f"berkas_{p.pk}"] = (
                mp4() if "Video" in p.teks else png() if "Foto" in p.teks else pdf()
            )
        elif p.jenis == "fakta":
            files[f"ada_{p.pk}"] = "on"
    return files


def _jumlah():
    return (
        Rujukan.objects.count(),
        Klien.objects.count(),
        Pemohon.objects.count(),
        BerkasItem.objects.count(),
        Dokumen.objects.count(),
    )


def test_front_desk_sees_only_the_layanan_of_its_own_instansi(client, standar, banjarmasin):
    layanan, staf = banjarmasin
    client.force_login(staf.petugas_loket)
    page = client.get(reverse("rujukan:baru")).content.decode()
    assert layanan.nama in page
    assert standar["depok"].nama not in page
    assert client.get(url_registrasi(standar["depok"])).status_code == 404


def test_intake_form_states_the_upload_limit_before_upload(client, banjarmasin, settings):
    layanan, staf = banjarmasin
    settings.MAX_UPLOAD_MB = 7
    client.force_login(staf.petugas_loket)
    page = client.get(url_registrasi(layanan)).content.decode()
    assert "Paling besar 7 MB per berkas" in page
    for p in layanan.persyaratan.filter(jenis="dokumen"):
        assert f'name="berkas_{p.pk}"' in page


def test_intake_registers_the_case_and_shows_the_tracking_code_once(client, banjarmasin):
    layanan, staf = banjarmasin
    client.force_login(staf.petugas_loket)
    data = data_intake() | _berkas_lengkap(layanan)
    response = client.post(url_registrasi(layanan), data)
    assert response.status_code == 302
    rujukan = Rujukan.objects.get()
    assert response["Location"] == reverse("rujukan:detail", args=[rujukan.pk])
    assert rujukan.status == Status.DIAJUKAN
    assert rujukan.klien.tanggal_lahir == dt.date(1954, 1, 20)
    assert rujukan.klien.jenis_kelamin == "L"
    assert rujukan.pemohon.telepon == "6281348545556"
    assert all(b.terpenuhi for b in rujukan.berkas.all())
    assert rujukan.berkas.exclude(berkas="").count() == 4

    page = client.get(response["Location"]).content.decode()
    assert rujukan.nomor_registrasi in page
    assert "data-kode-lacak" in page
    tanda_terima = Dokumen.objects.get(rujukan=rujukan, jenis=JenisDokumen.TANDA_TERIMA)
    assert reverse("rujukan:unduh_dokumen", args=[rujukan.pk, tanda_terima.pk]) in page
    # Only once: the code is not stored, and the page does not show it again.
    assert "data-kode-lacak" not in client.get(response["Location"]).content.decode()


def test_bad_nik_answers_400_keeps_what_was_typed_and_saves_nothing(client, banjarmasin):
    layanan, staf = banjarmasin
    client.force_login(staf.petugas_loket)
    before = _jumlah()
    data = data_intake(nik="637101991354000", nama="Nenek Ijah") | _berkas_lengkap(layanan)
    response = client.post(url_registrasi(layanan), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "NIK harus terdiri dari 16 angka" in page
    assert 'value="Nenek Ijah"' in page
    assert 'value="H. Mahmud"' in page
    assert "pilih ulang berkasnya" in page
    assert _jumlah() == before


def test_nik_with_impossible_birth_date_is_refused(client, banjarmasin):
    layanan, staf = banjarmasin
    client.force_login(staf.petugas_loket)
    response = client.post(url_registrasi(layanan), data_intake(nik="6371013213540001"))
    assert response.status_code == 400
    assert "Tanggal lahir dalam NIK tidak sah" in response.content.decode()
    assert not Rujukan.objects.exists()


def test_oversized_file_answers_400_with_the_limit_and_saves_nothing(client, banjarmasin, settings):
    layanan, staf = banjarmasin
    settings.MAX_UPLOAD_MB = 1
    client.force_login(staf.petugas_loket)
    before = _jumlah()
    data = data_intake() | _berkas_lengkap(layanan)
    ktp = layanan.persyaratan.get(teks__startswith="Membawa KTP")
    data[f"berkas_{ktp.pk}"] = pdf_besar("ktp.pdf")
    response = client.post(url_registrasi(layanan), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Berkas terlalu besar" in page
    assert "batasnya 1 MB" in page
    assert _jumlah() == before


def test_fake_file_is_refused_by_its_content(client, banjarmasin):
    layanan, staf = banjarmasin
    client.force_login(staf.petugas_loket)
    before = _jumlah()
    data = data_intake() | _berkas_lengkap(layanan)
    foto = layanan.persyaratan.get(teks__contains="Foto")
    data[f"berkas_{foto.pk}"] = exe_sebagai_jpg()
    response = client.post(url_registrasi(layanan), data)
    assert response.status_code == 400
    assert "Jenis berkas tidak diterima" in response.content.decode()
    assert _jumlah() == before


def test_a_broken_image_is_refused(client, banjarmasin):
    layanan, staf = banjarmasin
    client.force_login(staf.petugas_loket)
    foto = layanan.persyaratan.get(teks__contains="Foto")
    buf = io.BytesIO()
    buf.write(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    data = data_intake() | {f"berkas_{foto.pk}": SimpleUploadedFile("f.png", buf.getvalue())}
    response = client.post(url_registrasi(layanan), data)
    assert response.status_code == 400
    assert "Gambar rusak" in response.content.decode()
    assert not Rujukan.objects.exists()


def test_klien_without_nik_needs_a_reason(client, banjarmasin):
    layanan, staf = banjarmasin
    client.force_login(staf.petugas_loket)
    data = data_intake(nik="", no_kk="")
    response = client.post(url_registrasi(layanan), data)
    assert response.status_code == 400
    assert "alasan klien tidak memiliki NIK" in response.content.decode()
    data["alasan_tanpa_identitas"] = "Ditemukan terlantar di pasar, tidak membawa KTP."
    data["tanggal_lahir"] = "1950-06-01"
    data["tanggal_lahir_perkiraan"] = "on"
    data["jenis_kelamin"] = "P"
    assert client.post(url_registrasi(layanan), data).status_code == 302
    klien = Klien.objects.get()
    assert klien.nik == ""
    assert klien.tanggal_lahir_perkiraan


def test_returning_klien_is_found_by_nik_and_reused_with_a_warning_on_open_case(
    client, banjarmasin
):
    layanan, staf = banjarmasin
    pertama = daftarkan(layanan, staf, nama="Siti Aminah").rujukan
    klien = pertama.klien
    client.force_login(staf.petugas_loket)
    cari = cari_klien(client, url_registrasi(layanan), klien.nik).content.decode()
    assert "Siti Aminah" in cari
    assert f"?klien={klien.pk}" in cari
    assert "1 rujukan berjalan" in cari
    # by name, too
    assert "Siti Aminah" in cari_klien(client, url_registrasi(layanan), "aminah").content.decode()

    url = url_registrasi(layanan) + f"?klien={klien.pk}"
    form = client.get(url).content.decode()
    assert pertama.nomor_registrasi in form  # the open case is shown
    data = {k: v for k, v in data_intake().items() if k.startswith("pemohon_")}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "masih memiliki rujukan yang berjalan" in response.content.decode()
    assert Rujukan.objects.count() == 1
    data["konfirmasi_kasus_terbuka"] = "on"
    assert client.post(url, data).status_code == 302
    assert Rujukan.objects.count() == 2
    assert Klien.objects.count() == 1


def test_typing_the_nik_of_a_known_klien_reuses_the_record(client, banjarmasin):
    layanan, staf = banjarmasin
    lama = daftarkan(layanan, staf, nama="Siti Aminah").rujukan
    client.force_login(staf.petugas_loket)
    data = data_intake(nik=lama.klien.nik, nama="Siti Aminah") | {"konfirmasi_kasus_terbuka": "on"}
    assert client.post(url_registrasi(layanan), data).status_code == 302
    assert Klien.objects.count() == 1
    assert Rujukan.objects.filter(klien=lama.klien).count() == 2


def test_klien_of_another_instansi_cannot_be_picked(client, standar, banjarmasin):
    layanan, staf = banjarmasin
    depok = standar["depok"]
    lain = daftarkan(depok, personas_untuk(depok.instansi), sub=depok.sub_layanan.last()).rujukan
    client.force_login(staf.petugas_loket)
    assert client.get(url_registrasi(layanan) + f"?klien={lain.klien.pk}").status_code == 404
    assert (
        "Siti" not in cari_klien(client, url_registrasi(layanan), lain.klien.nik).content.decode()
    )


def test_sub_layanan_shows_its_own_requirements(client, standar):
    depok = standar["depok"]
    staf = personas_untuk(depok.instansi)
    kesehatan, pendidikan = depok.sub_layanan.all()[:2]
    client.force_login(staf.petugas_loket)
    assert client.get(url_registrasi(depok)).status_code == 404  # a sub-service must be chosen
    page = client.get(url_registrasi(depok, kesehatan)).content.decode()
    assert "Surat Keterangan Tidak Mampu" in page
    assert "(untuk ibu yang melahirkan)" in page  # the KIA requirement is conditional
    page = client.get(url_registrasi(depok, pendidikan)).content.decode()
    assert "Surat Keterangan Tidak Mampu" not in page


def test_roles_without_intake_permission_get_403(client, banjarmasin):
    layanan, staf = banjarmasin
    client.force_login(staf.kabid)
    assert client.get(reverse("rujukan:baru")).status_code == 403
    response = client.post(url_registrasi(layanan), data_intake())
    assert response.status_code == 403
    assert not Rujukan.objects.exists()


def test_anonymous_is_sent_to_login(client, banjarmasin):
    layanan, _ = banjarmasin
    response = client.get(url_registrasi(layanan))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def cari_klien(client, url, nilai):
    """The returning-klien lookup as the page sends it: posted, then the 303 followed."""
    resp = client.post(url, {"cari": nilai}, follow=True)
    assert [status for _u, status in resp.redirect_chain] == [303], resp.redirect_chain
    return resp


def test_klien_lookup_is_posted_and_the_url_carries_only_an_opaque_id(client, banjarmasin):
    layanan, staf = banjarmasin
    klien = daftarkan(layanan, staf, nama="Siti Aminah").rujukan.klien
    client.force_login(staf.petugas_loket)
    url = url_registrasi(layanan)
    html = client.get(url).content.decode()
    form = re.search(
        r'<form method="post" action="([^"]*)" role="search"[^>]*>(.*?)</form>', html, re.S
    )
    assert form and form.group(1) == url and 'name="cari"' in form.group(2)
    assert "csrfmiddlewaretoken" in form.group(2)
    resp = client.post(url, {"cari": klien.nik})
    assert resp.status_code == 303
    lokasi = resp["Location"]
    assert lokasi.startswith(url + "?cari=") and klien.nik not in lokasi
    html = client.get(lokasi).content.decode()
    assert "Siti Aminah" in html and f'value="{klien.nik}"' in html
    assert "Hapus pencarian" in html
    # nothing registered by a search post
    assert Rujukan.objects.count() == 1 and Klien.objects.count() == 1
    # an empty search goes back to the plain form
    resp = client.post(url + "?cari=abc", {"cari": " "})
    assert resp.status_code == 303 and resp["Location"] == url
    # an unknown id: no search, a short note
    html = client.get(url, {"cari": "tidak-ada"}).content.decode()
    assert "Pencarian sebelumnya sudah tidak tersimpan" in html
    assert "Pakai klien ini" not in html
    # a NIK typed into the URL is not searched
    html = client.get(url, {"cari": klien.nik}).content.decode()
    assert "Pakai klien ini" not in html


def test_too_long_klien_lookup_is_a_400_with_a_message(client, banjarmasin):
    layanan, staf = banjarmasin
    client.force_login(staf.petugas_loket)
    resp = client.post(url_registrasi(layanan), {"cari": "a" * 101})
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "Kata pencarian terlalu panjang: paling banyak 100 huruf." in html
    assert "rujukan_cari_klien" not in client.session
    assert Rujukan.objects.count() == 0 and Klien.objects.count() == 0


def test_the_choice_of_service_links_each_sub_service_to_its_own_form(client, standar):
    """A standard with kinds of service (sub-layanan) offers each kind's form."""
    sub = SubLayanan.objects.select_related("layanan__instansi").order_by("pk").first()
    assert sub is not None, "a seed standard has sub-services"
    staf = personas_untuk(sub.layanan.instansi)
    client.force_login(staf.petugas_loket)
    page = client.get(reverse("rujukan:baru")).content.decode()
    for s in sub.layanan.sub_layanan.all():
        assert f'href="{url_registrasi(sub.layanan, s)}"' in page
