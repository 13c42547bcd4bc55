"""How a standard's numbers and lists read in Bahasa Indonesia, shared by the
models, the public pages, the PDF and the publication checks (imports no model)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

# Month names as Indonesian letters and reports print them, whatever the
# reader's language (a letter is a legal document in Bahasa Indonesia).
BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def angka(nilai: Decimal | int | float | str | None) -> str:
    """30.00 → '30', 1.50 → '1,5' (Indonesian decimal comma); None → ''."""
    if nilai is None or nilai == "":
        return ""
    d = Decimal(str(nilai))
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f").replace(".", ",")


def gabung_atau(pilihan: Sequence[str]) -> str:
    """['A'] → 'A'; ['A', 'B'] → 'A atau B'; ['A', 'B', 'C'] → 'A, B, atau C'."""
    pilihan = [p for p in pilihan if p]
    atau = _("atau")
    if len(pilihan) <= 2:
        return f" {atau} ".join(pilihan)
    return f"{', '.join(pilihan[:-1])}, {atau} {pilihan[-1]}"
