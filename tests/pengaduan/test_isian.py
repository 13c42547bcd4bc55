"""The intake's one typed value (IsianPengaduan), and the keywords the
services still take from callers not yet passing it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from pengaduan import services

pytestmark = pytest.mark.django_db


def test_the_fields_as_keywords_make_the_same_complaint(personas):
    p, _ = services.pengaduan_submit(
        kunci_klien="lama",
        instansi=personas.instansi,
        layanan=None,
        jenis="saran",
        judul="Jam layanan",
        uraian="Mohon buka Sabtu.",
        nama="Warga",
    )
    assert (p.jenis, p.judul, p.pelapor.nama, p.saluran) == (
        "saran",
        "Jam layanan",
        "Warga",
        "website",
    )
    q, _ = services.pengaduan_record(
        by=personas.petugas_loket,
        saluran="telepon",
        diterima_pada=timezone.now(),
        layanan=None,
        jenis="pengaduan",
        judul="Lewat telepon",
        uraian="Aduan lewat telepon.",
    )
    assert (q.saluran, q.judul, q.dicatat_oleh) == (
        "telepon",
        "Lewat telepon",
        personas.petugas_loket,
    )


def test_the_value_and_its_fields_together_are_refused(personas):
    isian = services.IsianPengaduan(layanan=None, jenis="saran", judul="J", uraian="U")
    with pytest.raises(TypeError):
        services.pengaduan_submit(
            kunci_klien="dua", instansi=personas.instansi, isian=isian, judul="Lain"
        )
