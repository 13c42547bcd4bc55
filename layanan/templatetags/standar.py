"""Small display helpers for the published standards: durations, days, hours, links."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from layanan import links
from layanan.models import SatuanWaktu
from layanan.selectors import kata_kunci
from layanan.teks import angka

register = template.Library()

_HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


register.filter("angka", angka)


@register.simple_tag
def durasi(nilai, satuan: str = "", sampai=None) -> str:
    """'30 menit', '2–4 minggu', '5 hari kerja'; '' when no value is given."""
    if nilai is None or nilai == "":
        return ""
    teks = angka(nilai)
    if sampai not in (None, ""):
        teks = f"{teks}–{angka(sampai)}"
    if satuan:
        try:
            teks = f"{teks} {SatuanWaktu(satuan).label}"
        except ValueError:
            teks = f"{teks} {satuan}"
    return teks


@register.filter
def hari_kerja_teks(hari_kerja: frozenset[int] | set[int]) -> str:
    """{0,1,2,3,4} → 'Senin–Jumat'; {0,2,4} → 'Senin, Rabu, Jumat'."""
    days = sorted(d for d in hari_kerja if 0 <= d <= 6)
    if not days:
        return ""
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{_HARI[days[0]]}–{_HARI[days[-1]]}"
    return ", ".join(_HARI[d] for d in days)


@register.filter
def tel(nomor: str) -> str:
    """'0265742289' → 'tel:+62265742289' (a working tap-to-call link)."""
    return links.href_telepon(nomor or "")


@register.filter
def nomor_telepon(teks: str) -> list[links.Tautan]:
    """Every number of a telephone field with its own tel: link."""
    return links.tautan_telepon(teks or "")


@register.filter
def tanpa_skema(url: str) -> str:
    """'https://dinsos.example.go.id/' → 'dinsos.example.go.id' for display."""
    url = url or ""
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            url = url[len(prefix) :]
    return url.rstrip("/")


@register.filter
def jenis_persyaratan(jenis: str) -> str:
    """The kind of a requirement in plain words for a citizen."""
    return {
        "dokumen": _("Dokumen yang dibawa"),
        "fakta": _("Keadaan yang diperiksa petugas"),
        "formulir": _("Dibuat/diisi saat proses"),
    }.get(jenis, "")


@register.filter
def sorot(teks: str, q: str):
    """Escape `teks` and wrap every word of the search query `q` in <mark>."""
    teks = teks or ""
    words = kata_kunci(q or "")
    if not words:
        return escape(teks)
    pattern = re.compile(
        "(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")", re.I
    )
    parts = pattern.split(teks)
    # split() with one group alternates: text, match, text, match, ...
    html = "".join(
        f"<mark>{escape(part)}</mark>" if i % 2 else str(escape(part))
        for i, part in enumerate(parts)
    )
    return mark_safe(html)  # noqa: S308 - every part is escaped above


@register.filter
def label_tambahan(saluran) -> str:
    """The channel's label when it says more than its kind and address, else ''."""
    return saluran.label_tambahan


@register.filter
def teks_tautan(saluran) -> str:
    """What a channel's link says: its address, else its label, else the bare link."""
    if saluran.alamat:
        return saluran.alamat
    extra = label_tambahan(saluran)
    if extra:
        return extra
    link = saluran.tautan
    for prefix in ("https://", "http://", "tel:", "mailto:"):
        if link.startswith(prefix):
            return link[len(prefix) :].rstrip("/")
    return link
