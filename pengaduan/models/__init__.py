"""Complaints, suggestions and appreciation (pengaduan) from every channel.

A Pengaduan runs its own small state machine: diterima → cek administrasi →
koordinasi → dijawab → selesai, with the side exits menunggu pelapor (the clock
pauses), duplikat, diteruskan and tidak dapat ditindaklanjuti. Who may take an
edge is decided by `pengaduan.permissions`; the use cases live in
`pengaduan.services`, which check `can_proceed` and `has_transition_perm`
themselves. Each transition is logged once, by django-fsm-log (StateLog, see
`pengaduan.jejak`); every other event is a Kejadian.

The reporter's identity lives apart, in Pelapor, so it is read in few, named
places and can be hidden from staff who may not see it.
"""

from pengaduan.models.pengaduan import Pengaduan
from pengaduan.models.pengaturan import (
    PengaturanPengaduan,
    TemplatBalasan,
)
from pengaduan.models.terkait import (
    Kejadian,
    Lampiran,
    Pelapor,
    Pengingat,
    Penilaian,
    Tanggapan,
    lampiran_upload_to,
)

__all__ = [
    "Kejadian",
    "Lampiran",
    "Pelapor",
    "Pengaduan",
    "PengaturanPengaduan",
    "Pengingat",
    "Penilaian",
    "Tanggapan",
    "TemplatBalasan",
    "lampiran_upload_to",
]
