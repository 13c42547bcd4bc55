"""Helpers for complaint tests: real rows, made through the services."""

from __future__ import annotations

import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pengaduan import services

_seq = itertools.count(1)


def ajukan(instansi, *, kunci: str | None = None, **kwargs):
    """A citizen files through the website; returns (pengaduan, kode)."""
    n = next(_seq)
    data = {
        "instansi": instansi,
        "layanan": None,
        "jenis": "pengaduan",
        "judul": f"Bantuan belum cair {n}",
        "uraian": "Sudah tiga bulan bantuan untuk nenek kami belum diterima.",
        "nama": "Siti Rahmawati",
        "telepon": "081234567890",
        "email": "siti.warga@example.com",
    }
    data.update(kwargs)
    return services.pengaduan_ajukan(kunci_klien=kunci or f"klien-{n}", **data)


def catat(by, **kwargs):
    """An officer records a complaint from another channel; returns (pengaduan, kode)."""
    n = next(_seq)
    data = {
        "saluran": "whatsapp",
        "layanan": None,
        "jenis": "pengaduan",
        "judul": f"Aduan lewat WA {n}",
        "uraian": "Warga melaporkan lansia terlantar di pinggir jalan.",
    }
    data.update(kwargs)
    return services.pengaduan_catat(by=by, **data)


def jpeg(name: str = "foto.jpg", size=(40, 30)) -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buf, "JPEG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


def png(name: str = "bukti.png") -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 90, 200)).save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def pdf(name: str = "surat.pdf") -> SimpleUploadedFile:
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def gambar_palsu(name: str = "foto.jpg") -> SimpleUploadedFile:
    """Text pretending to be a photo (right name, right declared type)."""
    return SimpleUploadedFile(name, b"<script>alert(1)</script>" * 20, content_type="image/jpeg")


def jpeg_rusak(name: str = "rusak.jpg") -> SimpleUploadedFile:
    """JPEG magic bytes followed by garbage."""
    return SimpleUploadedFile(name, b"\xff\xd8\xff\xe0" + b"\x00garbage" * 50, "image/jpeg")
