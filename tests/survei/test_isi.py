"""The citizen's questionnaire: one answer per token, bad input refused
whole, the used token answered with a clear page, never a 500."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from pengaduan import services as ps
from survei import services
from survei.models import ResponSurvei, UndanganSurvei
from tests.factories import make_instansi
from tests.pengaduan.factories import ajukan
from tests.survei.factories import layanan_uji, undangan

pytestmark = pytest.mark.django_db


def _isian(**ubah) -> dict:
    data = {
        "jenis_kelamin": "P",
        "umur": "41",
        "pendidikan": "sma",
        "pekerjaan": "wirausaha",
        **{f"u{i}": "4" for i in range(1, 10)},
        "u4": "0",  # tidak menjawab
        "saran": "Ruang tunggu perlu kipas angin.",
    }
    data.update(ubah)
    return data


def _url(u: UndanganSurvei) -> str:
    return reverse("survei:isi", kwargs={"token": u.token})


def test_the_form_shows_the_nine_elements_with_the_regulations_answers(client):
    u = undangan(layanan_uji(make_instansi()))
    resp = client.get(_url(u))
    assert resp.status_code == 200
    teks = resp.content.decode()
    for label in (
        "U1. Persyaratan",
        "U9. Sarana dan prasarana",
        "Sangat sesuai",
        "Gratis",
        "Sangat sopan dan ramah",
        "Dikelola dengan baik",
        "Tidak menjawab",
        "SD ke bawah",
        "S2 ke atas",
        "POLRI",
    ):
        assert label in teks
    assert "<script" not in teks


def test_an_answer_is_saved_once_and_the_token_then_says_already_filled(client):
    u = undangan(layanan_uji(make_instansi()))
    resp = client.post(_url(u), _isian())
    assert resp.status_code == 302
    r = ResponSurvei.objects.get()
    assert (r.u1, r.u4, r.umur, r.layanan_id) == (4, None, 41, u.layanan_id)
    u.refresh_from_db()
    assert u.used_at is not None
    again = client.post(_url(u), _isian(u1="1"))
    assert again.status_code == 200
    assert "sudah diisi" in again.content.decode()
    assert ResponSurvei.objects.count() == 1
    assert ResponSurvei.objects.get().u1 == 4
    assert "sudah diisi" in client.get(_url(u)).content.decode()


def test_unknown_token_is_404(client):
    assert client.get(reverse("survei:isi", kwargs={"token": "tidak-ada"})).status_code == 404
    panjang = reverse("survei:isi", kwargs={"token": "x" * 300})
    assert client.post(panjang, _isian()).status_code == 404


@pytest.mark.parametrize(
    "ubah",
    [
        {"u1": "5"},
        {"u2": "-1"},
        {"u3": "4; DROP TABLE survei_responsurvei"},
        {"u5": ""},
        {"umur": "abc"},
        {"umur": "7"},
        {"umur": "999999999999999999999"},
        {"jenis_kelamin": "X"},
        {"pendidikan": "<script>alert(1)</script>"},
        {"pekerjaan": ""},
        {"saran": "a" * 2001},
    ],
)
def test_hostile_input_is_400_and_nothing_is_saved(client, ubah):
    u = undangan(layanan_uji(make_instansi()))
    resp = client.post(_url(u), _isian(**ubah))
    assert resp.status_code == 400
    assert "Periksa bagian yang ditandai" in resp.content.decode()
    assert "<script>alert" not in resp.content.decode()
    assert not ResponSurvei.objects.exists()
    u.refresh_from_db()
    assert u.used_at is None


def test_without_csrf_token_the_post_is_refused():
    u = undangan(layanan_uji(make_instansi()))
    resp = Client(enforce_csrf_checks=True).post(_url(u), _isian())
    assert resp.status_code == 403
    assert not ResponSurvei.objects.exists()


def test_a_complaint_without_service_lets_the_respondent_pick_one_of_the_office(client, personas):
    layanan = layanan_uji(personas.instansi)
    asing = layanan_uji(make_instansi())
    p, _kode = ajukan(personas.instansi)
    ps.pengaduan_answer(pengaduan=p, by=personas.petugas_loket, isi="Sudah kami proses.")
    ps.pengaduan_close(pengaduan=p, by=personas.petugas_loket)
    u = UndanganSurvei.objects.get(pengaduan=p)
    assert u.layanan_id is None
    assert layanan.nama in client.get(_url(u)).content.decode()
    # a service of another office is no choice
    assert client.post(_url(u), _isian(layanan=str(asing.pk))).status_code == 400
    assert not ResponSurvei.objects.exists()
    assert client.post(_url(u), _isian(layanan=str(layanan.pk))).status_code == 302
    assert ResponSurvei.objects.get().layanan == layanan


perlu_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)


@perlu_postgres
@pytest.mark.django_db(transaction=True)
def test_two_submits_racing_save_one_answer():
    u = undangan(layanan_uji(make_instansi()))
    jawaban = services.Jawaban(
        layanan=u.layanan,
        jenis_kelamin="L",
        umur=30,
        pendidikan="s1",
        pekerjaan="swasta",
        unsur={f"u{i}": 3 for i in range(1, 10)},
    )
    barrier = threading.Barrier(4)

    def kirim(_):
        try:
            barrier.wait(timeout=30)
            return services.respons_simpan(token=u.token, jawaban=jawaban)
        except Exception as exc:  # noqa: BLE001 - asserted below
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        hasil = list(pool.map(kirim, range(4)))
    berhasil = [h for h in hasil if isinstance(h, ResponSurvei)]
    ditolak = [h for h in hasil if isinstance(h, services.SudahDiisi)]
    assert len(berhasil) == 1 and len(ditolak) == 3
    assert ResponSurvei.objects.filter(undangan=u).count() == 1
