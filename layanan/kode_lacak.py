"""Tracking codes handed to citizens (a case's pemohon, a complaint's reporter).

One mechanism for the whole portal: a random code from an alphabet that reads
aloud well over the phone, shown once; only its keyed hash (HMAC-SHA256 with
SECRET_KEY, honouring SECRET_KEY_FALLBACKS) is stored. Each use names its own
purpose, so a case's code can never open a complaint and the other way round.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

ABJAD = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def acak(panjang: int) -> str:
    """Random characters of the alphabet (also used for ticket numbers)."""
    return "".join(secrets.choice(ABJAD) for _ in range(panjang))


def format_kode(kode: str) -> str:
    """'K7Q3XMABCD12' → 'K7Q3-XMAB-CD12'."""
    return "-".join(kode[i : i + 4] for i in range(0, len(kode), 4))


def normalisasi_kode(teks: str) -> str:
    """What the citizen typed, without spaces, dashes or case."""
    return "".join(ch for ch in (teks or "").upper() if ch.isalnum())[:40]


def hash_kode(kode: str, *, tujuan: str, secret: str | None = None) -> str:
    return salted_hmac(
        tujuan, normalisasi_kode(kode), secret=secret, algorithm="sha256"
    ).hexdigest()


def cocok_kode(hash_tersimpan: str, kode: str, *, tujuan: str) -> bool:
    """Whether a typed code matches a stored hash (constant-time)."""
    if not normalisasi_kode(kode):
        return False
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        if constant_time_compare(hash_tersimpan, hash_kode(kode, tujuan=tujuan, secret=secret)):
            return True
    return False
