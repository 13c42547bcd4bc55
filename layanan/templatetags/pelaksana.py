"""The Plt/Plh appointments of the logged-in user, for the staff pages' notes
("sebagai Plt. Kepala Dinas Sosial"). Reads the per-request cache that the
permission checks already filled (layanan.pelaksana): no query of its own
once the page has checked a permission."""

from __future__ import annotations

from django import template

from layanan.pelaksana import penunjukan_berlaku

register = template.Library()


@register.simple_tag
def penunjukan_saya(user) -> tuple:
    """The appointments of `user` in force today (jabatan loaded)."""
    return penunjukan_berlaku(user)
