"""A citizen on a phone opens the catalog, finds the Bulukumba service and
reads its steps: who does what, and how long each step takes."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

BULUKUMBA = "Dinas Sosial Kabupaten Bulukumba"
LAYANAN = re.compile(r"Lanjut Usia Terlantar Ke UPT", re.IGNORECASE)
# The seven published steps of the Bulukumba standard, with their standard times.
LANGKAH = [
    ("Petugas Desa / Kelurahan membuat surat permohonan kepada Dinas Sosial", None),
    ("menugaskan Pekerja Sosial Profesional untuk melakukan verifikasi lapangan", "30 menit"),
    ("menyiapkan persyaratan administrasi meliputi", "2 menit"),
    ("Kepala Bidang menelaah dan menparaf persetujuan", "5 menit"),
    ("Kepala Dinas Sosial menandatangani persetujuan klien", None),
    ("Rekomendasi diserahkan ke Peksos dan Kabid Rehabilitasi Sosial", "3 menit"),
    ("Klien dikirim ke UPT Dinas Sosial Provinsi Sulawesi Selatan", None),
]


@pytest.fixture
def standar():
    call_command("muat_standar", stdout=StringIO())


def read_the_steps(page: Page) -> None:
    prosedur = page.locator("section").filter(
        has=page.get_by_role("heading", name=re.compile("prosedur", re.IGNORECASE))
    )
    steps = prosedur.locator("ol > li")
    expect(steps).to_have_count(len(LANGKAH))
    for index, (teks, waktu) in enumerate(LANGKAH):
        step = steps.nth(index)
        expect(step).to_contain_text(teks)
        step.scroll_into_view_if_needed()
        expect(step).to_be_visible()
        if waktu:
            expect(step).to_contain_text(waktu)
            expect(step.get_by_text(waktu)).to_be_visible()
    # 30 + 2 + 5 + 3 minutes: the standard's total time.
    expect(page.get_by_text("40 menit").first).to_be_visible()
    # Readable on a 360 px phone: nothing forces sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_citizen_finds_bulukumba_service_in_the_office_list(phone, standar):
    phone.goto("/")
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    office = phone.locator("section").filter(has=phone.get_by_role("heading", name=BULUKUMBA))
    expect(office).to_have_count(1)
    office.get_by_role("link", name=LAYANAN).first.tap()
    expect(phone.get_by_role("heading", level=1)).to_contain_text(LAYANAN)
    read_the_steps(phone)


def test_citizen_finds_bulukumba_service_with_the_search_box(phone, standar):
    phone.goto("/layanan/")
    search = phone.get_by_role("searchbox")
    search.tap()
    search.fill("lanjut usia")
    search.press("Enter")
    phone.wait_for_load_state()
    # Banjar's service also speaks of "lanjut usia terlantar": take Bulukumba's.
    result = phone.get_by_role("link", name=re.compile("lanjut usia", re.IGNORECASE))
    expect(result.filter(has_text="Banjar")).not_to_have_count(0)
    result = result.filter(has_text="Bulukumba")
    expect(result).to_have_count(1)
    result.tap()
    expect(phone.get_by_role("heading", level=1)).to_contain_text(LAYANAN)
    expect(phone.get_by_text(BULUKUMBA).first).to_be_visible()
    read_the_steps(phone)
