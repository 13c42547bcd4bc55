"""A database dump after citizens logged in (by code and by e-mail link) holds
neither their numbers, their address, nor a code or link secret in clear:
outbox, codes, wrong answers and sessions included."""

from __future__ import annotations

import pytest

from tests.keamanan.test_dump import berisi_nomor, pg_dump
from tests.keamanan.test_dump import pytestmark as _hanya_postgres
from tests.warga.bantu import kode_dari, masuk, minta_kode, pesan_terakhir, tautan_dari

pytestmark = [_hanya_postgres, pytest.mark.django_db(transaction=True)]
EMAIL = "nur.aini.rahasia@example.com"


def test_a_dump_holds_no_citizen_contact_or_code_in_clear(client):
    from django.test import Client

    masuk(client, "0812 3000 4000")
    minta_kode(Client(), "0813 5555 6666")  # a code sent, never used
    kode = kode_dari(pesan_terakhir("6281355556666"))
    lain = Client()
    minta_kode(lain, "0813 5555 6666".replace("6666", "7777"))
    lain.post("/warga/masuk/kode/", {"kode": "123456"})  # a wrong answer
    email = Client()
    minta_kode(email, EMAIL)
    tautan = tautan_dari(pesan_terakhir(EMAIL))
    email.post(tautan)
    dump = pg_dump()
    assert "COPY public.warga_kodemasuk" in dump and "COPY public.warga_kodesalah" in dump
    ditemukan = {
        nomor: berisi_nomor(dump, nomor) for nomor in ("81230004000", "81355556666", "81355557777")
    }
    ditemukan["email"] = [b[:200] for b in dump.splitlines() if "nur.aini.rahasia" in b.lower()]
    ditemukan["kode"] = [
        b[:200] for b in dump.splitlines() if f"\t{kode}\t" in b or f" {kode}." in b
    ]
    ditemukan["tautan"] = [b[:200] for b in dump.splitlines() if tautan.split("/")[-2] in b]
    assert {k: v for k, v in ditemukan.items() if v} == {}
