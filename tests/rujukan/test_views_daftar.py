"""The staff case list and the staff home: instansi-scoped, filters and
search by NIK, name or registration number, overdue and mine, with a bounded
number of queries however many cases there are."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.urls import reverse

from layanan import sesi
from rujukan import services as s
from tests.personas import personas_untuk
from tests.rujukan.views_helpers import daftarkan

pytestmark = pytest.mark.django_db

# A Tuesday morning in Banjarmasin (WITA).
PAGI = dt.datetime(2026, 3, 10, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def banjarmasin(standar):
    layanan = standar["banjarmasin"]
    return layanan, personas_untuk(layanan.instansi)


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
            s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    client.force_login(staf.petugas_loket)
    url = reverse("rujukan:daftar")
    # 12 at most, whatever the number of cases: the user's roles (with any acting
    # appointment), the service choices read once, a count capped at
    # selectors_daftar.BATAS_HITUNG, the page in one query (overdue marks
    # included), and on a searched list the access log's one INSERT
    with django_assert_max_num_queries(12):
        response = client.get(url, {"tampilan": "semua"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('href="/rujukan/') >= 22
    assert "22 rujukan" in page
    # a search: posted once, then the list (and its pages) read the term from the session
    cari = client.post(f"{url}?tampilan=semua&layanan={layanan.pk}", {"q": "Klien"})
    with django_assert_max_num_queries(12):
        response = client.get(cari["Location"])
    assert "22 rujukan" in response.content.decode()
    with django_assert_max_num_queries(12):
        assert client.get(cari["Location"] + "&halaman=2").status_code == 200


def test_staff_home_query_count_is_bounded(client, banjarmasin, django_assert_max_num_queries):
    layanan, staf = banjarmasin
    with time_machine.travel(PAGI, tick=False):
        _banyak(layanan, staf, 21)
    client.force_login(staf.petugas_loket)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("staf:beranda"))
    assert response.status_code == 200
    assert "Tugas Anda" in response.content.decode()


def test_list_shows_only_the_users_instansi(client, standar, banjarmasin):
    layanan, staf = banjarmasin
    mine = daftarkan(layanan, staf, nama="Klien Banjarmasin").rujukan
    banjar = standar["banjar"]
    daftarkan(banjar, personas_untuk(banjar.instansi), nama="Klien Kota Banjar")
    client.force_login(staf.petugas_loket)
    page = client.get(reverse("rujukan:daftar"), {"tampilan": "semua"}).content.decode()
    assert mine.nomor_registrasi in page
    assert "Klien Kota Banjar" not in page


def test_search_by_nik_name_and_registration_number(client, banjarmasin):
    layanan, staf = banjarmasin
    a = daftarkan(layanan, staf, nama="Siti Aminah").rujukan
    b = daftarkan(layanan, staf, nama="Ahmad Yani", lahir=dt.date(1948, 8, 17)).rujukan
    client.force_login(staf.petugas_loket)
    url = reverse("rujukan:daftar")

    def cari(q):
        page = client.post(url + "?tampilan=semua", {"q": q}, follow=True).content.decode()
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


def _cari(client, url, q):
    """Post a search; return the 303's target (the list with an opaque id)."""
    resp = client.post(url, {"q": q})
    assert resp.status_code == 303, resp.status_code
    return resp["Location"]


