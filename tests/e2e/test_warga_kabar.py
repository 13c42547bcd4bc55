"""A citizen on a 390 px phone chooses how news of her cases reaches her
(issue 12 item 3). Screenshots go to $E2E_SCREENSHOTS (when set)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from notifikasi.models import PreferensiKontak
from tests.e2e.test_warga_journey import NOMOR, NOMOR_62, PONSEL, _muat_halaman, _potret
from tests.warga.bantu import kode_dari, pesan_terakhir

pytestmark = pytest.mark.e2e


def test_a_citizen_chooses_sms_for_her_news_on_a_phone(new_context, live_server, transactional_db):
    page = new_context(base_url=live_server.url, **PONSEL).new_page()
    page.set_default_timeout(5_000)
    page.goto("/warga/masuk/")
    page.get_by_label("Nomor HP/WhatsApp atau alamat email").fill(NOMOR)
    page.get_by_role("button", name="Kirim kode").click()
    page.get_by_label("Kode 6 angka").fill(kode_dari(pesan_terakhir(NOMOR_62)))
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(f"{live_server.url}/warga/")
    kabar = page.locator("#kabar")
    expect(kabar.get_by_label("Email")).to_have_count(0)  # a phone login: no e-mail choice
    kabar.get_by_label("SMS").check()
    kabar.get_by_role("button", name="Simpan pilihan").click()
    expect(page.get_by_text("Pilihan Anda disimpan.")).to_be_visible()
    expect(page.locator("#kabar").get_by_label("SMS")).to_be_checked()
    _muat_halaman(page)
    page.locator("#kabar").scroll_into_view_if_needed()
    _potret(page, "warga-kabar-390.png")
    assert list(PreferensiKontak.objects.values_list("kanal", flat=True)) == ["sms"]
