"""The portal's one upload check: content decides, not the name."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from layanan.unggahan import periksa_unggahan


def _jpeg(name="foto.jpg") -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buf, "JPEG")
    return SimpleUploadedFile(name, buf.getvalue())


def _mp4() -> SimpleUploadedFile:
    # The smallest ISO base media header filetype recognises as MP4.
    return SimpleUploadedFile("klip.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64)


def test_photo_is_judged_by_its_bytes_not_its_name():
    hasil = periksa_unggahan(_jpeg("dokumen.pdf"))
    assert (hasil.mime, hasil.ekstensi, hasil.nama_asli) == ("image/jpeg", "jpg", "dokumen.pdf")


def test_program_renamed_as_photo_is_refused_with_its_name():
    berkas = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00" + b"\x00" * 200)
    with pytest.raises(ValidationError, match="Jenis berkas tidak diterima: “foto.jpg”"):
        periksa_unggahan(berkas)


def test_video_only_where_the_caller_allows_it():
    with pytest.raises(ValidationError, match="Jenis berkas tidak diterima"):
        periksa_unggahan(_mp4())
    assert periksa_unggahan(_mp4(), boleh_video=True).mime == "video/mp4"


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
