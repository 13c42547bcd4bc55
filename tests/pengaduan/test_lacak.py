"""Tracking: ticket number + secret code open one ticket; anything else is a plain 404."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.utils.html import escape

from pengaduan import services
from pengaduan.models import Pengaduan, Penilaian
from tests.berkas_palsu import jpeg
from tests.pengaduan.factories import ajukan

pytestmark = pytest.mark.django_db
TIDAK_COCOK = "Nomor tiket atau kode pelacakan tidak cocok"


def buka(client, nomor, kode):
    return client.post("/pengaduan/lacak/", {"nomor": nomor, "kode": kode})


def test_number_and_code_open_the_ticket(client, personas):
    p, kode = ajukan(personas.instansi)
    r = buka(client, p.nomor.lower(), services.format_kode(kode).lower())
    assert r.status_code == 302 and r["Location"] == f"/pengaduan/lacak/{p.nomor}/"
    page = client.get(r["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert p.judul in html and "Diterima" in html
    assert "Siti" not in html  # the tracking page shows no identity


def wrong_cases(p, kode, other, other_kode):
    return {
        "wrong code": (p.nomor, "AAAA-BBBB-CCCC"),
        "empty code": (p.nomor, ""),
        "another ticket's code": (p.nomor, other_kode),
        "unknown number": ("ADU-2026-ZZZZZZ", kode),
        "code with a different number": (other.nomor, kode),
        "sql-ish": ("' OR 1=1 --", "' OR 1=1 --"),
    }


def test_wrong_combinations_get_the_same_404_without_a_hint(client, personas):
    p, kode = ajukan(personas.instansi)
    other, other_kode = ajukan(personas.instansi)
    bodies = set()
    for case, (nomor, code) in wrong_cases(p, kode, other, other_kode).items():
        r = buka(client, nomor, code)
        if code == "":
            assert r.status_code == 400, case  # the form asks for the code
            continue
        assert r.status_code == 404, case
        html = r.content.decode()
        assert TIDAK_COCOK in html, case
        assert p.judul not in html and other.judul not in html, case
        # Strip the echoed number: the rest of the page must be identical.
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        bodies.add(html.replace(escape(nomor), "N").replace(nomor, "N"))
    assert len(bodies) == 1
    # None of those attempts opened anything.
    assert client.get(f"/pengaduan/lacak/{p.nomor}/").status_code == 404
    assert client.get(f"/pengaduan/lacak/{other.nomor}/").status_code == 404


def test_one_code_never_opens_another_ticket(client, personas):
    p, kode = ajukan(personas.instansi)
    other, _ = ajukan(personas.instansi)
    buka(client, p.nomor, kode)
    assert client.get(f"/pengaduan/lacak/{p.nomor}/").status_code == 200
    r = client.get(f"/pengaduan/lacak/{other.nomor}/")
    assert r.status_code == 404 and other.judul not in r.content.decode()
    for action in ("balas", "buka-kembali", "selesai", "nilai"):
        r = client.post(f"/pengaduan/lacak/{other.nomor}/{action}/", {"isi": "x", "nilai": 4})
        assert r.status_code == 404, action
    assert other.tanggapan.count() == 0


def test_guessing_codes_is_rate_limited(client, personas, settings):
    settings.PENGADUAN_BATAS_PERMINTAAN = {"lacak_gagal": (5, 3600)}
    p, kode = ajukan(personas.instansi)
    for _ in range(5):
        assert buka(client, p.nomor, "AAAABBBBCCCC").status_code == 404
    r = buka(client, p.nomor, kode)  # even the right code waits now
    assert r.status_code == 429
    assert "Terlalu banyak permintaan" in r.content.decode()


def test_citizen_sends_what_was_asked_for_and_the_clock_runs_again(client, personas):
    p, kode = ajukan(personas.instansi)
    services.pengaduan_request_details(
        pengaduan=p, by=personas.petugas_loket, pesan="Mohon kirim foto KTP."
    )
    buka(client, p.nomor, kode)
    page = client.get(f"/pengaduan/lacak/{p.nomor}/").content.decode()
    assert "Mohon kirim foto KTP." in page and "Kirim kelengkapan" in page
    r = client.post(
        f"/pengaduan/lacak/{p.nomor}/balas/", {"isi": "Ini fotonya.", "lampiran": [jpeg()]}
    )
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == Pengaduan.Status.CEK_ADMINISTRASI
    assert p.lampiran.get().tanggapan.isi == "Ini fotonya."


def test_empty_reply_is_refused_with_a_message(client, personas):
    p, kode = ajukan(personas.instansi)
    buka(client, p.nomor, kode)
    r = client.post(f"/pengaduan/lacak/{p.nomor}/balas/", {"isi": "  "})
    assert r.status_code == 400
    assert "Bidang ini tidak boleh kosong" in r.content.decode()


def test_citizen_reads_the_answer_closes_and_rates(client, personas):
    p, kode = ajukan(personas.instansi)
    services.pengaduan_add_note(pengaduan=p, by=personas.petugas_loket, isi="RAHASIA INTERNAL")
    services.pengaduan_answer(
        pengaduan=p, by=personas.petugas_loket, isi="Bantuan nenek Anda cair tanggal 5."
    )
    buka(client, p.nomor, kode)
    page = client.get(f"/pengaduan/lacak/{p.nomor}/").content.decode()
    assert "Bantuan nenek Anda cair tanggal 5." in page
    assert "RAHASIA INTERNAL" not in page  # internal notes never reach the citizen
    assert "Rina" not in page  # nor officer names
    assert client.post(f"/pengaduan/lacak/{p.nomor}/selesai/").status_code == 302
    page = client.get(f"/pengaduan/lacak/{p.nomor}/").content.decode()
    assert "Nilai penanganan laporan Anda" in page
    r = client.post(
        f"/pengaduan/lacak/{p.nomor}/nilai/", {"nilai": "4", "komentar": "Terima kasih"}
    )
    assert r.status_code == 302
    assert Penilaian.objects.get(pengaduan=p).nilai == 4
    page = client.get(f"/pengaduan/lacak/{p.nomor}/").content.decode()
    assert "Penilaian Anda: Sangat puas" in page and "Kirim penilaian" not in page
    r = client.post(f"/pengaduan/lacak/{p.nomor}/nilai/", {"nilai": "1"})
    assert r.status_code == 409 and Penilaian.objects.get(pengaduan=p).nilai == 4


@pytest.mark.parametrize("nilai", ["0", "5", "x", ""])
def test_rating_out_of_range_gets_a_message(client, personas, nilai):
    p, kode = ajukan(personas.instansi)
    services.pengaduan_answer(pengaduan=p, by=personas.petugas_loket, isi="Sudah.")
    services.pelapor_konfirmasi_selesai(pengaduan=p)
    buka(client, p.nomor, kode)
    r = client.post(f"/pengaduan/lacak/{p.nomor}/nilai/", {"nilai": nilai})
    assert r.status_code == 400
    assert Penilaian.objects.count() == 0


def test_reopen_within_the_window_and_not_after(client, personas):
    now = dt.datetime.now(dt.UTC)
    with time_machine.travel(now, tick=False):
        p, kode = ajukan(personas.instansi)
        services.pengaduan_answer(pengaduan=p, by=personas.petugas_loket, isi="Sudah.")
        buka(client, p.nomor, kode)
        assert (
            "Belum, buka kembali laporan"
            in client.get(f"/pengaduan/lacak/{p.nomor}/").content.decode()
        )
    with time_machine.travel(now + dt.timedelta(days=30), tick=False):
        buka(client, p.nomor, kode)  # the session of a month ago has expired
        html = client.get(f"/pengaduan/lacak/{p.nomor}/").content.decode()
        assert "Belum, buka kembali laporan" not in html
        r = client.post(f"/pengaduan/lacak/{p.nomor}/buka-kembali/", {"alasan": "Belum cair."})
        assert r.status_code == 409
        assert "Masa tanggapan sudah lewat" in r.content.decode()
    with time_machine.travel(now + dt.timedelta(hours=1), tick=False):
        buka(client, p.nomor, kode)
        r = client.post(f"/pengaduan/lacak/{p.nomor}/buka-kembali/", {"alasan": "Belum cair."})
        assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == Pengaduan.Status.CEK_ADMINISTRASI


def test_leaving_forgets_the_ticket_on_a_shared_phone(client, personas):
    p, kode = ajukan(personas.instansi)
    buka(client, p.nomor, kode)
    client.post("/pengaduan/lacak/keluar/")
    assert client.get(f"/pengaduan/lacak/{p.nomor}/").status_code == 404


def test_get_on_a_citizen_action_does_not_write(client, personas):
    p, kode = ajukan(personas.instansi)
    services.pengaduan_answer(pengaduan=p, by=personas.petugas_loket, isi="Sudah.")
    buka(client, p.nomor, kode)
    assert client.get(f"/pengaduan/lacak/{p.nomor}/selesai/").status_code == 405
    assert client.get(f"/pengaduan/lacak/{p.nomor}/nilai/").status_code == 405
    p.refresh_from_db()
    assert p.status == Pengaduan.Status.DIJAWAB


def test_handling_officer_hears_when_the_citizen_writes(
    client, personas, django_capture_on_commit_callbacks
):
    from django.core import mail

    personas.petugas_loket.email = "rina@dinsos.example.go.id"
    personas.petugas_loket.save()
    p, kode = ajukan(personas.instansi, email="")
    services.pengaduan_start_check(pengaduan=p, by=personas.petugas_loket)
    buka(client, p.nomor, kode)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/pengaduan/lacak/{p.nomor}/balas/", {"isi": "Ada tambahan: alamatnya RT 3."})
    assert [m.to for m in mail.outbox] == [["rina@dinsos.example.go.id"]]
    assert p.nomor in mail.outbox[0].subject
    assert "RT 3" not in mail.outbox[0].body and "Siti" not in mail.outbox[0].body
