"""One browser journey per kind of product: a certificate issued at the desk,
a registration, goods handed over with a berita acara — none through the
approval chain — and a letter through the chain whose signer is either of two
officials ("Kepala Dinas atau Kepala Bidang"), after the Kadis's disposition."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from layanan.models import JenisProduk
from rujukan.models import Dokumen, Status
from tests.e2e.test_rujukan_alur import (
    ajukan_konsep,
    aksi,
    buka,
    daftar_di_loket,
    harus_status,
    setujui,
)
from tests.personas import personas_untuk
from tests.rujukan.factories import nik
from tests.rujukan.test_langkah import standar_disposisi
from tests.rujukan.test_produk_loket import standar_loket

pytestmark = pytest.mark.e2e


def langkah_berjalan(page):
    return page.locator("#prosedur .ck-berjalan .ck-teks")


@pytest.mark.parametrize(
    ("jenis", "produk", "dokumen"),
    [
        (JenisProduk.SURAT_LOKET, "Surat Keterangan Terdaftar DTKS", "surat_keterangan"),
        (JenisProduk.REGISTRASI, "Tanda Terdaftar PMKS", "bukti_registrasi"),
        (JenisProduk.BARANG_JASA, "Paket bantuan sembako", "berita_acara"),
    ],
)
def test_desk_product_journey(desktop, login, transactional_db, jenis, produk, dokumen):
    page = desktop
    layanan = standar_loket(jenis, produk)
    staf = personas_untuk(layanan.instansi)
    login(page, staf.petugas_loket)
    rujukan, _ = daftar_di_loket(
        page, layanan, nama="Siti Aminah", nik_klien=nik(dt.date(1970, 4, 4))
    )
    buka(page, rujukan)
    aksi(page, "periksa")
    harus_status(page, Status.PEMERIKSAAN_BERKAS)
    # no draft, no approval chain: the desk issues the product itself
    expect(page.locator(".aksi-bar a[href$='/aksi/ajukan-konsep/']")).to_have_count(0)
    aksi(page, "terbitkan-loket", pesan="Produk layanan diterbitkan.")
    harus_status(page, Status.PRODUK_TERBIT)
    expect(langkah_berjalan(page)).to_have_text(["Produk diserahkan kepada pemohon"])
    dok = Dokumen.objects.get(rujukan=rujukan, jenis=dokumen)
    link = page.locator(f"#dokumen a[href='/rujukan/{rujukan.pk}/dokumen/{dok.pk}/']")
    response = page.request.get(link.get_attribute("href"))
    assert response.ok and response.body()[:5] == b"%PDF-"
    aksi(page, "serahkan")
    aksi(page, "tutup")
    harus_status(page, Status.SELESAI)
    expect(page.locator("#prosedur .ck-selesai")).to_have_count(4)


def test_chain_letter_with_an_either_or_signer(desktop, login, transactional_db):
    page = desktop
    layanan, staf = standar_disposisi()
    login(page, staf.petugas_loket)
    rujukan, _ = daftar_di_loket(
        page, layanan, nama="La Ode Umar", nik_klien=nik(dt.date(1965, 7, 7))
    )
    buka(page, rujukan)
    aksi(page, "periksa")
    # the Kadis's disposition comes first: the desk sees whose turn it is
    expect(langkah_berjalan(page)).to_have_text(["Kepala Dinas mendisposisi permohonan"])
    expect(page.locator("#prosedur")).to_contain_text("Menunggu Kepala Dinas Sosial.")
    expect(page.locator(".aksi-bar a[href$='/aksi/berkas-lengkap/']")).to_have_count(0)
    login(page, staf.kadis)
    buka(page, rujukan)
    page.fill("#prosedur textarea[name=catatan]", "Disposisi ke Kasi Linjamsos untuk diproses.")
    page.get_by_role("button", name="Tandai langkah selesai").click()
    expect(page.locator(".messages .msg-success")).to_contain_text("Langkah dicatat selesai.")
    login(page, staf.petugas_loket)
    buka(page, rujukan)
    aksi(page, "berkas-lengkap")
    harus_status(page, Status.PENYUSUNAN)
    ajukan_konsep(page)
    login(page, staf.koordinator)  # holds "Jabatan Fungsional": the paraf
    setujui(page, rujukan)
    login(page, staf.kabid)  # "Kepala Dinas atau Kepala Bidang": the Kabid signs
    setujui(page, rujukan)
    buka(page, rujukan)
    harus_status(page, Status.PRODUK_TERBIT)
    expect(page.locator("#prosedur .ck-selesai", has_text="menandatangani")).to_contain_text(
        "Hasan Basri"
    )
