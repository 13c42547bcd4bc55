"""Cases of the seed standards brought to their field stage, and field media."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from rujukan import services as s
from tests.personas import personas_untuk
from tests.rujukan.factories import (
    data_klien,
    data_pemohon,
    mp4,
    pdf,
    png,
)


def dokumen_semua(layanan, sub=None) -> dict:
    out = {}
    for p in s.persyaratan_untuk(layanan, sub):
        if p.jenis == "dokumen" and not p.kondisi:
            teks = p.teks.lower()
            out[p.pk] = mp4() if "video" in teks else (png() if "foto" in teks else pdf())
    return out


def kasus_di_lapangan(layanan, *, lahir=dt.date(1953, 5, 4), staf=None, sub=None, **klien):
    """Register a case, accept its papers and assign it to the staf's peksos."""
    staf = staf or personas_untuk(layanan.instansi)
    wilayah = klien.pop("wilayah", "730201")
    hasil = s.rujukan_register(
        by=staf.petugas_loket,
        layanan=layanan,
        sub_layanan=sub,
        klien=data_klien(lahir, wilayah=wilayah, **klien),
        pemohon=data_pemohon("kelurahan"),
        berkas=dokumen_semua(layanan, sub),
        ringkasan="Lansia tinggal sendiri, tidak ada yang merawat.",
    )
    r = s.rujukan_start_check(rujukan=hasil.rujukan, by=staf.petugas_loket)
    r = s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    r = s.rujukan_assign_peksos(rujukan=r, by=staf.kabid, peksos=staf.peksos)
    return r, staf


def depok_di_pemeriksaan(layanan, staf, klien):
    """A Depok (SLRT, Bantuan Sosial Kesehatan) case at the file check."""
    sub = layanan.sub_layanan.get(nama__contains="Kesehatan")
    hasil = s.rujukan_register(
        by=staf.petugas_loket,
        layanan=layanan,
        sub_layanan=sub,
        klien=klien,
        pemohon=data_pemohon("klien"),
        berkas=dokumen_semua(layanan, sub),
    )
    return s.rujukan_start_check(rujukan=hasil.rujukan, by=staf.petugas_loket)


def jpeg(size=(3000, 2000), *, orientasi: int | None = 6, gps: bool = True, nama="foto.jpg"):
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


def exe_sebagai_jpg():
    return SimpleUploadedFile(
        "foto_klien.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 4000, content_type="image/jpeg"
    )


__all__ = ["data_klien", "data_pemohon", "pdf", "png"]
