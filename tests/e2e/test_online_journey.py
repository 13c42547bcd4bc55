"""Issue 12, Done when: a kelurahan operator submits a Bulukumba request with
its letter online; the front desk sees it; when the Kadis signs, the
operator's page shows the letter and the log channel holds the WhatsApp
message to the applicant."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from playwright.sync_api import expect

from layanan.models import Kelurahan, Panti, Peran
from notifikasi.models import Kanal, Pesan
from rujukan.models import JenisDokumen, PersetujuanKlien, Rujukan, Status, Sumber
from tests.e2e.test_rujukan_alur import (
    _berkas,
    ajukan_konsep,
    aksi,
    asesmen,
    buka,
    harus_status,
    periksa_berkas_lengkap,
    setujui,
    standar,  # noqa: F401 - the fixture: the five published standards
)
from tests.factories import make_user
from tests.personas import personas_untuk
from tests.rujukan.factories import nik

pytestmark = pytest.mark.e2e

TELEPON = "0813 4854 5556"


def test_kelurahan_operator_request_to_the_kadis_signature(
    phone,
    desktop,
    login,
    standar,  # noqa: F811 — the imported fixture, requested
    caplog,
):
    caplog.set_level(logging.INFO, logger="notifikasi")
    layanan = standar["bulukumba"]
    instansi = layanan.instansi
    upt = Panti.objects.get(instansi=instansi)
    staf = personas_untuk(instansi)
    operator = make_user(
        "andi.caile",
        instansi=instansi,
        peran=Peran.OPERATOR_KELURAHAN,
        nama="Andi Rahman",
        jabatan="Kepala Seksi Kesejahteraan Sosial",
        kelurahan=Kelurahan.objects.create(instansi=instansi, nama="Caile", kecamatan="Ujung Bulu"),
    )
    lahir = dt.date.today().replace(year=dt.date.today().year - 72) - dt.timedelta(days=40)

    # the operator, on a phone: his home, then the request with the kelurahan's letter
    login(phone, operator)
    expect(phone.locator("h1")).to_have_text("Permohonan yang Anda ajukan")
    phone.locator("a", has_text="Ajukan permohonan").first.click()
    phone.locator(f"a[href='/rujukan/daring/baru/{layanan.pk}/']").click()
    phone.fill("#id_nama", "La Tahang")
    phone.fill("#id_nik", nik(lahir, wilayah="730201"))
    phone.fill("#id_alamat", "Dusun Caile RT 02")
    expect(phone.locator("input[name=pemohon_jenis][value=kelurahan]")).to_be_checked()
    phone.fill("#id_pemohon_nama", "Andi Rahman")
    phone.fill("#id_pemohon_telepon", TELEPON)
    phone.fill("#id_ringkasan", "Lansia tinggal sendiri, tidak ada keluarga yang merawat.")
    surat = layanan.persyaratan.get(surat_kelurahan=True)
    # the fields of a letter signed here stay hidden while the letter is uploaded
    expect(phone.locator("[data-surat-portal]")).to_be_hidden()
    for p in layanan.persyaratan.filter(jenis="dokumen"):
        phone.set_input_files(f"input[name=berkas_{p.pk}]", files=[_berkas(p.teks)])
    phone.check("#id_setuju")
    phone.fill("#id_persetujuan_pemberi", "La Tahang")
    phone.check("input[name=persetujuan_cara][value=cap_jempol]")
    phone.locator("button", has_text="Kirim permohonan").click()
    expect(phone.locator(".messages .msg-success")).to_contain_text("terkirim ke loket")
    rujukan = Rujukan.objects.get(layanan=layanan)
    assert (rujukan.sumber, rujukan.dibuat_oleh) == (Sumber.ONLINE_OPERATOR, operator)
    assert rujukan.berkas.get(persyaratan=surat).berkas
    assert rujukan.persetujuan_klien.get().cakupan == PersetujuanKlien.Cakupan.PENGOLAHAN
    baris = phone.locator("tbody tr", has_text=rujukan.nomor_registrasi)
    expect(baris).to_contain_text("Diajukan")
    expect(baris).to_contain_text("Surat belum terbit")

    # the front desk sees it in its queue, marked Online, and takes it up
    login(desktop, staf.petugas_loket)
    expect(
        desktop.locator("li", has_text=rujukan.nomor_registrasi).locator(".badge-online").first
    ).to_be_visible()
    desktop.goto("/rujukan/?sumber=online")
    baris_loket = desktop.locator("tbody tr", has_text=rujukan.nomor_registrasi)
    expect(baris_loket.locator(".badge-online")).to_have_text("Online")
    periksa_berkas_lengkap(desktop, rujukan, Status.VERIFIKASI)

    # the peksos assesses; the Kabid gives his paraf and the Kadis signs
    login(desktop, staf.peksos)
    buka(desktop, rujukan)
    asesmen(desktop)
    aksi(desktop, "panti-tujuan", lambda p: p.select_option("#id_panti", str(upt.pk)))
    aksi(desktop, "selesai-verifikasi")
    ajukan_konsep(desktop)
    login(desktop, staf.kabid)
    setujui(desktop, rujukan)
    login(desktop, staf.kadis)
    setujui(desktop, rujukan)
    harus_status(desktop, Status.PRODUK_TERBIT)

    # the operator's page shows the letter, and it downloads
    phone.goto("/rujukan/daring/")
    baris = phone.locator("tbody tr", has_text=rujukan.nomor_registrasi)
    expect(baris).to_contain_text("Produk layanan terbit")
    tautan = baris.locator("a", has_text="Surat Rekomendasi")
    expect(tautan).to_be_visible()
    unduh = phone.request.get(tautan.get_attribute("href"))
    assert unduh.ok and unduh.body()[:5] == b"%PDF-"
    assert rujukan.dokumen.filter(jenis=JenisDokumen.SURAT_REKOMENDASI).count() == 1

    # the applicant's WhatsApp message went out through the log channel
    pesan = Pesan.objects.get(acara="rujukan.surat_terbit", penerima_ref__startswith="rujukan.")
    assert (pesan.kanal, pesan.status) == (Kanal.WHATSAPP, Pesan.Status.TERKIRIM)
    assert rujukan.nomor_registrasi in pesan.teks
    log = [r.getMessage() for r in caplog.records if r.name == "notifikasi"]
    assert any(
        "WhatsApp" in baris and rujukan.nomor_registrasi in baris and "surat_terbit" in baris
        for baris in log
    ), log
