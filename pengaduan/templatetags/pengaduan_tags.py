"""Small template helpers for complaint pages."""

from django import template

from pengaduan.services import format_kode

register = template.Library()


@register.filter
def kode_tampil(kode: str) -> str:
    """A tracking code in groups of four, easy to read aloud: ABCD-EFGH-JKLM."""
    return format_kode(kode or "")


@register.filter
def ukuran_tampil(nbytes: int) -> str:
    if nbytes >= 1024 * 1024:
        return f"{nbytes / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, round(nbytes / 1024))} KB"
