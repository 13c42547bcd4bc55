"""A WhatsApp gateway that times out or answers 500 delays the message (retried
with back-off, every attempt logged) and never the citizen's request; a 4xx
is final. Against a fake gateway on loopback, with the real database queue."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from notifikasi.models import Kanal, Pesan
from pengaduan.models import Pengaduan
from tests.notifikasi.antrean import jalankan_antrean
from tests.notifikasi.gateway_palsu import GatewayPalsu

pytestmark = pytest.mark.django_db

TELEPON = "0812-3456-7890"


@pytest.fixture
def gateway(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    palsu = GatewayPalsu(jawaban=["200"]).mulai()
    settings.NOTIFIKASI_GATEWAY_URL = palsu.url
    settings.NOTIFIKASI_GATEWAY_TOKEN = "token-uji"
    settings.NOTIFIKASI_GATEWAY_TIMEOUT = 0.5
    settings.NOTIFIKASI_PENGIRIM = {"whatsapp": "gateway", "sms": "gateway", "email": "email"}
    settings.NOTIFIKASI_MAKS_PERCOBAAN = 3
    settings.NOTIFIKASI_JEDA_MENIT = [1, 5]
    yield palsu
    palsu.berhenti()


def _ajukan(client, personas, django_capture_on_commit_callbacks) -> tuple[float, Pengaduan]:
    """A citizen files a complaint with a phone number only (no e-mail)."""
    data = {
        "jenis": "pengaduan",
        "instansi": personas.instansi.slug,
        "layanan": "",
        "judul": "Bantuan lansia belum cair",
        "uraian": "Nenek saya terdaftar tetapi sudah tiga bulan tidak menerima bantuan.",
        "harapan": "Mohon dicek.",
        "nama": "Siti Rahmawati",
        "telepon": TELEPON,
        "email": "",
        "situs_web": "",
    }
    mulai = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/pengaduan/baru/", data)
    lama = time.monotonic() - mulai
    assert r.status_code == 302
    return lama, Pengaduan.objects.get()


def _catatan(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "notifikasi"]


def test_gateway_500_delays_the_message_not_the_request(
    client, personas, gateway, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.INFO, logger="notifikasi")
    gateway.jawaban = ["500", "200"]
    lama, p = _ajukan(client, personas, django_capture_on_commit_callbacks)

    pesan = Pesan.objects.get(acara="pengaduan.tanda_terima")
    assert (pesan.kanal, pesan.status, pesan.percobaan) == (Kanal.WHATSAPP, "antre", 0)
    assert gateway.permintaan == []  # the request only queued it
    assert DBTaskResult.objects.ready().count() == 1

    assert jalankan_antrean() == 1
    pesan.refresh_from_db()
    assert (pesan.status, pesan.percobaan, pesan.galat_terakhir) == ("antre", 1, "HTTP 500")
    tunggu = pesan.berikutnya_pada - timezone.now()
    assert timedelta(seconds=50) < tunggu <= timedelta(seconds=60)
    assert jalankan_antrean() == 0  # not due yet: no second attempt at once

    with time_machine.travel(timezone.now() + timedelta(seconds=61), tick=True):
        assert jalankan_antrean() == 1
    pesan.refresh_from_db()
    assert (pesan.status, pesan.percobaan, pesan.galat_terakhir) == ("terkirim", 2, "")

    assert len(gateway.permintaan) == 2
    badan = gateway.permintaan[1]["badan"]
    assert badan["channel"] == "whatsapp" and badan["to"] == "6281234567890"
    assert p.nomor in badan["text"] and "Siti" not in badan["text"]
    assert gateway.permintaan[1]["otorisasi"] == "Bearer token-uji"
    catatan = _catatan(caplog)
    assert any(f"Pesan {pesan.pk} percobaan 1/3 gagal (HTTP 500)" in c for c in catatan)
    assert any(f"Pesan {pesan.pk} terkirim lewat whatsapp (percobaan 2)" in c for c in catatan)
    assert not any("081234567890" in c or "6281234567890" in c for c in catatan)
    print(f"\nrequest {lama * 1000:.0f} ms")


def test_a_gateway_that_times_out_never_holds_the_request_and_the_message_fails_after_3(
    client, personas, gateway, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.INFO, logger="notifikasi")
    gateway.jawaban = ["lambat"]
    gateway.tidur = 3.0
    lama, _p = _ajukan(client, personas, django_capture_on_commit_callbacks)
    assert lama < gateway.tidur / 2, f"the request took {lama:.2f} s"
    pesan = Pesan.objects.get(acara="pengaduan.tanda_terima")

    percobaan = []
    sekarang = timezone.now()
    for menit in (0, 1.1, 6.2):  # back-off 1 min, then 5 min
        with time_machine.travel(sekarang + timedelta(minutes=menit), tick=True):
            mulai = time.monotonic()
            assert jalankan_antrean() == 1
            percobaan.append(time.monotonic() - mulai)
    pesan.refresh_from_db()
    assert (pesan.status, pesan.percobaan, pesan.galat_terakhir) == ("gagal", 3, "timeout")
    assert all(d < 1.5 for d in percobaan), percobaan  # 0.5 s timeout, not 3 s
    assert len(gateway.permintaan) == 3
    catatan = _catatan(caplog)
    assert sum("gagal (timeout); dicoba lagi" in c for c in catatan) == 2
    assert any(
        f"Pesan {pesan.pk} (pengaduan.tanda_terima, whatsapp) gagal setelah 3" in c for c in catatan
    )
    with time_machine.travel(sekarang + timedelta(hours=3), tick=True):
        assert jalankan_antrean() == 0  # failed is final
    print(f"\nrequest {lama * 1000:.0f} ms, attempts {[round(d, 2) for d in percobaan]} s")


def test_a_4xx_from_the_gateway_is_final_at_once(
    client, personas, gateway, caplog, django_capture_on_commit_callbacks
):
    gateway.jawaban = ["400"]
    _ajukan(client, personas, django_capture_on_commit_callbacks)
    assert jalankan_antrean() == 1
    pesan = Pesan.objects.get(acara="pengaduan.tanda_terima")
    assert (pesan.status, pesan.percobaan, pesan.galat_terakhir) == ("gagal", 1, "HTTP 400")
    assert DBTaskResult.objects.ready().count() == 0
    assert DBTaskResult.objects.filter(status="READY").count() == 0  # no retry queued


def test_a_gateway_that_is_down_is_retried(
    client, personas, gateway, django_capture_on_commit_callbacks
):
    gateway.berhenti()  # nothing listens on the port any more
    _ajukan(client, personas, django_capture_on_commit_callbacks)
    assert jalankan_antrean() == 1
    pesan = Pesan.objects.get(acara="pengaduan.tanda_terima")
    assert (pesan.status, pesan.percobaan) == ("antre", 1)
    assert pesan.galat_terakhir == "ConnectionRefusedError"
    gateway.mulai()  # the fixture's teardown stops it again
