"""Beyond one machine (issue 13, item 4): two app servers (gunicorn, as in
production) on two ports over one PostgreSQL database and one S3 API (a moto
server on loopback). Nothing an app server keeps for itself may matter:

- a user who logs in on one is logged in on the other (sessions in the database);
- a file uploaded through one downloads through the other, byte for byte (S3);
- 50 letters signed concurrently through both get 50 distinct, consecutive
  numbers (the numbering row is locked in the database, not in a process).

PostgreSQL only: the servers are separate processes and need the test
database to be a real server's (an in-memory SQLite one cannot be shared).
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests  # installed with moto (a dev dependency), which uses it
from django.db import connection
from django.test import Client

from rujukan.models import BerkasItem, Dokumen, Rujukan
from rujukan.models.proses import JenisDokumen
from tests.conftest import beri_faktor_kedua
from tests.e2e.conftest import PASSWORD
from tests.layanan.test_storage_s3 import moto_s3, s3_storage  # noqa: F401 — fixtures
from tests.personas import personas_untuk
from tests.rujukan.factories import kasus_di_persetujuan, standar_sederhana
from tests.rujukan.views_helpers import data_intake

ROOT = Path(__file__).resolve().parents[2]
JUMLAH_SURAT = 50

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="dua server butuh PostgreSQL bersama (SQLite uji ada di memori satu proses)",
    ),
]


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _url_db() -> str:
    d = connection.settings_dict
    return (
        f"postgres://{d['USER']}:{d['PASSWORD'] or ''}@{d['HOST'] or '127.0.0.1'}:"
        f"{d['PORT'] or 5432}/{d['NAME']}"
    )


@pytest.fixture
def dua_server(s3_storage):  # noqa: F811 — the imported fixture, requested
    """Two gunicorn servers of the portal over this test's database and bucket
    (the S3 settings are in the environment, set by the s3_storage fixture)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": _url_db(),
        "PYTHONPATH": str(ROOT),
    }
    server, alamat = [], []
    try:
        for _ in range(2):
            port = _port_bebas()
            server.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "config.wsgi",
                        f"--bind=127.0.0.1:{port}",
                        "--workers=2",
                        "--log-level=warning",
                    ],
                    cwd=ROOT,
                    env=env,
                )
            )
            alamat.append(f"http://127.0.0.1:{port}")
        for a in alamat:
            for _ in range(100):
                try:
                    requests.get(f"{a}/layanan/", timeout=10)
                    break
                except requests.RequestException:
                    time.sleep(0.2)
            else:
                pytest.fail(f"server {a} tidak mau mulai")
        yield alamat
    finally:
        for p in server:
            p.terminate()
        for p in server:
            p.wait(timeout=30)


def _token(html: str, nama: str) -> str:
    m = re.search(rf'name="{nama}" value="([^"]*)"', html)
    assert m, f"{nama} tidak ada di halaman"
    return m.group(1)


def test_a_login_on_one_server_holds_on_the_other(dua_server):
    a, b = dua_server
    staf = personas_untuk(standar_sederhana().instansi)
    sesi = requests.Session()
    halaman = sesi.get(f"{a}/masuk/").text
    r = sesi.post(
        f"{a}/masuk/",
        data={
            "csrfmiddlewaretoken": _token(halaman, "csrfmiddlewaretoken"),
            "username": staf.petugas_loket.username,
            "password": PASSWORD,
        },
        headers={"Referer": f"{a}/masuk/"},
        allow_redirects=False,
    )
    assert r.status_code == 302, r.text[:500]
    di_b = sesi.get(f"{b}/staf/", allow_redirects=False)
    assert di_b.status_code == 200
    assert staf.petugas_loket.pegawai.nama in di_b.text
    sesi.post(
        f"{b}/keluar/",
        data={"csrfmiddlewaretoken": sesi.cookies["csrftoken"]},
        headers={"Referer": f"{b}/staf/"},
    )
    assert sesi.get(f"{a}/staf/", allow_redirects=False).status_code == 302  # out on both


def test_a_file_uploaded_through_one_downloads_through_the_other(dua_server):
    a, b = dua_server
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    c = Client()
    c.force_login(staf.petugas_loket)
    sesi = requests.Session()
    sesi.cookies.set("sessionid", c.cookies["sessionid"].value)
    url = f"{a}/rujukan/baru/{layanan.pk}/"
    form = sesi.get(url).text
    isi = b"%PDF-1.4\n% dua server\n" + os.urandom(2048) + b"\n%%EOF\n"
    syarat = layanan.persyaratan.get()
    r = sesi.post(
        url,
        data=data_intake() | {"csrfmiddlewaretoken": _token(form, "csrfmiddlewaretoken")},
        files={f"berkas_{syarat.pk}": ("ktp.pdf", isi, "application/pdf")},
        headers={"Referer": url},
        allow_redirects=False,
    )
    assert r.status_code == 302, r.text[:800]
    kasus = Rujukan.objects.get(instansi=layanan.instansi)
    item = BerkasItem.objects.get(rujukan=kasus, persyaratan=syarat)
    unduh = sesi.get(f"{b}/rujukan/{kasus.pk}/berkas/{item.pk}/unduh/")
    assert unduh.status_code == 200
    assert hashlib.sha256(unduh.content).hexdigest() == hashlib.sha256(isi).hexdigest()


def test_fifty_letters_signed_through_both_get_consecutive_numbers(dua_server):
    servers = dua_server
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    kasus = [kasus_di_persetujuan(layanan, staf) for _ in range(JUMLAH_SURAT)]
    c = Client()
    c.force_login(staf.kadis)
    beri_faktor_kedua(c, staf.kadis)
    sesi_id = c.cookies["sessionid"].value

    def tanda_tangani(i_r: tuple[int, Rujukan]) -> int:
        i, r = i_r
        server = servers[i % 2]
        sesi = requests.Session()
        sesi.cookies.set("sessionid", sesi_id)
        url = f"{server}/rujukan/persetujuan/{r.pk}/"
        halaman = sesi.get(url).text
        jawab = sesi.post(
            url,
            data={
                "csrfmiddlewaretoken": _token(halaman, "csrfmiddlewaretoken"),
                "keputusan": "setujui",
                "jejak": _token(halaman, "jejak"),
                "kata_sandi": PASSWORD,
            },
            headers={"Referer": url},
            allow_redirects=False,
        )
        return jawab.status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        hasil = list(pool.map(tanda_tangani, enumerate(kasus)))
    assert hasil == [302] * JUMLAH_SURAT
    nomor = sorted(
        Dokumen.objects.filter(
            instansi=layanan.instansi, rujukan__in=kasus, nomor_urut__isnull=False
        )
        .exclude(jenis=JenisDokumen.TANDA_TERIMA)
        .values_list("nomor_urut", flat=True)
    )
    assert len(nomor) == JUMLAH_SURAT
    assert nomor == list(range(nomor[0], nomor[0] + JUMLAH_SURAT))
