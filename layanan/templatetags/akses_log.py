"""`{% riwayat_akses_data ... as riwayat %}`: who looked at a client's data,
for the supervisors of the client's office only (None for anybody else)."""

from __future__ import annotations

from django import template

from layanan.akses_log import RiwayatAkses, akses_data_klien
from layanan.permissions import boleh_lihat_akses_data

register = template.Library()


@register.simple_tag(takes_context=True)
def riwayat_akses_data(
    context, *, instansi_id: int, klien_id: int | None, rujukan_id: int | None = None
) -> RiwayatAkses | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not boleh_lihat_akses_data(user=user, instansi_id=instansi_id):
        return None
    return akses_data_klien(klien_id=klien_id, rujukan_id=rujukan_id)
