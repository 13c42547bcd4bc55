"""Password rules (Django's validators, minimum 10, plus the office's own
words) and the password change on the account page, which ends the user's
other sessions and keeps this one."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client

from layanan.management.commands.buat_akun_demo import DEMO_PASSWORD
from tests.factories import make_instansi

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-uji-123"


@pytest.mark.parametrize(
    "sandi",
    ["dinsos2026", "bulukumba1", "Depok#2025", "d1ns0s-2026", "DinasSosial2026!", "2026dinsos"],
)
def test_local_words_with_digits_are_refused_in_indonesian(sandi):
    with pytest.raises(ValidationError) as galat:
        validate_password(sandi)
    assert any("nama kantor, dinas atau daerah" in m for m in galat.value.messages)


def test_the_words_of_every_office_in_the_database_count_too():
    make_instansi(nama="Dinas Sosial Kabupaten Sekadau", pemerintah_daerah="Pemkab Sekadau")
    with pytest.raises(ValidationError):
        validate_password("Sekadau2025!")


@pytest.mark.parametrize(
    ("sandi", "pesan"),
    [
        ("kucing", "terlalu pendek"),  # minimum 10
        ("1234567890", "seluruhnya terdiri dari angka"),
        ("password123", "terlalu umum"),
    ],
)
def test_djangos_rules_hold(sandi, pesan):
    with pytest.raises(ValidationError) as galat:
        validate_password(sandi)
    assert any(pesan in m for m in galat.value.messages), galat.value.messages


def test_a_passphrase_is_accepted_and_so_is_the_demo_password():
    validate_password("kopi-pagi-hujan-deras")
    validate_password("bulukumba-kopi-pagi-hujan")  # a local word among enough others
    validate_password(DEMO_PASSWORD)


def test_the_demo_accounts_command_refuses_a_local_word_password(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="ditolak"):
        call_command("buat_akun_demo", "--password", "dinsos2026", stdout=io.StringIO())


def test_the_account_page_refuses_a_local_word_as_new_password(client, personas):
    client.force_login(personas.peksos)
    jawab = client.post(
        "/akun/sandi/",
        {"old_password": PASSWORD, "new_password1": "bulukumba1", "new_password2": "bulukumba1"},
    )
    assert jawab.status_code == 400
    assert "nama kantor, dinas atau daerah" in jawab.content.decode()
    personas.peksos.refresh_from_db()
    assert personas.peksos.check_password(PASSWORD)


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(personas):
    di_kantor, di_rumah = Client(), Client()
    assert di_kantor.login(username="bima", password=PASSWORD)
    assert di_rumah.login(username="bima", password=PASSWORD)
    assert di_rumah.get("/staf/").status_code == 200

    jawab = di_kantor.post(
        "/akun/sandi/",
        {
            "old_password": PASSWORD,
            "new_password1": "kopi-pagi-hujan-deras",
            "new_password2": "kopi-pagi-hujan-deras",
        },
    )
    assert jawab.status_code == 302 and jawab["Location"] == "/akun/"
    assert di_kantor.get("/staf/").status_code == 200
    keluar = di_rumah.get("/staf/")
    assert keluar.status_code == 302 and keluar["Location"].startswith("/masuk/")
    assert Client().login(username="bima", password="kopi-pagi-hujan-deras")


def test_a_wrong_old_password_is_refused(client, personas):
    client.force_login(personas.peksos)
    jawab = client.post(
        "/akun/sandi/",
        {
            "old_password": "bukan-ini",
            "new_password1": "kopi-pagi-hujan-deras",
            "new_password2": "kopi-pagi-hujan-deras",
        },
    )
    assert jawab.status_code == 400 and "Kata sandi salah" in jawab.content.decode()
