"""A citizen on a phone files a complaint with a photo, gets the ticket and code; an officer
answers it on a desktop; the citizen reads the answer, closes it and rates the handling."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pengaduan.models import Pengaduan, Penilaian
from tests.berkas_palsu import jpeg_di

pytestmark = pytest.mark.e2e


def fits(page, width: int = 360) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def test_citizen_files_with_photo_officer_answers_citizen_rates(
    phone, desktop, login, personas, tmp_path
):
    instansi = personas.instansi
    instansi.kontak_darurat = "0811-5000-112 (TRC Dinsos)"
    instansi.save()
    foto = jpeg_di(tmp_path / "lansia_di_pasar.jpg", size=(1200, 900), warna=(150, 120, 90))

    # 1. The citizen, on a phone, without an account.
    phone.goto(f"/pengaduan/baru/?instansi={instansi.slug}")
    expect(phone.locator(".darurat")).to_contain_text("0811-5000-112 (TRC Dinsos)")
    fits(phone)
    phone.get_by_label("Pengaduan", exact=True).check()
    phone.get_by_label("Judul singkat").fill("Lansia terlantar di Pasar Lima")
    phone.get_by_label("Apa yang terjadi?").fill(
        "Seorang nenek tidur di emperan Pasar Lima sejak seminggu, tampak sakit."
    )
    phone.get_by_label("Lampiran (foto atau PDF)").set_input_files(str(foto))
    phone.get_by_label("Nama Anda").fill("Siti Rahmawati")
    phone.get_by_label("Nomor telepon/WhatsApp").fill("0812 3456 7890")
    phone.get_by_role("button", name="Kirim laporan").click()

    expect(phone.locator("h1")).to_contain_text("sudah kami terima")
    nomor = phone.locator("#nomor-tiket").inner_text().strip()
    kode = phone.locator("#kode-pelacakan").inner_text().strip()
    assert nomor.startswith("ADU-") and len(kode) == 14  # XXXX-XXXX-XXXX
    fits(phone)
    p = Pengaduan.objects.get(nomor=nomor)
    assert p.lampiran.get().tipe_konten == "image/jpeg"

    # 2. The front-desk officer, logged in on a desktop, opens it and answers.
    login(desktop, personas.petugas_loket)
    desktop.goto("/pengaduan/staf/")
    desktop.get_by_role("link", name=nomor).click()
    expect(desktop.locator("h1")).to_contain_text("Lansia terlantar di Pasar Lima")
    expect(desktop.get_by_role("link", name="lansia_di_pasar.jpg")).to_be_visible()
    desktop.get_by_role("link", name="Jawab pelapor").click()
    desktop.get_by_label("Jawaban kepada pelapor").fill(
        "Tim TRC sudah menjemput nenek tersebut dan membawanya ke rumah singgah."
    )
    desktop.get_by_role("button", name="Jawab pelapor").click()
    expect(desktop.locator(".messages")).to_contain_text("berhasil")
    expect(desktop.locator(".badge").first).to_have_text("Dijawab")

    # 3. The citizen tracks it with number + code, reads the answer, closes and rates.
    phone.goto("/pengaduan/lacak/")
    phone.get_by_label("Nomor tiket").fill(nomor)
    phone.get_by_label("Kode pelacakan").fill(kode.lower())
    phone.get_by_role("button", name="Lihat pengaduan").click()
    expect(phone.locator(".percakapan")).to_contain_text("Tim TRC sudah menjemput nenek")
    fits(phone)
    phone.get_by_role("button", name="Ya, masalah saya selesai").click()
    expect(phone.locator(".messages")).to_contain_text("mohon beri penilaian")
    phone.get_by_label("4 — Sangat puas").check()
    phone.get_by_label("Komentar (boleh dikosongkan)").fill("Cepat sekali, terima kasih.")
    phone.get_by_role("button", name="Kirim penilaian").click()
    expect(phone.locator(".messages")).to_contain_text("Terima kasih atas penilaian Anda")
    expect(phone.locator("main")).to_contain_text("Penilaian Anda: Sangat puas")
    fits(phone)

    p.refresh_from_db()
    assert p.status == Pengaduan.Status.SELESAI
    assert Penilaian.objects.get(pengaduan=p).nilai == 4
