"""Models of the case app; see the modules for each part."""

from rujukan.models.dtks import DataDTKS
from rujukan.models.klien import (
    BentukHukum,
    JenisKelamin,
    JenisKlien,
    Klien,
    NomorIdentitasField,
    Pemohon,
)
from rujukan.models.langkah import LangkahKasus, StatusLangkah
from rujukan.models.persetujuan_klien import PersetujuanKlien
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
    UsulanPanti,
)
from rujukan.models.rujukan import (
    STATUS_AKHIR,
    STATUS_TAHAP,
    STATUS_TERBUKA,
    SUMBER_ONLINE,
    Rujukan,
    Status,
    Sumber,
)
from rujukan.models.subjek import AnggotaRujukan, PengurusLembaga
from rujukan.models.templat import TemplatSurat

__all__ = [
    "SUMBER_ONLINE",
    "Sumber",
    "STATUS_AKHIR",
    "STATUS_TAHAP",
    "STATUS_TERBUKA",
    "AnggotaRujukan",
    "Asesmen",
    "BentukHukum",
    "BerkasItem",
    "DataDTKS",
    "Dokumen",
    "JedaWaktu",
    "JenisDokumen",
    "JenisKelamin",
    "JenisKlien",
    "Kegiatan",
    "Kejadian",
    "Klien",
    "LangkahKasus",
    "Konsep",
    "NomorIdentitasField",
    "Pemohon",
    "Penomoran",
    "PengurusLembaga",
    "PengajuanPanti",
    "Persetujuan",
    "PersetujuanKlien",
    "Rujukan",
    "Status",
    "StatusLangkah",
    "TahapWaktu",
    "TemplatSurat",
    "UsulanPanti",
]
