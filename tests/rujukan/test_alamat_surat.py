"""The address block and letterhead of letters: a panti outside the office's
town is addressed by its town, not "di Tempat"; the admin names what the
office's letterhead lacks."""

from __future__ import annotations

import pytest
from django.urls import reverse

from layanan.models import Instansi, Panti, Peran
from rujukan.documents import tempat_tujuan
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("pemda", "kota_panti", "di"),
    [
        ("Pemerintah Kota Banjarmasin", "", "Tempat"),
        ("Pemerintah Kota Banjarmasin", "Kota Banjarmasin", "Tempat"),
        ("Pemerintah Kota Banjarmasin", "Kota Banjarbaru", "Kota Banjarbaru"),
        ("Pemerintah Kota Banjar", "Kabupaten Banjar", "Kabupaten Banjar"),
        ("Pemerintah Kabupaten Bulukumba", "Kab. Bulukumba", "Tempat"),
        ("Pemerintah Kabupaten Bulukumba", "Makassar", "Makassar"),
    ],
)
def test_a_letter_to_an_out_of_town_panti_names_its_town(pemda, kota_panti, di):
    instansi = Instansi(pemerintah_daerah=pemda)
    assert tempat_tujuan(Panti(kabupaten_kota=kota_panti), instansi) == di


def test_the_admin_names_what_the_letterhead_lacks(client, standar):
    depok = standar["depok"].instansi
    assert "alamat" in depok.kop_kurang()
    admin = make_user("admin-depok", instansi=depok, peran=Peran.ADMIN_INSTANSI)
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    client.force_login(admin)
    page = client.get(reverse("admin:layanan_instansi_change", args=[depok.pk])).content.decode()
    assert "Kop dan tanda tangan surat belum lengkap" in page and "alamat" in page
    lengkap = standar["banjarmasin"].instansi
    assert "alamat" not in lengkap.kop_kurang()
