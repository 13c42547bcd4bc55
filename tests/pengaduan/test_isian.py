"""The intake's one typed value (IsianPengaduan): both intakes take it, and
nothing else in its place."""

from __future__ import annotations

import pytest
from django.utils import timezone

from pengaduan import services
from pengaduan.models import Pengaduan

pytestmark = pytest.mark.django_db


def test_both_intakes_take_the_one_value(personas):
    p, _ = services.pengaduan_submit(
        kunci_klien="lama",
        instansi=personas.instansi,
        isian=services.IsianPengaduan(
            layanan=None,
            jenis="saran",
            judul="Jam layanan",
            uraian="Mohon buka Sabtu.",
            nama="Warga",
        ),
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
        isian=services.IsianPengaduan(
            layanan=None, jenis="pengaduan", judul="Lewat telepon", uraian="Aduan lewat telepon."
        ),
    )
    assert (q.saluran, q.judul, q.dicatat_oleh) == (
        "telepon",
        "Lewat telepon",
        personas.petugas_loket,
    )


def test_the_fields_one_by_one_are_refused(personas):
    isian = services.IsianPengaduan(layanan=None, jenis="saran", judul="J", uraian="U")
    with pytest.raises(TypeError):
        services.pengaduan_submit(
            kunci_klien="dua", instansi=personas.instansi, isian=isian, judul="Lain"
        )
    with pytest.raises(TypeError):
        services.pengaduan_submit(
            kunci_klien="tiga", instansi=personas.instansi, jenis="saran", judul="J", uraian="U"
        )
    assert not Pengaduan.objects.exists()