def test_search_term_travels_by_post_and_never_in_a_url(client, banjarmasin):
    layanan, staf = banjarmasin
    kasus = _banyak(layanan, staf, 27)
    a = kasus[0]
    client.force_login(staf.petugas_loket)
    url = reverse("rujukan:daftar")
    # the search box is its own POST form with a CSRF token; the other filters stay GET
    page = client.get(url, {"tampilan": "semua"}).content.decode()
    form = re.search(r'<form method="post"[^>]*role="search"[^>]*>(.*?)</form>', page, re.S)
    assert form and 'name="q"' in form.group(1) and "csrfmiddlewaretoken" in form.group(1)
    assert re.search(r'<form method="get"[^>]*>(?:(?!</form>).)*name="status"', page, re.S)

    # by NIK: the redirect keeps the filters and carries an opaque id, not the NIK
    lokasi = _cari(client, f"{url}?tampilan=semua&urutan=dibuat_pada&halaman=3", a.klien.nik)
    query = parse_qs(urlsplit(lokasi).query)
    assert set(query) == {"tampilan", "urutan", "cari"}
    assert query["tampilan"] == ["semua"] and query["urutan"] == ["dibuat_pada"]
    assert a.klien.nik not in lokasi and query["cari"][0] != a.klien.nik
    page = client.get(lokasi).content.decode()
    assert a.nomor_registrasi in page and 'role="status">1 rujukan<' in page
    assert f'value="{a.klien.nik}"' in page  # the term is shown back in the box
    assert "Hapus pencarian" in page
    # by name, over two pages: the page links carry the id, never the name
    lokasi = _cari(client, url + "?tampilan=semua", "Klien Nomor")
    page = client.get(lokasi).content.decode()
    assert "27 rujukan" in page
    tautan = [unescape(h) for h in re.findall(r'href="(\?[^"]*halaman=[^"]*)"', page)]
    assert tautan and all("Klien" not in t and "cari=" in t for t in tautan)
    assert "Halaman 2 dari 2" in client.get(url + tautan[0]).content.decode()
    # the same term again: the same id (no new session entry)
    assert _cari(client, url + "?tampilan=semua", "Klien Nomor") == lokasi
    # "hapus pencarian" goes back to the filters without the search
    hapus = re.search(r'href="([^"]*)">Hapus pencarian', page).group(1)
    assert "cari" not in hapus
    assert "27 rujukan" in client.get(url + unescape(hapus)).content.decode()
    # an empty search clears it
    assert "cari=" not in _cari(client, url + "?tampilan=semua", "  ")


def test_search_term_in_the_url_is_ignored(client, banjarmasin):
    layanan, staf = banjarmasin
    a, b = _banyak(layanan, staf, 2)
    client.force_login(staf.petugas_loket)
    page = client.get(reverse("rujukan:daftar"), {"tampilan": "semua", "q": a.klien.nik})
    html = page.content.decode()
    assert a.nomor_registrasi in html and b.nomor_registrasi in html
    assert a.klien.nik not in html


def test_unknown_or_foreign_search_id_shows_the_whole_list_with_a_note(client, banjarmasin):
    layanan, staf = banjarmasin
    a, b = _banyak(layanan, staf, 2)
    url = reverse("rujukan:daftar")
    client.force_login(staf.petugas_loket)
    lokasi = _cari(client, url + "?tampilan=semua", a.klien.nik)
    # another user's session does not know that id
    client.force_login(staf.peksos)
    resp = client.get(lokasi)
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Pencarian sebelumnya sudah tidak tersimpan" in html
    assert a.nomor_registrasi in html and b.nomor_registrasi in html
    assert "Hapus pencarian" not in html
    resp = client.get(url, {"tampilan": "semua", "cari": "x" * 500})
    assert resp.status_code == 200 and b.nomor_registrasi in resp.content.decode()


def test_too_long_search_is_a_400_with_a_message_and_nothing_kept(client, banjarmasin):
    layanan, staf = banjarmasin
    (a,) = _banyak(layanan, staf, 1)
    client.force_login(staf.petugas_loket)
    resp = client.post(reverse("rujukan:daftar") + "?tampilan=semua", {"q": "9" * 101})
    assert resp.status_code == 400
    assert "Kata pencarian terlalu panjang: paling banyak 100 huruf." in resp.content.decode()
    assert a.nomor_registrasi in resp.content.decode()  # the list itself is still there
    assert "rujukan_cari" not in client.session


def test_session_keeps_only_the_latest_twenty_searches(client, banjarmasin):
    layanan, staf = banjarmasin
    client.force_login(staf.petugas_loket)
    url = reverse("rujukan:daftar")
    lokasi = [_cari(client, url, f"Klien {i}") for i in range(25)]
    tersimpan = sesi.baca_rahasia(client.session, "rujukan_cari")
    assert len(tersimpan) == 20
    assert list(tersimpan.values()) == [f"Klien {i}" for i in range(5, 25)]
    assert "sudah tidak tersimpan" in client.get(lokasi[0]).content.decode()
    assert 'value="Klien 24"' in client.get(lokasi[-1]).content.decode()


