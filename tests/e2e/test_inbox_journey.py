"""A Kadis's approvals inbox in a real browser: the count in the header, the
review page with the home-visit photo beside the draft, one signature from
the review page and two at once from the inbox, then an empty inbox; the
dashboard counts the three letters issued and their signatures done, and,
logged out, the office's public transparency page shows its figures and no
person. Screenshots at 390 and 1280 px go to $E2E_SCREENSHOTS (when set)."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from lapangan.models import Dokumentasi
from layanan.calendar import Kalender
from layanan.models import Layanan
from pengaduan import services as aduan
from rujukan import services as s
from rujukan.models import Asesmen, Kegiatan, Rujukan, Status
from survei.models import KODE_UNSUR, UndanganSurvei
from survei.services import Jawaban, respons_simpan
from tests.berkas_palsu import png
from tests.e2e.conftest import PASSWORD
from tests.factories import make_instansi
from tests.pengaduan.factories import ajukan
from tests.personas import Personas, personas_untuk
from tests.rujukan.factories import kasus_di_persetujuan, standar_sederhana

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
    layanan = standar_sederhana(instansi, waktu_nilai=5, waktu_satuan="hari_kerja")
    staf = personas_untuk(instansi)
    kasus = [kasus_di_persetujuan(layanan, staf) for _ in range(3)]
    _foto_kunjungan(kasus[0], staf)
    return staf, kasus


# -- the office's past: what its dashboard and public page have to show -------------------------
@dataclass
class Riwayat:
    """Three weeks ago, on working day D (08:00-16:00), two cases of the same
    service (published: 5 hari kerja) were registered at 08:00 and went through
    the whole path; one closed 1 working day later (on time), one 6 (late):
    median 3.5 hari kerja, 1 of 2 on time (50.0 %). Each client then answered
    the survey: one all nine elements 4, the other all 3, so every element's
    mean is 3.5 and the IKM 3.5 x 25 = 87.50, grade B. Two complaints about the
    service came on D at 09:00 (due 3 working days later): one answered at
    11:00, one on the fifth working day: 1 of 2 answered on time (50.0 %)."""

    kasus: list[Rujukan]
    pelapor: list[str]  # the complainants' names


def _pada(kal: Kalender, hari: dt.date, jam: int) -> dt.datetime:
    return dt.datetime.combine(hari, dt.time(jam), tzinfo=kal.tz)


def _kasus_selesai(
    layanan, staf: Personas, *, dibuat: dt.datetime, selesai: dt.datetime, nilai: int
):
    """A case run through the services: registered, checked, initialled and
    signed at `dibuat`; handed over and closed at `selesai`, when its client
    answers the survey the hand-over offered with `nilai` for every element."""
    with time_machine.travel(dibuat, tick=False):
        r = kasus_di_persetujuan(layanan, staf)
        r = s.rujukan_approve(rujukan=r, by=staf.kadis)
    with time_machine.travel(selesai, tick=False):
        r = s.rujukan_hand_to_pemohon(rujukan=r, by=staf.petugas_loket)
        r = s.rujukan_close(rujukan=r, by=staf.petugas_loket)
        undangan = UndanganSurvei.objects.get(rujukan=r)
        jawaban = Jawaban(
            layanan=layanan,
            jenis_kelamin="P",
            umur=62,
            pendidikan="sma",
            pekerjaan="wirausaha",
            unsur=dict.fromkeys(KODE_UNSUR, nilai),
        )
        respons_simpan(token=undangan.token, jawaban=jawaban)
    assert r.status == Status.SELESAI
    return r


@pytest.fixture
def riwayat(tiga_surat) -> Riwayat:
    staf, kasus = tiga_surat
    layanan = kasus[0].layanan
    kal = Kalender(staf.instansi)
    assert kal.minutes_per_day == 480
    d = timezone.now().astimezone(kal.tz).date() - dt.timedelta(days=21)
    while not kal.is_working_day(d):
        d -= dt.timedelta(days=1)
    pagi = _pada(kal, d, 8)
    selesai = [
        _kasus_selesai(layanan, staf, dibuat=pagi, selesai=kal.add_working_days(pagi, 1), nilai=4),
        _kasus_selesai(layanan, staf, dibuat=pagi, selesai=kal.add_working_days(pagi, 6), nilai=3),
    ]
    pelapor = ["Yusuf Pelapor Pertama", "Rahmah Pelapor Kedua"]
    for nama, dijawab in zip(
        pelapor, (_pada(kal, d, 11), kal.add_working_days(_pada(kal, d, 9), 5)), strict=True
    ):
        with time_machine.travel(_pada(kal, d, 9), tick=False):
            p, _kode = ajukan(staf.instansi, layanan=layanan, nama=nama)
            p = aduan.pengaduan_start_check(pengaduan=p, by=staf.petugas_loket)
        with time_machine.travel(dijawab, tick=False):
            aduan.pengaduan_answer(
                pengaduan=p, by=staf.petugas_loket, isi="Sudah kami tindak lanjuti."
            )
    return Riwayat(kasus=selesai, pelapor=pelapor)


def _per_tahap(page) -> dict[str, str]:
    """The dashboard's "cases by state" bars: label -> the figure shown."""
    expect(page.locator("h1")).to_have_text("Dasbor kinerja")
    return {
        li.locator(".batang-label").inner_text(): li.locator(".batang-nilai").inner_text()
        for li in page.locator("section[aria-labelledby=h-status] .batang-daftar li").all()
    }


