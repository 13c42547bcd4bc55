"""Models of the case app; see the modules for each part."""

from rujukan.models.dtks import DataDTKS
from rujukan.models.klien import JenisKelamin, Klien, NomorIdentitasField, Pemohon
from rujukan.models.langkah import LangkahKasus, StatusLangkah
from rujukan.models.proses import (
    Asesmen,
    BerkasItem,
    Dokumen,
    JedaWaktu,
    JenisDokumen,
    Kegiatan,
    Kejadian,
    Konsep,
    PengajuanPanti,
    Penomoran,
    Persetujuan,
    TahapWaktu,
)
from rujukan.models.rujukan import (
    STATUS_AKHIR,
    STATUS_TAHAP,
    STATUS_TERBUKA,
    Rujukan,
    Status,
)

__all__ = [
    "STATUS_AKHIR",
    "STATUS_TAHAP",
    "STATUS_TERBUKA",
    "Asesmen",
    "BerkasItem",
    "DataDTKS",
    "Dokumen",
    "JedaWaktu",
    "JenisDokumen",
    "JenisKelamin",
    "Kegiatan",
    "Kejadian",
    "Klien",
    "LangkahKasus",
    "Konsep",
    "NomorIdentitasField",
    "Pemohon",
    "Penomoran",
    "PengajuanPanti",
    "Persetujuan",
    "Rujukan",
    "Status",
    "StatusLangkah",
    "TahapWaktu",
]
