"""A Kepala Dinas's first login in a browser: the password, then enrolling an
authenticator app from the QR page (the secret typed as text), then the staff
home; the next login asks the code from the app."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.akun.totp_uji import kode_dari_rahasia
from tests.e2e.conftest import PASSWORD
from tests.e2e.masuk import kode_perangkat

pytestmark = pytest.mark.e2e


def test_a_kadis_enrols_the_second_factor_then_types_the_code(phone, personas):
    phone.goto("/masuk/")
    phone.fill("input[name=username]", "yusuf")
    phone.fill("input[name=password]", PASSWORD)
    phone.click("button[type=submit]")
    expect(phone.locator("h1")).to_contain_text("Verifikasi dua langkah")
    assert "/akun/faktor/" in phone.url
    phone.click("button:has-text('Mulai pendaftaran')")
    expect(phone.locator("img[alt='Kode QR untuk aplikasi autentikator']")).to_be_visible()
    rahasia = phone.locator("code[data-rahasia]").inner_text()
    phone.fill("input[name=kode]", kode_dari_rahasia(rahasia))
    phone.click("button:has-text('Aktifkan')")
    expect(phone.locator("h1")).to_contain_text("Selamat datang, Yusuf")
    assert TOTPDevice.objects.get(user=personas.kadis).confirmed
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    phone.click("button:has-text('Keluar')")
    phone.goto("/masuk/")
    phone.fill("input[name=username]", "yusuf")
    phone.fill("input[name=password]", PASSWORD)
    phone.click("button[type=submit]")
    expect(phone.locator("h1")).to_contain_text("Verifikasi dua langkah")
    phone.fill("input[name=kode]", "000000" if kode_perangkat("yusuf") != "000000" else "111111")
    phone.click("button:has-text('Lanjutkan')")
    expect(phone.locator("[role=alert]")).to_contain_text("Kode salah")
    # django-otp refuses every code for 1 s after a wrong one: that second passes
    TOTPDevice.objects.filter(user=personas.kadis).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(seconds=3)
    )
    phone.fill("input[name=kode]", kode_perangkat("yusuf"))
    phone.click("button:has-text('Lanjutkan')")
    expect(phone.locator("h1")).to_contain_text("Selamat datang, Yusuf")
