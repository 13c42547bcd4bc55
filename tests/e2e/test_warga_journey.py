"""A citizen on a 390 px phone: from the public pages to "Permohonan saya",
a login by the code read from the outgoing WhatsApp message, her answered
complaint with the office's answer, and her returned case taking the missing
document; another number typed wrong five times is locked with a clear
message. Screenshots go to $E2E_SCREENSHOTS (when set)."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from playwright.sync_api import expect

from pengaduan import services as aduan_services
from rujukan import services as s
from rujukan.models import Status
from rujukan.services.intake import DataPemohon
from tests.berkas_palsu import pdf, png
from tests.factories import make_instansi
from tests.pengaduan.factories import ajukan
from tests.personas import personas_untuk
from tests.rujukan.factories import data_klien, standar_sederhana
from tests.warga.bantu import kode_dari, pesan_terakhir, tautan_dari

pytestmark = pytest.mark.e2e
PONSEL = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
NOMOR = "0812 3000 4000"
NOMOR_62 = "6281230004000"


def _potret(page, nama: str) -> None:
    folder = os.environ.get("E2E_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, nama), full_page=True)


def _muat_halaman(page) -> None:
    lebar = page.evaluate("document.documentElement.scrollWidth")
    assert lebar <= 390, lebar  # nothing wider than the phone


@pytest.fixture
def warga_dan_kantor(transactional_db):
    instansi = make_instansi()
    staf = personas_untuk(instansi)
    layanan = standar_sederhana(instansi, waktu_nilai=5, waktu_satuan="hari_kerja")
    r = s.rujukan_register(
        by=staf.petugas_loket,
        permohonan=s.PermohonanBaru(
            layanan=layanan,
            klien=data_klien(dt.date(1948, 5, 1), perempuan=True, nama="Siti Aminah"),
            pemohon=DataPemohon(jenis="keluarga", nama="Nur Aini", telepon=NOMOR),
            berkas={layanan.persyaratan.get().pk: pdf()},
        ),
    ).rujukan
    item = r.berkas.get()
    s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    s.berkas_tandai(rujukan=r, by=staf.petugas_loket, item=item, terpenuhi=False, catatan="Buram")
    s.rujukan_return_to_pemohon(
        rujukan=r,
        by=staf.petugas_loket,
        catatan="Fotokopi KTP buram; mohon unggah foto KTP yang jelas.",
    )
    p, _kode = ajukan(instansi, telepon="081230004000", judul="Bantuan lansia belum cair")
    aduan_services.pengaduan_start_check(pengaduan=p, by=staf.petugas_loket)
    aduan_services.pengaduan_answer(
        pengaduan=p,
        by=staf.petugas_loket,
        isi=(
            "Bantuan untuk nenek Anda sudah dicairkan; silakan ambil di kantor pos "
            "mulai 5 Desember."
        ),
    )
    return r, p


def test_a_citizen_logs_in_by_code_and_reads_the_answer_on_a_phone(
    new_context, live_server, warga_dan_kantor
):
    r, p = warga_dan_kantor
    page = new_context(base_url=live_server.url, **PONSEL).new_page()
    page.set_default_timeout(5_000)
    page.goto("/layanan/")
    page.get_by_role("link", name="Permohonan saya").click()
    expect(page).to_have_url(f"{live_server.url}/warga/masuk/")
    _muat_halaman(page)
    _potret(page, "warga-masuk-390.png")
    page.get_by_label("Nomor HP/WhatsApp atau alamat email").fill(NOMOR)
    page.get_by_role("button", name="Kirim kode").click()
    expect(
        page.get_by_text("Kode 6 angka sudah dikirim lewat WhatsApp ke 0812****4000")
    ).to_be_visible()
    _potret(page, "warga-kode-390.png")
    # the code, as the citizen reads it in WhatsApp: the outgoing message
    kode = kode_dari(pesan_terakhir(NOMOR_62))
    page.get_by_label("Kode 6 angka").fill(kode)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(f"{live_server.url}/warga/")
    aduan = page.locator(f"#pengaduan-{p.pk}")
    expect(aduan).to_contain_text(p.nomor)
    expect(aduan).to_contain_text("Dijawab")
    expect(aduan).to_contain_text("sudah dicairkan; silakan ambil di kantor pos")
    kasus = page.locator(f"#permohonan-{r.pk}")
    expect(kasus).to_contain_text(r.nomor_registrasi)
    expect(kasus).to_contain_text("Fotokopi KTP buram")
    _muat_halaman(page)
    _potret(page, "warga-beranda-390.png")
    # the missing document, from the phone's gallery
    foto = png("ktp.png", size=(640, 400))
    kasus.locator("input[type=file]").first.set_input_files(
        {"name": "ktp.png", "mimeType": "image/png", "buffer": foto.read()}
    )
    kasus.get_by_role("button", name="Kirim berkas").click()
    expect(page.get_by_text("Berkas diterima")).to_be_visible()
    expect(page.locator(f"#permohonan-{r.pk}")).to_contain_text("Pemeriksaan berkas")
    _potret(page, "warga-terkirim-390.png")
    page.set_viewport_size({"width": 1280, "height": 800})
    _potret(page, "warga-beranda-1280.png")
    r.refresh_from_db()
    assert r.status == Status.PEMERIKSAAN_BERKAS
    page.get_by_role("button", name="Keluar").click()
    expect(page).to_have_url(f"{live_server.url}/warga/masuk/")


def test_five_wrong_codes_lock_the_number_with_a_clear_message(new_context, live_server):
    page = new_context(base_url=live_server.url, **PONSEL).new_page()
    page.set_default_timeout(5_000)
    page.goto("/warga/masuk/")
    page.get_by_label("Nomor HP/WhatsApp atau alamat email").fill("0813 5555 6666")
    page.get_by_role("button", name="Kirim kode").click()
    kode = kode_dari(pesan_terakhir("6281355556666"))
    salah = f"{(int(kode) + 1) % 10**6:06d}"
    for sisa in (4, 3, 2, 1):
        page.get_by_label("Kode 6 angka").fill(salah)
        page.get_by_role("button", name="Masuk").click()
        expect(page.get_by_role("alert")).to_have_text(
            f"Kode salah. Sisa {sisa} kali percobaan untuk kode ini."
        )
    page.get_by_label("Kode 6 angka").fill(salah)
    with page.expect_response(lambda resp: resp.url.endswith("/warga/masuk/kode/")) as jawaban:
        page.get_by_role("button", name="Masuk").click()
    assert jawaban.value.status == 429
    expect(page.get_by_role("alert")).to_contain_text(
        "dikunci sementara karena 5 kali salah memasukkan kode"
    )
    expect(page.get_by_role("alert")).to_contain_text("coba lagi dalam 15 menit")
    expect(page.get_by_label("Kode 6 angka")).to_have_count(0)
    _muat_halaman(page)
    _potret(page, "warga-terkunci-390.png")


def test_an_email_link_logs_the_citizen_in_once(new_context, live_server):
    """The link from the e-mail asks one click (a scanner's GET does not use it
    up) and works once; the browser's real POST passes the CSRF origin check."""
    page = new_context(base_url=live_server.url, **PONSEL).new_page()
    page.set_default_timeout(5_000)
    page.goto("/warga/masuk/")
    page.get_by_label("Nomor HP/WhatsApp atau alamat email").fill("nur.aini@example.com")
    page.get_by_role("button", name="Kirim kode").click()
    expect(page.get_by_role("heading", name="Periksa email Anda")).to_be_visible()
    tautan = tautan_dari(pesan_terakhir("nur.aini@example.com"))
    page.goto(tautan)
    _potret(page, "warga-tautan-390.png")
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(f"{live_server.url}/warga/")
    expect(page.get_by_text("Masuk sebagai n***@example.com.")).to_be_visible()
    page.get_by_role("button", name="Keluar").click()
    page.goto(tautan)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("alert")).to_contain_text("Tautan masuk tidak berlaku")
