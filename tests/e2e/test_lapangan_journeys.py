"""Field journeys on a 390 x 844 phone: a peksos assesses a Bulukumba case with
a photo (the case goes to the approval chain); records a Banjar family
tracing ending in reunification and a follow-up home visit; records a SI
LARAS MANIS hospital accompaniment with photos whose Laporan Kegiatan PDF
shows them."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from rujukan import services as s
from rujukan.models import Dokumen, JenisDokumen, Kegiatan, Status
from tests.factories import usia_hari_ini
from tests.lapangan.factories import kasus_di_lapangan

pytestmark = pytest.mark.e2e
HP = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "geolocation": {"latitude": -7.3701, "longitude": 108.5384, "accuracy": 15},
    "permissions": ["geolocation"],
}


@pytest.fixture
def hp(new_context, live_server):
    context = new_context(base_url=live_server.url, **HP)
    context.set_default_timeout(8_000)
    return context.new_page()


@pytest.fixture
def standar():
    call_command("muat_standar", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    from layanan.models import Instansi

    return {i.slug: i.layanan.get() for i in Instansi.objects.prefetch_related("layanan")}


def muat(page, width: int = 390) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def test_peksos_assesses_bulukumba_case_with_photo_and_it_goes_to_approval(
    hp, login, standar, foto
):
    r, staf = kasus_di_lapangan(standar["bulukumba"], lahir=dt.date(1953, 5, 4))
    login(hp, staf.peksos)
    hp.goto("/lapangan/")
    expect(hp.locator("h1")).to_have_text("Pekerjaan saya")
    muat(hp)
    hp.get_by_role("link", name="Siti Aminah").click()
    hp.get_by_role("link", name="Isi lembar asesmen").click()
    usia = usia_hari_ini(dt.date(1953, 5, 4))
    expect(hp.locator(".otomatis").nth(1)).to_contain_text(f"Usia {usia} tahun")
    muat(hp)
    hp.get_by_label("Sesuai dengan dokumen").check()
    hp.get_by_label("Kondisi fisik dan kesehatan").fill("Berjalan dengan tongkat.")
    # the draft survives a reload (a dropped connection, a closed tab), once the phone kept it
    hp.wait_for_function(
        "([kunci, teks]) => (localStorage.getItem(kunci) || '').includes(teks)",
        arg=[f"draf:lapangan:asesmen:{r.pk}", "Berjalan dengan tongkat."],
    )
    hp.reload()
    expect(hp.get_by_label("Kondisi fisik dan kesehatan")).to_have_value("Berjalan dengan tongkat.")
    expect(hp.locator("[data-draf-info]")).to_be_visible()
    hp.get_by_label("Kondisi mental dan psikologis").fill("Sering lupa.")
    hp.get_by_label("Kondisi ekonomi").fill("Tanpa penghasilan.")
    fakta = hp.locator(".fakta")
    fakta.nth(2).get_by_label("Ya, terpenuhi").check()
    fakta.nth(2).get_by_label("Bukti").fill("Tinggal sendiri di gubuk; tidak ada keluarga.")
    hp.get_by_label("Layak dilayani", exact=True).check()
    hp.get_by_label("Alasan kesimpulan").fill("Lansia 73 tahun, miskin dan terlantar.")
    hp.locator("#foto-kamera").set_input_files(foto("klien.jpg"))
    hp.get_by_role("button", name="Simpan asesmen").click()
    expect(hp.locator(".messages")).to_contain_text("konsep diajukan untuk persetujuan")
    expect(hp.locator(".foto-grid img")).to_have_count(1)
    muat(hp)
    assert hp.evaluate(f"localStorage.getItem('draf:lapangan:asesmen:{r.pk}')") is None
    r.refresh_from_db()
    assert r.status == Status.PERSETUJUAN
    assert r.langkah_persetujuan_berikut().peran == "kepala_bidang"


def test_banjar_family_tracing_ends_in_reunification_with_follow_up_visit(hp, login, standar, foto):
    r, staf = kasus_di_lapangan(standar["banjar"], lahir=dt.date(2013, 7, 9), wilayah="327901")
    s.rujukan_record_assessment(
        rujukan=r, by=staf.peksos, kondisi="Anak 12 tahun, sehat.", kesimpulan_layak=True
    )
    s.rujukan_complete_verification(rujukan=r, by=staf.peksos)
    login(hp, staf.peksos)
    hp.goto(f"/lapangan/{r.pk}/")
    hp.get_by_role("link", name="Catat kunjungan atau kegiatan").click()
    hp.get_by_label("Jenis kegiatan").select_option("penelusuran_keluarga")
    hp.get_by_label("Kelurahan/desa").check()
    hp.get_by_label("Polri/TNI").check()
    hp.get_by_label("Uraian kegiatan").fill(
        "Menelusuri alamat keluarga lewat kelurahan dan Polsek."
    )
    hp.get_by_role("button", name="Ambil lokasi saya").click()
    expect(hp.locator("[data-lokasi-status]")).to_contain_text("Lokasi terisi")
    hp.locator("#foto-kamera").set_input_files(foto("kelurahan.jpg"))
    muat(hp)
    hp.get_by_role("button", name="Simpan kegiatan").click()
    expect(hp.locator(".messages")).to_contain_text("Penelusuran keluarga")

    hp.get_by_role("link", name="Catat kunjungan atau kegiatan").click()
    hp.get_by_label("Jenis kegiatan").select_option("reunifikasi")
    hp.get_by_label("RT/RW").check()
    hp.get_by_label("Uraian kegiatan").fill("Klien diserahkan kepada ibunya di Kel. Hegarsari.")
    hp.get_by_label("akhiri penanganan dengan reunifikasi").check()
    sandi = hp.get_by_label("Kata sandi akun Anda")
    sandi.fill("rahasia-uji-123")  # the Laporan Sosial is signed in her name
    hp.wait_for_function(  # the draft kept on the phone is written after the password
        "() => JSON.stringify(localStorage).includes('Klien diserahkan kepada ibunya')"
    )
    assert "rahasia-uji-123" not in hp.evaluate("JSON.stringify(localStorage)")
    hp.get_by_role("button", name="Simpan kegiatan").click()
    expect(hp.locator(".ringkas .eyebrow")).to_contain_text("reunifikasi")

    hp.get_by_role("link", name="Catat kunjungan atau kegiatan").click()
    hp.get_by_label("Jenis kegiatan").select_option("kunjungan_rumah")
    hp.get_by_label("Uraian kegiatan").fill("Kunjungan lanjutan: anak sudah bersekolah lagi.")
    hp.get_by_role("button", name="Simpan kegiatan").click()
    expect(hp.locator(".kegiatan")).to_have_count(3)
    r.refresh_from_db()
    assert r.status == Status.REUNIFIKASI
    tracing = Kegiatan.objects.get(rujukan=r, jenis="penelusuran_keluarga")
    assert tracing.lintang is not None and tracing.dokumentasi.count() == 1
    assert Dokumen.objects.filter(rujukan=r, jenis=JenisDokumen.LAPORAN_SOSIAL).exists()


def test_si_laras_manis_hospital_accompaniment_photos_in_laporan_kegiatan(
    hp, login, standar, foto, tmp_path
):
    layanan = standar["si-laras-manis"]
    sub = layanan.sub_layanan.get(nama__startswith="Petugas pendampingan")
    r, staf = kasus_di_lapangan(layanan, lahir=dt.date(1948, 11, 2), sub=sub, wilayah="330101")
    login(hp, staf.peksos)
    hp.goto(f"/lapangan/{r.pk}/")
    hp.get_by_role("link", name="Catat kunjungan atau kegiatan").click()
    hp.get_by_label("Jenis kegiatan").select_option("pendampingan")
    hp.get_by_label("Bentuk bimbingan/pendampingan").select_option("rumah_sakit")
    hp.get_by_label("Tempat").fill("RSUD Banyumas")
    hp.get_by_label("Tenaga Kesejahteraan Sosial Kecamatan (TKSK)").check()
    hp.get_by_label("Uraian kegiatan").fill("Mendampingi kontrol rawat jalan dan mengurus BPJS.")
    hp.locator("#foto-galeri").set_input_files([foto("rs1.jpg"), foto("rs2.jpg")])
    hp.get_by_role("button", name="Simpan kegiatan").click()
    expect(hp.locator(".foto-grid img")).to_have_count(2)
    hp.get_by_label("Kata sandi akun Anda (wajib)").fill("rahasia-uji-123")
    hp.get_by_role("button", name="Pendampingan selesai: terbitkan Laporan Kegiatan").click()
    expect(hp.locator(".messages")).to_contain_text("Laporan kegiatan diterbitkan")
    expect(hp.locator(".daftar-dok")).to_contain_text("Laporan Kegiatan")
    muat(hp)
    r.refresh_from_db()
    assert r.status == Status.PENDAMPINGAN_DILAPORKAN
    dok = Dokumen.objects.get(rujukan=r, jenis=JenisDokumen.LAPORAN_KEGIATAN)
    pdf = tmp_path / "laporan.pdf"
    with dok.berkas.open("rb") as f:
        pdf.write_bytes(f.read())
    daftar = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert sum(1 for line in daftar.splitlines()[2:] if " image " in line) >= 2
