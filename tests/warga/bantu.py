"""Helpers for the citizen's tests: read what the outbox would send, log in
through the real pages."""

from __future__ import annotations

import re

from notifikasi.models import Pesan


def pesan_terakhir(tujuan: str) -> Pesan:
    """The newest login message queued for this address (62… or an e-mail)."""
    sidik = Pesan._meta.get_field("tujuan").sidik_dari(tujuan)
    return Pesan.objects.filter(acara="warga.kode", tujuan_sidik=sidik).latest("dibuat_pada", "pk")


def kode_dari(pesan: Pesan) -> str:
    m = re.search(r"\b(\d{6})\b", pesan.teks)
    assert m, "no 6-digit code in the message"
    return m.group(1)


def tautan_dari(pesan: Pesan) -> str:
    m = re.search(r"(/warga/masuk/tautan/[^/\s]+/)", pesan.teks)
    assert m, "no login link in the message"
    return m.group(1)


def minta_kode(client, kontak: str, kanal: str = "whatsapp", **extra):
    return client.post("/warga/masuk/", {"kontak": kontak, "kanal": kanal}, **extra)


def masuk(client, telepon: str) -> None:
    """Log in by a code sent to `telepon` (as typed, e.g. 0812…)."""
    r = minta_kode(client, telepon)
    assert r.status_code == 302, r.content.decode()[:500]
    nomor = "62" + re.sub(r"\D", "", telepon)[1:]
    r = client.post("/warga/masuk/kode/", {"kode": kode_dari(pesan_terakhir(nomor))})
    assert r.status_code == 302 and r["Location"] == "/warga/", r.content.decode()[:500]


def masuk_email(client, alamat: str) -> None:
    """Log in by the one-time link mailed to `alamat` (as typed)."""
    # the form still asks for a phone channel; an address gets a link all the same
    r = minta_kode(client, alamat)
    assert r.status_code == 200, r.content.decode()[:500]
    r = client.post(tautan_dari(pesan_terakhir(alamat.strip().lower())))
    assert r.status_code == 302 and r["Location"] == "/warga/", r.content.decode()[:500]
