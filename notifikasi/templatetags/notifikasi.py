"""`{% load notifikasi %}{% tautan_wa nomor teks as url %}` builds a wa.me link."""

from django import template

from notifikasi import wa

register = template.Library()


@register.simple_tag
def tautan_wa(telepon: str, teks: str = "") -> str:
    return wa.tautan_wa(telepon, teks)
