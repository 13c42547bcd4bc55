"""The citizen's pages against office A's data: only the pemohon's own number
opens their case and letters; an anonymous complaint never shows, not even to
its reporter; a staff login is no citizen login; no personal data on the
login pages."""

from __future__ import annotations

import pytest
from django.urls import URLResolver, get_resolver, reverse

from tests.akses.data import PELAPOR_TELEPON, PEMOHON_TELEPON
from tests.akses.peta import _pelapor, bocoran, potret, sasaran_warga, teks_respons
from tests.berkas_palsu import png
from tests.warga.bantu import masuk

pytestmark = pytest.mark.django_db


def _nama_warga() -> set[str]:
    for p in get_resolver().url_patterns:
        if isinstance(p, URLResolver) and p.namespace == "warga":
            return {f"warga:{u.name}" for u in p.url_patterns}
    return set()


def test_every_citizen_url_is_in_the_map(data):
    assert _nama_warga() == set(sasaran_warga(data))


def _buka(client, nama: str, kwargs: dict):
    if nama == "warga:lengkapi":
        item = next(iter(client._berkas_a1))
        return client.post(reverse(nama, kwargs=kwargs), {f"berkas_{item}": png()})
    return client.get(reverse(nama, kwargs=kwargs))


def test_citizen_pages_open_for_no_one_but_the_owner(client, data):
    client._berkas_a1 = list(data.a1.berkas.values_list("pk", flat=True))
    halaman_warga = {n: k for n, (siapa, k) in sasaran_warga(data).items() if siapa == "warga"}
    # nobody logged in, and a staff member of office A: sent to the citizen login
    for user in (None, data.orang["hasan"]):
        client.logout()
        if user is not None:
            client.force_login(user)
        for nama, kwargs in halaman_warga.items():
            r = _buka(client, nama, kwargs)
            assert r.status_code == 302 and r["Location"] == "/warga/masuk/", (user, nama)
    client.logout()
    # the anonymous complaint's reporter: her page shows neither it nor the case
    masuk(client, PELAPOR_TELEPON)
    sebelum = potret()
    html = client.get(reverse("warga:beranda")).content.decode()
    assert data.pengaduan.nomor not in html and data.pengaduan.judul not in html
    assert data.a1.nomor_registrasi not in html
    assert not bocoran(html, {**data.rahasia, **data.penanda_kantor_a()})
    for nama in ("warga:lengkapi", "warga:surat", "warga:pengaduan"):
        assert _buka(client, nama, halaman_warga[nama]).status_code == 404, nama
    assert potret() == sebelum
    # the pemohon of A1 opens A1's receipt
    client.post(reverse("warga:keluar"))
    masuk(client, PEMOHON_TELEPON)
    html = client.get(reverse("warga:beranda")).content.decode()
    assert data.a1.nomor_registrasi in html
    assert data.pengaduan.nomor not in html
    r = client.get(reverse("warga:surat", kwargs=halaman_warga["warga:surat"]))
    assert r.status_code == 200 and teks_respons(r)


def test_the_login_pages_show_no_personal_data(client, data):
    rahasia = {**data.rahasia, **_pelapor()}
    teks = []
    teks.append(client.get(reverse("warga:masuk")).content.decode())
    client.post(reverse("warga:masuk"), {"kontak": PEMOHON_TELEPON, "kanal": "sms"})
    teks.append(client.get(reverse("warga:kode")).content.decode())
    for t in teks:
        assert not bocoran(t, rahasia)
