"""Small display helpers for the published standards: durations, days, hours, links."""

from __future__ import annotations

import re
from decimal import Decimal

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from layanan.models import SatuanWaktu

register = template.Library()

_HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


@register.filter
def angka(nilai: Decimal | int | float | None) -> str:
    """30.00 → '30', 1.50 → '1,5' (Indonesian decimal comma)."""
    if nilai is None or nilai == "":
        return ""
    d = Decimal(str(nilai))
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f").replace(".", ",")


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
    digits = re.sub(r"\D", "", nomor or "")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    if len(digits) <= 4:
        return f"tel:{digits}" if digits else ""
    return f"tel:+{digits}"


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
    from layanan.selectors import kata_kunci

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


def _norm(teks: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", (teks or "").lower()).split())


_LABEL_UMUM = {"email", "e mail", "telp", "telepon", "wa", "whatsapp", "website", "web"}


@register.filter
def label_tambahan(saluran) -> str:
    """The channel's label when it says more than its kind and address, else ''."""
    label = _norm(saluran.label)
    if not label or label in _LABEL_UMUM:
        return ""
    if label in {_norm(saluran.get_jenis_display()), _norm(saluran.alamat)}:
        return ""
    return saluran.label


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
