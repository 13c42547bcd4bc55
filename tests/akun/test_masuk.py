"""Guessing passwords on the staff login (/masuk/) and the admin login
(/admin/login/): after five wrong ones for one user name from one address the
pair is locked for 15 minutes (django-axes) with an Indonesian page; the right
password is refused while locked and accepted after the cool-off."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-uji-123"


def _salah(client, url: str, username: str, kali: int, **extra):
    jawab = None
    for i in range(kali):
        jawab = client.post(url, {"username": username, "password": f"tebakan-{i}"}, **extra)
    return jawab


def test_staff_login_locks_after_five_wrong_passwords_until_the_cool_off(client, personas):
    with time_machine.travel(timezone.now(), tick=False) as waktu:
        keempat = _salah(client, "/masuk/", "bima", 4)
        assert keempat.status_code == 200
        assert "Nama pengguna atau kata sandi salah" in keempat.content.decode()

        kelima = _salah(client, "/masuk/", "bima", 1)
        assert kelima.status_code == 429
        halaman = kelima.content.decode()
        assert "Akun dikunci sementara" in halaman and "15 menit" in halaman
        assert "<html" in halaman  # a page of the portal, not a bare text

        benar = client.post("/masuk/", {"username": "bima", "password": PASSWORD})
        assert benar.status_code == 429
        assert "_auth_user_id" not in client.session

        waktu.shift(dt.timedelta(minutes=14))
        assert client.post("/masuk/", {"username": "bima", "password": PASSWORD}).status_code == 429

        waktu.shift(dt.timedelta(minutes=2))
        masuk = client.post("/masuk/", {"username": "bima", "password": PASSWORD})
        assert masuk.status_code == 302 and masuk["Location"] == "/staf/"
        assert client.get("/staf/").status_code == 200


def test_admin_login_locks_after_five_wrong_passwords(client, personas):
    personas.admin_instansi.is_staff = True  # the office admin works in the Django admin
    personas.admin_instansi.save(update_fields=["is_staff"])
    with time_machine.travel(timezone.now(), tick=False) as waktu:
        kelima = _salah(client, "/admin/login/", "lestari", 5)
        assert kelima.status_code == 429
        assert "Akun dikunci sementara" in kelima.content.decode()
        benar = client.post("/admin/login/", {"username": "lestari", "password": PASSWORD})
        assert benar.status_code == 429
        assert "_auth_user_id" not in client.session

        waktu.shift(dt.timedelta(minutes=16))
        masuk = client.post(
            "/admin/login/?next=/admin/", {"username": "lestari", "password": PASSWORD}
        )
        assert masuk.status_code == 302
        # the password alone does not open the admin: the second factor comes first
        assert client.get("/admin/")["Location"].startswith("/akun/faktor/")


def test_the_lock_holds_one_user_name_from_one_address(client, personas):
    with time_machine.travel(timezone.now(), tick=False):
        assert _salah(client, "/masuk/", "bima", 5).status_code == 429
        # the same officer from another network, and a colleague from this one, still log in
        lain = client.post(
            "/masuk/", {"username": "bima", "password": PASSWORD}, REMOTE_ADDR="10.9.8.7"
        )
        assert lain.status_code == 302
        client.post("/keluar/")
        rina = client.post("/masuk/", {"username": "rina", "password": PASSWORD})
        assert rina.status_code == 302


def test_a_right_password_before_the_limit_starts_the_count_again(client, personas):
    with time_machine.travel(timezone.now(), tick=False):
        _salah(client, "/masuk/", "bima", 4)
        assert client.post("/masuk/", {"username": "bima", "password": PASSWORD}).status_code == 302
        client.post("/keluar/")
        assert _salah(client, "/masuk/", "bima", 4).status_code == 200
