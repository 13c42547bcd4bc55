"""The officer's prepared WhatsApp message (wa.me) on the case page and the
complaint page: to the applicant's or reporter's number, with the number of
the case or ticket, its state and where to track it, and nothing about the
client."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.pengaduan.factories import catat
from tests.personas import personas_untuk
from tests.rujukan.factories import s_register, standar_sederhana

pytestmark = pytest.mark.django_db


def _wa(html: str) -> tuple[str, str]:
    """(number, text) of the page's prepared WhatsApp link."""
    m = re.search(r'<a href="([^"]+)"[^>]*data-wa>', html)
    assert m, "tidak ada tautan WhatsApp"
    url = urlsplit(unescape(m.group(1)))
    assert url.netloc == "wa.me"
    return url.path.strip("/"), parse_qs(url.query)["text"][0]


def test_the_case_page_prepares_a_whatsapp_message_to_the_applicant(client):
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    r = s_register(layanan, staf).rujukan  # the applicant's phone: 0813 4854 5556, WhatsApp
    client.force_login(staf.petugas_loket)
    nomor, teks = _wa(client.get(reverse("rujukan:detail", args=[r.pk])).content.decode())
    assert nomor == "6281348545556"
    assert r.nomor_registrasi in teks and layanan.nama in teks
    assert r.get_status_display() in teks and "/rujukan/lacak/" in teks
    assert r.klien.nama not in teks and r.klien.nik not in teks


def test_the_complaint_page_prepares_a_whatsapp_message_to_the_reporter(client, personas):
    p, _kode = catat(
        personas.petugas_loket,
        nama="Siti Rahmawati",
        telepon="0812 3456 7890",
        diterima_pada=timezone.now() - dt.timedelta(hours=1),
    )
    client.force_login(personas.petugas_loket)
    nomor, teks = _wa(client.get(reverse("pengaduan:detail", args=[p.pk])).content.decode())
    assert nomor == "6281234567890"
    assert teks.startswith("Yth. Siti Rahmawati,")
    assert p.nomor in teks and p.get_status_display() in teks and "/pengaduan/lacak/" in teks
    assert p.uraian not in teks  # what the complaint says stays on the page
