"""The admin's "Periksa dan pratinjau" page of a standard: every problem that
would stop a case, and how a sample case would run, for the office's own
admin only."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.urls import reverse

from layanan.models import Peran
from tests.factories import make_layanan, make_user
from tests.layanan.factories import make_jabatan, make_standar_berjalan
from tests.layanan.test_admin import change_url
from tests.layanan.test_public_pages import text_of

WIB = ZoneInfo("Asia/Jakarta")
# Friday afternoon: the sample case starts on Monday 30 November 2026, 09.00.
JUMAT = dt.datetime(2026, 11, 27, 14, 0, tzinfo=WIB)


def _staff(user: User) -> User:
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def lestari(personas):
    return _staff(personas.admin_instansi)


@pytest.fixture
def andi(personas):
    """The Admin Instansi of the other office."""
    return _staff(make_user("andi", instansi=personas.instansi_lain, peran=Peran.ADMIN_INSTANSI))


@pytest.fixture
def standar(personas):
    return make_standar_berjalan(personas)


def url_of(layanan) -> str:
    return reverse("admin:layanan_layanan_periksa", args=[layanan.pk])


@pytest.fixture
def frozen():
    with time_machine.travel(JUMAT, tick=False):
        yield


def test_office_admin_sees_a_clean_standard_with_its_deadline(client, lestari, standar, frozen):
    client.force_login(lestari)
    response = client.get(url_of(standar))
    assert response.status_code == 200
    text = text_of(response)
    assert "Tidak ada masalah" in text
    assert "Contoh kasus dimulai Senin, 30 November 2026 09.00 WIB" in text
    assert "Tenggat penyelesaian Senin, 7 Desember 2026 09.00 WIB" in text
    assert "waktu penyelesaian standar" in text


def test_page_lists_steps_with_kind_jabatan_holders_and_times(client, lestari, standar, frozen):
    client.force_login(lestari)
    html = client.get(url_of(standar)).content.decode()
    rows = re.findall(r"<tr>(.*?)</tr>", html.split('id="langkah"')[1], flags=re.S)
    paraf = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", rows[5]))
    assert "Paraf" in paraf
    assert "Koordinator memberi paraf" in paraf
    assert "Koordinator SLRT" in paraf
    assert "Dewi" in paraf
    assert "5 menit" in paraf
    assert "1 Des 2026 09.45" in paraf
    text = text_of(client.get(url_of(standar)))
    assert "Surat Rekomendasi — Surat melalui persetujuan pejabat" in text
    assert "Bila dikembalikan, kembali ke: 4. Pekerja sosial menyusun konsep surat" in text


def test_page_shows_every_problem(client, personas, lestari, standar, frozen):
    kasi = make_jabatan(personas.instansi, "Kepala Seksi", Peran.KOORDINATOR)
    standar.langkah.get(urutan=5).jabatan.set([kasi])
    standar.waktu_satuan = ""
    standar.save()
    client.force_login(lestari)
    response = client.get(url_of(standar))
    assert response.status_code == 200
    text = text_of(response)
    assert "2 masalah" in text
    assert "Langkah 5 (Paraf): jabatan “Kepala Seksi” belum dipegang pegawai mana pun." in text
    assert "Waktu penyelesaian: nilai 5 belum diberi satuan." in text
    # no completion time to count from: the deadline comes from the steps
    assert "Tenggat penyelesaian Selasa, 1 Desember 2026 09.45 WIB" in text
    assert "Tidak ada masalah" not in text


def test_deadline_is_shown_in_the_offices_own_zone(client, personas, lestari, standar, frozen):
    personas.instansi.zona_waktu = "Asia/Makassar"
    personas.instansi.save()
    client.force_login(lestari)
    text = text_of(client.get(url_of(standar)))
    assert "Contoh kasus dimulai Senin, 30 November 2026 09.00 WITA" in text
    assert "Tenggat penyelesaian Senin, 7 Desember 2026 09.00 WITA" in text


def test_another_offices_admin_gets_404(client, andi, standar):
    client.force_login(andi)
    assert client.get(url_of(standar)).status_code == 404


def test_staff_without_permission_to_view_standards_gets_403(client, personas, standar):
    client.force_login(_staff(personas.kabid))
    assert client.get(url_of(standar)).status_code == 403


def test_anonymous_is_sent_to_login(client, standar):
    response = client.get(url_of(standar))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_unknown_standard_is_404(client, lestari):
    client.force_login(lestari)
    assert client.get(reverse("admin:layanan_layanan_periksa", args=[999999])).status_code == 404


def test_page_only_reads(client, lestari, standar):
    client.force_login(lestari)
    assert client.post(url_of(standar)).status_code == 405


def test_change_form_links_to_the_page(client, lestari, standar):
    client.force_login(lestari)
    html = client.get(change_url(standar)).content.decode()
    assert f'href="{url_of(standar)}"' in html
    assert "Periksa dan pratinjau" in html


def test_changelist_action_opens_the_page_for_one_standard(client, personas, lestari, standar):
    lain = make_layanan(personas.instansi)
    client.force_login(lestari)
    changelist = reverse("admin:layanan_layanan_changelist")
    data = {"action": "periksa_dan_pratinjau", "_selected_action": [standar.pk]}
    response = client.post(changelist, data)
    assert response.status_code == 302
    assert response["Location"] == url_of(standar)
    data["_selected_action"] = [standar.pk, lain.pk]
    response = client.post(changelist, data, follow=True)
    assert "Pilih satu layanan untuk diperiksa." in response.content.decode()


def test_action_cannot_open_another_offices_standard(client, personas, lestari):
    asing = make_layanan(personas.instansi_lain)
    client.force_login(lestari)
    changelist = reverse("admin:layanan_layanan_changelist")
    data = {"action": "periksa_dan_pratinjau", "_selected_action": [asing.pk]}
    response = client.post(changelist, data, follow=True)
    assert response.status_code == 200
    assert url_of(asing) not in [url for url, _ in response.redirect_chain]
    assert response.request["PATH_INFO"] == changelist


def test_page_costs_a_bounded_number_of_queries(
    client, lestari, standar, frozen, django_assert_max_num_queries
):
    client.force_login(lestari)
    with django_assert_max_num_queries(25):
        assert client.get(url_of(standar)).status_code == 200