def test_filters_state_layanan_overdue_and_mine(client, banjarmasin):
    layanan, staf = banjarmasin
    with time_machine.travel(PAGI, tick=False):
        lama = daftarkan(layanan, staf, nama="Kasus Lama").rujukan
        s.rujukan_start_check(rujukan=lama, by=staf.petugas_loket)
    baru = daftarkan(layanan, staf, nama="Kasus Baru").rujukan
    client.force_login(staf.petugas_loket)
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
    staf = personas_untuk(layanan.instansi)
    r = daftarkan(layanan, staf, nama="La Tahang", lahir=dt.date(1954, 1, 20), wilayah="730201")
    r = r.rujukan
    s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
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
    client.force_login(staf.petugas_loket)
    page = client.get(reverse("staf:beranda")).content.decode()
    assert "Menunggu persetujuan Anda" not in page


def _halaman(page: str) -> list[str]:
    """The registration numbers of a list page, in their order."""
    return re.findall(r'<a href="/rujukan/\d+/"><strong>([^<]+)</strong>', page)


def _berikut(page: str) -> str | None:
    m = re.search(r'href="(\?[^"]*)">Berikutnya', page)
    return unescape(m.group(1)) if m else None


def test_pages_of_a_capped_count_walk_the_same_rows_in_the_same_order(
    client, banjarmasin, monkeypatch
):
    """Past BATAS_HITUNG the list says "lebih dari N" and pages on without a
    total; the pages' links still walk every case once, in the list's order,
    for each sort; a page past the end shows the last one."""
    from rujukan import selectors_daftar
    from rujukan.models import Rujukan

    layanan, staf = banjarmasin
    with time_machine.travel(PAGI, tick=True):
        kasus = _banyak(layanan, staf, 7)
    # two cases registered in the same microsecond: the tie is broken by id
    Rujukan.objects.filter(pk=kasus[2].pk).update(dibuat_pada=kasus[3].dibuat_pada)
    Rujukan.objects.filter(pk=kasus[5].pk).update(tenggat=None)
    monkeypatch.setattr(selectors_daftar, "PER_HALAMAN", 3)
    client.force_login(staf.petugas_loket)
    url = reverse("rujukan:daftar")
    semua = Rujukan.objects.filter(instansi=layanan.instansi)
    for urutan, order_by in [
        ("-dibuat_pada", ("-dibuat_pada", "-pk")),
        ("dibuat_pada", ("dibuat_pada", "-pk")),
        ("tenggat", ("tenggat", "-pk")),
    ]:
        harap = list(semua.order_by(*order_by).values_list("nomor_registrasi", flat=True))
        for batas, teks, kepala in [
            (5, "lebih dari 5 rujukan", "Halaman 2<"),
            (1000, "7 rujukan", "Halaman 2 dari 3<"),
        ]:
            monkeypatch.setattr(selectors_daftar, "BATAS_HITUNG", batas)
            dilihat, tautan, n = [], f"?tampilan=semua&urutan={urutan}", 0
            while tautan:
                page = client.get(url + tautan).content.decode()
                n += 1
                assert teks in page
                if n == 2:
                    assert kepala in page
                dilihat += _halaman(page)
                tautan = _berikut(page)
            assert n == 3 and dilihat == harap, (urutan, batas)
            akhir = client.get(url, {"tampilan": "semua", "urutan": urutan, "halaman": 99})
            assert _halaman(akhir.content.decode()) == harap[6:]
            assert client.get(url, {"tampilan": "semua", "halaman": "x"}).status_code == 200


def test_overdue_mark_is_the_querysets_overdue(client, banjarmasin):
    from rujukan.models import Rujukan

    layanan, staf = banjarmasin
    with time_machine.travel(PAGI, tick=False):
        a, b, c = _banyak(layanan, staf, 3)
    lewat = PAGI - dt.timedelta(days=1)
    Rujukan.objects.filter(pk=a.pk).update(tenggat=lewat)
    Rujukan.objects.filter(pk=b.pk).update(tenggat_tahap=lewat, dijeda=True)
    client.force_login(staf.petugas_loket)
    with time_machine.travel(PAGI, tick=False):
        page = client.get(reverse("rujukan:daftar"), {"tampilan": "semua"}).content.decode()
        telat = set(Rujukan.objects.terlambat().values_list("nomor_registrasi", flat=True))
    baris = re.findall(
        r'<tr( class="row-bad")?>\s*<td[^>]*><a href="/rujukan/\d+/"><strong>([^<]+)<', page
    )
    assert telat == {a.nomor_registrasi}
    assert {nomor for kelas, nomor in baris if kelas} == telat
