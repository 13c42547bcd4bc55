"""The pemohon's tracking page: the number and code give the current stage and
the expected completion only; any wrong combination is a 404 with the same
message, whichever part was wrong."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from rujukan import services as s
from tests.personas import personas_untuk
from tests.rujukan.views_helpers import daftarkan

pytestmark = pytest.mark.django_db


@pytest.fixture
def hasil(standar):
    layanan = standar["bulukumba"]
    staf = personas_untuk(layanan.instansi)
    h = daftarkan(layanan, staf, nama="La Tahang", lahir=dt.date(1954, 1, 20), wilayah="730201")
    s.rujukan_start_check(rujukan=h.rujukan, by=staf.petugas_loket)
    return h


def test_tracking_shows_stage_and_expected_completion_only(client, hasil):
    url = reverse("rujukan:lacak")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"nomor": hasil.rujukan.nomor_registrasi.lower(), "kode": hasil.kode_lacak.lower()}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pemeriksaan berkas" in page
    assert "Perkiraan selesai" in page
    klien = hasil.rujukan.klien
    for rahasia in (klien.nik, klien.nama, klien.no_kk, "La Tahang", "asesmen", "H. Mahmud"):
        assert rahasia not in page
    # the pemohon's own case: never kept by a browser or a proxy
    assert response["Cache-Control"] == "private, no-store"


def test_wrong_combination_is_404_without_a_hint(client, hasil):
    url = reverse("rujukan:lacak")
    salah_kode = client.post(url, {"nomor": hasil.rujukan.nomor_registrasi, "kode": "ABCD-EFGH"})
    salah_nomor = client.post(url, {"nomor": "RJK-2026-99999", "kode": hasil.kode_lacak})
    assert salah_kode.status_code == salah_nomor.status_code == 404

    def pesan(response):
        page = response.content.decode()
        return page[page.index('class="msg msg-error"') :].split("</div>")[0]

    assert pesan(salah_kode) == pesan(salah_nomor)
    assert "Data tidak ditemukan" in pesan(salah_kode)


def test_empty_tracking_form_is_400(client, hasil):
    response = client.post(reverse("rujukan:lacak"), {"nomor": "", "kode": ""})
    assert response.status_code == 400


def test_repeated_wrong_guesses_are_slowed_down(client, hasil, settings):
    settings.PENGADUAN_BATAS_PERMINTAAN = {"lacak_gagal": (3, 3600), "kirim": (10, 3600)}
    url = reverse("rujukan:lacak")
    nomor = hasil.rujukan.nomor_registrasi
    for kode in ("AAAA-AAAA", "BBBB-BBBB", "CCCC-CCCC"):
        assert client.post(url, {"nomor": nomor, "kode": kode}).status_code == 404
    blocked = client.post(url, {"nomor": nomor, "kode": hasil.kode_lacak})
    assert blocked.status_code == 429
    assert "Terlalu banyak permintaan" in blocked.content.decode()
    assert "Pemeriksaan berkas" not in blocked.content.decode()
