"""Helpers for the page tests (tests/rujukan/test_views_*.py): POST data of
the intake form and of an action page, and one case registered through the
real service."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from rujukan import services as s
from rujukan.views.tindakan import jejak
from tests.berkas_palsu import pdf
from tests.rujukan.factories import data_klien, data_pemohon, nik, no_kk


def data_intake(*, lahir=dt.date(1954, 1, 20), perempuan=False, nama="Siti Aminah", **extra):
    data = {
        "nama": nama,
        "nik": nik(lahir, perempuan=perempuan, wilayah="637101"),
        "no_kk": no_kk("637101"),
        "tempat_lahir": "Banjarmasin",
        "alamat": "Jl. Sutoyo S. Gg. Rahmat RT 05",
        "kelurahan": "Pelambuan",
        "kecamatan": "Banjarmasin Barat",
        "pemohon_jenis": "rt_rw",
        "pemohon_nama": "H. Mahmud",
        "pemohon_lembaga": "Ketua RT 05",
        "pemohon_hubungan": "tetangga",
        "pemohon_telepon": "0813 4854 5556",
        "pemohon_whatsapp": "on",
        "ringkasan": "Lansia terlantar di pos ronda.",
    }
    data.update(extra)
    return data


def url_registrasi(layanan, sub=None) -> str:
    if sub is not None:
        return reverse("rujukan:registrasi_sub", args=[layanan.pk, sub.pk])
    return reverse("rujukan:registrasi", args=[layanan.pk])


def daftarkan(layanan, staf, *, lahir=dt.date(1954, 1, 20), sub=None, nama="Siti Aminah", **kw):
    """One case registered through the real service, with every document uploaded."""
    persyaratan = s.persyaratan_untuk(layanan, sub)
    dokumen = {p.pk: pdf() for p in persyaratan if p.jenis == "dokumen"}
    fakta = [p.pk for p in persyaratan if p.jenis == "fakta" and p.fakta != "usia_minimal"]
    return s.rujukan_register(
        by=staf.petugas_loket,
        permohonan=s.PermohonanBaru(
            layanan=layanan,
            sub_layanan=sub,
            klien=data_klien(lahir, nama=nama, wilayah=kw.pop("wilayah", "637101")),
            pemohon=data_pemohon("rt_rw"),
            berkas=dokumen,
            terpenuhi=fakta,
            **kw,
        ),
    )


def url_aksi(rujukan, kode: str) -> str:
    return reverse("rujukan:aksi", args=[rujukan.pk, kode])


def post_aksi(client, rujukan, kode: str, data: dict | None = None, **kwargs):
    """POST an action page as the browser would: with the page's jejak."""
    rujukan.refresh_from_db()
    payload = {"jejak": jejak(rujukan), **(data or {})}
    return client.post(url_aksi(rujukan, kode), payload, **kwargs)
