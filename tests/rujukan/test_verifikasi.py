"""The public verification of an issued letter (no login): its QR code and
short code lead to a page that says whether it is valid, revoked or replaced,
shows only what a verifier needs, and tells whether an uploaded PDF is exactly
the issued file."""

from __future__ import annotations

import re
import subprocess

import pytest
import zxingcpp
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from layanan.kode_lacak import ABJAD
from rujukan import services as s
from rujukan.models import Dokumen
from rujukan.verifikasi import samarkan_nama, url_verifikasi
from tests.rujukan.dokumen_uji import SuratTerbit, isi, terbitkan_surat

pytestmark = pytest.mark.django_db


@pytest.fixture
def terbit() -> SuratTerbit:
    return terbitkan_surat()


@pytest.fixture
def warga() -> Client:
    """Anyone holding the letter: no login, no cookies of the portal."""
    return Client()


def halaman(dokumen: Dokumen) -> str:
    return reverse("verifikasi:dokumen", args=[dokumen.token])


def unggah(client, dokumen, data: bytes, nama: str = "surat.pdf"):
    berkas = SimpleUploadedFile(nama, data, content_type="application/pdf")
    return client.post(halaman(dokumen), {"berkas": berkas})


# -- what every issued letter carries ---------------------------------------------------------
def test_an_issued_letter_gets_an_unguessable_token_and_a_short_code(terbit):
    surat = terbit.surat
    assert len(surat.token) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", surat.token)
    assert len(surat.kode_verifikasi) == 10 and set(surat.kode_verifikasi) <= set(ABJAD)
    assert surat.kode_tampil == f"{surat.kode_verifikasi[:5]}-{surat.kode_verifikasi[5:]}"
    assert surat.status == Dokumen.Status.BERLAKU
    lain = terbitkan_surat()
    assert lain.surat.token != surat.token and lain.surat.kode_verifikasi != surat.kode_verifikasi


def test_the_letter_prints_its_code_and_verification_address(terbit, tmp_path):
    path = tmp_path / "surat.pdf"
    path.write_bytes(isi(terbit.surat))
    teks = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert terbit.surat.kode_tampil in teks
    assert url_verifikasi(terbit.surat.token) in "".join(teks.split())
    assert "/verifikasi/" in teks


def test_the_qr_code_read_from_the_page_image_leads_to_the_verification_page(
    terbit, warga, tmp_path
):
    path = tmp_path / "surat.pdf"
    path.write_bytes(isi(terbit.surat))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(path), str(tmp_path / "hal")],
        check=True,
    )
    gambar = Image.open(next(tmp_path.glob("hal*.png")))
    kode = [b for b in zxingcpp.read_barcodes(gambar) if b.format == zxingcpp.BarcodeFormat.QRCode]
    # the verification code; the other is the survey's (tests/survei/test_tautan.py)
    (alamat,) = [b.text for b in kode if "/verifikasi/" in b.text]
    assert alamat == url_verifikasi(terbit.surat.token)
    response = warga.get(alamat.removeprefix("http://127.0.0.1:8000"))
    assert response.status_code == 200
    assert terbit.surat.nomor in response.content.decode()


# -- the page -----------------------------------------------------------------------------------
def test_the_page_shows_what_a_verifier_needs(terbit, warga):
    surat = terbit.surat
    response = warga.get(halaman(surat))
    assert response.status_code == 200
    page = response.content.decode()
    for teks in (
        "Surat Rekomendasi",
        surat.nomor,
        surat.instansi.nama,
        "Dr. H. Ahmad Fauzi, M.Si",  # the Kepala Dinas who signed
        "Kepala Dinas Sosial",
        "Sit* Ami***",
        "BERLAKU",
        surat.sha256,
        surat.kode_tampil,
        surat.sertifikat["sidik_jari_sha256"],
    ):
        assert teks in page, teks
    assert response["X-Robots-Tag"].startswith("noindex")
    assert response["Referrer-Policy"] == "same-origin"  # the token never leaves the portal


def test_anonymous_visitors_get_no_personal_data(terbit, warga):
    r = terbit.rujukan
    page = warga.get(halaman(terbit.surat)).content.decode()
    klien, pemohon = r.klien, r.pemohon
    for rahasia in (
        klien.nama,  # only masked
        klien.nik,
        klien.no_kk,
        klien.alamat,
        klien.tempat_lahir,
        pemohon.nama,
        pemohon.telepon,
        r.nomor_registrasi,
        r.layanan.nama,
    ):
        assert rahasia and rahasia not in page, rahasia
    # the page links to no download of the file itself
    assert reverse("rujukan:unduh_dokumen", args=[r.pk, terbit.surat.pk]) not in page


@pytest.mark.parametrize(
    ("nama", "samaran"),
    [
        ("Siti Aminah", "Sit* Ami***"),
        ("Dadan", "Dad**"),
        ("Ani", "An*"),
        ("Yu", "Y*"),
        ("H. Mahmud", "H* Mah***"),
        ("", ""),
    ],
)
def test_client_names_are_masked_word_by_word(nama, samaran):
    assert samarkan_nama(nama) == samaran


