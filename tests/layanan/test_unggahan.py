"""The portal's one upload check: content decides, not the name."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from layanan.unggahan import periksa_unggahan
from tests.berkas_palsu import jpeg, mp4


def test_photo_is_judged_by_its_bytes_not_its_name():
    hasil = periksa_unggahan(jpeg("dokumen.pdf"))
    assert (hasil.mime, hasil.ekstensi, hasil.nama_asli) == ("image/jpeg", "jpg", "dokumen.pdf")


def test_program_renamed_as_photo_is_refused_with_its_name():
    berkas = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00" + b"\x00" * 200)
    with pytest.raises(ValidationError, match="Jenis berkas tidak diterima: “foto.jpg”"):
        periksa_unggahan(berkas)


def test_video_only_where_the_caller_allows_it():
    with pytest.raises(ValidationError, match="Jenis berkas tidak diterima"):
        periksa_unggahan(mp4())
    assert periksa_unggahan(mp4(), boleh_video=True).mime == "video/mp4"


def test_pdf_can_be_refused():
    pdf = SimpleUploadedFile("surat.pdf", b"%PDF-1.7\n" + b"x" * 100)
    assert periksa_unggahan(pdf).ekstensi == "pdf"
    with pytest.raises(ValidationError, match="foto"):
        periksa_unggahan(pdf, boleh_pdf=False)


def test_size_limit_is_stated_in_the_message():
    with pytest.raises(ValidationError, match="batasnya 1 MB"):
        periksa_unggahan(
            SimpleUploadedFile("besar.pdf", b"%PDF-" + b"x" * (1024 * 1024)), batas_mb=1
        )


def test_empty_file_is_refused():
    with pytest.raises(ValidationError, match="kosong"):
        periksa_unggahan(SimpleUploadedFile("kosong.jpg", b""))
