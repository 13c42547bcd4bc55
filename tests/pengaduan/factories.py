"""Helpers for complaint tests: real rows, made through the services."""

from __future__ import annotations

import itertools

from pengaduan import services

_seq = itertools.count(1)


def ajukan(instansi, *, kunci: str | None = None, **kwargs):
    """A citizen files through the website; returns (pengaduan, kode)."""
    n = next(_seq)
    data = {
        "layanan": None,
        "jenis": "pengaduan",
        "judul": f"Bantuan belum cair {n}",
        "uraian": "Sudah tiga bulan bantuan untuk nenek kami belum diterima.",
        "nama": "Siti Rahmawati",
        "telepon": "081234567890",
        "email": "siti.warga@example.com",
    }
    data.update(kwargs)
    isian = services.IsianPengaduan(**data)
    return services.pengaduan_submit(
        kunci_klien=kunci or f"klien-{n}", instansi=instansi, isian=isian
    )


def catat(by, **kwargs):
    """An officer records a complaint from another channel; returns (pengaduan, kode)."""
    n = next(_seq)
    data = {
        "layanan": None,
        "jenis": "pengaduan",
        "judul": f"Aduan lewat WA {n}",
        "uraian": "Warga melaporkan lansia terlantar di pinggir jalan.",
    }
    saluran = {"saluran": "whatsapp"}
    for nama in ("saluran", "diterima_pada", "nomor_referensi"):
        if nama in kwargs:
            saluran[nama] = kwargs.pop(nama)
    data.update(kwargs)
    return services.pengaduan_record(by=by, isian=services.IsianPengaduan(**data), **saluran)
