"""Who must use a second factor: the roles that approve and sign letters, the
office admins, and every user of the Django admin (is_staff, superuser)."""

from __future__ import annotations

from layanan.models import Peran
from layanan.pengguna import PenggunaAtauTamu
from layanan.roles import GROUP_NAMES, pegawai_dari

PERAN_FAKTOR_KEDUA: frozenset[str] = frozenset(
    {Peran.KOORDINATOR, Peran.KEPALA_BIDANG, Peran.KEPALA_DINAS, Peran.ADMIN_INSTANSI}
)


def wajib_faktor_kedua(user: PenggunaAtauTamu | None) -> bool:
    """Must this user confirm a TOTP code after the password? By group, or by a
    jabatan of the office that grants one of those roles."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    nama_grup = [GROUP_NAMES[p] for p in PERAN_FAKTOR_KEDUA]
    if user.groups.filter(name__in=nama_grup).exists():
        return True
    pegawai = pegawai_dari(user)
    return bool(
        pegawai and pegawai.jabatan_portal.filter(peran__in=list(PERAN_FAKTOR_KEDUA)).exists()
    )
