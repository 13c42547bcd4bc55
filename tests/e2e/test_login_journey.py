"""An officer enters the portal through the staff login page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_officer_logs_in_on_desktop_and_lands_on_his_home(desktop, login, personas):
    login(desktop, personas.kabid)
    expect(desktop.locator("h1")).to_contain_text("Selamat datang, Hasan")
    expect(desktop.locator("main")).to_contain_text(f"Kepala Bidang — {personas.instansi.nama}")


def test_wrong_password_keeps_the_officer_on_the_login_page(phone, personas):
    phone.goto("/masuk/")
    phone.fill("input[name=username]", "hasan")
    phone.fill("input[name=password]", "salah-sandi")
    phone.click("button[type=submit]")
    assert "/masuk/" in phone.url
    expect(phone.locator("h1")).not_to_contain_text("Selamat datang")
    # The login form fits a 360 px phone without sideways scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
