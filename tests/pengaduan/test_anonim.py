"""Anonymity: the reporter's identity is absent from every page the unit complained about
sees, while staff allowed to see it still can."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from pengaduan import services
from pengaduan.models import Pengaduan
from tests.berkas_palsu import jpeg
from tests.pengaduan.factories import ajukan

pytestmark = pytest.mark.django_db
IDENTITAS = ["Siti Rahmawati", "Rahmawati", "081234567890", "0812-3456-7890", "siti.warga"]


def masuk(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def every_page(c: Client, p: Pengaduan) -> dict[str, str]:
    """All staff pages a user can reach for this complaint, with their text."""
    from pengaduan.views_staf import AKSI

    pages = {}
    for url in ["/pengaduan/staf/", f"/pengaduan/staf/{p.pk}/", "/pengaduan/staf/?selesai=on"]:
        r = c.get(url)
        assert r.status_code == 200, url
        pages[url] = r.content.decode()
    for slug in AKSI:
        url = f"/pengaduan/staf/{p.pk}/{slug}/"
        r = c.get(url)
        pages[url] = r.content.decode()
    for lampiran in p.lampiran.all():
        url = f"/pengaduan/staf/lampiran/{lampiran.pk}/"
        r = c.get(url)
        assert r.status_code == 200
        pages[url] = r["Content-Disposition"] + b"".join(r.streaming_content).decode("latin-1")
    return pages


@pytest.fixture
def anonim(personas, django_capture_on_commit_callbacks):
    """An anonymous complaint about a social worker's unit, disposed to that unit."""
    personas.peksos.email = "bima@dinsos.example.go.id"
    personas.peksos.save()
    p, _ = ajukan(
        personas.instansi,
        anonim=True,
        nama="Siti Rahmawati",
        telepon="081234567890",
        email="siti.warga@example.com",
        judul="Petugas meminta uang",
        berkas=[jpeg("KTP_Siti_Rahmawati.jpg")],
    )
    services.pengaduan_start_check(pengaduan=p, by=personas.petugas_loket)
    services.pengaduan_add_note(pengaduan=p, by=personas.petugas_loket, isi="Sudah dicek.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.pengaduan_route(
            pengaduan=p,
            by=personas.kabid,
            jenis_koordinasi="internal",
            bidang="Bidang Rehabilitasi Sosial",
            petugas=personas.peksos,
        )
    services.pengaduan_send_message(pengaduan=p, by=personas.peksos, isi="Sedang kami tangani.")
    return p


def test_identity_is_absent_from_every_page_the_unit_sees(personas, anonim):
    pages = every_page(masuk(personas.peksos), anonim)
    assert len(pages) >= 10
    assert anonim.nomor in pages[f"/pengaduan/staf/{anonim.pk}/"]  # he does see the complaint
    for url, text in pages.items():
        for secret in IDENTITAS:
            assert secret not in text, (url, secret)
    assert "Identitas pelapor dirahasiakan (anonim)" in pages[f"/pengaduan/staf/{anonim.pk}/"]
    # Nor in the mail that told him of the disposition.
    assert len(mail.outbox) == 1
    for secret in IDENTITAS:
        assert secret not in mail.outbox[0].body + mail.outbox[0].subject


def test_staff_allowed_to_see_identity_still_can(personas, anonim):
    for user in (personas.koordinator, personas.petugas_loket, personas.kabid):
        html = masuk(user).get(f"/pengaduan/staf/{anonim.pk}/").content.decode()
        assert "Siti Rahmawati" in html and "081234567890" in html, user
        assert "KTP_Siti_Rahmawati.jpg" in html
        assert "jangan teruskan identitas ini" in html


def test_identity_is_shown_to_the_unit_when_the_reporter_did_not_ask_anonymity(personas):
    p, _ = ajukan(personas.instansi, anonim=False, nama="Budi Santoso")
    services.pengaduan_route(
        pengaduan=p, by=personas.kabid, jenis_koordinasi="internal", petugas=personas.peksos
    )
    html = masuk(personas.peksos).get(f"/pengaduan/staf/{p.pk}/").content.decode()
    assert "Budi Santoso" in html


def test_the_public_tracking_page_never_shows_identity(personas):
    p, kode = ajukan(personas.instansi, anonim=False)
    c = Client()
    c.post("/pengaduan/lacak/", {"nomor": p.nomor, "kode": kode})
    html = c.get(f"/pengaduan/lacak/{p.nomor}/").content.decode()
    for secret in IDENTITAS:
        assert secret not in html
