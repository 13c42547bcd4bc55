"""One registry that turns audit action codes into Indonesian sentences.

Every history entry (a StateLog row or a Kejadian) carries a dotted code
(`pengaduan.dijawab`, see `pengaduan.riwayat`); pages never build
these sentences themselves. `PUBLIC` lists the codes a citizen sees on the
tracking page, with a sentence that names no officer.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SENTENCES = {
    "pengaduan.diajukan": _("Pengaduan diajukan melalui website."),
    "pengaduan.dicatat": _("Pengaduan dicatat dari saluran {saluran}."),
    "pengaduan.cek_dimulai": _("Cek administrasi dimulai."),
    "pengaduan.kelengkapan_diminta": _("Pelapor diminta melengkapi; jam respons dijeda."),
    "pengaduan.dilanjutkan": _("Penanganan dilanjutkan; jam respons berjalan lagi."),
    "pengaduan.dilengkapi_pelapor": _("Pelapor mengirim kelengkapan; jam respons berjalan lagi."),
    "pengaduan.didisposisikan": _("Didisposisikan ke {tujuan}."),
    "pengaduan.dikoordinasikan_eksternal": _("Dikoordinasikan dengan {tujuan}."),
    "pengaduan.dijawab": _("Jawaban dikirim kepada pelapor."),
    "pengaduan.pesan_dikirim": _("Pesan dikirim kepada pelapor."),
    "pengaduan.catatan": _("Catatan internal ditambahkan."),
    "pengaduan.ditutup": _("Pengaduan ditutup."),
    "pengaduan.ditutup_otomatis": _("Pengaduan ditutup otomatis setelah masa tanggapan lewat."),
    "pengaduan.dikonfirmasi_pelapor": _("Pelapor menyatakan permasalahan selesai."),
    "pengaduan.dibuka_kembali": _("Pelapor membuka kembali pengaduan."),
    "pengaduan.dibalas_pelapor": _("Pelapor mengirim pesan."),
    "pengaduan.duplikat": _("Ditandai sebagai duplikat dari {asli}."),
    "pengaduan.diteruskan": _("Diteruskan ke {tujuan}."),
    "pengaduan.dihentikan": _("Dinyatakan tidak dapat ditindaklanjuti."),
    "pengaduan.dinilai": _("Pelapor memberi penilaian kepuasan."),
    "pengaduan.pengingat": _("Pengingat dikirim: {jenis}."),
    "pengaduan.lampiran_dihapus_retensi": _("{jumlah} lampiran dihapus sesuai jadwal retensi."),
}

# What a citizen sees on the tracking page (no officer names, no internal notes).
PUBLIC = {
    "pengaduan.diajukan": _("Laporan diterima."),
    "pengaduan.dicatat": _("Laporan diterima."),
    "pengaduan.cek_dimulai": _("Laporan sedang diperiksa (cek administrasi)."),
    "pengaduan.kelengkapan_diminta": _("Petugas meminta Anda melengkapi keterangan."),
    "pengaduan.dilanjutkan": _("Penanganan dilanjutkan."),
    "pengaduan.dilengkapi_pelapor": _("Anda mengirim kelengkapan; penanganan dilanjutkan."),
    "pengaduan.didisposisikan": _("Laporan diteruskan ke bidang yang menangani."),
    "pengaduan.dikoordinasikan_eksternal": _("Laporan dikoordinasikan dengan {tujuan}."),
    "pengaduan.dijawab": _("Laporan dijawab."),
    "pengaduan.ditutup": _("Laporan selesai."),
    "pengaduan.ditutup_otomatis": _("Laporan selesai (masa tanggapan telah lewat)."),
    "pengaduan.dikonfirmasi_pelapor": _("Anda menyatakan permasalahan selesai."),
    "pengaduan.dibuka_kembali": _("Anda membuka kembali laporan."),
    "pengaduan.duplikat": _("Laporan yang sama sudah ditangani dengan nomor lain."),
    "pengaduan.diteruskan": _("Laporan diteruskan ke {tujuan}."),
    "pengaduan.dihentikan": _("Laporan tidak dapat ditindaklanjuti."),
}


class _Safe(dict):
    def __missing__(self, key: str) -> str:
        return "…"


def describe(aksi: str, data: dict | None = None, *, public: bool = False) -> str:
    """The sentence for an action code; unknown codes fall back to the code itself."""
    table = PUBLIC if public else SENTENCES
    template = table.get(aksi)
    if template is None:
        return aksi
    text = str(template).format_map(_Safe(data or {}))
    return text.replace("..", ".")  # a name like "S.Tr.Sos." before the final period
