"""The second factor (TOTP, django-otp) of the officials who approve and sign
and of the admins: the code step after the password, enrolment and reset on
the account page, and no staff or admin page before it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.contrib import admin
from django.test import RequestFactory
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.akun.totp_uji import kode_dari_rahasia, kode_sekarang
from tests.conftest import masuk_tanpa_faktor_kedua

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-uji-123"


def test_login_of_a_kadis_asks_the_code_refuses_a_wrong_one_and_opens_with_the_right_one(
    client, personas
):
    device = TOTPDevice.objects.create(user=personas.kadis, name="Ponsel", confirmed=True)
    with time_machine.travel(timezone.now(), tick=False) as waktu:
        masuk = client.post("/masuk/", {"username": "yusuf", "password": PASSWORD})
        assert masuk.status_code == 302
        staf = client.get(masuk["Location"])
        assert staf.status_code == 302 and staf["Location"] == "/masuk/kode/?next=%2Fstaf%2F"
        halaman = client.get(staf["Location"]).content.decode()
        assert "Verifikasi dua langkah" in halaman and 'name="kode"' in halaman

        benar = kode_sekarang(device)
        salah = f"{(int(benar) + 1) % 1_000_000:06d}"
        ditolak = client.post("/masuk/kode/", {"kode": salah, "next": "/staf/"})
        assert ditolak.status_code == 400
        assert "Kode salah atau sudah kedaluwarsa" in ditolak.content.decode()
        assert client.get("/staf/").status_code == 302

        waktu.shift(dt.timedelta(seconds=2))  # django-otp waits a moment after a wrong code
        diterima = client.post("/masuk/kode/", {"kode": benar, "next": "/staf/"})
        assert diterima.status_code == 302 and diterima["Location"] == "/staf/"
        assert "Selamat datang" in client.get("/staf/").content.decode()
        # a code is used once
        client.post("/keluar/")
        client.post("/masuk/", {"username": "yusuf", "password": PASSWORD})
        waktu.shift(dt.timedelta(seconds=2))
        assert client.post("/masuk/kode/", {"kode": benar}).status_code == 400


def test_wrong_codes_count_towards_the_login_lock(client, personas):
    device = TOTPDevice.objects.create(user=personas.kadis, name="Ponsel", confirmed=True)
    with time_machine.travel(timezone.now(), tick=False) as waktu:
        client.post("/masuk/", {"username": "yusuf", "password": PASSWORD})
        benar = kode_sekarang(device)
        salah = f"{(int(benar) + 1) % 1_000_000:06d}"
        for _ in range(4):
            assert client.post("/masuk/kode/", {"kode": salah}).status_code == 400
            waktu.shift(dt.timedelta(seconds=20))
        kelima = client.post("/masuk/kode/", {"kode": salah})
        assert kelima.status_code == 429 and "Akun dikunci sementara" in kelima.content.decode()
        assert "_auth_user_id" not in client.session  # the half-done login is ended
        benar_pun = client.post("/masuk/", {"username": "yusuf", "password": PASSWORD})
        assert benar_pun.status_code == 429


@pytest.mark.parametrize("peran", ["koordinator", "kabid", "kadis", "admin_instansi"])
def test_an_official_without_a_device_is_sent_to_enrol_from_every_page(client, personas, peran):
    masuk_tanpa_faktor_kedua(client, getattr(personas, peran))
    for url in ("/staf/", "/rujukan/", "/pengaduan/staf/", "/akun/", "/admin/"):
        jawab = client.get(url)
        assert jawab.status_code == 302, url
        assert jawab["Location"].startswith("/akun/faktor/?next="), url
    assert client.get("/akun/faktor/").status_code == 200  # no dead end
    assert client.post("/keluar/").status_code == 302


def test_an_official_with_a_device_is_sent_to_the_code_step(client, personas):
    TOTPDevice.objects.create(user=personas.kabid, name="Ponsel", confirmed=True)
    masuk_tanpa_faktor_kedua(client, personas.kabid)
    assert client.get("/rujukan/")["Location"] == "/masuk/kode/?next=%2Frujukan%2F"
    assert client.get("/akun/faktor/")["Location"].startswith("/masuk/kode/")


def test_other_roles_are_not_asked_for_a_code(client, personas):
    for user in (personas.petugas_loket, personas.peksos, personas.panti):
        masuk_tanpa_faktor_kedua(client, user)
        assert client.get("/staf/").status_code == 200


def test_enrolment_on_the_account_page_with_the_qr_code_and_one_code(client, personas):
    masuk_tanpa_faktor_kedua(client, personas.kadis)
    awal = client.get("/akun/faktor/?next=/staf/")
    assert "Mulai pendaftaran" in awal.content.decode()
    assert not TOTPDevice.objects.filter(user=personas.kadis).exists()  # a GET writes nothing

    mulai = client.post("/akun/faktor/", {"aksi": "mulai", "next": "/staf/"})
    assert mulai.status_code == 302
    halaman = client.get(mulai["Location"]).content.decode()
    assert 'src="data:image/svg+xml' in halaman  # the otpauth:// URI as a QR code
    rahasia = re.search(r"<code data-rahasia>([A-Z2-7 ]+)</code>", halaman).group(1)
    device = TOTPDevice.objects.get(user=personas.kadis)
    assert not device.confirmed
    assert rahasia.replace(" ", "") in device.config_url

    salah = client.post("/akun/faktor/", {"aksi": "konfirmasi", "kode": "000000", "next": "/staf/"})
    if kode_dari_rahasia(rahasia) != "000000":
        assert salah.status_code == 400 and "Kode tidak cocok" in salah.content.decode()
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=3), tick=False):
        jadi = client.post(
            "/akun/faktor/",
            {"aksi": "konfirmasi", "kode": kode_dari_rahasia(rahasia), "next": "/staf/"},
        )
        assert jadi.status_code == 302 and jadi["Location"] == "/staf/"
        assert client.get("/staf/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert "Aktif" in client.get("/akun/").content.decode()


def test_reset_of_the_factor_asks_the_password_then_enrols_again(client, personas):
    client.force_login(personas.kadis)  # verified (tests/conftest.py)
    salah = client.post("/akun/faktor/atur-ulang/", {"kata_sandi": "bukan-sandinya"})
    assert salah.status_code == 403 and "Kata sandi salah" in salah.content.decode()
    assert TOTPDevice.objects.filter(user=personas.kadis, confirmed=True).exists()
    jadi = client.post("/akun/faktor/atur-ulang/", {"kata_sandi": PASSWORD})
    assert jadi.status_code == 302 and jadi["Location"] == "/akun/faktor/"
    assert not TOTPDevice.objects.filter(user=personas.kadis).exists()
    assert client.get("/staf/")["Location"].startswith("/akun/faktor/")


def test_the_admin_site_itself_refuses_an_unverified_session(personas):
    request = RequestFactory().get("/admin/")
    request.user = personas.admin_instansi
    personas.admin_instansi.is_staff = True
    assert not admin.site.has_permission(request)  # no is_verified: not verified
    personas.admin_instansi.is_verified = lambda: True
    assert admin.site.has_permission(request)
