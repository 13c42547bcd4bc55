"""Fake uploads for every test: small real images, a minimal PDF and MP4, a
camera photo with EXIF, and files that lie about what they are."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def _gambar(size: tuple[int, int], warna: tuple[int, int, int], jenis: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, warna).save(buf, jenis)
    return buf.getvalue()


def png(nama: str = "foto.png", size=(40, 30), warna=(200, 120, 40)) -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, _gambar(size, warna, "PNG"), content_type="image/png")


def jpeg(nama: str = "foto.jpg", size=(40, 30), warna=(200, 40, 40)) -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, _gambar(size, warna, "JPEG"), content_type="image/jpeg")


def jpeg_kamera(
    size=(3000, 2000), *, orientasi: int | None = 6, gps: bool = True, nama: str = "foto.jpg"
) -> SimpleUploadedFile:
    """A camera-like JPEG: EXIF orientation (6 = turn 90° clockwise) and a GPS position."""
    img = Image.new("RGB", size, (180, 90, 40))
    for x in range(0, size[0] // 3):  # a marker in the top-left third
        for y in range(0, 40):
            img.putpixel((x, y), (0, 200, 0))
    exif = Image.Exif()
    if orientasi:
        exif[0x0112] = orientasi
    if gps:
        exif[0x8825] = {1: "S", 2: (3.0, 19.0, 12.0), 3: "E", 4: (114.0, 35.0, 24.0)}
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif, quality=90)
    return SimpleUploadedFile(nama, buf.getvalue(), content_type="image/jpeg")


def jpeg_di(path: Path, *, size=(1600, 1200), warna=(120, 150, 90)) -> str:
    """A JPEG written to `path`, for a browser journey's file chooser; returns the path."""
    path.write_bytes(_gambar(size, warna, "JPEG"))
    return str(path)


def pdf(nama: str = "ktp.pdf") -> SimpleUploadedFile:
    body = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    return SimpleUploadedFile(nama, body, content_type="application/pdf")


def mp4(nama: str = "video.mp4") -> SimpleUploadedFile:
    body = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 200
    return SimpleUploadedFile(nama, body, content_type="video/mp4")


def exe_sebagai_jpg(nama: str = "foto.jpg") -> SimpleUploadedFile:
    """A Windows program named and declared as a photo."""
    return SimpleUploadedFile(nama, b"MZ\x90\x00\x03" + b"\x00" * 500, content_type="image/jpeg")


def gambar_palsu(nama: str = "foto.jpg") -> SimpleUploadedFile:
    """Text pretending to be a photo (right name, right declared type)."""
    return SimpleUploadedFile(nama, b"<script>alert(1)</script>" * 20, content_type="image/jpeg")


def jpeg_rusak(nama: str = "rusak.jpg") -> SimpleUploadedFile:
    """JPEG magic bytes followed by garbage."""
    return SimpleUploadedFile(nama, b"\xff\xd8\xff\xe0" + b"\x00garbage" * 50, "image/jpeg")


def pdf_besar(nama: str = "besar.pdf", *, mb: int = 1) -> SimpleUploadedFile:
    """A PDF just over `mb` megabytes."""
    body = b"%PDF-1.4\n" + b"0" * (mb * 1024 * 1024 + 10)
    return SimpleUploadedFile(nama, body, content_type="application/pdf")


def untuk_peramban(berkas: SimpleUploadedFile) -> dict:
    """The same file as a browser journey hands it to a file chooser (Playwright)."""
    return {"name": berkas.name, "mimeType": berkas.content_type, "buffer": berkas.read()}
