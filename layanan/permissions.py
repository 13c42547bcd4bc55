"""Who may manage an office's service standards: the office's own Admin
Instansi (the role that holds the layanan permissions), or a superuser."""

from __future__ import annotations

from layanan.models import Instansi
from layanan.roles import pegawai_dari


def instansi_pegawai(user) -> Instansi | None:
    """The office a staff user works for, or None."""
    pegawai = pegawai_dari(user)
    return pegawai.instansi if pegawai is not None else None


def boleh_kelola_standar(*, user, instansi: Instansi, perm: str = "change_layanan") -> bool:
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
