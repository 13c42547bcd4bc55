"""The citizen chooses how news of their cases and complaints reaches them
(issue 12 item 3): only the channels their proven contact allows, kept by the
contact's keyed hash, honoured by the notification service for case and
complaint messages; "no news" never stops a login code."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from notifikasi.kanal import nomor_internasional
from notifikasi.models import Kanal, Pesan, PreferensiKontak
from notifikasi.services import sidik_kontak
from rujukan import services as s
from tests.pengaduan.factories import ajukan
from tests.personas import personas_untuk
from tests.rujukan.factories import s_register, standar_sederhana
from tests.warga.bantu import kode_dari, masuk, pesan_terakhir, tautan_dari

pytestmark = pytest.mark.django_db
PEMOHON = "0813 4854 5556"  # tests.rujukan.factories.data_pemohon


def _pilih(client, kanal: str):
    return client.post("/warga/kabar/", {"kanal": kanal})


def test_the_page_offers_the_phone_channels_and_saves_the_choice_by_the_hash_only():
    client = Client(enforce_csrf_checks=True)
    masuk_csrf(client, PEMOHON)
    html = client.get("/warga/").content.decode()
    assert 'value="whatsapp"' in html and 'value="sms"' in html and 'value="tidak"' in html
    assert 'value="email"' not in html
    token = client.cookies["csrftoken"].value
    # without the CSRF token: refused, nothing saved
    assert client.post("/warga/kabar/", {"kanal": "sms"}).status_code == 403
    assert not PreferensiKontak.objects.exists()
    r = client.post("/warga/kabar/", {"kanal": "sms", "csrfmiddlewaretoken": token})
    assert r.status_code == 302 and r["Location"] == "/warga/#kabar"
    pref = PreferensiKontak.objects.get()
    assert pref.kanal == "sms" and pref.sidik == sidik_kontak(telepon="6281348545556")
    assert "6281348545556" not in str(PreferensiKontak.objects.values().get())
    html = client.get("/warga/").content.decode()
    assert "Pilihan Anda disimpan." in html
    terpilih = re.findall(r'<input type="radio" name="kanal" value="(\w+)"[^>]* checked', html)
    assert terpilih == ["sms"], re.findall(r"<input[^>]*>", html)
    # choosing again changes the one row
    client.post("/warga/kabar/", {"kanal": "whatsapp", "csrfmiddlewaretoken": token})
    assert list(PreferensiKontak.objects.values_list("kanal", flat=True)) == ["whatsapp"]


def masuk_csrf(client: Client, telepon: str) -> None:
    """bantu.masuk through a client that checks CSRF: the forms' tokens."""
    client.get("/warga/masuk/")
    token = client.cookies["csrftoken"].value
    client.post(
        "/warga/masuk/", {"kontak": telepon, "kanal": "whatsapp", "csrfmiddlewaretoken": token}
    )
    nomor = "62" + "".join(c for c in telepon if c.isdigit())[1:]
    r = client.post(
        "/warga/masuk/kode/",
        {"kode": kode_dari(pesan_terakhir(nomor)), "csrfmiddlewaretoken": token},
    )
    assert r.status_code == 302 and r["Location"] == "/warga/"


@pytest.mark.parametrize("kanal", ["email", "fax", ""])
def test_a_choice_the_phone_login_does_not_offer_is_refused_in_indonesian(client, kanal):
    masuk(client, PEMOHON)
    r = _pilih(client, kanal)
    assert r.status_code == 400
    html = r.content.decode()
    assert "tidak tersedia untuk kontak Anda" in html or "Pilih cara kabar dikirim" in html
    assert not PreferensiKontak.objects.exists()


def test_an_email_login_offers_email_and_not_the_phone_channels(client):
    client.post("/warga/masuk/", {"kontak": "Siti.Warga@Example.com", "kanal": "whatsapp"})
    client.post(tautan_dari(pesan_terakhir("siti.warga@example.com")))
    html = client.get("/warga/").content.decode()
    assert 'value="email"' in html and 'value="whatsapp"' not in html
    assert _pilih(client, "sms").status_code == 400
    assert not PreferensiKontak.objects.exists()
    assert _pilih(client, "tidak").status_code == 302
    assert PreferensiKontak.objects.get().sidik == sidik_kontak(email="siti.warga@example.com")


def test_a_later_case_message_goes_by_the_chosen_channel(
    client, instansi, django_capture_on_commit_callbacks
):
    layanan, staf = standar_sederhana(instansi), personas_untuk(instansi)
    with django_capture_on_commit_callbacks(execute=True):
        r = s_register(layanan, staf).rujukan
    assert Pesan.objects.get(acara="rujukan.diterima").kanal == Kanal.WHATSAPP  # the default
    masuk(client, PEMOHON)
    assert _pilih(client, "sms").status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
        s.rujukan_return_to_pemohon(rujukan=r, by=staf.petugas_loket, catatan="KK belum ada")
    p = Pesan.objects.get(acara="rujukan.berkas_kurang")
    assert p.kanal == Kanal.SMS and nomor_internasional(p.tujuan) == "6281348545556"
    assert p.status == Pesan.Status.TERKIRIM


def test_a_complaint_reporter_with_email_gets_sms_when_they_chose_it(
    client, instansi, django_capture_on_commit_callbacks
):
    masuk(client, "0812 3456 7890")
    assert _pilih(client, "sms").status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        ajukan(instansi, telepon="081234567890", email="siti.warga@example.com")
    pesan = Pesan.objects.exclude(acara="warga.kode").get()
    assert pesan.kanal == Kanal.SMS and nomor_internasional(pesan.tujuan) == "6281234567890"


def test_no_news_stops_case_and_complaint_messages_but_not_login_codes(
    client, instansi, django_capture_on_commit_callbacks, settings
):
    settings.NOTIFIKASI_LOG_TANPA_ALAMAT = True  # "no news" is not "no address": still nothing
    masuk(client, PEMOHON)
    assert _pilih(client, "tidak").status_code == 302
    layanan, staf = standar_sederhana(instansi), personas_untuk(instansi)
    sebelum = Pesan.objects.exclude(acara="warga.kode").count()
    with django_capture_on_commit_callbacks(execute=True):
        r = s_register(layanan, staf).rujukan
        r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
        s.rujukan_return_to_pemohon(rujukan=r, by=staf.petugas_loket, catatan="KK belum ada")
        ajukan(instansi, telepon="081348545556", email="pelapor@example.com")
    assert Pesan.objects.exclude(acara="warga.kode").count() == sebelum == 0
    # the login code still goes out, by the channel asked for at the login
    client.post("/warga/keluar/")
    kode_sebelum = Pesan.objects.filter(acara="warga.kode").count()
    r = client.post("/warga/masuk/", {"kontak": PEMOHON, "kanal": "sms"})
    assert r.status_code == 302
    kode = Pesan.objects.filter(acara="warga.kode").latest("pk")
    assert Pesan.objects.filter(acara="warga.kode").count() == kode_sebelum + 1
    assert kode.kanal == Kanal.SMS
    # another applicant's messages are untouched
    with django_capture_on_commit_callbacks(execute=True):
        ajukan(instansi, telepon="081299998888", email="")
    assert Pesan.objects.exclude(acara="warga.kode").get().kanal == Kanal.WHATSAPP
