"""Uploads an attacker sends: PNG decompression bombs (refused from their header,
quickly, as a field photo, a complaint attachment and an office logo), a phone
photo with its GPS position (stored without any metadata), and PDFs that carry
JavaScript or other files (refused)."""

from __future__ import annotations

import io
import struct
import time
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lapangan.media import olah_foto
from layanan.models import Instansi
from layanan.unggahan import periksa_unggahan
from pengaduan.models import Lampiran, Pengaduan
from tests.berkas_palsu import jpeg_kamera

pytestmark = pytest.mark.django_db


def png_bom(sisi: int, nama: str = "bom.png") -> SimpleUploadedFile:
    """A 1-bit PNG of sisi×sisi white pixels: tens of KB on disk, sisi² bytes once decoded."""

    def chunk(jenis: bytes, isi: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(jenis + isi))
        return struct.pack(">I", len(isi)) + jenis + isi + crc

    baris = b"\x00" + b"\x00" * ((sisi + 7) // 8)
    z = zlib.compressobj(9)
    idat = b"".join(z.compress(baris * 1000) for _ in range(sisi // 1000))
    idat += z.compress(baris * (sisi % 1000)) + z.flush()
    ihdr = struct.pack(">IIBBBBB", sisi, sisi, 1, 0, 0, 0, 0)
    isi = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    return SimpleUploadedFile(nama, isi, content_type="image/png")


def pdf_dengan(katalog: bytes = b"", *objek: bytes) -> SimpleUploadedFile:
    """A well-formed one-page PDF (with its xref table) plus extra catalog entries and objects."""
    semua = [
        b"<</Type/Catalog/Pages 2 0 R" + katalog + b">>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>",
        *objek,
    ]
    out, posisi = bytearray(b"%PDF-1.7\n"), []
    for i, o in enumerate(semua, 1):
        posisi.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(semua) + 1)
    out += b"".join(b"%010d 00000 n \n" % p for p in posisi)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(semua) + 1, xref)
    return SimpleUploadedFile("surat.pdf", bytes(out), content_type="application/pdf")


BOM = [(20000, 48), (12000, 17)]  # side in px, about that many KB on disk


@pytest.mark.parametrize(("sisi", "kb"), BOM)
def test_png_bomb_is_refused_as_a_field_photo_from_its_header(sisi, kb):
    bom = png_bom(sisi)
    assert bom.size < (kb + 40) * 1024  # really a small file
    mulai = time.perf_counter()
    with pytest.raises(ValidationError) as exc:
        olah_foto(bom)
    assert time.perf_counter() - mulai < 2.0  # nothing was decoded (that takes far longer)
    assert exc.value.code == "terlalu_banyak_piksel"
    assert "terlalu besar" in exc.value.messages[0] and "piksel" in exc.value.messages[0]


@pytest.mark.parametrize(("sisi", "kb"), BOM)
def test_png_bomb_is_refused_as_a_complaint_attachment(client, personas, media, sisi, kb):
    mulai = time.perf_counter()
    resp = client.post(
        "/pengaduan/baru/",
        {
            "jenis": "pengaduan",
            "instansi": personas.instansi.slug,
            "judul": "Bantuan belum diterima",
            "uraian": "Sudah tiga bulan bantuan untuk nenek belum diterima.",
            "nama": "Siti",
            "lampiran": [png_bom(sisi)],
        },
    )
    assert time.perf_counter() - mulai < 10.0  # a whole page, on a busy CI machine
    assert resp.status_code == 400
    assert "juta piksel" in resp.content.decode()  # refused from its header
    assert Pengaduan.objects.count() == 0 and Lampiran.objects.count() == 0


@pytest.mark.parametrize(("sisi", "kb"), BOM)
def test_png_bomb_is_refused_as_an_office_logo(sisi, kb):
    field = Instansi._meta.get_field("logo").formfield()
    mulai = time.perf_counter()
    with pytest.raises(ValidationError) as exc:
        field.clean(png_bom(sisi))
    assert time.perf_counter() - mulai < 2.0
    assert "piksel" in exc.value.messages[0]


def test_a_large_logo_is_stored_once_downscaled_without_metadata():
    buf = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Kamera Kantor"  # Make
    Image.new("RGB", (3000, 2400), (10, 80, 160)).save(buf, "JPEG", exif=exif)
    field = Instansi._meta.get_field("logo").formfield()
    logo = field.clean(SimpleUploadedFile("lambang.jpg", buf.getvalue(), "image/jpeg"))
    assert logo.name == "lambang.png"
    with Image.open(logo) as img:
        assert img.format == "PNG" and max(img.size) == 600 and img.size == (600, 480)
        assert not img.getexif() and "exif" not in img.info


def _tanpa_metadata(isi: bytes) -> None:
    with Image.open(io.BytesIO(isi)) as img:
        assert not img.getexif(), dict(img.getexif())
        assert not img.getexif().get_ifd(0x8825)  # GPS
        assert not ({"exif", "xmp", "icc_profile", "XML:com.adobe.xmp"} & set(img.info)), img.info


def test_complaint_photo_with_gps_is_stored_without_any_exif(client, personas, media):
    foto = jpeg_kamera((800, 600), nama="bukti.jpg")
    with Image.open(io.BytesIO(foto.read())) as asli:  # the camera's position is there
        assert asli.getexif().get_ifd(0x8825)
    foto.seek(0)
    resp = client.post(
        "/pengaduan/baru/",
        {
            "jenis": "pengaduan",
            "instansi": personas.instansi.slug,
            "judul": "Petugas tidak datang",
            "uraian": "Petugas yang dijanjikan tidak datang ke rumah nenek.",
            "nama": "Siti",
            "anonim": "on",
            "lampiran": [foto],
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    lampiran = Lampiran.objects.get()
    with lampiran.berkas.open("rb") as fh:
        isi = fh.read()
    _tanpa_metadata(isi)
    with Image.open(io.BytesIO(isi)) as img:
        assert img.size == (600, 800)  # turned upright (EXIF orientation 6) before it went
    assert lampiran.ukuran == len(isi)


def test_case_document_photo_with_gps_is_rewritten_without_exif():
    foto = jpeg_kamera((800, 600), nama="ktp.jpg")
    hasil = periksa_unggahan(foto)
    foto.seek(0)
    isi = foto.read()
    _tanpa_metadata(isi)
    assert hasil.mime == "image/jpeg" and hasil.ukuran == len(isi) == foto.size
    assert periksa_unggahan(foto).ukuran == len(isi)  # a second check leaves it as it is


def test_field_photo_with_gps_keeps_no_exif():
    olahan = olah_foto(jpeg_kamera((1200, 900)))
    _tanpa_metadata(olahan.jpeg)
    _tanpa_metadata(olahan.kecil)


@pytest.mark.parametrize(
    ("katalog", "objek", "isi"),
    [
        (b"/OpenAction 4 0 R", [b"<</S/JavaScript/JS(app.alert\\(1\\))>>"], "JavaScript"),
        (b"/Names<</JavaScript 4 0 R>>", [b"<</Names[(a) 5 0 R]>>", b"<</S/JavaScript>>"], ""),
        (b"/OpenAction<</S/J#61vaScript/J#53(x)>>", [], "JavaScript"),  # names escaped
        (b"/Names<</EmbeddedFiles 4 0 R>>", [b"<</Names[(a.exe) 5 0 R]>>", b"<<>>"], "tersisip"),
        (b"/OpenAction<</S/Launch/F(cmd.exe)>>", [], "program"),
        (b"/AA<</O<</S/URI/URI(http://x)>>>>", [], "otomatis"),
    ],
)
def test_pdf_with_javascript_embedded_files_or_actions_is_refused(katalog, objek, isi):
    with pytest.raises(ValidationError) as exc:
        periksa_unggahan(pdf_dengan(katalog, *objek))
    assert exc.value.code == "pdf_aktif"
    assert "ditolak" in exc.value.messages[0] and isi in exc.value.messages[0]


def test_pdf_with_javascript_inside_a_compressed_object_stream_is_refused():
    objstm = b"4 0 <</S/JavaScript/JS(app.alert\\(1\\))>>"
    data = zlib.compress(objstm)
    stream = (
        b"<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length %d>>\nstream\n" % len(data)
        + data
        + b"\nendstream"
    )
    with pytest.raises(ValidationError) as exc:
        periksa_unggahan(pdf_dengan(b"/OpenAction 4 0 R", stream))
    assert exc.value.code == "pdf_aktif"


def test_plain_pdf_is_accepted_and_kept_as_is():
    surat = pdf_dengan(b"/OpenAction[3 0 R/Fit]")
    sebelum = surat.read()
    hasil = periksa_unggahan(surat)
    surat.seek(0)
    assert hasil.mime == "application/pdf" and surat.read() == sebelum


def test_anonymous_oversized_upload_is_stopped_while_it_streams(client, personas, media, settings):
    settings.MAX_UPLOAD_MB = 1
    besar = SimpleUploadedFile("video-besar.jpg", b"\xff\xd8\xff" + b"\x00" * (3 * 1024 * 1024))
    resp = client.post(
        "/pengaduan/baru/",
        {
            "jenis": "pengaduan",
            "instansi": personas.instansi.slug,
            "judul": "Bantuan belum diterima",
            "uraian": "Sudah tiga bulan bantuan untuk nenek belum diterima.",
            "nama": "Siti",
            "lampiran": [besar],
        },
    )
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "terlalu besar" in html and "batasnya 1 MB" in html
    assert "Sudah tiga bulan bantuan" in html  # what was typed is kept
    # the file never reached memory or disk: the limit stopped it after 1 MB
    diterima = resp.wsgi_request.FILES.getlist("lampiran")
    assert [type(f).__name__ for f in diterima] == ["BerkasDitolak"]
    assert resp.wsgi_request.unggahan_ditolak[0][1] == "video-besar.jpg"
    assert Pengaduan.objects.count() == 0
