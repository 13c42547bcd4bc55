"""The dashboard (officials of the office) and the public transparency page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rujukan.models import Status
from tests.kinerja.conftest import kasus_massal, pada
from tests.survei.factories import respons

pytestmark = pytest.mark.django_db
URL = reverse("kinerja:dasbor")


@pytest.mark.parametrize("peran", ["koordinator", "kabid", "kadis", "admin_instansi"])
def test_the_officials_open_their_dashboard(client, personas, kantor, peran):
    client.force_login(getattr(personas, peran))
    r = client.get(URL, {"periode": "12bulan"})
    assert r.status_code == 200
    html = r.content.decode()
    assert kantor.layanan.nama in html
    assert "<svg" in html and "style=" not in html and "<script" not in html
    assert f"{reverse('rujukan:daftar')}?tampilan=semua&amp;status=selesai" in html


@pytest.mark.parametrize("peran", ["petugas_loket", "peksos", "panti"])
def test_other_roles_are_refused(client, personas, kantor, peran):
    client.force_login(getattr(personas, peran))
    assert client.get(URL).status_code == 403


def test_staff_of_another_office_see_only_their_own_figures(client, personas, kantor):
    client.force_login(personas.staf_lain)
    r = client.get(URL, {"periode": "12bulan"})
    assert r.status_code == 200
    html = r.content.decode()
    assert kantor.layanan.nama not in html
    assert kantor.contoh.nomor_registrasi not in html


def test_a_service_of_another_office_in_the_filter_is_a_form_error(client, personas, kantor):
    client.force_login(personas.staf_lain)
    r = client.get(URL, {"layanan": kantor.layanan.pk, "periode": "12bulan"})
    assert r.status_code == 200
    assert kantor.layanan.nama not in r.content.decode()
    assert r.context["form"].errors["layanan"]


def test_a_bad_custom_range_is_explained(client, personas, kantor):
    client.force_login(personas.kabid)
    r = client.get(URL, {"periode": "khusus", "dari": "2026-05-01", "sampai": "2026-04-01"})
    assert r.status_code == 200
    assert "Tanggal awal harus sebelum tanggal akhir." in r.content.decode()


def test_overdue_cases_list_their_owner(client, personas, kantor):
    kemarin = pada(kantor.kal, kantor.d, 9)
    (r,) = kasus_massal(
        kantor, 1, dibuat=kemarin, status=Status.VERIFIKASI, tenggat=kemarin, peksos=personas.peksos
    )
    client.force_login(personas.kadis)
    html = client.get(URL).content.decode()
    assert r.nomor_registrasi in html
    assert personas.peksos.pegawai.nama in html


def _hitung(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_and_public_page_queries_do_not_grow_with_the_data(client, personas, kantor):
    client.force_login(personas.kabid)
    publik = reverse("transparansi:instansi", args=[personas.instansi.slug])
    kemarin = pada(kantor.kal, kantor.d, 9)
    kasus_massal(kantor, 10, dibuat=kemarin, status=Status.VERIFIKASI, tenggat=kemarin)
    client.get(URL)  # the first request of a session loads it once
    sedikit = (
        _hitung(client, URL),
        _hitung(client, URL, periode="12bulan", layanan=kantor.layanan.pk),
    )
    sedikit_publik = _hitung(client, publik)
    selesai = kemarin + dt.timedelta(days=1)
    kasus_massal(kantor, 500, dibuat=kemarin, status=Status.VERIFIKASI, tenggat=kemarin)
    kasus_massal(
        kantor, 490, dibuat=kemarin, status=Status.SELESAI, tenggat=selesai, selesai_pada=selesai
    )
    banyak = (
        _hitung(client, URL),
        _hitung(client, URL, periode="12bulan", layanan=kantor.layanan.pk),
    )
    assert banyak == sedikit
    assert _hitung(client, publik) == sedikit_publik
    assert sedikit[0] < 30


def test_the_public_page_shows_figures_and_no_person(client, personas, kantor):
    kemarin = pada(kantor.kal, kantor.d, 9)
    kasus_massal(kantor, 1, dibuat=kemarin, status=Status.VERIFIKASI, peksos=personas.peksos)
    client.logout()
    r = client.get(reverse("transparansi:instansi", args=[personas.instansi.slug]))
    assert r.status_code == 200
    html = r.content.decode()
    assert "Dijawab tepat waktu" in html and "50,0%" in html
    assert 'id="ikm"' in html and "Belum ada data survei." in html
    assert "public" in r["Cache-Control"]
    assert "sessionid" not in r.cookies
    contoh = kantor.contoh
    for pribadi in (
        contoh.klien.nama,
        contoh.pemohon.nama,
        contoh.nomor_registrasi,
        personas.peksos.pegawai.nama,
    ):
        assert pribadi not in html
    assert "style=" not in html


def test_the_public_page_shows_the_survey_index_and_its_grade(client, personas, kantor):
    # two respondents: one answers 4 everywhere, one 3 everywhere but skips U4:
    # U4's mean is 4, the others 3.5 -> (8 x 3.5 + 4) / 9 x 25 = 88.89, grade A
    respons(kantor.layanan, [4] * 9)
    respons(kantor.layanan, [3, 3, 3, None, 3, 3, 3, 3, 3])
    client.logout()
    html = client.get(reverse("transparansi:instansi", args=[personas.instansi.slug])).content
    html = html.decode()
    assert "88,89" in html and "Belum ada data survei." not in html
    assert "Sangat Baik" in html
    layanan = reverse("transparansi:layanan", args=[personas.instansi.slug, kantor.layanan.slug])
    assert "88,89" in client.get(layanan).content.decode()


def test_an_unknown_office_or_service_is_404(client, personas, kantor):
    assert client.get(reverse("transparansi:instansi", args=["tidak-ada"])).status_code == 404
    url = reverse("transparansi:layanan", args=[personas.instansi.slug, "tidak-ada"])
    assert client.get(url).status_code == 404


def test_a_withdrawn_service_has_no_public_figures(client, personas, kantor):
    kantor.layanan.aktif = False
    kantor.layanan.save(update_fields=["aktif"])
    r = client.get(reverse("transparansi:instansi", args=[personas.instansi.slug]))
    assert r.status_code == 200
    assert kantor.layanan.nama not in r.content.decode()
    url = reverse("transparansi:layanan", args=[personas.instansi.slug, kantor.layanan.slug])
    assert client.get(url).status_code == 404
