"""The printable A4 standard (WeasyPrint)."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.core.files.base import ContentFile

from layanan.documents import logo_data_uri
from tests.factories import make_instansi
from tests.layanan.factories import make_standar_lengkap

pytestmark = pytest.mark.django_db

# A 1×1 transparent PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "standar.pdf"
    path.write_bytes(content)
    out = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return re.sub(r"\s+", " ", out)


def pdf_pages(content: bytes, tmp_path) -> tuple[int, str]:
    path = tmp_path / "info.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    size = re.search(r"Page size:\s+(.*)", info).group(1)
    return pages, size


@pytest.fixture
def standar(instansi):
    return make_standar_lengkap(instansi)


def test_pdf_is_a_real_a4_pdf_served_inline(client, standar, tmp_path):
    response = client.get(f"{standar.get_absolute_url()}standar.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="standar-{standar.slug}.pdf"'
    assert "max-age=600" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")
    pages, size = pdf_pages(response.content, tmp_path)
    assert pages >= 1
    assert "A4" in size


def test_pdf_contains_letterhead_and_every_component(client, standar, tmp_path):
    response = client.get(f"{standar.get_absolute_url()}standar.pdf")
    text = pdf_text(response.content, tmp_path)
    instansi = standar.instansi
    for expected in [
        instansi.pemerintah_daerah.upper(),
        instansi.nama.upper(),
        "Jl. Merdeka No. 1",
        instansi.telepon,
        "STANDAR PELAYANAN",
        standar.nama,
        "44 TAHUN 2024",
        # requirements, with sub-services
        "Bantuan Sosial Kesehatan",
        "Fotocopy KTP dan KK",
        "Fotocopy KIA",
        "untuk ibu yang melahirkan",
        "Usia 60 tahun keatas",
        "Kartu KKS",
        # steps with actor and time
        "Petugas SLRT melakukan registrasi permohonan",
        "Koordinator memeriksa konsep surat",
        "Kepala Bidang menandatangani Surat",
        "30 menit",
        "5 menit",
        # time, cost, products, complaints
        "5 hari kerja",
        "Pengajuan Berkas Usulan: 3 hari kerja",
        "Tidak dipungut biaya",
        "Surat Rekomendasi",
        "dinsos@depok.go.id",
        "0819-0513-3188",
        "cek administrasi",
        "Paling lambat 3 hari kerja",
        "Karang Taruna",
        # page numbers
        "Halaman 1 dari",
    ]:
        assert expected in text, expected


def test_pdf_has_qr_pointing_to_the_online_page(client, standar, tmp_path):
    response = client.get(f"{standar.get_absolute_url()}standar.pdf")
    text = pdf_text(response.content, tmp_path)
    assert f"http://testserver{standar.get_absolute_url()}" in text


def test_pdf_of_unknown_standard_is_404(client, instansi):
    assert client.get(f"/layanan/{instansi.slug}/tidak-ada/standar.pdf").status_code == 404


def test_pdf_of_unpublished_standard_is_404(client, standar):
    standar.aktif = False
    standar.save()
    assert client.get(f"{standar.get_absolute_url()}standar.pdf").status_code == 404


def test_pdf_query_count_is_fixed(client, standar, django_assert_max_num_queries):
    with django_assert_max_num_queries(11):  # the version, then the standard (first render)
        response = client.get(f"{standar.get_absolute_url()}standar.pdf")
    assert response.status_code == 200


def test_logo_is_embedded_through_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    instansi = make_instansi()
    assert logo_data_uri(instansi) == ""
    instansi.logo.save("lambang.png", ContentFile(PNG))
    uri = logo_data_uri(instansi)
    assert uri.startswith("data:image/png;base64,")


def test_pdf_with_logo_renders(client, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    instansi = make_instansi()
    instansi.logo.save("lambang.png", ContentFile(PNG))
    standar = make_standar_lengkap(instansi)
    response = client.get(f"{standar.get_absolute_url()}standar.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    # the logo is drawn as an image in the PDF
    listed = subprocess.run(
        ["pdfimages", "-list", "-"], input=response.content, capture_output=True
    )
    if listed.returncode == 0:
        assert b"png" in listed.stdout or b"image" in listed.stdout
