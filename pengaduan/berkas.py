"""Attachments of a complaint: photos or PDFs, judged by content by the portal's
one upload check (layanan.unggahan), at most MAX_FILES per message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from layanan.unggahan import periksa_unggahan

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

MAX_FILES = 3


@dataclass(frozen=True)
class BerkasDiperiksa:
    file: UploadedFile[bytes]
    tipe_konten: str
    ekstensi: str  # with the dot
    nama_asli: str
    ukuran: int


def periksa_berkas(upload) -> BerkasDiperiksa:
    """Accept a JPEG/PNG/WebP photo or a PDF; raise ValidationError."""
    hasil = periksa_unggahan(upload)
    return BerkasDiperiksa(upload, hasil.mime, f".{hasil.ekstensi}", hasil.nama_asli, hasil.ukuran)
