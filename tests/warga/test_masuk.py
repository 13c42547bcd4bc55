"""Login without a password: a code by WhatsApp/SMS or a one-time e-mail link,
valid five minutes, five tries, rate-limited per number and per address."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
import time_machine
from django.utils import timezone

from notifikasi.models import Pesan
from tests.warga.bantu import kode_dari, minta_kode, pesan_terakhir, tautan_dari
from warga import errors, services
from warga.kontak import normalisasi
from warga.models import KodeMasuk, KodeSalah

pytestmark = pytest.mark.django_db
NOMOR = "0812 1111 2222"
NOMOR_62 = "6281211112222"


def test_a_code_by_whatsapp_logs_the_citizen_in(client, caplog):
    caplog.set_level(logging.DEBUG)
    r = minta_kode(client, NOMOR)
    assert r.status_code == 302 and r["Location"] == "/warga/masuk/kode/"
    pesan = pesan_terakhir(NOMOR_62)
    assert pesan.kanal == "whatsapp" and pesan.tujuan == NOMOR_62
    kode = kode_dari(pesan)
    assert "JANGAN berikan kode ini" in pesan.teks
    # the code is kept only as a keyed hash, never in clear, never logged
    baris = KodeMasuk.objects.get()
    assert kode not in baris.rahasia_hash and len(baris.rahasia_hash) == 64
    assert NOMOR_62 not in baris.kontak_sidik
    halaman = client.get("/warga/masuk/kode/").content.decode()
    assert "0812****2222" in halaman and "lewat WhatsApp ke 0812****2222" in halaman
    r = client.post("/warga/masuk/kode/", {"kode": kode})
    assert r.status_code == 302 and r["Location"] == "/warga/"
    beranda = client.get("/warga/")
    assert beranda.status_code == 200
    assert "Masuk sebagai 0812****2222" in beranda.content.decode()
    assert kode not in caplog.text and NOMOR_62 not in caplog.text
    # the number is never in the session table in clear
    from django.contrib.sessions.models import Session

    for s in Session.objects.all():
        assert NOMOR_62 not in str(s.get_decoded())


def test_sms_is_the_other_choice(client):
    minta_kode(client, "+62 812-1111-2222", kanal="sms")
    assert pesan_terakhir(NOMOR_62).kanal == "sms"


def test_a_bad_number_is_refused_with_a_message(client):
    r = minta_kode(client, "12345")
    assert r.status_code == 400
    assert "Nomor HP tidak valid" in r.content.decode()
    assert not Pesan.objects.exists() and not KodeMasuk.objects.exists()


def test_the_code_page_without_a_code_sent_goes_back_to_the_login(client):
    r = client.get("/warga/masuk/kode/")
    assert r.status_code == 302 and r["Location"] == "/warga/masuk/"
    assert client.get("/warga/")["Location"] == "/warga/masuk/"


def test_a_code_expires_after_five_minutes(client):
    with time_machine.travel(timezone.now(), tick=False) as waktu:
        minta_kode(client, NOMOR)
        kode = kode_dari(pesan_terakhir(NOMOR_62))
        waktu.shift(dt.timedelta(minutes=5, seconds=1))
        r = client.post("/warga/masuk/kode/", {"kode": kode})
    assert r.status_code == 400
    assert "Kode sudah tidak berlaku" in r.content.decode()
    assert client.get("/warga/").status_code == 302


def test_a_code_within_five_minutes_still_works(client):
    with time_machine.travel(timezone.now(), tick=False) as waktu:
        minta_kode(client, NOMOR)
        kode = kode_dari(pesan_terakhir(NOMOR_62))
        waktu.shift(dt.timedelta(minutes=4, seconds=50))
        r = client.post("/warga/masuk/kode/", {"kode": kode})
    assert r.status_code == 302


def test_a_code_is_used_once_and_only_the_newest_counts():
    kontak = normalisasi(NOMOR)
    services.minta_kode(kontak=kontak, kanal="whatsapp", alamat_kunci="a")
    lama = kode_dari(pesan_terakhir(NOMOR_62))
    services.minta_kode(kontak=kontak, kanal="whatsapp", alamat_kunci="a")
    baru = kode_dari(pesan_terakhir(NOMOR_62))
    if lama != baru:  # (one in a million they are equal)
        with pytest.raises(errors.KodeSalah):
            services.periksa_kode(kontak=kontak, kode=lama, alamat_kunci="a")
    services.periksa_kode(kontak=kontak, kode=baru, alamat_kunci="a")
    with pytest.raises(errors.KodeTidakBerlaku):
        services.periksa_kode(kontak=kontak, kode=baru, alamat_kunci="a")


def _salah(kode: str) -> str:
    return f"{(int(kode) + 1) % 10**6:06d}"


def test_five_wrong_codes_lock_the_number_with_a_clear_message(client):
    with time_machine.travel(timezone.now(), tick=False) as waktu:
        minta_kode(client, NOMOR)
        kode = kode_dari(pesan_terakhir(NOMOR_62))
        for sisa in (4, 3, 2, 1):
            r = client.post("/warga/masuk/kode/", {"kode": _salah(kode)})
            assert r.status_code == 400
            assert f"Kode salah. Sisa {sisa} kali percobaan" in r.content.decode()
        r = client.post("/warga/masuk/kode/", {"kode": _salah(kode)})
        assert r.status_code == 429
        html = r.content.decode()
        assert "dikunci sementara karena 5 kali salah memasukkan kode" in html
        assert "coba lagi dalam 15 menit" in html
        assert 'name="kode"' not in html  # no form to keep guessing into
        assert "Minta kode baru" not in html  # no way offered that would only be refused
        # meanwhile even the right code, and a new code, are refused
        r = client.post("/warga/masuk/kode/", {"kode": kode})
        assert r.status_code == 429
        r = client.get("/warga/masuk/kode/")  # reloading the page says it again
        assert r.status_code == 429 and 'name="kode"' not in r.content.decode()
        assert "dikunci sementara" in r.content.decode()
        assert client.get("/warga/").status_code == 302
        waktu.shift(dt.timedelta(minutes=10))
        r = minta_kode(client, NOMOR)
        assert r.status_code == 429 and "coba lagi dalam 5 menit" in r.content.decode()
        assert KodeMasuk.objects.count() == 1
        # another number from the same phone is not locked
        assert minta_kode(client, "0812 3333 4444").status_code == 302
        waktu.shift(dt.timedelta(minutes=5, seconds=1))
        assert minta_kode(client, NOMOR).status_code == 302
        r = client.post("/warga/masuk/kode/", {"kode": kode_dari(pesan_terakhir(NOMOR_62))})
        assert r.status_code == 302 and r["Location"] == "/warga/"
    assert KodeSalah.objects.count() == 5


def test_codes_sent_to_one_number_are_limited(client):
    for _i in range(3):
        assert minta_kode(client, NOMOR).status_code == 302
    r = minta_kode(client, NOMOR, REMOTE_ADDR="10.9.9.9")
    assert r.status_code == 429
    assert "Kode sudah beberapa kali dikirim ke kontak ini" in r.content.decode()
    assert KodeMasuk.objects.count() == 3


def test_codes_asked_from_one_address_are_limited(client):
    for i in range(10):
        assert minta_kode(client, f"0812 5555 {i:04d}").status_code == 302
    r = minta_kode(client, "0812 5555 9999")
    assert r.status_code == 429
    assert "Terlalu banyak permintaan kode dari jaringan Anda" in r.content.decode()
    # another address is served
    assert minta_kode(client, "0812 5555 9999", REMOTE_ADDR="10.1.2.3").status_code == 302


def test_wrong_codes_from_one_address_for_many_numbers_are_stopped(settings):
    settings.WARGA_BATAS = {"SALAH_PER_ALAMAT": (3, 3600)}
    for i in range(3):
        kontak = normalisasi(f"0812 7777 {i:04d}")
        services.minta_kode(kontak=kontak, kanal="sms", alamat_kunci="penebak")
        with pytest.raises(errors.KodeSalah):
            services.periksa_kode(kontak=kontak, kode="000000x", alamat_kunci="penebak")
    kontak = normalisasi("0812 7777 9999")
    services.minta_kode(kontak=kontak, kanal="sms", alamat_kunci="penebak")
    kode = kode_dari(pesan_terakhir(kontak.nilai))
    with pytest.raises(errors.TerlaluBanyak):
        services.periksa_kode(kontak=kontak, kode=kode, alamat_kunci="penebak")


def test_an_email_gets_a_one_time_link(client):
    r = minta_kode(client, "Warga.Baik@Example.com")
    assert r.status_code == 200
    assert "Tautan masuk sudah dikirim ke w***@example.com" in r.content.decode()
    pesan = pesan_terakhir("warga.baik@example.com")
    assert pesan.kanal == "email" and pesan.subjek
    tautan = tautan_dari(pesan)
    assert "warga.baik" not in tautan  # the address travels encrypted in the token
    # opening the link (a mail scanner does) does not use it up
    halaman = client.get(tautan)
    assert halaman.status_code == 200 and client.get("/warga/").status_code == 302
    r = client.post(tautan)
    assert r.status_code == 302 and r["Location"] == "/warga/"
    assert "w***@example.com" in client.get("/warga/").content.decode()
    # single use
    from django.test import Client

    lain = Client()
    r = lain.post(tautan)
    assert r.status_code == 400 and "Tautan masuk tidak berlaku" in r.content.decode()
    assert lain.get("/warga/").status_code == 302


def test_an_email_link_expires_after_five_minutes(client):
    with time_machine.travel(timezone.now(), tick=False) as waktu:
        minta_kode(client, "warga@example.com")
        tautan = tautan_dari(pesan_terakhir("warga@example.com"))
        waktu.shift(dt.timedelta(minutes=5, seconds=1))
        r = client.post(tautan)
    assert r.status_code == 400 and "Tautan masuk tidak berlaku" in r.content.decode()


def test_a_tampered_link_is_refused(client):
    minta_kode(client, "warga@example.com")
    tautan = tautan_dari(pesan_terakhir("warga@example.com"))
    r = client.post(tautan[:-6] + "AAAAA/")
    assert r.status_code == 400
    assert client.post("/warga/masuk/tautan/bukan-token/").status_code == 400


def test_the_login_ends_after_thirty_idle_minutes_and_on_logout(client):
    from tests.warga.bantu import masuk

    with time_machine.travel(timezone.now(), tick=False) as waktu:
        masuk(client, NOMOR)
        waktu.shift(dt.timedelta(minutes=29))
        assert client.get("/warga/").status_code == 200
        waktu.shift(dt.timedelta(minutes=29))
        assert client.get("/warga/").status_code == 200  # activity keeps it alive
        waktu.shift(dt.timedelta(minutes=31))
        r = client.get("/warga/")
        assert r.status_code == 302 and r["Location"] == "/warga/masuk/"
    masuk(client, NOMOR)
    assert client.post("/warga/keluar/").status_code == 302
    assert client.get("/warga/").status_code == 302


def test_logging_in_takes_a_new_session_key(client):
    client.get("/warga/masuk/")
    minta_kode(client, NOMOR)
    sebelum = client.session.session_key
    client.post("/warga/masuk/kode/", {"kode": kode_dari(pesan_terakhir(NOMOR_62))})
    assert client.session.session_key != sebelum


def test_old_codes_and_wrong_answers_are_deleted_after_a_day(client):
    import io

    from django.core.management import call_command

    with time_machine.travel(timezone.now(), tick=False) as waktu:
        minta_kode(client, NOMOR)
        client.post("/warga/masuk/kode/", {"kode": "000000x"})
        waktu.shift(dt.timedelta(hours=23))
        minta_kode(client, "0812 3333 4444")
        waktu.shift(dt.timedelta(hours=2))
        out = io.StringIO()
        call_command("bersihkan_kode_warga", stdout=out)
    assert "2 baris" in out.getvalue()
    assert KodeMasuk.objects.count() == 1 and not KodeSalah.objects.exists()
