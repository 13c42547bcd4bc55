"""Who may manage an office's service standards: the office's own Admin
Instansi (the role that holds the layanan permissions), or a superuser; and
who may read who has looked at a client's data (the access log)."""

from __future__ import annotations

from layanan.models import Instansi
from layanan.pengguna import PenggunaAtauTamu
from layanan.roles import pegawai_dari


def instansi_pegawai(user: PenggunaAtauTamu | None) -> Instansi | None:
    """The office a staff user works for, or None."""
    pegawai = pegawai_dari(user)
    return pegawai.instansi if pegawai is not None else None


def boleh_kelola_standar(
    *, user: PenggunaAtauTamu | None, instansi: Instansi, perm: str = "change_layanan"
) -> bool:
    """Whether `user` may write the standards of `instansi` (`perm`: the
    layanan permission codename the action needs)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not user.has_perm(f"layanan.{perm}"):
        return False
    mine = instansi_pegawai(user)
    return mine is not None and mine.pk == instansi.pk


def boleh_lihat_akses_data(*, user: PenggunaAtauTamu | None, instansi_id: int) -> bool:
    """Who may read the history of who looked at a client's data
    (layanan.akses_log): the supervisors of the client's own office, the
    roles holding layanan.lihat_akses_data (Koordinator, Kepala Bidang,
    Kepala Dinas, Admin Instansi), or a superuser."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not user.has_perm("layanan.lihat_akses_data"):
        return False
    pegawai = pegawai_dari(user)
    return pegawai is not None and pegawai.instansi_id == instansi_id
