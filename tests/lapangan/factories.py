"""Cases of the seed standards brought to their field stage (field media: tests/berkas_palsu.py)."""

from __future__ import annotations

import datetime as dt

from rujukan import services as s
from tests.berkas_palsu import mp4, pdf, png
from tests.personas import personas_untuk
from tests.rujukan.factories import data_klien, data_pemohon


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
        permohonan=s.PermohonanBaru(
            layanan=layanan,
            sub_layanan=sub,
            klien=data_klien(lahir, wilayah=wilayah, **klien),
            pemohon=data_pemohon("kelurahan"),
            berkas=dokumen_semua(layanan, sub),
            ringkasan="Lansia tinggal sendiri, tidak ada yang merawat.",
        ),
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
        permohonan=s.PermohonanBaru(
            layanan=layanan,
            sub_layanan=sub,
            klien=klien,
            pemohon=data_pemohon("klien"),
            berkas=dokumen_semua(layanan, sub),
        ),
    )
    return s.rujukan_start_check(rujukan=hasil.rujukan, by=staf.petugas_loket)


__all__ = ["data_klien", "data_pemohon"]
