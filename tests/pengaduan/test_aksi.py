"""The one registry of the complaint's actions: the button, its confirmation
page and the history read their words from the same entry."""

from __future__ import annotations

import pytest

from pengaduan import services
from pengaduan.aksi import DAFTAR_AKSI, AksiPengaduan
from pengaduan.riwayat import riwayat_pengaduan
from pengaduan.views_staf import AKSI
from tests.pengaduan.factories import ajukan

pytestmark = pytest.mark.django_db


def test_every_button_has_its_form_and_service_in_registry_order():
    assert list(AKSI) == [a.slug for a in DAFTAR_AKSI.tombol()]
    assert all(isinstance(a, AksiPengaduan) and a.form and a.jalankan for a in AKSI.values())


def test_the_button_the_confirmation_and_the_history_say_the_same_entry(client, personas):
    loket = personas.petugas_loket
    p, _ = ajukan(personas.instansi)
    cek = AKSI["cek"]
    client.force_login(loket)
    detail = client.get(f"/pengaduan/staf/{p.pk}/").content.decode()
    assert f'class="btn btn-primary" href="/pengaduan/staf/{p.pk}/cek/">{cek.label}</a>' in detail
    halaman = client.get(f"/pengaduan/staf/{p.pk}/cek/").content.decode()
    assert f"<h1>{cek.label}</h1>" in halaman and str(cek.penjelasan) in halaman
    r = client.post(f"/pengaduan/staf/{p.pk}/cek/", {"catatan": ""}, follow=True)
    assert f"{cek.label}: berhasil." in r.content.decode()
    assert [x.kalimat for x in riwayat_pengaduan(p, public=False)][-1] == str(cek.kalimat)
    assert [x.kalimat for x in riwayat_pengaduan(p, public=True)][-1] == str(cek.kalimat_publik)


def test_a_code_the_registry_does_not_know_reads_as_itself(personas):
    p, _ = ajukan(personas.instansi)
    p.kejadian.create(aksi="pengaduan.tidak_dikenal", waktu=p.diterima_pada)
    services.pengaduan_start_check(pengaduan=p, by=personas.petugas_loket)
    assert "pengaduan.tidak_dikenal" in [x.kalimat for x in riwayat_pengaduan(p, public=False)]
    assert "pengaduan.tidak_dikenal" not in [x.kalimat for x in riwayat_pengaduan(p, public=True)]
