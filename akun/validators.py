"""A password rule Django does not have: no password made of the office's own
words ("dinsos2026", "bulukumba1", "Depok#2025"), the first things an attacker
who knows which office he targets will try.

The words are a small fixed list plus every word of the offices' names, their
local governments and slugs (Instansi rows). A password is refused when, after
taking out those words, digits and punctuation (also in their 0→o, 1→i, … look-
alike spelling), fewer than SISA_MINIMUM other letters are left."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from layanan.models import Instansi

SISA_MINIMUM = 6
PANJANG_KATA_MINIMUM = 4

KATA_TETAP: frozenset[str] = frozenset(
    {
        "dinsos",
        "dinassosial",
        "dinas",
        "sosial",
        "kemensos",
        "dinsosp3a",
        "pemkot",
        "pemkab",
        "pemda",
        "pemprov",
        "kabupaten",
        "kota",
        "provinsi",
        "pemerintah",
        "bulukumba",
        "depok",
        "banjarmasin",
        "banjar",
        "laras",
        "manis",
    }
)
# 0→o, 1→i, 3→e, 4→a, 5→s, 7→t, @→a, $→s, !→i
_MIRIP = str.maketrans("013457@$!", "oieastasi")


def kata_lokal() -> set[str]:
    """The fixed words plus the words of every office's names (lower case)."""
    kata = set(KATA_TETAP)
    for baris in Instansi.objects.values_list(
        "nama", "singkatan", "pemerintah_daerah", "slug"
    ).iterator():
        for teks in baris:
            for k in re.findall(r"[a-z]+", (teks or "").lower()):
                if len(k) >= PANJANG_KATA_MINIMUM:
                    kata.add(k)
    return kata


def sisa_huruf(sandi: str, kata: set[str]) -> tuple[bool, int]:
    """(did a local word occur, how many letters are left once the local words,
    digits and punctuation are taken out)."""
    teks = re.sub(r"[^a-z]", "", sandi.lower())
    ada = False
    for k in sorted(kata, key=len, reverse=True):
        if k in teks:
            ada = True
            teks = teks.replace(k, "")
    return ada, len(teks)


class KataLokalValidator:
    """AUTH_PASSWORD_VALIDATORS entry: refuses passwords made of local words."""

    def __init__(self, sisa_minimum: int = SISA_MINIMUM):
        self.sisa_minimum = sisa_minimum

    def validate(self, password: str, user=None) -> None:
        kata = kata_lokal()
        for bentuk in (password, password.lower().translate(_MIRIP)):
            ada, sisa = sisa_huruf(bentuk, kata)
            if ada and sisa < self.sisa_minimum:
                raise ValidationError(
                    _(
                        "Kata sandi ini mudah ditebak: isinya nama kantor, dinas atau daerah "
                        "(mis. “dinsos”, “bulukumba”) dengan angka. Pakai beberapa kata lain "
                        "yang tidak berhubungan dengan kantor Anda."
                    ),
                    code="password_kata_lokal",
                )

    def get_help_text(self) -> str:
        return _(
            "Kata sandi tidak boleh berupa nama kantor, dinas atau daerah ditambah angka "
            "(mis. “dinsos2026”)."
        )
