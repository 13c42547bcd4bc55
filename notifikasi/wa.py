"""A prepared WhatsApp message the officer opens on their own phone (wa.me)."""

from __future__ import annotations

from urllib.parse import quote

from notifikasi.kanal import nomor_internasional


def tautan_wa(telepon: str, teks: str = "") -> str:
    """`https://wa.me/62812…?text=…`, or "" without a usable number."""
    nomor = nomor_internasional(telepon or "")
    if len(nomor) < 8:
        return ""
    tautan = f"https://wa.me/{nomor}"
    return f"{tautan}?text={quote(teks, safe='')}" if teks else tautan