def _baris_langkah(page, teks: str):
    """The row of a procedure step in the dashboard's per-step table."""
    return page.locator("section[aria-labelledby=h-waktu] tr", has_text=teks)


def _angka_kunci(page, bagian: str, judul: str):
    """A key figure (<dd>) of a section of the public page, by its title (<dt>)."""
    return (
        page.locator(f"section[aria-labelledby={bagian}] dl > div")
        .filter(has=page.locator("dt", has_text=re.compile(f"^{re.escape(judul)}$")))
        .locator("dd")
    )


def test_kadis_reviews_the_evidence_signs_three_letters_and_sees_them_counted(
    desktop, login, tiga_surat, riwayat
):
    page = desktop
    staf, kasus = tiga_surat
    login(page, staf.kadis)
    menu_kinerja = page.locator("nav.topnav a", has_text=re.compile("^Kinerja$"))

    # before: the dashboard counts the three waiting for approval, two signatures done
    menu_kinerja.click()
    assert _per_tahap(page) == {"Menunggu persetujuan pejabat": "3", "Selesai": "2"}
    expect(_baris_langkah(page, "Kepala Dinas menandatangani")).to_contain_text("(2)")
    expect(_baris_langkah(page, "Koordinator memaraf")).to_contain_text("(5)")

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

    # the dashboard: the three letters issued, their signature step done three more times
    menu_kinerja.click()
    assert _per_tahap(page) == {"Produk layanan terbit": "3", "Selesai": "2"}
    expect(_baris_langkah(page, "Kepala Dinas menandatangani")).to_contain_text("(5)")
    expect(_baris_langkah(page, "Koordinator memaraf")).to_contain_text("(5)")
    _potret(page, "dasbor-1280.png")
    # the figure leads to the cases behind it: exactly these three
    page.locator("section[aria-labelledby=h-status] a", has_text="Produk layanan terbit").click()
    nomor = {r.nomor_registrasi for r in kasus}
    for n in nomor:
        expect(page.locator("main")).to_contain_text(n)
    for r in riwayat.kasus:
        expect(page.locator("main")).not_to_contain_text(r.nomor_registrasi)

    # logged out, as any citizen: the office's public figures, and no person
    page.get_by_role("button", name="Keluar").click()
    expect(page.locator("[data-jumlah-persetujuan]")).to_have_count(0)
    page.goto(f"/transparansi/{staf.instansi.slug}/")
    layanan = kasus[0].layanan
    sel = page.locator("section[aria-labelledby=h-waktu] tbody tr", has_text=layanan.nama).locator(
        "td"
    )
    expect(sel).to_have_text(["5 hari kerja", "3,5 hari kerja", "50,0% (1/2)"])
    expect(_angka_kunci(page, "h-pengaduan", "Pengaduan diterima")).to_have_text("2")
    expect(_angka_kunci(page, "h-pengaduan", "Dijawab tepat waktu")).to_have_text("50,0%")
    expect(_angka_kunci(page, "h-ikm", "IKM")).to_have_text("87,50")
    expect(_angka_kunci(page, "h-ikm", "Mutu pelayanan")).to_have_text(
        re.compile(r"^B\s*\(Baik\)$")
    )
    expect(_angka_kunci(page, "h-ikm", "Responden")).to_have_text("2")
    _potret(page, "transparansi-1280.png")
    html = page.content()
    for r in Rujukan.objects.filter(instansi=staf.instansi).select_related("klien", "pemohon"):
        for pribadi in (r.nomor_registrasi, r.klien.nama, r.klien.nik, r.pemohon.nama):
            assert pribadi and pribadi not in html, pribadi
    for nama in riwayat.pelapor:
        assert nama not in html


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
    # the dashboard and the public page fit the phone too, with a service
    # named as long as the real ones (Bulukumba's is 127 characters)
    Layanan.objects.filter(pk=kasus[0].layanan_id).update(
        nama="Layanan Rekomendasi dan Pendampingan Pekerja Sosial Bagi Lanjut Usia Terlantar "
        "ke UPT Dinas Sosial Provinsi (Sentra Pangurangi)"
    )
    for url, nama in (
        ("/kinerja/", "dasbor-390.png"),
        (f"/transparansi/{staf.instansi.slug}/", "transparansi-390.png"),
    ):
        page.goto(url)
        expect(page.locator("h1")).to_be_visible()
        lebar = page.evaluate("document.documentElement.scrollWidth")
        assert lebar <= 390, (url, lebar)
        _potret(page, nama)
    # the transparency figures are read row by row: no cell hides past the edge
    kanan = page.evaluate(
        "Math.max(...[...document.querySelectorAll('table.tumpuk th, table.tumpuk td')]"
        ".map(e => e.getBoundingClientRect().right))"
    )
    assert 0 < kanan <= 390, kanan
