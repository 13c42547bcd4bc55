"""A new office enters three real standards of other offices through the
admin pages, as its Admin Instansi does: one typed in the forms (Probolinggo's
sembako: no approval, goods handed over), two imported from their files
(Baubau's DTKS certificate, where the Kadis acts twice; Sekadau's disaster aid,
delivered by "Kepala Dinas atau pejabat yang mewakili"). Publishing is refused
while a jabatan has no holder; the admin gives the jabatan to staff; the
standards are published with their SK and then run a case each."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from layanan.models import Layanan, Pegawai, Peran, StatusVersi
from rujukan.models import STATUS_AKHIR, Rujukan, Status
from tests.factories import make_instansi, make_user
from tests.personas import personas_untuk
from tests.rujukan.test_standar_lain_jalan import _daftar, _lahir, _langkah

pytestmark = pytest.mark.e2e

DATA = Path(__file__).resolve().parents[1] / "data" / "standar_lain"


def terbitkan(page, layanan: Layanan, *, nomor_sk: str) -> None:
    page.goto(f"/admin/layanan/layanan/{layanan.pk}/terbitkan/")
    page.fill("input[name=nomor_sk]", nomor_sk)
    page.fill("input[name=tanggal_sk]", dt.date.today().isoformat())
    page.locator("form button[type=submit], form input[type=submit]").last.click()


def impor(page, berkas: Path) -> Layanan:
    page.goto("/admin/layanan/layanan/impor/")
    page.set_input_files("input[name=berkas]", str(berkas))
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    expect(page.locator(".messagelist").first).to_contain_text("Draf versi 1")
    return Layanan.objects.order_by("-pk").first()


def jalankan_kasus(layanan: Layanan, staf, semua) -> Rujukan:
    r = _daftar(layanan, staf, _lahir(layanan))
    for _ in range(80):
        r = Rujukan.objects.get(pk=r.pk)
        if r.status in STATUS_AKHIR:
            break
        _langkah(r, staf, semua)
    return r


def test_admin_instansi_enters_three_standards_and_each_runs(desktop, login, transactional_db):
    page = desktop
    instansi = make_instansi(nama="Dinas Sosial Kota Contoh", slug="kota-contoh")
    admin = make_user("admin.contoh", instansi=instansi, peran=Peran.ADMIN_INSTANSI)
    admin.is_staff = True
    admin.save()
    staf = personas_untuk(instansi)
    semua = [staf.petugas_loket, staf.peksos, staf.koordinator, staf.kabid, staf.kadis]
    login(page, admin)

    # 1. typed in the admin forms: Probolinggo's sembako
    page.goto("/admin/layanan/layanan/add/")
    page.select_option("#id_instansi", str(instansi.pk))
    page.fill("#id_nama", "Penyaluran Bantuan Sosial Sembako")
    page.locator("#id_nama").press("Tab")
    page.fill("#id_slug", "bansos-sembako")
    page.fill("#id_waktu_nilai", "1")
    page.select_option("#id_waktu_satuan", "hari_kerja")
    langkah = [
        ("Petugas menerima dan memeriksa KTP/KK penerima", "pemeriksaan_berkas", "periksa_berkas"),
        (
            "Petugas menyerahkan sembako; penerima menandatangani tanda terima",
            "penyerahan",
            "serahkan",
        ),
    ]
    for i, (teks, tahap, jenis) in enumerate(langkah):
        page.locator("#langkah-group .add-row a").click()
        page.fill(f"#id_langkah-{i}-urutan", str(i + 1))
        page.fill(f"#id_langkah-{i}-teks", teks)
        page.select_option(f"#id_langkah-{i}-tahap", tahap)
        page.select_option(f"#id_langkah-{i}-jenis", jenis)
        page.select_option(f"#id_langkah-{i}-peran", "petugas_loket")
    page.locator("#persyaratan-group .add-row a").click()
    page.fill("#id_persyaratan-0-urutan", "1")
    page.fill("#id_persyaratan-0-teks", "Fotokopi KTP dan KK penerima")
    page.select_option("#id_persyaratan-0-jenis", "dokumen")
    page.locator("#produk-group .add-row a").click()
    page.fill("#id_produk-0-urutan", "1")
    page.fill("#id_produk-0-nama", "Paket sembako")
    page.select_option("#id_produk-0-jenis", "barang_jasa")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist").first).to_be_visible()
    sembako = Layanan.objects.get(instansi=instansi, slug="bansos-sembako")
    assert sembako.status_versi == StatusVersi.DRAF and sembako.langkah.count() == 2
    terbitkan(page, sembako, nomor_sk="SK-01/2026")
    expect(page.locator(".messagelist").first).to_contain_text("diterbitkan")

    # 2. and 3. imported from their files; publishing waits for the jabatan holders
    baubau = impor(page, DATA / "02_kota-baubau_surat-keterangan-terdaftar-dtks.json")
    bencana = impor(page, DATA / "12_kab-sekadau_bantuan-bencana.json")
    terbitkan(page, baubau, nomor_sk="SK-02/2026")
    expect(page.locator("body")).to_contain_text("belum dipegang")
    baubau.refresh_from_db()
    assert baubau.status_versi == StatusVersi.DRAF
    for user in semua:
        pegawai = Pegawai.objects.get(user=user)
        page.goto(f"/admin/layanan/pegawai/{pegawai.pk}/change/")
        peran = {g.name for g in user.groups.all()}
        pilih = [str(j.pk) for j in instansi.jabatan.all() if j.get_peran_display() in peran]
        for pk in pilih:
            page.check(f"#id_jabatan_portal input[value='{pk}']")
        page.locator("input[name=_save]").click()
        expect(page.locator(".messagelist").first).to_be_visible()
    terbitkan(page, baubau, nomor_sk="SK-02/2026")
    expect(page.locator(".messagelist").first).to_contain_text("diterbitkan")
    terbitkan(page, bencana, nomor_sk="SK-03/2026")
    expect(page.locator(".messagelist").first).to_contain_text("diterbitkan")

    for layanan in (sembako, baubau, bencana):
        layanan.refresh_from_db()
        assert layanan.aktif and layanan.status_versi == StatusVersi.BERLAKU
        r = jalankan_kasus(layanan, staf, semua)
        assert r.status == Status.SELESAI, layanan.nama
