"""Use cases for complaints. Each runs in one transaction: lock the row, check
the transition (`can_proceed`) and the actor's right (`has_transition_perm`),
change, record a Kejadian, and send mail only after commit.

Callers use `from pengaduan import services; services.pengaduan_jawab(...)`."""

from layanan.kode_lacak import format_kode, normalisasi_kode
from pengaduan.services._dasar import (
    ALFABET,
    KALENDER_SATUAN,
    MAX_PESAN,
    MAX_URAIAN,
    PANJANG_KODE,
    PengaduanError,
    cocokkan_kode,
    normalisasi_nomor,
    pengaturan,
    waktu_respons,
)
from pengaduan.services.pelapor import (
    BISA_DINILAI,
    pelapor_balas,
    pelapor_buka_kembali,
    pelapor_konfirmasi_selesai,
    pelapor_nilai,
)
from pengaduan.services.penanganan import (
    pengaduan_catatan,
    pengaduan_disposisi,
    pengaduan_hentikan,
    pengaduan_jawab,
    pengaduan_kirim_pesan,
    pengaduan_lanjutkan,
    pengaduan_minta_kelengkapan,
    pengaduan_mulai_cek,
    pengaduan_tandai_duplikat,
    pengaduan_teruskan,
    pengaduan_tutup,
)
from pengaduan.services.pengajuan import (
    pengaduan_ajukan,
    pengaduan_catat,
)
from pengaduan.services.sistem import (
    pengaduan_tutup_otomatis,
    templat_simpan,
)

__all__ = [
    "ALFABET",
    "BISA_DINILAI",
    "KALENDER_SATUAN",
    "MAX_PESAN",
    "MAX_URAIAN",
    "PANJANG_KODE",
    "PengaduanError",
    "cocokkan_kode",
    "format_kode",
    "normalisasi_kode",
    "normalisasi_nomor",
    "pelapor_balas",
    "pelapor_buka_kembali",
    "pelapor_konfirmasi_selesai",
    "pelapor_nilai",
    "pengaduan_ajukan",
    "pengaduan_catat",
    "pengaduan_catatan",
    "pengaduan_disposisi",
    "pengaduan_hentikan",
    "pengaduan_jawab",
    "pengaduan_kirim_pesan",
    "pengaduan_lanjutkan",
    "pengaduan_minta_kelengkapan",
    "pengaduan_mulai_cek",
    "pengaduan_tandai_duplikat",
    "pengaduan_teruskan",
    "pengaduan_tutup",
    "pengaduan_tutup_otomatis",
    "pengaturan",
    "templat_simpan",
    "waktu_respons",
]
