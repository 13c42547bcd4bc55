"""Logging in through the pages in a browser, second factor included.

After the password, an official who approves or signs (and an admin) is sent
either to enrol an authenticator app (no device yet: the journey reads the
secret shown as text, as a person types it into an app) or to the code step
(a confirmed device: the journey computes the current code from the device's
key, as the app on the phone does)."""

from __future__ import annotations

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page

from tests.akun.totp_uji import kode_dari_rahasia


def kode_perangkat(username: str) -> str:
    """The code the user's app shows now, or the next step's when this one was
    used already (a code is accepted once; the device tolerates one step ahead)."""
    while True:
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        sekarang = totp.t()
        langkah = max(sekarang, device.last_t + 1)
        if langkah <= sekarang + device.tolerance:
            totp.time += (langkah - sekarang) * device.step
            return f"{totp.token():0{device.digits}d}"
        time.sleep(1)


def selesaikan_faktor_kedua(page: Page, username: str) -> None:
    """Whatever the login asks after the password: enrol, or type the code."""
    page.wait_for_load_state()
    if "/akun/faktor/" in page.url:
        if page.locator("code[data-rahasia]").count() == 0:
            page.click("button:has-text('Mulai pendaftaran')")
            page.wait_for_load_state()
        rahasia = page.locator("code[data-rahasia]").inner_text()
        page.fill("input[name=kode]", kode_dari_rahasia(rahasia))
        page.click("button:has-text('Aktifkan')")
        page.wait_for_load_state()
    elif "/masuk/kode/" in page.url:
        page.fill("input[name=kode]", kode_perangkat(username))
        page.click("button:has-text('Lanjutkan')")
        page.wait_for_load_state()


def masuk(page: Page, url_masuk: str, username: str, password: str) -> None:
    """The login page, then the second factor if the account needs it."""
    page.goto(url_masuk)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    selesaikan_faktor_kedua(page, username)
