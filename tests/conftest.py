"""Shared fixtures: one office with a named persona for every role, and an
outsider from another office, so every test can try insider and outsider."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from akun.sesi import perlu_faktor_kedua
from layanan.models import Instansi
from tests.factories import make_instansi
from tests.personas import Personas, personas_untuk


@pytest.fixture
def instansi(db) -> Instansi:
    return make_instansi()


@pytest.fixture
def personas(db, instansi) -> Personas:
    """Rina (front desk), Bima (peksos), Dewi (koordinator), Hasan (Kabid), Yusuf
    (Kadis), Lestari (admin) and Maria (at a panti of the office) working for
    `instansi`, called by their first names; Joko, Kabid of `instansi_lain`
    (tests/personas.py)."""
    return personas_untuk(instansi, akhiran="", panggilan=True).lengkap()


@pytest.fixture(scope="session", autouse=True)
def sertifikat_uji(tmp_path_factory) -> Iterator[Path]:
    """Letters are signed in every test as in production (rujukan.tanda_tangan):
    a self-signed certificate made once per run is the portal-wide one."""
    from rujukan.tanda_tangan import buat_sertifikat_demo

    path = tmp_path_factory.mktemp("sertifikat") / "portal-uji.p12"
    pass_path = buat_sertifikat_demo(path, nama="Portal Layanan Dinas Sosial (UJI)")
    lama = {k: os.environ.get(k) for k in _VARIABEL_TTD}
    os.environ.pop("PORTAL_TANDA_TANGAN", None)
    os.environ["PORTAL_PKCS12"] = str(path)
    os.environ["PORTAL_PKCS12_PASSPHRASE_FILE"] = str(pass_path)
    yield path
    for k, v in lama.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


_VARIABEL_TTD = ("PORTAL_TANDA_TANGAN", "PORTAL_PKCS12", "PORTAL_PKCS12_PASSPHRASE_FILE")


# -- logging in within tests ---------------------------------------------------------------------
# Officials who approve and sign, and admins, must confirm a second factor (a
# TOTP code) after their password (akun/). Like `force_login` skips the
# password, the test client's `force_login` here also skips typing the code:
# the user gets a confirmed TOTP device and the session is marked verified, as
# django_otp.login does. `masuk_tanpa_faktor_kedua` logs in without it, for the
# tests of the second factor itself. `client.login` goes through django-axes
# like a real login, which needs the request: a test request is passed.
_force_login_asli = Client.force_login
_login_asli = Client.login


def beri_faktor_kedua(client: Client, user: User) -> TOTPDevice:
    """The user's confirmed TOTP device (made if missing), and the client's
    session verified with it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Ponsel uji", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def masuk_tanpa_faktor_kedua(client: Client, user: User) -> None:
    """Logged in with the password step only: the second factor not confirmed yet."""
    _force_login_asli(client, user)


def permintaan_uji() -> HttpRequest:
    request = HttpRequest()
    request.META["REMOTE_ADDR"] = "127.0.0.1"
    return request


@pytest.fixture(autouse=True)
def _masuk_dengan_faktor_kedua(monkeypatch) -> None:
    def force_login(self, user, backend=None):
        _force_login_asli(self, user, backend)
        if perlu_faktor_kedua(user):
            beri_faktor_kedua(self, user)

    def login(self, **credentials):
        credentials.setdefault("request", permintaan_uji())
        return _login_asli(self, **credentials)

    monkeypatch.setattr(Client, "force_login", force_login)
    monkeypatch.setattr(Client, "login", login)
