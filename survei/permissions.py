"""The one policy of the survey app.

- The report (element means, IKM, respondent profile: no personal data) is
  read by the office's Kepala Bidang, Kepala Dinas and Admin Instansi, for
  their own instansi only (survei.lihat_laporan).
- The front desk opens an invitation for a walk-in citizen for a service of
  its own office (survei.buka_di_loket).
- Anyone with the invitation's token may answer once; nobody else needs to.
"""

from __future__ import annotations

from layanan.models import Instansi, Peran
from layanan.pengguna import PenggunaAtauTamu
from layanan.roles import pegawai_dari

LIHAT_LAPORAN = "survei.lihat_laporan"
BUKA_DI_LOKET = "survei.buka_di_loket"

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Peran.PETUGAS_LOKET: [BUKA_DI_LOKET],
    Peran.KEPALA_BIDANG: [LIHAT_LAPORAN],
    Peran.KEPALA_DINAS: [LIHAT_LAPORAN],
    Peran.ADMIN_INSTANSI: [LIHAT_LAPORAN],
}


def _instansi_dengan(user: PenggunaAtauTamu, izin: str) -> Instansi | None:
    pegawai = pegawai_dari(user)
    if pegawai is None or pegawai.panti_id is not None or not user.has_perm(izin):
        return None
    return pegawai.instansi


def instansi_laporan(user: PenggunaAtauTamu) -> Instansi | None:
    """The office whose survey report `user` may read, or None."""
    return _instansi_dengan(user, LIHAT_LAPORAN)


def instansi_loket(user: PenggunaAtauTamu) -> Instansi | None:
    """The office for which `user` may open a survey at the counter, or None."""
    return _instansi_dengan(user, BUKA_DI_LOKET)
