"""Who may read the office's performance figures: the officials who answer
for its standards (Koordinator, Kepala Bidang, Kepala Dinas) and the Admin
Instansi who runs the portal. Each sees only their own instansi's figures;
the public transparency page needs no permission and shows no person."""

from __future__ import annotations

from layanan.models import Instansi, Peran
from layanan.pengguna import PenggunaAtauTamu
from layanan.roles import pegawai_dari

LIHAT_DASBOR = "kinerja.lihat_dasbor"

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Peran.KOORDINATOR: [LIHAT_DASBOR],
    Peran.KEPALA_BIDANG: [LIHAT_DASBOR],
    Peran.KEPALA_DINAS: [LIHAT_DASBOR],
    Peran.ADMIN_INSTANSI: [LIHAT_DASBOR],
}


def instansi_dasbor(user: PenggunaAtauTamu) -> Instansi | None:
    """The instansi whose dashboard this user may read, or None."""
    pegawai = pegawai_dari(user)
    if pegawai is None or not user.has_perm(LIHAT_DASBOR):
        return None
    return pegawai.instansi
