"""The five seed services end to end in a real browser, through the pages the
staff use: intake at the front desk, the berkas check, assessment, the panti,
drafts and the approval chain, the letters, delivery and closing.

Each journey asserts the state after every step by what the page shows (the
state badge), and the documents by what the office can download."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from layanan.models import Instansi, Layanan, Panti
from rujukan.models import Dokumen, JenisDokumen, Persetujuan, Rujukan, Status
from tests.berkas_palsu import mp4, pdf, png, untuk_peramban
from tests.e2e.conftest import PASSWORD
from tests.personas import personas_untuk
from tests.rujukan.factories import nik

pytestmark = pytest.mark.e2e


def _berkas(teks: str) -> dict:
    if "Video" in teks:
        return untuk_peramban(mp4())
    if "Foto" in teks:
        return untuk_peramban(png(size=(60, 40)))
    return untuk_peramban(pdf("berkas.pdf"))


@pytest.fixture
def standar(transactional_db) -> dict[str, Layanan]:
    call_command("muat_standar", verbosity=0, stdout=io.StringIO())
    return {i.slug: i.layanan.get() for i in Instansi.objects.prefetch_related("layanan")}


def status_di(page) -> str:
    return page.locator(".status-line .badge[data-status]").get_attribute("data-status")


def harus_status(page, status: str) -> None:
    expect(page.locator(".status-line .badge[data-status]")).to_have_attribute(
        "data-status", status
    )


def aksi(page, kode: str, isi=None, *, pesan: str | None = None) -> None:
    """From the case page: open an action, fill its form, submit, back on the case."""
    page.locator(f".aksi-bar a[href$='/aksi/{kode}/']").click()
    expect(page.locator("main form input[name=jejak]")).to_have_count(1)
    if isi:
        isi(page)
    tanda_tangan(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages .msg-success")).to_be_visible()
    if pesan:
        expect(page.locator(".messages")).to_contain_text(pesan)


def tanda_tangan(page) -> None:
    """A form that signs (the chain's signature, a desk issue) asks the
    official's password again; every persona has the factories' password."""
    sandi = page.locator("main form input[name=kata_sandi]")
    if sandi.count():
        sandi.fill(PASSWORD)


def buka(page, rujukan: Rujukan) -> None:
    page.goto(f"/rujukan/{rujukan.pk}/")


def daftar_di_loket(
    page,
    layanan: Layanan,
    *,
    nama: str,
    nik_klien: str,
    sub=None,
    pemohon: str = "H. Mahmud",
) -> tuple[Rujukan, str]:
    """Intake through the page; returns the case and the tracking code shown once."""
    page.goto("/rujukan/baru/")
    if sub is None:
        page.locator(f"a[href='/rujukan/baru/{layanan.pk}/']").click()
    else:
        page.locator(f"a[href='/rujukan/baru/{layanan.pk}/{sub.pk}/']").click()
    page.fill("#id_nama", nama)
    page.fill("#id_nik", nik_klien)
    expect(page.locator("#nik-info")).to_contain_text("Dari NIK: lahir")
    page.fill("#id_alamat", "Jl. Sutoyo S. Gg. Rahmat RT 05")
    page.check("input[name=pemohon_jenis][value=rt_rw]")
    page.fill("#id_pemohon_nama", pemohon)
    page.fill("#id_pemohon_lembaga", "Ketua RT 05")
    page.fill("#id_pemohon_telepon", "0813 4854 5556")
    page.fill("#id_ringkasan", "Dilaporkan warga; perlu penanganan dinas sosial.")
    from rujukan.services import persyaratan_untuk

    for p in persyaratan_untuk(layanan, sub):
        if p.jenis == "dokumen" and p.wajib:
            page.set_input_files(f"input[name=berkas_{p.pk}]", files=[_berkas(p.teks)])
        elif p.jenis == "fakta" and p.fakta != "usia_minimal":
            page.check(f"input[name=ada_{p.pk}]")
    page.locator("form.intake button[type=submit]").click()
    expect(page.locator("[data-kode-lacak]")).to_be_visible()
    kode = page.locator("[data-kode-lacak]").inner_text().strip()
    nomor = page.locator(".kode-grid dd").first.inner_text().strip()
    rujukan = Rujukan.objects.get(layanan=layanan, nomor_registrasi=nomor)
    harus_status(page, Status.DIAJUKAN)
    receipt = page.locator("a", has_text="Cetak tanda terima (PDF)").get_attribute("href")
    response = page.request.get(receipt)
    assert response.ok and response.body()[:5] == b"%PDF-"
    return rujukan, kode


def periksa_berkas_lengkap(page, rujukan, status_berikut: str) -> None:
    buka(page, rujukan)
    aksi(page, "periksa")
    harus_status(page, Status.PEMERIKSAAN_BERKAS)
    aksi(page, "berkas-lengkap")
    harus_status(page, status_berikut)


def asesmen(page, *, layak: bool = True, fakta: bool = True) -> None:
    def isi(p):
        p.fill("#id_kondisi", "Lemah, tinggal sendiri, kebutuhan harian tidak terpenuhi.")
        p.check(f"input[name=kesimpulan_layak][value='{1 if layak else 0}']")
        if fakta:
            for box in p.locator("input[name^=fakta_]").all():
                box.check()

    aksi(page, "asesmen", isi, pesan="Asesmen dicatat.")


def ajukan_konsep(page) -> None:
    aksi(page, "ajukan-konsep")
    harus_status(page, Status.PERSETUJUAN)


def setujui(page, rujukan) -> None:
    buka(page, rujukan)
    page.locator(".aksi-bar a[href$='/aksi/setujui/']").click()
    expect(page.locator("iframe.pratinjau").first).to_be_visible()
    tanda_tangan(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages .msg-success")).to_contain_text("Persetujuan diberikan")


def dokumen_pdf(page, rujukan, jenis: str) -> Dokumen:
    dok = Dokumen.objects.get(rujukan=rujukan, jenis=jenis)
    link = page.locator(f"#dokumen a[href='/rujukan/{rujukan.pk}/dokumen/{dok.pk}/']")
    expect(link).to_be_visible()
    response = page.request.get(link.get_attribute("href"))
    assert response.ok and response.body()[:5] == b"%PDF-"
    return dok


def test_banjarmasin_panti_confirms_before_the_recommendation_letter(desktop, login, standar):
    page = desktop
    layanan = standar["banjarmasin"]
    panti = Panti.objects.create(
        instansi=layanan.instansi,
        nama="Panti Sosial Tresna Werdha Budi Sejahtera",
        jenis="panti",
        telepon="05113252000",
    )
    staf = personas_untuk(layanan.instansi, panti=panti)

    login(page, staf.petugas_loket)
    rujukan, kode = daftar_di_loket(
        page, layanan, nama="Siti Aminah", nik_klien=nik(dt.date(1950, 3, 4), perempuan=True)
    )
    periksa_berkas_lengkap(page, rujukan, Status.VERIFIKASI)

    login(page, staf.peksos)
    buka(page, rujukan)
    asesmen(page)
    aksi(page, "selesai-verifikasi")
    harus_status(page, Status.PENGAJUAN_PANTI)
    # No letter can be drafted before the panti answers.
    expect(page.locator(".aksi-bar a[href$='/aksi/ajukan-konsep/']")).to_have_count(0)
    # Her consent to share her data with the panti comes first.
    expect(page.locator(".aksi-bar a[href$='/aksi/siapkan-usulan/']")).to_have_count(0)
    aksi(page, "persetujuan-klien", lambda p: p.fill("#id_pemberi", "Siti Aminah"))
    aksi(page, "siapkan-usulan", lambda p: p.select_option("#id_panti", str(panti.pk)))
    harus_status(page, Status.PENGAJUAN_PANTI)  # nothing leaves before the head signs
    # The head of office finds the proposal among the approvals, reads it, signs.
    login(page, staf.kadis)
    page.locator("#setuju-judul ~ * a", has_text=rujukan.nomor_registrasi).first.click()
    aksi(page, "kirim-panti")
    harus_status(page, Status.MENUNGGU_PANTI)
    dokumen_pdf(page, rujukan, JenisDokumen.PENGAJUAN_PANTI)

    # The panti answers online with its limited login.
    login(page, staf.panti)
    page.locator("a", has_text=rujukan.nomor_registrasi).first.click()
    page.check("input[name=diterima][value='1']")
    page.fill("#id_tanggal", dt.date.today().isoformat())
    page.fill("#id_narahubung", "Ibu Maria, 0812 5555 1234")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Jawaban Anda telah dikirim")

    login(page, staf.peksos)
    buka(page, rujukan)
    harus_status(page, Status.PENYUSUNAN)
    ajukan_konsep(page)
    login(page, staf.kadis)
    setujui(page, rujukan)
    harus_status(page, Status.PRODUK_TERBIT)
    surat = dokumen_pdf(page, rujukan, JenisDokumen.SURAT_REKOMENDASI)
    assert surat.nomor

    login(page, staf.peksos)
    buka(page, rujukan)
    aksi(page, "antar-panti", lambda p: p.check("input[name=diantar_oleh][value=dinas]"))
    harus_status(page, Status.DISERAHKAN_PANTI)
    aksi(page, "tutup")
    harus_status(page, Status.SELESAI)

    # The pemohon tracks it without logging in: the stage only.
    page.context.clear_cookies()
    page.goto("/rujukan/lacak/")
    page.fill("#id_nomor", rujukan.nomor_registrasi)
    page.fill("#id_kode", kode)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".lacak-tahap")).to_have_text("Selesai")
    expect(page.locator("main")).not_to_contain_text("Siti Aminah")


def _banjar_sampai_penanganan(page, login, layanan, staf, nama, lahir):
    login(page, staf.petugas_loket)
    rujukan, _ = daftar_di_loket(page, layanan, nama=nama, nik_klien=nik(lahir, wilayah="327901"))
    periksa_berkas_lengkap(page, rujukan, Status.VERIFIKASI)
    login(page, staf.peksos)
    buka(page, rujukan)
    asesmen(page)
    aksi(page, "selesai-verifikasi")
    harus_status(page, Status.PENANGANAN)

    def kegiatan(jenis, uraian):
        def isi(p):
            p.select_option("#id_jenis", jenis)
            p.fill("#id_tanggal", dt.date.today().isoformat())
            p.fill("#id_uraian", uraian)

        return isi

    aksi(page, "kegiatan", kegiatan("bimbingan", "Bimbingan mental dan spiritual."))
    aksi(page, "kegiatan", kegiatan("penelusuran_keluarga", "Menelusuri alamat keluarga."))
    return rujukan


def test_banjar_ends_in_family_reunification(desktop, login, standar):
    page = desktop
    layanan = standar["banjar"]
    staf = personas_untuk(layanan.instansi)
    rujukan = _banjar_sampai_penanganan(
        page, login, layanan, staf, "Nenek Ijah", dt.date(1948, 5, 6)
    )

    def isi(p):
        p.fill("#id_tanggal", dt.date.today().isoformat())
        p.fill("#id_uraian", "Diserahkan kepada anaknya, Bapak Asep, di Kelurahan Hegarsari.")

    aksi(page, "reunifikasi", isi, pesan="Reunifikasi dicatat.")
    harus_status(page, Status.REUNIFIKASI)
    dokumen_pdf(page, rujukan, JenisDokumen.LAPORAN_SOSIAL)
    aksi(page, "tutup")
    harus_status(page, Status.SELESAI)
    expect(page.locator("#riwayat")).to_contain_text("kembali ke keluarganya")


def test_banjar_ends_in_referral_to_a_balai(desktop, login, standar):
    page = desktop
    layanan = standar["banjar"]
    balai = Panti.objects.create(
        instansi=layanan.instansi, nama="Sentra Phala Martha Sukabumi", jenis="sentra"
    )
    staf = personas_untuk(layanan.instansi)
    rujukan = _banjar_sampai_penanganan(
        page, login, layanan, staf, "Tuan Tanpa Nama", dt.date(1960, 7, 8)
    )
    aksi(page, "selesai-penanganan")
    harus_status(page, Status.PENYUSUNAN)
    aksi(page, "panti-tujuan", lambda p: p.select_option("#id_panti", str(balai.pk)))
    ajukan_konsep(page)
    login(page, staf.kadis)
    setujui(page, rujukan)
    harus_status(page, Status.PRODUK_TERBIT)
    dokumen_pdf(page, rujukan, JenisDokumen.SURAT_RUJUKAN)
    dokumen_pdf(page, rujukan, JenisDokumen.LAPORAN_SOSIAL)
    login(page, staf.peksos)
    buka(page, rujukan)
    aksi(page, "antar-panti")
    harus_status(page, Status.DISERAHKAN_PANTI)


def _bulukumba_sampai_asesmen(page, login, layanan, staf, nama, lahir):
    login(page, staf.petugas_loket)
    rujukan, _ = daftar_di_loket(page, layanan, nama=nama, nik_klien=nik(lahir, wilayah="730201"))
    periksa_berkas_lengkap(page, rujukan, Status.VERIFIKASI)
    login(page, staf.peksos)
    buka(page, rujukan)
    asesmen(page)
    return rujukan


def test_bulukumba_refuses_a_59_year_old(desktop, login, standar):
    page = desktop
    layanan = standar["bulukumba"]
    staf = personas_untuk(layanan.instansi)
    today = dt.date.today()
    lahir = today.replace(year=today.year - 59) - dt.timedelta(days=30)
    login(page, staf.petugas_loket)
    rujukan, _ = daftar_di_loket(
        page, layanan, nama="La Baco", nik_klien=nik(lahir, wilayah="730201")
    )
    buka(page, rujukan)
    aksi(page, "periksa")
    harus_status(page, Status.PEMERIKSAAN_BERKAS)
    # The age from the NIK blocks the file check, and the page says why.
    expect(page.locator(".terhalang")).to_contain_text("usia 59 tahun")
    expect(page.locator(".aksi-bar a[href$='/aksi/berkas-lengkap/']")).to_have_count(0)
    aksi(
        page,
        "tidak-memenuhi-syarat",
        lambda p: p.fill("#id_alasan", "Usia 59 tahun; standar mensyaratkan 60 tahun ke atas."),
    )
    harus_status(page, Status.TIDAK_MEMENUHI_SYARAT)
    # no product: only the receipt and the letter telling the applicant why
    terbit = Dokumen.objects.filter(rujukan=rujukan).exclude(jenis="tanda_terima")
    assert list(terbit.values_list("jenis", flat=True)) == ["surat_penolakan"]


def test_bulukumba_accepts_a_72_year_old_kabid_paraf_then_kadis_signs(desktop, login, standar):
    page = desktop
    layanan = standar["bulukumba"]
    upt = Panti.objects.get(instansi=layanan.instansi)
    staf = personas_untuk(layanan.instansi)
    lahir = dt.date.today().replace(year=dt.date.today().year - 72) - dt.timedelta(days=40)
    rujukan = _bulukumba_sampai_asesmen(page, login, layanan, staf, "La Tahang", lahir)
    aksi(page, "panti-tujuan", lambda p: p.select_option("#id_panti", str(upt.pk)))
    aksi(page, "selesai-verifikasi")
    harus_status(page, Status.PENYUSUNAN)
    ajukan_konsep(page)

    login(page, staf.kadis)
    buka(page, rujukan)
    # The Kadis signs only after the Kabid's paraf.
    expect(page.locator(".aksi-bar a[href$='/aksi/setujui/']")).to_have_count(0)
    login(page, staf.kabid)
    setujui(page, rujukan)
    harus_status(page, Status.PERSETUJUAN)
    login(page, staf.kadis)
    setujui(page, rujukan)
    harus_status(page, Status.PRODUK_TERBIT)
    surat = dokumen_pdf(page, rujukan, JenisDokumen.SURAT_REKOMENDASI)
    assert surat.penandatangan == staf.kadis
    assert list(
        Persetujuan.objects.filter(konsep__rujukan=rujukan).values_list("peran", "jenis")
    ) == [("kepala_bidang", "paraf"), ("kepala_dinas", "tanda_tangan")]

    login(page, staf.peksos)
    buka(page, rujukan)
    aksi(page, "antar-panti")
    aksi(page, "tutup")
    harus_status(page, Status.SELESAI)


def test_si_laras_manis_accompaniment_with_its_activity_report(desktop, login, standar):
    page = desktop
    layanan = standar["si-laras-manis"]
    sub = layanan.sub_layanan.get(nama__contains="Rumah Sakit", nama__startswith="Petugas pend")
    staf = personas_untuk(layanan.instansi)
    login(page, staf.petugas_loket)
    rujukan, _ = daftar_di_loket(
        page, layanan, sub=sub, nama="Kakek Darmo", nik_klien=nik(dt.date(1945, 9, 9))
    )
    periksa_berkas_lengkap(page, rujukan, Status.PENANGANAN)

    login(page, staf.peksos)
    buka(page, rujukan)
    # The report cannot be made before an activity is recorded.
    expect(page.locator(".terhalang")).to_contain_text("Catat dahulu kegiatan pendampingan")

    def isi(p):
        p.select_option("#id_jenis", "pendampingan")
        p.fill("#id_tanggal", dt.date.today().isoformat())
        p.fill("#id_uraian", "Mendampingi klien kontrol rawat jalan di RSUD, pukul 08.00-12.00.")
        p.fill("#id_unsur_terlibat", "TKSK, Tagana")

    aksi(page, "kegiatan", isi)
    aksi(page, "laporkan-pendampingan")
    harus_status(page, Status.PENDAMPINGAN_DILAPORKAN)
    dokumen_pdf(page, rujukan, JenisDokumen.LAPORAN_KEGIATAN)
    login(page, staf.petugas_loket)
    buka(page, rujukan)
    aksi(page, "tutup")
    harus_status(page, Status.SELESAI)


def test_depok_draft_returned_by_koordinator_then_signed_by_kabid(desktop, login, standar):
    page = desktop
    layanan = standar["depok"]
    bpnt = layanan.sub_layanan.get(nama__contains="BPNT")
    staf = personas_untuk(layanan.instansi)
    login(page, staf.petugas_loket)
    rujukan, _ = daftar_di_loket(
        page,
        layanan,
        sub=bpnt,
        nama="Budi Santoso",
        nik_klien=nik(dt.date(1980, 2, 2), wilayah="327601"),
    )
    buka(page, rujukan)
    aksi(page, "periksa")

    def dtks(p):
        p.select_option("#id_terdaftar_dtks", "1")
        p.fill("#id_catatan", "Pemohon sudah terdaftar dalam DTKS.")

    aksi(page, "lewati-verifikasi", dtks)
    harus_status(page, Status.PENYUSUNAN)
    login(page, staf.peksos)
    buka(page, rujukan)
    ajukan_konsep(page)

    login(page, staf.koordinator)
    buka(page, rujukan)
    aksi(
        page,
        "kembalikan-konsep",
        lambda p: p.fill("#id_catatan", "Nama kelurahan pada alamat salah ketik."),
    )
    harus_status(page, Status.PENYUSUNAN)

    login(page, staf.peksos)
    buka(page, rujukan)
    page.locator(".aksi-bar a[href$='/aksi/ajukan-konsep/']").click()
    expect(page.locator("main")).to_contain_text("Nama kelurahan pada alamat salah ketik.")
    page.locator("main form button[type=submit]").click()
    harus_status(page, Status.PERSETUJUAN)

    login(page, staf.koordinator)
    setujui(page, rujukan)
    harus_status(page, Status.PERSETUJUAN)
    login(page, staf.kabid)
    setujui(page, rujukan)
    harus_status(page, Status.PRODUK_TERBIT)
    surat = dokumen_pdf(page, rujukan, JenisDokumen.SURAT_REKOMENDASI)
    assert surat.penandatangan == staf.kabid
    expect(page.locator("#persetujuan")).to_contain_text(re.compile("Paraf Koordinator"))

    login(page, staf.petugas_loket)
    buka(page, rujukan)
    aksi(page, "serahkan")
    harus_status(page, Status.DISERAHKAN_PEMOHON)
    aksi(page, "tutup")
    harus_status(page, Status.SELESAI)


def test_front_desk_searches_by_nik_on_a_phone_and_no_url_carries_it(phone, login, standar):
    """Case list, intake lookup and DTKS check: the NIK is typed, posted and
    answered, and no request the browser sends names it."""
    from tests.rujukan.views_helpers import daftarkan

    page = phone
    layanan = standar["banjarmasin"]
    staf = personas_untuk(layanan.instansi)
    lain = [daftarkan(layanan, staf, nama=f"Klien Nomor {i:02d}").rujukan for i in range(26)]
    dicari = daftarkan(layanan, staf, nama="Siti Aminah", lahir=dt.date(1950, 3, 4)).rujukan
    nik_klien = dicari.klien.nik
    dikirim: list[str] = []
    page.on("request", lambda r: dikirim.append(f"{r.method} {r.url}"))
    login(page, staf.petugas_loket)

    page.goto("/rujukan/?tampilan=semua")
    expect(page.locator(".pager")).to_contain_text("Halaman 1 dari 2")
    page.fill("input[name=q]", nik_klien[:8] + " " + nik_klien[8:])
    page.locator("form[role=search] button[type=submit]").click()
    expect(page.locator("table.kasus-list")).to_contain_text(dicari.nomor_registrasi)
    expect(page.locator("table.kasus-list tbody tr")).to_have_count(1)
    assert re.search(r"/rujukan/\?tampilan=semua&cari=[\w-]+$", page.url), page.url
    page.reload()  # a reload repeats the GET (no re-post) and keeps the search
    expect(page.locator("table.kasus-list tbody tr")).to_have_count(1)
    # by name: two pages, and the second page keeps the search
    page.fill("input[name=q]", "Klien Nomor")
    page.locator("form[role=search] button[type=submit]").click()
    page.locator(".pager a", has_text="Berikutnya").click()
    expect(page.locator(".pager")).to_contain_text("Halaman 2 dari 2")
    expect(page.locator("input[name=q]")).to_have_value("Klien Nomor")
    page.locator("a", has_text="Hapus pencarian").click()
    expect(page.locator("input[name=q]")).to_have_value("")
    expect(page.locator("[role=status]").last).to_contain_text("27 rujukan")

    page.goto(f"/rujukan/baru/{layanan.pk}/")
    page.fill("input[name=cari]", nik_klien)
    page.locator("form[role=search] button[type=submit]").click()
    expect(page.locator("a", has_text="Pakai klien ini")).to_have_count(1)
    page.locator("a", has_text="Pakai klien ini").click()
    expect(page.locator("dl.identity")).to_contain_text("Siti Aminah")

    page.goto("/lapangan/dtks/")
    page.fill("input[name=nik]", nik_klien)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".dtks")).to_be_visible()

    assert len(lain) == 26 and any(d.startswith("POST ") for d in dikirim)
    rahasia = (nik_klien, nik_klien[8:], "Klien%20Nomor", "Klien+Nomor")
    assert [d for d in dikirim if any(x in d for x in rahasia)] == []
