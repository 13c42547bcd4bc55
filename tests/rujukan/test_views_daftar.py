"""The staff case list and the staff home: instansi-scoped, filters and
search by NIK, name or registration number, overdue and mine, with a bounded
number of queries however many cases there are."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from rujukan import services as s
from tests.rujukan.factories import staf_untuk
from tests.rujukan.views_helpers import daftarkan

pytestmark = pytest.mark.django_db

# A Tuesday morning in Banjarmasin (WITA).
PAGI = dt.datetime(2026, 3, 10, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def banjarmasin(standar):
    layanan = standar["banjarmasin"]
    return layanan, staf_untuk(layanan.instansi)


def _banyak(layanan, staf, n):
    return [
        daftarkan(layanan, staf, nama=f"Klien Nomor {i:02d}", lahir=dt.date(1950, 1, 1 + i)).rujukan
        for i in range(n)
    ]


def test_case_list_query_count_is_bounded(client, banjarmasin, django_assert_max_num_queries):
    layanan, staf = banjarmasin
    with time_machine.travel(PAGI, tick=False):
        kasus = _banyak(layanan, staf, 22)
        for r in kasus[:6]:
            s.rujukan_start_check(rujukan=r, by=staf.loket)
    client.force_login(staf.loket)
    url = reverse("rujukan:daftar")
    with django_assert_max_num_queries(12):
        response = client.get(url, {"tampilan": "semua"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('href="/rujukan/') >= 22
    assert "22 rujukan" in page
    with django_assert_max_num_queries(12):
        client.get(url, {"tampilan": "terlambat", "q": "Klien", "layanan": layanan.pk})


def test_staff_home_query_count_is_bounded(client, banjarmasin, django_assert_max_num_queries):
    layanan, staf = banjarmasin
    with time_machine.travel(PAGI, tick=False):
        _banyak(layanan, staf, 21)
    client.force_login(staf.loket)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("staf:beranda"))
    assert response.status_code == 200
    assert "Tugas Anda" in response.content.decode()


def test_list_shows_only_the_users_instansi(client, standar, banjarmasin):
    layanan, staf = banjarmasin
    mine = daftarkan(layanan, staf, nama="Klien Banjarmasin").rujukan
    banjar = standar["banjar"]
    daftarkan(banjar, staf_untuk(banjar.instansi), nama="Klien Kota Banjar")
    client.force_login(staf.loket)
    page = client.get(reverse("rujukan:daftar"), {"tampilan": "semua"}).content.decode()
    assert mine.nomor_registrasi in page
    assert "Klien Kota Banjar" not in page


def test_search_by_nik_name_and_registration_number(client, banjarmasin):
    layanan, staf = banjarmasin
    a = daftarkan(layanan, staf, nama="Siti Aminah").rujukan
    b = daftarkan(layanan, staf, nama="Ahmad Yani", lahir=dt.date(1948, 8, 17)).rujukan
    client.force_login(staf.loket)
    url = reverse("rujukan:daftar")

    def cari(q):
        page = client.get(url, {"tampilan": "semua", "q": q}).content.decode()
        return {r.nomor_registrasi for r in (a, b) if r.nomor_registrasi in page}

    assert cari(a.klien.nik) == {a.nomor_registrasi}
    spaced = " ".join(b.klien.nik[i : i + 4] for i in range(0, 16, 4))
    assert cari(spaced) == {b.nomor_registrasi}
    assert cari("yani") == {b.nomor_registrasi}
    assert cari(a.nomor_registrasi.lower()) == {a.nomor_registrasi}
    # The list shows a masked NIK, never the full number.
    page = client.get(url, {"tampilan": "semua"}).content.decode()
    assert a.klien.nik not in page
    assert a.klien.nik_tersamar in page


def test_filters_state_layanan_overdue_and_mine(client, banjarmasin):
    layanan, staf = banjarmasin
    with time_machine.travel(PAGI, tick=False):
        lama = daftarkan(layanan, staf, nama="Kasus Lama").rujukan
        s.rujukan_start_check(rujukan=lama, by=staf.loket)
    baru = daftarkan(layanan, staf, nama="Kasus Baru").rujukan
    client.force_login(staf.loket)
    url = reverse("rujukan:daftar")
    page = client.get(url, {"tampilan": "semua", "status": "pemeriksaan_berkas"}).content.decode()
    assert lama.nomor_registrasi in page and baru.nomor_registrasi not in page
    page = client.get(url, {"tampilan": "terlambat"}).content.decode()
    assert lama.nomor_registrasi in page and baru.nomor_registrasi not in page
    assert "terlambat" in page
    client.force_login(staf.peksos)
    page = client.get(url, {"tampilan": "saya"}).content.decode()
    assert "Tidak ada rujukan yang cocok" in page
    page = client.get(url, {"tampilan": "semua", "status": "bukan-status"})
    assert page.status_code == 400


def test_staff_home_lists_what_waits_for_each_role(client, standar):
    layanan = standar["bulukumba"]
    staf = staf_untuk(layanan.instansi)
    r = daftarkan(layanan, staf, nama="La Tahang", lahir=dt.date(1954, 1, 20), wilayah="730201")
    r = r.rujukan
    s.rujukan_start_check(rujukan=r, by=staf.loket)
    s.rujukan_accept_berkas(rujukan=r, by=staf.loket)
    s.rujukan_record_assessment(
        rujukan=r,
        by=staf.peksos,
        kondisi="Lansia sendiri.",
        kesimpulan_layak=True,
        fakta={"miskin_terlantar": True},
    )
    s.rujukan_complete_verification(rujukan=r, by=staf.peksos)
    s.rujukan_submit_for_approval(rujukan=r, by=staf.peksos)
    client.force_login(staf.kabid)
    page = client.get(reverse("staf:beranda")).content.decode()
    bagian = page.split("Menunggu persetujuan Anda", 1)[1].split("Tugas Anda", 1)[0]
    assert r.nomor_registrasi in bagian
    client.force_login(staf.kadis)
    page = client.get(reverse("staf:beranda")).content.decode()
    bagian = page.split("Menunggu persetujuan Anda", 1)[1].split("Tugas Anda", 1)[0]
    assert r.nomor_registrasi not in bagian  # the Kabid's paraf comes first
    client.force_login(staf.loket)
    page = client.get(reverse("staf:beranda")).content.decode()
    assert "Menunggu persetujuan Anda" not in page
