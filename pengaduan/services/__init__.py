"""Use cases for complaints. Each runs in one transaction: lock the row, check
the transition (`can_proceed`) and the actor's right (`has_transition_perm`),
change (the transition's one history row is its StateLog; other events are
Kejadian rows), and send mail only after commit.

Callers use `from pengaduan import services; services.pengaduan_answer(...)`."""

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
    pengaduan_add_note,
    pengaduan_answer,
    pengaduan_close,
    pengaduan_forward,
    pengaduan_mark_duplicate,
    pengaduan_request_details,
    pengaduan_resume,
    pengaduan_route,
    pengaduan_send_message,
    pengaduan_start_check,
    pengaduan_stop,
)
from pengaduan.services.pengajuan import (
    IsianPengaduan,
    pengaduan_record,
    pengaduan_submit,
)
from pengaduan.services.sistem import (
    pengaduan_close_expired,
    templat_simpan,
)

__all__ = [
    "ALFABET",
    "BISA_DINILAI",
    "IsianPengaduan",
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
    "pengaduan_submit",
    "pengaduan_record",
    "pengaduan_add_note",
    "pengaduan_route",
    "pengaduan_stop",
    "pengaduan_answer",
    "pengaduan_send_message",
    "pengaduan_resume",
    "pengaduan_request_details",
    "pengaduan_start_check",
    "pengaduan_mark_duplicate",
    "pengaduan_forward",
    "pengaduan_close",
    "pengaduan_close_expired",
    "pengaturan",
    "templat_simpan",
    "waktu_respons",
]
