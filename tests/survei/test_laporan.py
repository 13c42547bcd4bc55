"""The IKM report for the office's officials: scoped to their own office,
a bounded number of queries whatever the number of answers, and an XLSX."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.survei.factories import banyak_respons, layanan_uji, respons

pytestmark = pytest.mark.django_db


@pytest.fixture
def layanan(personas):
    return layanan_uji(personas.instansi)


@pytest.mark.parametrize("peran", ["kabid", "kadis", "admin_instansi"])
def test_officials_read_their_offices_report(client, personas, layanan, peran):
    respons(layanan, [4, 4, 4, None, 4, 4, 4, 4, 4])
    respons(layanan, [3] * 9)
    client.force_login(getattr(personas, peran))
    resp = client.get(reverse("survei:laporan"))
    assert resp.status_code == 200
    teks = resp.content.decode()
    # U4 answered once (3): NRR 3; others 3.5; (8 × 3.5 + 3) / 9 × 25 = 86.11
    assert "IKM 86,11" in teks and "Baik" in teks
    assert "Jumlah responden: 2" in teks
    assert "3,500" in teks and "3,000" in teks


@pytest.mark.parametrize("peran", ["petugas_loket", "peksos", "koordinator", "panti"])
def test_other_roles_may_not_read_the_report(client, personas, peran):
    client.force_login(getattr(personas, peran))
    assert client.get(reverse("survei:laporan")).status_code == 403
    assert client.get(reverse("survei:laporan_xlsx")).status_code == 403


def test_anonymous_is_sent_to_login(client):
    resp = client.get(reverse("survei:laporan"))
    assert resp.status_code in (302, 403)
    if resp.status_code == 302:
        assert "/masuk/" in resp["Location"]


def test_another_offices_service_is_no_filter_and_its_answers_never_show(client, personas, layanan):
    respons(layanan, [4] * 9)
    lain = layanan_uji(personas.instansi_lain)
    respons(lain, [1] * 9)
    client.force_login(personas.staf_lain)
    # joko's own report: only office B's answer (IKM 25.00)
    own = client.get(reverse("survei:laporan")).content.decode()
    assert "IKM 25,00" in own and "100,00" not in own
    # office A's service as a filter: not a choice for joko
    resp = client.get(reverse("survei:laporan"), {"layanan": layanan.pk, "jenis": "tahun"})
    assert resp.status_code == 400
    assert "100,00" not in resp.content.decode()
    x = client.get(reverse("survei:laporan_xlsx"), {"layanan": layanan.pk, "jenis": "tahun"})
    assert x.status_code == 400


def test_bad_filters_are_400_with_a_message(client, personas):
    client.force_login(personas.kadis)
    url = reverse("survei:laporan")
    for q in (
        {"jenis": "triwulan", "ke": "9"},
        {"jenis": "rentang", "mulai": "2025-05-01"},
        {"jenis": "rentang", "mulai": "2025-05-01", "sampai": "2025-04-01"},
        {"jenis": "abad"},
        {"tahun": "x"},
    ):
        resp = client.get(url, q)
        assert resp.status_code == 400, q


def test_xlsx_holds_the_element_table_the_index_and_the_profile(client, personas, layanan):
    respons(layanan, [4] * 9, jenis_kelamin="L", pendidikan="s1", pekerjaan="pns", umur=28)
    respons(layanan, [3, 3, 3, 3, 3, 3, 3, 3, None])
    client.force_login(personas.kabid)
    tahun = timezone.localdate().year
    resp = client.get(
        reverse("survei:laporan_xlsx"), {"layanan": layanan.pk, "jenis": "tahun", "tahun": tahun}
    )
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(resp.content))
    baris = {r[0]: r[1:] for r in wb["IKM"].iter_rows(values_only=True) if r and r[0]}
    assert baris["Jumlah responden"][0] == 2
    assert baris["U1"][:4] == ("Persyaratan", 7, 2, 3.5)
    assert baris["U9"][:4] == ("Sarana dan prasarana", 4, 1, 4.0)
    # (8 × 3.5 + 4) / 9 × 25 = 88.888… → 88.89, A
    assert baris["IKM"][0] == 88.89
    assert baris["Mutu pelayanan"][0] == "A"
    profil = {r[0]: r[1] for r in wb["Profil responden"].iter_rows(values_only=True) if r[0]}
    assert profil["Laki-laki"] == 1 and profil["S1"] == 1 and profil["20–29"] == 1


def test_report_query_count_is_the_same_for_10_or_200_answers(
    client, personas, layanan, django_assert_num_queries
):
    client.force_login(personas.kadis)
    url = reverse("survei:laporan")
    banyak_respons(layanan, n=10, empat=40)
    client.get(url)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as kecil:
        assert client.get(url).status_code == 200
    banyak_respons(layanan, n=190, empat=900)
    with django_assert_num_queries(len(kecil.captured_queries)):
        resp = client.get(url)
    assert resp.status_code == 200
    assert "Jumlah responden: 200" in resp.content.decode()
    with CaptureQueriesContext(connection) as besar:
        client.get(reverse("survei:laporan_xlsx"))
    banyak_respons(layanan, n=5, empat=0)
    with django_assert_num_queries(len(besar.captured_queries)):
        client.get(reverse("survei:laporan_xlsx"))
