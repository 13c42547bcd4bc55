"""Someone handed a printed letter scans its QR code with a phone: the address
opens the public verification page, which fits the screen; they upload the
PDF they were sent and read that it is the original ("asli")."""

from __future__ import annotations

import subprocess

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from tests.rujukan.dokumen_uji import isi, terbitkan_surat

pytestmark = pytest.mark.e2e

PONSEL_390 = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


def _alamat_qr(pdf: bytes, tmp_path) -> str:
    """The QR code of the printed page, read by a real decoder."""
    path = tmp_path / "surat.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(path), str(tmp_path / "hal")],
        check=True,
    )
    kode = zxingcpp.read_barcodes(Image.open(next(tmp_path.glob("hal*.png"))))
    # the verification code; the other is the survey's (tests/survei/test_tautan.py)
    (alamat,) = [qr.text for qr in kode if "/verifikasi/" in qr.text]
    return alamat


def test_the_printed_qr_opens_the_verification_page_on_a_phone_and_the_pdf_is_asli(
    new_context, live_server, settings, tmp_path
):
    settings.PORTAL_URL = live_server.url
    terbit = terbitkan_surat()
    pdf = isi(terbit.surat)
    alamat = _alamat_qr(pdf, tmp_path)
    assert alamat.startswith(live_server.url + "/verifikasi/")

    page = new_context(**PONSEL_390).new_page()
    page.set_default_timeout(5_000)
    page.goto(alamat)
    expect(page.locator("h1")).to_have_text("Surat Rekomendasi")
    expect(page.locator(".status-dokumen")).to_contain_text("BERLAKU")
    expect(page.locator("main")).to_contain_text(terbit.surat.nomor)
    expect(page.locator("main")).to_contain_text("Sit* Ami***")
    expect(page.locator("main")).not_to_contain_text("Siti Aminah")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # choosing the file sends it (no button needed on a phone)
    page.set_input_files(
        "input[name=berkas]",
        files=[{"name": "surat.pdf", "mimeType": "application/pdf", "buffer": pdf}],
    )
    expect(page.locator("[data-hasil]")).to_have_attribute("data-hasil", "asli")
    expect(page.locator("[data-hasil]")).to_contain_text("ASLI")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # a copy someone altered is told apart
    ubah = bytearray(pdf)
    ubah[len(ubah) // 2] ^= 0x01
    page.set_input_files(
        "input[name=berkas]",
        files=[{"name": "surat.pdf", "mimeType": "application/pdf", "buffer": bytes(ubah)}],
    )
    expect(page.locator("[data-hasil]")).to_have_attribute("data-hasil", "beda")


def test_the_short_code_typed_on_a_phone_opens_the_same_page(phone, live_server, settings):
    settings.PORTAL_URL = live_server.url
    terbit = terbitkan_surat()
    phone.goto("/verifikasi/")
    phone.get_by_label("Kode verifikasi").fill(terbit.surat.kode_tampil.lower())
    phone.get_by_role("button", name="Periksa").click()
    expect(phone.locator("h1")).to_have_text("Surat Rekomendasi")
    assert phone.url.endswith(f"/verifikasi/{terbit.surat.token}/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
