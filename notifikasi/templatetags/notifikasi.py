"""`{% load notifikasi %}`: `{% tautan_wa nomor teks as url %}` builds a wa.me
link (a prepared message the officer sends from their own phone);
`{% url_portal path as url %}` makes a portal path absolute for such a text."""

from django import template

from notifikasi import wa
from notifikasi.services import portal_url

register = template.Library()


@register.simple_tag
def tautan_wa(telepon: str, teks: str = "") -> str:
    return wa.tautan_wa(telepon, teks)


@register.simple_tag(takes_context=True)
def url_portal(context, path: str) -> str:
    """PORTAL_URL + path, or the address the officer is using when it is unset."""
    url = portal_url(path)
    if url == path and context.get("request") is not None:
        return context["request"].build_absolute_uri(path)
    return url
