"""The counter: the front desk opens a fresh survey for a walk-in citizen of
its own office and shows its QR code and link."""

from __future__ import annotations

import pytest
from django.urls import reverse

from survei.models import UndanganSurvei
from tests.survei.factories import layanan_uji

pytestmark = pytest.mark.django_db


def test_the_front_desk_opens_a_survey_and_shows_its_qr_and_link(client, personas):
    layanan = layanan_uji(personas.instansi)
    layanan_uji(personas.instansi_lain, nama="Layanan Kantor Lain")
    client.force_login(personas.petugas_loket)
    halaman = client.get(reverse("survei:loket"))
    assert halaman.status_code == 200
    teks = halaman.content.decode()
    assert layanan.nama in teks and "Layanan Kantor Lain" not in teks

    resp = client.post(reverse("survei:loket"), {"layanan": layanan.pk})
    u = UndanganSurvei.objects.get()
    assert (u.asal, u.layanan, u.instansi, u.dibuat_oleh) == (
        "loket",
        layanan,
        personas.instansi,
        personas.petugas_loket,
    )
    assert resp.status_code == 302
    assert resp["Location"] == reverse("survei:loket_undangan", kwargs={"pk": u.pk})
    tampil = client.get(resp["Location"])
    assert tampil.status_code == 200
    teks = tampil.content.decode()
    assert reverse("survei:isi", kwargs={"token": u.token}) in teks
    assert 'src="data:image/svg+xml' in teks
    # a second walk-in citizen gets a token of their own
    client.post(reverse("survei:loket"), {"layanan": layanan.pk})
    assert UndanganSurvei.objects.values("token").distinct().count() == 2


def test_a_service_of_another_office_is_refused_and_nothing_is_made(client, personas):
    lain = layanan_uji(personas.instansi_lain)
    client.force_login(personas.petugas_loket)
    for data in ({"layanan": lain.pk}, {"layanan": "abc"}, {}):
        assert client.post(reverse("survei:loket"), data).status_code == 400
    assert not UndanganSurvei.objects.exists()


def test_another_offices_invitation_is_404(client, personas):
    lain = layanan_uji(personas.instansi_lain)
    u = UndanganSurvei.objects.create(asal="loket", instansi=personas.instansi_lain, layanan=lain)
    client.force_login(personas.petugas_loket)
    assert client.get(reverse("survei:loket_undangan", kwargs={"pk": u.pk})).status_code == 404
    assert client.get(reverse("survei:loket_undangan", kwargs={"pk": 999999})).status_code == 404


def test_a_case_invitation_is_not_shown_at_the_counter(client, personas):
    """Only counter invitations: a case's token stays with its pemohon."""
    layanan = layanan_uji(personas.instansi)
    u = UndanganSurvei.objects.create(asal="rujukan", instansi=personas.instansi, layanan=layanan)
    client.force_login(personas.petugas_loket)
    assert client.get(reverse("survei:loket_undangan", kwargs={"pk": u.pk})).status_code == 404


@pytest.mark.parametrize("peran", ["peksos", "kadis", "staf_lain", "panti"])
def test_roles_without_the_counter_permission_get_403(client, personas, peran):
    layanan = layanan_uji(personas.instansi)
    client.force_login(getattr(personas, peran))
    assert client.get(reverse("survei:loket")).status_code == 403
    assert client.post(reverse("survei:loket"), {"layanan": layanan.pk}).status_code == 403
    assert not UndanganSurvei.objects.exists()
