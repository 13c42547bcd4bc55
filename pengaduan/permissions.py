"""The one policy for complaints: who may see or do what, within which instansi.

Roles hold model permissions (granted in migration 0002); every check here
also demands that the user works for the complaint's instansi. A staff member
who only holds `tangani_pengaduan` (e.g. a social worker in the unit being
complained about) sees only the complaints disposed to them, and never the
identity of an anonymous reporter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from layanan.models import Instansi, Peran
from layanan.pengguna import PenggunaAtauTamu
from layanan.roles import pegawai_dari

if TYPE_CHECKING:  # a real cycle: pengaduan.models asks this policy on every transition
    from pengaduan.models import Lampiran, Pengaduan

PERM_VIEW = "pengaduan.view_pengaduan"
PERM_ADD = "pengaduan.add_pengaduan"
PERM_HANDLE = "pengaduan.tangani_pengaduan"
PERM_DISPOSE = "pengaduan.disposisi_pengaduan"
PERM_IDENTITY = "pengaduan.lihat_identitas_pelapor"
PERM_TEMPLATES = "pengaduan.change_templatbalasan"


def staff_instansi_id(user: PenggunaAtauTamu) -> int | None:
    """The instansi a logged-in staff member works for, or None."""
    pegawai = pegawai_dari(user)
    return pegawai.instansi_id if pegawai is not None else None


def staff_instansi(user: PenggunaAtauTamu) -> Instansi | None:
    pegawai = pegawai_dari(user)
    return pegawai.instansi if pegawai is not None else None


def _same_instansi(user: PenggunaAtauTamu, pengaduan: Pengaduan) -> bool:
    instansi_id = staff_instansi_id(user)
    return instansi_id is not None and instansi_id == pengaduan.instansi_id


def boleh_buka_halaman_staf(user: PenggunaAtauTamu) -> bool:
    """May open the complaint list at all (it then shows only what they may see)."""
    return staff_instansi_id(user) is not None and (
        user.has_perm(PERM_VIEW) or user.has_perm(PERM_HANDLE)
    )


def sees_all_of_instansi(user: PenggunaAtauTamu) -> bool:
    return staff_instansi_id(user) is not None and user.has_perm(PERM_VIEW)


def boleh_lihat(user: PenggunaAtauTamu, pengaduan: Pengaduan) -> bool:
    if not _same_instansi(user, pengaduan):
        return False
    if user.has_perm(PERM_VIEW):
        return True
    return user.has_perm(PERM_HANDLE) and pengaduan.petugas_id == user.pk


def boleh_lihat_identitas(user: PenggunaAtauTamu, pengaduan: Pengaduan) -> bool:
    """The reporter's name and contact: hidden from the unit complained about when anonim."""
    if not boleh_lihat(user, pengaduan):
        return False
    return not pengaduan.anonim or user.has_perm(PERM_IDENTITY)


def boleh_catat(user: PenggunaAtauTamu) -> bool:
    """May record a complaint that came through another channel."""
    return staff_instansi_id(user) is not None and user.has_perm(PERM_ADD)


def boleh_tangani(user: PenggunaAtauTamu, pengaduan: Pengaduan) -> bool:
    return boleh_lihat(user, pengaduan) and user.has_perm(PERM_HANDLE)


def boleh_tangani_instansi(user: PenggunaAtauTamu, instansi_id: int) -> bool:
    """May receive complaints of this instansi (a disposition target)."""
    return staff_instansi_id(user) == instansi_id and user.has_perm(PERM_HANDLE)


def boleh_disposisi(user: PenggunaAtauTamu, pengaduan: Pengaduan) -> bool:
    return _same_instansi(user, pengaduan) and user.has_perm(PERM_DISPOSE)


def boleh_beri_catatan(user: PenggunaAtauTamu, pengaduan: Pengaduan) -> bool:
    return boleh_tangani(user, pengaduan) or boleh_disposisi(user, pengaduan)


def boleh_unduh(user: PenggunaAtauTamu, lampiran: Lampiran) -> bool:
    return boleh_lihat(user, lampiran.pengaduan)


def boleh_kelola_templat(user: PenggunaAtauTamu) -> bool:
    return staff_instansi_id(user) is not None and user.has_perm(PERM_TEMPLATES)


# The permissions each role group holds, applied by migration 0002 through layanan.roles.grant.
def role_permissions() -> dict[str, list[str]]:
    view_templates = "pengaduan.view_templatbalasan"
    frontline = [PERM_VIEW, PERM_ADD, PERM_HANDLE, PERM_IDENTITY, view_templates]
    return {
        Peran.PETUGAS_LOKET: frontline,
        Peran.PEKERJA_SOSIAL: [PERM_HANDLE, view_templates],
        Peran.KOORDINATOR: [*frontline, PERM_DISPOSE],
        Peran.KEPALA_BIDANG: [*frontline, PERM_DISPOSE],
        Peran.KEPALA_DINAS: [PERM_VIEW, PERM_DISPOSE, PERM_IDENTITY, view_templates],
        Peran.ADMIN_INSTANSI: [
            view_templates,
            "pengaduan.add_templatbalasan",
            PERM_TEMPLATES,
            "pengaduan.delete_templatbalasan",
            "pengaduan.view_pengaturanpengaduan",
            "pengaduan.change_pengaturanpengaduan",
        ],
        Peran.PANTI: [],
    }
