"""A database dump holds no identity number, phone number or e-mail address in
clear: the access sweep's office A is built through the real services (a case
taken to a panti with its client's NIK and KK, an applicant's phone, an
anonymous complaint with the reporter's phone and e-mail, a DTKS extract),
staff search by NIK and open the case through the pages (sessions, access
log), all committed, and dumped with pg_dump, as a thief of a backup would."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.urls import reverse

from pengaduan.models import Pelapor
from rujukan.models import DataDTKS, Klien
from tests.akses.data import (
    PELAPOR_EMAIL,
    PELAPOR_TELEPON,
    PEMOHON_TELEPON,
    bangun_data,
    digits,
)

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql" or shutil.which("pg_dump") is None,
    reason="pg_dump of a PostgreSQL database",
)


def pg_dump() -> str:
    s = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": s.get("PASSWORD") or ""}
    cmd = ["pg_dump", "--no-owner", "-h", s.get("HOST") or "127.0.0.1"]
    if s.get("PORT"):
        cmd += ["-p", str(s["PORT"])]
    cmd += ["-U", s.get("USER") or "postgres", s["NAME"]]
    hasil = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, check=True)
    return hasil.stdout


def tanpa_awalan(telepon: str) -> str:
    """The part of a phone number that every way of writing it contains
    (0812…, 62812…, +62 812…): its digits after the 0 or 62."""
    angka = digits(telepon)
    return angka[1:] if angka.startswith("0") else angka[2:]


def berisi_nomor(dump: str, nomor: str) -> list[str]:
    """The dump's lines that hold the number, also when written with spaces,
    dots or dashes between its digits."""
    pola = re.compile(r"[\s.\-]?".join(map(re.escape, nomor)))
    return [baris[:200] for baris in dump.splitlines() if pola.search(baris)]


@pytest.mark.django_db(transaction=True)
def test_a_dump_after_the_journeys_holds_no_identity_number_phone_or_email_in_clear(media):
    data = bangun_data()  # committed: pg_dump sees only what is
    # staff at work, through the pages: searches by NIK, the case page, the DTKS lookup
    # (sessions and the access log are in the dump too)
    loket, peksos = Client(), Client()
    loket.force_login(data.orang["rina"])
    peksos.force_login(data.orang["bima"])
    assert loket.post(reverse("rujukan:daftar"), {"q": data.nik}).status_code == 303
    assert loket.get(reverse("rujukan:detail", args=[data.a1.pk])).status_code == 200
    assert peksos.post(reverse("lapangan:cari_dtks"), {"nik": data.nik}).status_code == 200
    klien = Klien.objects.dengan_nik(data.nik).get()
    dtks = DataDTKS.objects.dengan_nik(data.nik).get()
    pelapor = Pelapor.objects.get(pengaduan=data.pengaduan)
    pemohon = data.a1.pemohon
    # the values are really there, readable through the application
    assert klien.no_kk == data.no_kk
    assert dtks.instansi == data.instansi
    assert digits(PEMOHON_TELEPON)[1:] in pemohon.telepon
    assert (pelapor.telepon, pelapor.email) == (PELAPOR_TELEPON, PELAPOR_EMAIL)

    dump = pg_dump()
    assert "COPY public.rujukan_klien" in dump and "COPY public.pengaduan_pelapor" in dump
    assert klien.nama in dump  # a dump of this data (names are not part of this protection)

    rahasia = {
        "NIK klien": data.nik,
        "KK klien": data.no_kk,
        "telepon pemohon": tanpa_awalan(PEMOHON_TELEPON),
        "telepon pelapor": tanpa_awalan(PELAPOR_TELEPON),
    }
    ditemukan = {label: berisi_nomor(dump, nilai) for label, nilai in rahasia.items()}
    ditemukan["email pelapor"] = [
        baris[:200] for baris in dump.splitlines() if PELAPOR_EMAIL.lower() in baris.lower()
    ]
    ditemukan["email pelapor (nama kotak)"] = [
        baris[:200]
        for baris in dump.splitlines()
        if PELAPOR_EMAIL.split("@")[0].lower() in baris.lower()
    ]
    assert {label: baris for label, baris in ditemukan.items() if baris} == {}
    # session rows are encoded, not encrypted: read them as Django does
    sesi = " ".join(str(s.get_decoded()) for s in Session.objects.all())
    assert sesi and data.nik not in sesi and data.no_kk not in sesi
