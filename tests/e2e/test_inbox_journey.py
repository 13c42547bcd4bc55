"""A Kadis's approvals inbox in a real browser: the count in the header, the
review page with the home-visit photo beside the draft, one signature from
the review page and two at once from the inbox, then an empty inbox.
Screenshots at 390 and 1280 px go to $E2E_SCREENSHOTS (when set)."""

from __future__ import annotations

import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lapangan.models import Dokumentasi
from rujukan.models import Asesmen, Kegiatan, Rujukan, Status
from tests.e2e.conftest import PASSWORD
from tests.factories import make_instansi
from tests.rujukan.factories import kasus_di_persetujuan, png, staf_untuk, standar_sederhana

pytestmark = pytest.mark.e2e


def _foto_kunjungan(r: Rujukan, staf) -> None:
    """The field evidence of a case: the assessment and a home visit with its photo."""
    Asesmen.objects.create(
        rujukan=r,
        kondisi="Lansia tinggal sendiri, atap rumah bocor.",
        kesimpulan_layak=True,
        alasan="Tidak ada keluarga yang merawat.",
        oleh=staf.peksos,
        lintang="-3.316694",
        bujur="114.590111",
    )
    kunjungan = Kegiatan.objects.create(
        rujukan=r,
        jenis="kunjungan_rumah",
        tanggal=timezone.localdate(),
        uraian="Kunjungan rumah bersama ketua RT.",
        oleh=staf.peksos,
    )
    foto = png("rumah.png", size=(320, 240))
    Dokumentasi.objects.create(
        rujukan=r,
        kegiatan=kunjungan,
        jenis="foto",
        berkas=foto,
        mime="image/png",
        ukuran=foto.size,
        diunggah_oleh=staf.peksos,
    )


def _potret(page, nama: str) -> None:
    folder = os.environ.get("E2E_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, nama), full_page=True)


@pytest.fixture
def tiga_surat(transactional_db):
    instansi = make_instansi()
    layanan = standar_sederhana(instansi)
    staf = staf_untuk(instansi)
    kasus = [kasus_di_persetujuan(layanan, staf) for _ in range(3)]
    _foto_kunjungan(kasus[0], staf)
    return staf, kasus


def test_kadis_reviews_the_evidence_and_signs_three_letters(desktop, login, tiga_surat):
    page = desktop
    staf, kasus = tiga_surat
    login(page, staf.kadis)
    expect(page.locator("[data-jumlah-persetujuan]")).to_have_text("3")
    page.locator("a.nav-persetujuan").click()
    expect(page.locator(".persetujuan-item")).to_have_count(3)
    expect(page.locator("input[name=pilih]")).to_have_count(0)  # none opened yet
    _potret(page, "inbox-1280.png")

    # the first: the photo of the home visit beside the draft, then signed there
    page.locator(f"a[href$='/persetujuan/{kasus[0].pk}/']").click()
    foto = page.locator(".periksa-bukti .foto-grid img")
    expect(foto).to_have_count(1)
    expect(page.locator(".periksa-konsep iframe.pratinjau")).to_be_visible()
    foto.scroll_into_view_if_needed()
    page.wait_for_function(  # the thumbnail really loads (the approver may see it)
        "() => { const i = document.querySelector('.periksa-bukti .foto-grid img');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )
    kiri = page.locator(".periksa-konsep").bounding_box()
    kanan = page.locator(".periksa-bukti").bounding_box()
    assert kiri["x"] + kiri["width"] <= kanan["x"]  # side by side at 1280 px
    expect(page.locator("main")).to_contain_text("Lansia tinggal sendiri, atap rumah bocor.")
    _potret(page, "periksa-1280.png")
    page.locator("form:has(input[name=keputusan][value=setujui]) input[name=kata_sandi]").fill(
        PASSWORD
    )
    page.locator("form:has(input[name=keputusan][value=setujui]) button[type=submit]").click()
    expect(page.locator(".messages .msg-success")).to_contain_text(kasus[0].nomor_registrasi)
    expect(page.locator(".persetujuan-item")).to_have_count(2)

    # the other two: each opened, then both signed at once
    for r in kasus[1:]:
        page.locator(f"a[href$='/persetujuan/{r.pk}/']").click()
        expect(page.locator(".periksa-konsep iframe.pratinjau")).to_be_visible()
        page.go_back()
    page.reload()
    pilih = page.locator("input[name=pilih]")
    expect(pilih).to_have_count(2)
    for i in range(2):
        pilih.nth(i).check()
    page.locator("fieldset input[name=kata_sandi]").fill(PASSWORD)
    with page.expect_navigation(timeout=60_000):  # two letters signed and issued
        page.locator("fieldset button[type=submit]").click(no_wait_after=True)
    expect(page.locator(".messages .msg-success")).to_have_count(2)
    expect(page.locator(".persetujuan-item")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Tidak ada konsep atau usulan")
    expect(page.locator("[data-jumlah-persetujuan]")).to_have_text("0")
    assert set(
        Rujukan.objects.filter(pk__in=[r.pk for r in kasus]).values_list("status", flat=True)
    ) == {Status.PRODUK_TERBIT}


def test_the_review_page_on_a_phone(phone, login, tiga_surat):
    page = phone
    staf, kasus = tiga_surat
    login(page, staf.kadis)
    page.goto("/rujukan/persetujuan/")
    expect(page.locator(".persetujuan-item")).to_have_count(3)
    _potret(page, "inbox-390.png")
    page.goto(f"/rujukan/persetujuan/{kasus[0].pk}/")
    expect(page.locator(".periksa-bukti .foto-grid img")).to_have_count(1)
    lebar = page.evaluate("document.documentElement.scrollWidth")
    assert lebar <= 390, lebar  # nothing wider than the phone
    _potret(page, "periksa-390.png")
