"""A staff member chooses how the portal reaches them (/akun/notifikasi/);
the wa.me link an officer opens; the log channel masks addresses."""

from __future__ import annotations

import logging

import pytest

from notifikasi.models import Kanal, Pesan, PreferensiNotifikasi
from notifikasi.services import Kontak, kirim, kirim_ke_pengguna, kirim_langsung
from notifikasi.wa import tautan_wa

pytestmark = pytest.mark.django_db
URL = "/akun/notifikasi/"


def test_anonymous_visitor_is_sent_to_login(client):
    r = client.get(URL)
    assert r.status_code == 302 and r["Location"].startswith("/masuk/")


def test_peksos_chooses_whatsapp_and_gets_the_next_message_there(
    client, personas, django_capture_on_commit_callbacks
):
    client.force_login(personas.peksos)
    r = client.get(URL)
    assert r.status_code == 200
    html = r.content.decode()
    assert "WhatsApp" in html and "SMS" in html and "Belum ada pesan." in html
    r = client.post(URL, {"aktif": "on", "kanal": "whatsapp", "telepon": "0812 7777 8888"})
    assert r.status_code == 302
    pref = PreferensiNotifikasi.objects.get(user=personas.peksos)
    assert (pref.kanal, pref.telepon, pref.aktif) == ("whatsapp", "0812 7777 8888", True)
    with django_capture_on_commit_callbacks(execute=True):
        pesan = kirim_ke_pengguna(user=personas.peksos, acara="uji", teks="Tugas baru RJK-1")
    assert (pesan.kanal, pesan.tujuan) == (Kanal.WHATSAPP, "0812 7777 8888")
    html = client.get(URL).content.decode()
    assert "Tugas baru RJK-1" in html and "Terkirim" in html


def test_whatsapp_without_a_number_is_refused_with_a_reason(client, personas):
    client.force_login(personas.peksos)
    r = client.post(URL, {"aktif": "on", "kanal": "whatsapp", "telepon": ""})
    assert r.status_code == 400
    assert "Isi nomor WhatsApp/HP untuk kanal ini." in r.content.decode()
    r = client.post(URL, {"aktif": "on", "kanal": "sms", "telepon": "12ab"})
    assert r.status_code == 400 and "Nomor telepon tidak valid" in r.content.decode()
    assert not PreferensiNotifikasi.objects.exists()


def test_email_needs_an_address_on_the_account(client, personas):
    personas.kabid.email = ""
    personas.kabid.save()
    client.force_login(personas.kabid)
    r = client.post(URL, {"aktif": "on", "kanal": "email", "telepon": ""})
    assert r.status_code == 400
    assert "belum memiliki alamat email" in r.content.decode()


def test_turned_off_means_no_message(client, personas, django_capture_on_commit_callbacks):
    client.force_login(personas.koordinator)
    assert client.post(URL, {"kanal": "email", "telepon": ""}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert kirim_ke_pengguna(user=personas.koordinator, acara="uji", teks="x") is None
    assert not Pesan.objects.exists()


def test_contact_picks_the_chosen_channel_or_what_there_is():
    assert Kontak(telepon="0812", email="a@b.id", kanal="email").alamat() == ("email", "a@b.id")
    assert Kontak(telepon="0812", email="a@b.id", kanal="sms").alamat() == ("sms", "0812")
    assert Kontak(telepon="", email="A@B.id", kanal="whatsapp").alamat() == ("email", "a@b.id")
    assert Kontak(telepon="0812").alamat() == ("whatsapp", "0812")
    assert Kontak().alamat() is None


def test_wa_me_link_for_the_officer():
    assert (
        tautan_wa("0812-3456 7890", "Berkas RJK-1 kurang KK")
        == "https://wa.me/6281234567890?text=Berkas%20RJK-1%20kurang%20KK"
    )
    assert tautan_wa("+62 812 3456 7890") == "https://wa.me/6281234567890"
    assert tautan_wa("") == ""


def test_log_channel_shows_the_text_but_masks_the_address(
    caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.INFO, logger="notifikasi")
    with django_capture_on_commit_callbacks(execute=True):
        pesan = kirim_langsung(kanal="sms", tujuan="081234567890", teks="Kode masuk: 123456")
        kirim(kontak=Kontak(email="siti@example.com"), acara="uji", teks="Halo")
    pesan.refresh_from_db()
    assert pesan.status == Pesan.Status.TERKIRIM and pesan.maks_percobaan == 3
    teks = "\n".join(r.getMessage() for r in caplog.records)
    assert "Kode masuk: 123456" in teks and "0812******90" in teks
    assert "081234567890" not in teks and "siti@example.com" not in teks


def test_stored_address_and_text_are_encrypted(django_capture_on_commit_callbacks):
    from django.db import connection

    with django_capture_on_commit_callbacks(execute=True):
        pesan = kirim_langsung(kanal="whatsapp", tujuan="081234567890", teks="Kode 654321")
    with connection.cursor() as c:
        c.execute("SELECT tujuan, teks FROM notifikasi_pesan WHERE id = %s", [pesan.pk])
        tujuan, teks = c.fetchone()
    assert "081234567890" not in tujuan and "654321" not in teks
