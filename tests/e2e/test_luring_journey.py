"""Field work without a signal, on a 390 px phone with the service worker on:
a peksos opens the field pages once with a signal, then records an
assessment with two photos offline (kept in IndexedDB and shown in the
"Menunggu dikirim" queue), the pages still open offline, and when the signal
returns the queue is sent: the case shows one assessment with both photos,
once. A second journey: the case moved meanwhile, so the queued record is
kept as a conflict with the server's reason until it is discarded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lapangan.models import Dokumentasi, KirimanLuring
from rujukan import services as rs
from rujukan.models import Asesmen, Status
from tests.e2e.test_lapangan_journeys import HP, muat
from tests.lapangan.factories import kasus_di_lapangan

pytestmark = pytest.mark.e2e
LAYAR = Path("/tmp/h_offline")


@pytest.fixture
def hp(new_context, live_server):
    context = new_context(base_url=live_server.url, service_workers="allow", **HP)
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def standar():
    from django.core.management import call_command

    call_command("muat_standar", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    from layanan.models import Instansi

    return {i.slug: i.layanan.get() for i in Instansi.objects.prefetch_related("layanan")}


def layar(page, nama: str) -> None:
    LAYAR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(LAYAR / f"{nama}.png"))


def buka_lapangan_sekali(hp, r) -> None:
    """With a signal: the worker takes control, and the pages opened are kept."""
    hp.goto("/lapangan/")
    hp.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller")
    hp.reload()
    hp.get_by_role("link", name="Siti Aminah").click()
    expect(hp.get_by_role("link", name="Isi lembar asesmen")).to_be_visible()
    hp.get_by_role("link", name="Isi lembar asesmen").click()
    expect(hp.get_by_role("heading", name="Lembar asesmen")).to_be_visible()


def isi_asesmen(hp) -> None:
    hp.get_by_label("Sesuai dengan dokumen").check()
    hp.get_by_label("Kondisi fisik dan kesehatan").fill("Berjalan dengan tongkat.")
    hp.get_by_label("Kondisi mental dan psikologis").fill("Sering lupa.")
    hp.get_by_label("Kondisi ekonomi").fill("Tanpa penghasilan.")
    fakta = hp.locator(".fakta")
    fakta.nth(2).get_by_label("Ya, terpenuhi").check()
    fakta.nth(2).get_by_label("Bukti").fill("Tinggal sendiri di gubuk; tidak ada keluarga.")
    hp.get_by_label("Layak dilayani", exact=True).check()
    hp.get_by_label("Alasan kesimpulan").fill("Lansia 73 tahun, miskin dan terlantar.")


def test_assessment_with_two_photos_recorded_offline_arrives_once(hp, login, standar, foto):
    r, staf = kasus_di_lapangan(standar["bulukumba"], lahir=dt.date(1953, 5, 4))
    login(hp, staf.peksos)
    buka_lapangan_sekali(hp, r)

    hp.context.set_offline(True)
    isi_asesmen(hp)
    hp.locator("#foto-galeri").set_input_files(
        [foto("rumah.jpg"), foto("klien.jpg", (90, 90, 160))]
    )
    hp.get_by_role("button", name="Simpan asesmen").click()
    expect(hp.locator("[data-offline-info]")).to_contain_text(
        "Asesmen Siti Aminah tersimpan di ponsel ini bersama 2 berkas"
    )
    antrean = hp.locator("[data-antrean]")
    expect(antrean).to_be_visible()
    expect(antrean.locator("[data-antrean-jumlah]")).to_have_text("1")
    expect(antrean.locator(".antrean-butir")).to_contain_text("Asesmen Siti Aminah")
    expect(antrean.locator(".antrean-butir")).to_contain_text("2 berkas")
    expect(antrean.locator("[data-butir-status]")).to_have_text("Menunggu sinyal")
    # a password is never part of what is kept; the form is empty for the next record
    expect(hp.get_by_label("Alasan kesimpulan")).to_have_value("")
    assert not Asesmen.objects.filter(rujukan=r).exists()
    muat(hp)
    antrean.scroll_into_view_if_needed()
    layar(hp, "antrean-asesmen-390")

    # the pages open without a signal, and the queue is still there
    hp.reload()
    expect(hp.get_by_role("heading", name="Lembar asesmen")).to_be_visible()
    expect(hp.locator("[data-antrean-jumlah]")).to_have_text("1")
    expect(hp.locator("[data-antrean-status]")).to_contain_text("Tidak ada sinyal")
    # a field page never opened with a signal says so (the worker's own notice)
    hp.goto(f"/lapangan/{r.pk}/kegiatan/")
    expect(hp.get_by_role("heading", name="Tidak ada sinyal")).to_be_visible()
    hp.go_back()
    expect(hp.get_by_role("heading", name="Lembar asesmen")).to_be_visible()
    hp.get_by_role("link", name="‹ Siti Aminah").click()
    expect(hp.get_by_role("link", name="Isi lembar asesmen")).to_be_visible()
    expect(hp.locator("[data-antrean-jumlah]")).to_have_text("1")
    muat(hp)
    layar(hp, "antrean-kasus-luring-390")
    assert not Asesmen.objects.filter(rujukan=r).exists()

    # the signal returns: sent once, in order, and the queue is empty
    hp.context.set_offline(False)
    expect(hp.locator("[data-antrean-jumlah]")).to_have_text("0", timeout=20_000)
    expect(hp.locator("[data-antrean-status]")).to_contain_text("Terkirim")
    layar(hp, "antrean-terkirim-390")
    hp.get_by_role("link", name="Buka halaman kasus terbaru").click()
    expect(hp.locator(".foto-grid img")).to_have_count(2)
    a = Asesmen.objects.get(rujukan=r)
    assert a.kondisi_mental == "Sering lupa." and a.kesimpulan_layak
    assert Dokumentasi.objects.filter(rujukan=r, asesmen=a).count() == 2
    assert KirimanLuring.objects.filter(asesmen=a).count() == 1
    r.refresh_from_db()
    assert r.status == Status.PERSETUJUAN

    expect(hp.locator("[data-antrean]")).to_be_hidden()
    # the next visit sends nothing again
    hp.goto("/lapangan/")
    expect(hp.locator("[data-antrean]")).to_have_attribute("data-jumlah", "0")  # queue read
    assert Asesmen.objects.filter(rujukan=r).count() == 1
    assert Dokumentasi.objects.filter(rujukan=r).count() == 2
    # logging out clears the kept pages and the queue from the phone
    hp.get_by_role("button", name="Keluar").click()
    hp.wait_for_load_state()
    assert hp.evaluate("caches.keys()") == []


def test_case_moved_meanwhile_keeps_the_queued_assessment_as_a_conflict(hp, login, standar, foto):
    r, staf = kasus_di_lapangan(standar["bulukumba"], lahir=dt.date(1953, 5, 4))
    login(hp, staf.peksos)
    buka_lapangan_sekali(hp, r)
    hp.context.set_offline(True)
    isi_asesmen(hp)
    hp.locator("#foto-kamera").set_input_files(foto("rumah.jpg"))
    hp.get_by_role("button", name="Simpan asesmen").click()
    expect(hp.locator("[data-antrean-jumlah]")).to_have_text("1")
    # meanwhile an assessment of the case was typed in at the office
    lain = rs.rujukan_record_assessment(
        rujukan=r, by=staf.peksos, kondisi="Dicatat di kantor.", kesimpulan_layak=True
    )
    hp.context.set_offline(False)
    butir = hp.locator(".antrean-butir")
    expect(butir.locator("[data-butir-status]")).to_have_text("Konflik", timeout=20_000)
    expect(butir.locator("[data-butir-pesan]")).to_contain_text("Asesmen lain sudah dicatat oleh")
    expect(hp.locator("[data-antrean-jumlah]")).to_have_text("1")  # kept, not lost
    butir.get_by_text("Lihat isi").click()
    expect(butir.locator("[data-butir-teks]")).to_contain_text(
        "Alasan kesimpulan: Lansia 73 tahun, miskin dan terlantar."
    )
    assert "rumah.jpg" in butir.locator("[data-butir-teks]").inner_text()
    butir.scroll_into_view_if_needed()
    muat(hp)
    layar(hp, "antrean-konflik-390")
    # a reload keeps it, and nothing was recorded twice
    hp.reload()
    expect(hp.locator(".antrean-butir [data-butir-status]")).to_have_text("Konflik")
    assert list(Asesmen.objects.filter(rujukan=r)) == [lain]
    assert not Dokumentasi.objects.filter(rujukan=r).exists()
    # discarded only deliberately, after a confirmation
    hp.once("dialog", lambda d: d.dismiss())
    hp.locator(".antrean-butir").get_by_role("button", name="Buang").click()
    expect(hp.locator("[data-antrean-jumlah]")).to_have_text("1")
    hp.once("dialog", lambda d: d.accept())
    hp.locator(".antrean-butir").get_by_role("button", name="Buang").click()
    expect(hp.locator("[data-antrean]")).to_be_hidden()
    assert Asesmen.objects.filter(rujukan=r).count() == 1


def test_activity_whose_post_drops_on_the_way_waits_in_the_queue(hp, login, standar, foto):
    """The phone says it is online, but the post never reaches the server: the
    service worker keeps the form (photo included) in the same queue."""
    from rujukan.models import Kegiatan

    r, staf = kasus_di_lapangan(standar["bulukumba"], lahir=dt.date(1953, 5, 4))
    login(hp, staf.peksos)
    hp.goto("/lapangan/")
    hp.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller")
    hp.goto(f"/lapangan/{r.pk}/")
    putus = {"ya": True}

    def jaringan(route):
        if route.request.method == "POST" and putus["ya"]:
            route.abort("internetdisconnected")
        else:
            route.continue_()

    hp.context.route("**/kegiatan/", jaringan)
    hp.get_by_role("link", name="Catat kunjungan atau kegiatan").click()
    hp.get_by_label("Jenis kegiatan").select_option("kunjungan_rumah")
    hp.get_by_label("Uraian kegiatan").fill("Kunjungan rumah; sinyal hilang saat mengirim.")
    hp.locator("#foto-kamera").set_input_files(foto("rumah.jpg"))
    hp.get_by_role("button", name="Simpan kegiatan").click()
    expect(hp.get_by_role("link", name="Isi lembar asesmen")).to_be_visible()
    expect(hp.locator("[data-antrean-jumlah]")).to_have_text("1")
    expect(hp.locator(".antrean-butir")).to_contain_text("1 berkas")
    expect(hp.locator(".antrean-butir")).to_contain_text("Kegiatan Siti Aminah")
    expect(hp.locator("[data-antrean-status]")).to_contain_text("Sinyal putus")
    assert not Kegiatan.objects.filter(rujukan=r).exists()
    # the draft of the form went into the queue with it
    assert hp.evaluate(f"localStorage.getItem('draf:lapangan:kegiatan:{r.pk}')") is None
    layar(hp, "antrean-putus-390")

    putus["ya"] = False
    hp.get_by_role("button", name="Kirim sekarang").click()
    expect(hp.locator("[data-antrean-jumlah]")).to_have_text("0")
    k = Kegiatan.objects.get(rujukan=r)
    assert k.uraian.startswith("Kunjungan rumah; sinyal hilang")
    assert Dokumentasi.objects.filter(kegiatan=k).count() == 1
