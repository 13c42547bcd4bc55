"""The one policy of the field pages.

- A case's field pages (assessment, activities, documentation) open for the
  peksos assigned to it (any peksos of the office while nobody is assigned:
  the same rule as the case page, rujukan.permissions.boleh_kerja_lapangan),
  and for the Koordinator and Kepala Bidang of the same instansi (who assign
  and supervise). Another instansi's case is not found
  (404); anybody else of the same instansi is refused (403).
- Writing the field record needs the role's own permission as well
  (rujukan.verifikasi for the assessment, rujukan.tangani for activities and
  the activity report); the Koordinator and Kepala Bidang read it only, and
  the pages offer them no write buttons or forms. The rujukan services check
  the same permission again.
- Assigning a peksos needs rujukan.tugaskan (Koordinator, Kepala Bidang).
- The DTKS extract and its check at the file-check stage belong to the case
  app's policy (rujukan.permissions: boleh_lihat_dtks, boleh_periksa_dtks;
  the extract is imported by the Admin Instansi, rujukan.add_datadtks).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from layanan.models import Peran
from layanan.pengguna import PenggunaAtauTamu
from layanan.roles import pegawai_dari
from rujukan.models import Rujukan
from rujukan.permissions import (
    PENGAWAS_LAPANGAN,
    boleh_kerja_lapangan,
    peran_dari,
    sama_instansi,
)

PENGAWAS = PENGAWAS_LAPANGAN

_DOK = ["lapangan.view_dokumentasi"]
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Peran.PEKERJA_SOSIAL: _DOK,
    Peran.KOORDINATOR: _DOK,
    Peran.KEPALA_BIDANG: _DOK,
}


def pengawas(user: PenggunaAtauTamu) -> bool:
    return bool(PENGAWAS & peran_dari(user))


def boleh_buka(*, user: PenggunaAtauTamu, rujukan: Rujukan) -> bool:
    """May this user open the field pages of this case? The supervisors, and
    the peksos who may do its field work (rujukan.permissions.boleh_kerja_lapangan:
    the one assigned, or any while nobody is)."""
    if not sama_instansi(user, rujukan) or not user.has_perm("rujukan.view_rujukan"):
        return False
    if pengawas(user):
        return True
    peksos = user.has_perm("rujukan.verifikasi") or user.has_perm("rujukan.tangani")
    return peksos and boleh_kerja_lapangan(user=user, rujukan=rujukan)


def pastikan_buka(*, user: PenggunaAtauTamu, rujukan: Rujukan | None) -> Rujukan:
    """404 for an unknown case or another instansi's; 403 for the rest who may not open it."""
    if rujukan is None or not sama_instansi(user, rujukan):
        raise Http404(_("Rujukan tidak ditemukan."))
    if not boleh_buka(user=user, rujukan=rujukan):
        raise PermissionDenied(
            _("Halaman lapangan rujukan ini hanya untuk pekerja sosial yang ditugaskan.")
        )
    return rujukan


def boleh_tulis(*, user: PenggunaAtauTamu, rujukan: Rujukan, izin: str) -> bool:
    """May this user write this part of the case's field record? `izin` is
    "verifikasi" (the assessment) or "tangani" (activities, the report)."""
    return boleh_buka(user=user, rujukan=rujukan) and user.has_perm(f"rujukan.{izin}")


def boleh_tugaskan(*, user: PenggunaAtauTamu) -> bool:
    return pegawai_dari(user) is not None and user.has_perm("rujukan.tugaskan")