def test_an_unknown_token_answers_404_with_the_code_form(warga):
    for token in ("tidak-ada", "x" * 200):
        response = warga.get(f"/verifikasi/{token}/")
        assert response.status_code == 404
        assert "Dokumen tidak ditemukan" in response.content.decode()


# -- is this PDF the issued one? -----------------------------------------------------------------
def test_the_genuine_pdf_is_recognised_as_asli(terbit, warga):
    response = unggah(warga, terbit.surat, isi(terbit.surat))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-hasil="asli"' in page and "ASLI" in page


def test_a_pdf_with_one_byte_changed_is_not_the_issued_file(terbit, warga):
    data = bytearray(isi(terbit.surat))
    data[len(data) // 2] ^= 0x01
    response = unggah(warga, terbit.surat, bytes(data))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-hasil="beda"' in page and "TIDAK SAMA" in page
    assert 'data-hasil="asli"' not in page


def test_another_genuine_letter_is_not_this_one(terbit, warga):
    lain = terbitkan_surat()
    page = unggah(warga, terbit.surat, isi(lain.surat)).content.decode()
    assert 'data-hasil="beda"' in page


def test_a_revoked_letter_says_so_and_its_file_is_still_recognised(terbit, warga):
    s.dokumen_revoke(dokumen=terbit.surat, by=terbit.staf.kadis, alasan="Data klien keliru.")
    page = warga.get(halaman(terbit.surat)).content.decode()
    assert "DICABUT" in page and 'data-status="dicabut"' in page
    assert "Data klien keliru." not in page  # the reason stays with the office
    page = unggah(warga, terbit.surat, isi(terbit.surat)).content.decode()
    assert 'data-hasil="asli"' in page and "tidak berlaku lagi" in page


def test_a_replaced_letter_names_its_replacement(terbit, warga):
    baru = s.dokumen_reissue(
        dokumen=terbit.surat, by=terbit.staf.kadis, alasan="Alamat klien diperbaiki."
    )
    page = warga.get(halaman(terbit.surat)).content.decode()
    assert "DIGANTI" in page and baru.nomor in page and 'data-status="diganti"' in page
    assert baru.token not in page  # the replacement's own page is not handed out
    page = warga.get(halaman(baru)).content.decode()
    assert "BERLAKU" in page and baru.nomor in page
    assert 'data-hasil="asli"' in unggah(warga, baru, isi(baru)).content.decode()
    assert 'data-hasil="beda"' in unggah(warga, baru, isi(terbit.surat)).content.decode()


# -- bad input: an Indonesian message and a 4xx, never a 500 --------------------------------------
def test_an_upload_that_is_not_a_pdf_is_refused_with_415(terbit, warga):
    response = unggah(warga, terbit.surat, b"MZ\x90\x00" + b"\x00" * 100, nama="surat.pdf")
    assert response.status_code == 415
    assert "bukan PDF" in response.content.decode()


def test_an_empty_or_missing_upload_is_refused_with_400(terbit, warga):
    assert unggah(warga, terbit.surat, b"").status_code == 400
    response = warga.post(halaman(terbit.surat), {})
    assert response.status_code == 400
    assert "Pilih berkas PDF" in response.content.decode()


def test_a_too_large_upload_is_refused_with_413(terbit, warga, settings):
    settings.MAX_UPLOAD_MB = 1
    besar = b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 10)
    response = unggah(warga, terbit.surat, besar)
    assert response.status_code == 413
    assert "terlalu besar" in response.content.decode()
    # a declared body far over the limit is refused before it is read
    response = warga.generic(
        "POST",
        halaman(terbit.surat),
        data=b"x",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )
    assert response.status_code == 413


def test_a_malformed_multipart_body_is_a_4xx(terbit, warga):
    response = warga.generic(
        "POST",
        halaman(terbit.surat),
        data=b"--xyz\r\nrusak",
        content_type="multipart/form-data; boundary=xyz",
    )
    assert 400 <= response.status_code < 500


# -- the short code -------------------------------------------------------------------------------
def test_the_short_code_leads_to_the_page_whatever_its_spacing_or_case(terbit, warga):
    kode = terbit.surat.kode_tampil.lower().replace("-", " - ")
    response = warga.post(reverse("verifikasi:cari"), {"kode": kode})
    assert response.status_code == 302
    assert response["Location"] == halaman(terbit.surat)
    assert warga.get(reverse("verifikasi:cari")).status_code == 200


def test_a_wrong_code_is_404_and_guessing_is_slowed_down(terbit, warga, settings):
    settings.PENGADUAN_BATAS_PERMINTAAN = {"lacak_gagal": (3, 3600)}
    for _ in range(3):
        response = warga.post(reverse("verifikasi:cari"), {"kode": "ABCDE-23456"})
        assert response.status_code == 404
        assert "tidak dikenal" in response.content.decode()
    response = warga.post(reverse("verifikasi:cari"), {"kode": terbit.surat.kode_tampil})
    assert response.status_code == 429
    assert "Terlalu banyak permintaan" in response.content.decode()


def test_an_empty_code_is_400(warga):
    assert warga.post(reverse("verifikasi:cari"), {"kode": ""}).status_code == 400
