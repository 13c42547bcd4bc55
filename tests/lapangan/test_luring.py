"""Field records sent from the offline queue: an idempotency key makes a
replay answer the first result without recording anything twice (photos
included); a case that moved meanwhile answers 409 with the reason; bad
input answers 4xx. The browser side is tests/e2e/test_luring_journey.py."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest

from lapangan.models import Dokumentasi, KirimanLuring
from rujukan import services as rs
from rujukan.models import Asesmen, Kegiatan, Status
from tests.berkas_palsu import jpeg_kamera
from tests.lapangan.factories import kasus_di_lapangan
from tests.lapangan.test_asesmen import isian

pytestmark = pytest.mark.django_db


def dasar(client, r) -> dict:
    """The hidden fields the form carries: what the phone knew when it was opened."""
    html = client.get(f"/lapangan/{r.pk}/asesmen/").content.decode()
    out = {}
    for nama in ("dasar_tahap", "dasar_asesmen"):
        out[nama] = re.search(rf'name="{nama}" value="([^"]*)"', html).group(1)
    assert 'name="kunci_kiriman"' in html
    return out


def kirim(client, r, data, kunci, jalur="asesmen"):
    return client.post(
        f"/lapangan/{r.pk}/{jalur}/",
        data,
        headers={"X-Kunci-Kiriman": str(kunci), "Accept": "application/json"},
    )


def test_queued_assessment_sent_twice_is_recorded_once_with_its_two_photos(client, standar):
    r, staf = kasus_di_lapangan(standar["bulukumba"])
    client.force_login(staf.peksos)
    kunci = uuid.uuid4()
    data = {**isian(r), **dasar(client, r)}
    pertama = kirim(
        client, r, {**data, "foto": [jpeg_kamera(nama="a.jpg"), jpeg_kamera(nama="b.jpg")]}, kunci
    )
    assert pertama.status_code == 201, pertama.content.decode()[:500]
    j1 = pertama.json()
    assert j1["status"] == "tersimpan" and j1["foto"] == 2 and not j1["ulang"]
    assert j1["url"] == f"/lapangan/{r.pk}/"
    r.refresh_from_db()
    assert r.status == Status.PERSETUJUAN  # the case moved on: only a replay is answered now
    # the answer was lost on the way: the phone sends the same item again
    kedua = kirim(
        client, r, {**data, "foto": [jpeg_kamera(nama="a.jpg"), jpeg_kamera(nama="b.jpg")]}, kunci
    )
    assert kedua.status_code == 200
    j2 = kedua.json()
    assert j2["ulang"] and j2["asesmen"] == j1["asesmen"] and j2["foto"] == 2
    assert "tidak dicatat dua kali" in j2["pesan"]
    assert Asesmen.objects.filter(rujukan=r).count() == 1
    assert Dokumentasi.objects.filter(rujukan=r).count() == 2
    k = KirimanLuring.objects.get()
    assert (k.kunci, k.asesmen_id, k.oleh_id) == (kunci, j1["asesmen"], staf.peksos.pk)
    assert "konsep diajukan" in k.pesan


def test_plain_form_posted_twice_with_its_key_redirects_once_saved(client, standar):
    r, staf = kasus_di_lapangan(standar["bulukumba"])
    client.force_login(staf.peksos)
    data = {**isian(r), "kunci_kiriman": str(uuid.uuid4())}
    assert (
        client.post(f"/lapangan/{r.pk}/asesmen/", {**data, "foto": jpeg_kamera()}).status_code
        == 302
    )
    lagi = client.post(f"/lapangan/{r.pk}/asesmen/", {**data, "foto": jpeg_kamera()}, follow=True)
    assert lagi.redirect_chain[-1][0] == f"/lapangan/{r.pk}/?tersimpan=asesmen"
    assert "sudah tersimpan sebelumnya" in lagi.content.decode()
    assert Asesmen.objects.filter(rujukan=r).count() == 1
    assert Dokumentasi.objects.filter(rujukan=r).count() == 1


def test_assessment_recorded_meanwhile_elsewhere_is_a_conflict(client, standar):
    r, staf = kasus_di_lapangan(standar["banjar"], lahir=dt.date(2013, 7, 9))
    client.force_login(staf.peksos)
    d = dasar(client, r)  # opened online, then filled without a signal
    assert d == {"dasar_tahap": Status.VERIFIKASI, "dasar_asesmen": ""}
    # meanwhile an assessment was typed in at the office (the PC, not this phone)
    rs.rujukan_record_assessment(
        rujukan=r, by=staf.peksos, kondisi="Dicatat di kantor.", kesimpulan_layak=True
    )
    resp = kirim(client, r, {**isian(r), **d, "foto": jpeg_kamera()}, uuid.uuid4())
    assert resp.status_code == 409
    j = resp.json()
    assert j["status"] == "konflik"
    assert "Asesmen lain sudah dicatat oleh" in j["pesan"] and "salin isinya" in j["pesan"]
    assert Asesmen.objects.filter(rujukan=r).count() == 1
    assert not Dokumentasi.objects.exists() and not KirimanLuring.objects.exists()


def test_case_moved_to_a_stage_without_assessment_is_a_conflict(client, standar):
    r, staf = kasus_di_lapangan(standar["bulukumba"])
    client.force_login(staf.peksos)
    d = dasar(client, r)
    # meanwhile the assessment went in from the office PC, and the draft to approval
    assert client.post(f"/lapangan/{r.pk}/asesmen/", isian(r)).status_code == 302
    r.refresh_from_db()
    assert r.status == Status.PERSETUJUAN
    resp = kirim(client, r, {**isian(r), **d}, uuid.uuid4())
    assert resp.status_code == 409
    assert resp.json()["status"] == "konflik"
    assert "tahap verifikasi atau penanganan" in resp.json()["pesan"]
    assert Asesmen.objects.filter(rujukan=r).count() == 1


def test_stage_changed_since_the_form_was_opened_is_a_conflict(client, standar):
    r, staf = kasus_di_lapangan(standar["banjar"], lahir=dt.date(2013, 7, 9))
    client.force_login(staf.peksos)
    d = dasar(client, r)
    a = rs.rujukan_record_assessment(
        rujukan=r, by=staf.peksos, kondisi="Sehat.", kesimpulan_layak=True
    )
    rs.rujukan_complete_verification(rujukan=r, by=staf.peksos)
    r.refresh_from_db()
    assert r.status == Status.PENANGANAN  # a re-assessment is allowed here, but not this one
    resp = kirim(client, r, {**isian(r), **d, "dasar_asesmen": str(a.pk)}, uuid.uuid4())
    assert resp.status_code == 409
    assert "sudah berpindah dari tahap" in resp.json()["pesan"]
    assert Asesmen.objects.filter(rujukan=r).count() == 1


def test_bad_input_from_the_queue_answers_4xx_and_records_nothing(client, standar):
    r, staf = kasus_di_lapangan(standar["bulukumba"])
    client.force_login(staf.peksos)
    d = dasar(client, r)
    rusak = kirim(client, r, {**isian(r), **d}, "bukan-uuid")
    assert rusak.status_code == 400 and rusak.json()["pesan"] == "Kunci kiriman tidak dikenal."
    tanpa_alasan = kirim(client, r, {**isian(r, alasan=""), **d}, uuid.uuid4())
    assert tanpa_alasan.status_code == 400
    assert tanpa_alasan.json()["status"] == "ditolak"
    assert "Alasan kesimpulan" in tanpa_alasan.json()["galat"]
    kunci = uuid.uuid4()
    assert kirim(client, r, {**isian(r), **d}, kunci).status_code == 201
    # the same key for another case is refused, not answered with the first case's result
    r2, _ = kasus_di_lapangan(standar["bulukumba"], staf=staf)
    lain = kirim(client, r2, {**isian(r2), **dasar(client, r2)}, kunci)
    assert lain.status_code == 400 and "sudah dipakai" in lain.json()["pesan"]
    assert not Asesmen.objects.filter(rujukan=r2).exists()
    assert KirimanLuring.objects.count() == 1


def test_queued_activity_sent_twice_keeps_one_activity_and_its_photos_once(client, standar):
    r, staf = kasus_di_lapangan(standar["bulukumba"])
    client.force_login(staf.peksos)
    data = {
        "jenis": "kunjungan_rumah",
        "tanggal": dt.date.today().isoformat(),
        "uraian": "Kunjungan rumah tanpa sinyal.",
    }
    kunci = uuid.uuid4()
    pertama = kirim(client, r, {**data, "foto": [jpeg_kamera(), jpeg_kamera()]}, kunci, "kegiatan")
    assert pertama.status_code == 201, pertama.content.decode()[:500]
    kedua = kirim(client, r, {**data, "foto": [jpeg_kamera(), jpeg_kamera()]}, kunci, "kegiatan")
    assert kedua.status_code == 200 and kedua.json()["kegiatan"] == pertama.json()["kegiatan"]
    assert Kegiatan.objects.filter(rujukan=r).count() == 1
    assert Dokumentasi.objects.filter(rujukan=r).count() == 2
    # the assessment key space is separate: the same key as an assessment is refused
    salah = kirim(client, r, {**isian(r)}, kunci)
    assert salah.status_code == 400


def test_another_peksos_replaying_someone_elses_key_is_refused(client, standar):
    r, staf = kasus_di_lapangan(standar["bulukumba"])
    client.force_login(staf.peksos)
    kunci = uuid.uuid4()
    assert kirim(client, r, {**isian(r), **dasar(client, r)}, kunci).status_code == 201
    client.force_login(staf.kabid)  # may open the case, but the key is not theirs
    resp = kirim(client, r, isian(r), kunci)
    assert resp.status_code == 400
    assert Asesmen.objects.filter(rujukan=r).count() == 1


def test_service_worker_is_served_under_the_field_scope(client, standar):
    r, staf = kasus_di_lapangan(standar["bulukumba"])
    client.force_login(staf.peksos)
    resp = client.get("/lapangan/sw.js")
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("text/javascript")
    body = resp.content.decode()
    assert '"/static/css/lapangan.css"' in body and "lapangan-halaman" in body
    page = client.get("/lapangan/").content.decode()
    assert 'data-sw="/lapangan/sw.js"' in page and "Menunggu dikirim" in page
    out = client.post("/keluar/")
    assert out["Clear-Site-Data"] == '"cache", "storage"'


@pytest.mark.django_db(transaction=True)
def test_the_same_key_sent_at_once_from_four_connections_records_one_assessment(standar):
    """Four requests with one key race (PostgreSQL, one connection each): the
    unique key makes all but one wait and answer the first result."""
    import threading

    from django.db import connection

    from lapangan import services
    from rujukan.models import Rujukan

    r, staf = kasus_di_lapangan(standar["banjar"], lahir=dt.date(2013, 7, 9))
    kunci, mulai, hasil, galat = uuid.uuid4(), threading.Barrier(4), [], []

    def kirim_satu():
        try:
            rr = Rujukan.objects.get(pk=r.pk)
            data = services.DataAsesmen(
                kesimpulan_layak=True,
                alasan="Anak terlantar.",
                instrumen={"kondisi_fisik": "Sehat."},
            )
            mulai.wait()
            h = services.lapangan_save_assessment(
                rujukan=rr, by=staf.peksos, data=data, foto=[jpeg_kamera(nama="x.jpg")], kunci=kunci
            )
            hasil.append((h.asesmen.pk, h.ulang))
        except Exception as exc:  # noqa: BLE001 - reported below
            galat.append(exc)
        finally:
            connection.close()

    benang = [threading.Thread(target=kirim_satu) for _ in range(4)]
    for b in benang:
        b.start()
    for b in benang:
        b.join()
    assert not galat, galat
    assert len({pk for pk, _ in hasil}) == 1
    assert sorted(u for _, u in hasil) == [False, True, True, True]
    assert Asesmen.objects.filter(rujukan=r).count() == 1
    assert Dokumentasi.objects.filter(rujukan=r).count() == 1
    assert KirimanLuring.objects.count() == 1


def test_activity_queued_for_a_case_closed_meanwhile_is_a_conflict(client, standar):
    r, staf = kasus_di_lapangan(standar["bulukumba"])
    client.force_login(staf.peksos)
    # meanwhile the assessment found the client not eligible: the case is closed
    tutup = client.post(f"/lapangan/{r.pk}/asesmen/", isian(r, kesimpulan="tidak_layak"))
    assert tutup.status_code == 302
    r.refresh_from_db()
    assert not r.terbuka
    data = {"jenis": "kunjungan_rumah", "tanggal": dt.date.today().isoformat(), "uraian": "X."}
    resp = kirim(client, r, {**data, "foto": jpeg_kamera()}, uuid.uuid4(), "kegiatan")
    assert resp.status_code == 409
    assert resp.json() == {"status": "konflik", "pesan": "Rujukan sudah ditutup.", "galat": {}}
    assert not Kegiatan.objects.filter(rujukan=r).exists()


def test_a_replay_reads_a_constant_handful_of_rows(client, standar, django_assert_max_num_queries):
    r, staf = kasus_di_lapangan(standar["bulukumba"])
    client.force_login(staf.peksos)
    kunci = uuid.uuid4()
    data = {**isian(r), **dasar(client, r)}
    assert (
        kirim(client, r, {**data, "foto": [jpeg_kamera(), jpeg_kamera()]}, kunci).status_code == 201
    )
    # session, user, the case's field read, the key, the photo count, the access log
    # row (the page reads the case): no record, photo or key written again
    with django_assert_max_num_queries(15) as ditangkap:
        assert (
            kirim(client, r, {**data, "foto": [jpeg_kamera(), jpeg_kamera()]}, kunci).status_code
            == 200
        )
    tulis = [
        q["sql"] for q in ditangkap.captured_queries if q["sql"].startswith(("INSERT", "UPDATE"))
    ]
    assert all("layanan_aksesdata" in q or "django_session" in q for q in tulis), tulis
