"""The "Isi survei kepuasan" box of the tracking pages, shown once the case
or complaint is closed and its survey not yet answered."""

from __future__ import annotations

from django import template

from survei.selectors import undangan_terbuka_untuk

register = template.Library()


@register.inclusion_tag("survei/_ajakan.html")
def ajakan_survei_rujukan(rujukan_id: int | None) -> dict:
    undangan = undangan_terbuka_untuk(rujukan_id=rujukan_id) if rujukan_id else None
    return {"undangan": undangan}


@register.inclusion_tag("survei/_ajakan.html")
def ajakan_survei_pengaduan(pengaduan_id: int | None) -> dict:
    undangan = undangan_terbuka_untuk(pengaduan_id=pengaduan_id) if pengaduan_id else None
    return {"undangan": undangan}
