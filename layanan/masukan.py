"""Strict reading of values typed into a URL or a form by hand.

`"²".isdigit()` is true and `int("²")` fails; `"٣".isdigit()` is true and
`int("٣")` is 3. An id in this portal is written in ASCII digits only, at most
MAKS_DIGIT of them (a PostgreSQL bigint), or it is no id at all. Every view
that reads an id from GET/POST by hand goes through `angka_id`.
"""

from __future__ import annotations

MAKS_DIGIT = 18  # 10**18 - 1 still fits a PostgreSQL bigint
NUL = "\x00"


def angka_id(nilai: object) -> int | None:
    """A positive id written in ASCII digits (at most MAKS_DIGIT), else None."""
    if not isinstance(nilai, str) or not 0 < len(nilai) <= MAKS_DIGIT:
        return None
    if not (nilai.isascii() and nilai.isdigit()):
        return None
    angka = int(nilai)
    return angka or None


def ada_nul(*nilai: str) -> bool:
    """Whether any of the values holds a NUL byte (PostgreSQL refuses them in text)."""
    return any(NUL in v for v in nilai if v)
