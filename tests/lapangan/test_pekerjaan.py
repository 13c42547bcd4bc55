"""My work (most urgent first) and assigning a case to a peksos."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lapangan.selectors import pekerjaan_saya
from rujukan.models import Rujukan
from tests.lapangan.factories import kasus_di_lapangan
from tests.personas import personas_untuk
from tests.rujukan.factories import kasus_di_persetujuan, standar_sederhana

pytestmark = pytest.mark.django_db


def test_my_work_lists_my_cases_overdue_first_then_soonest(
    client, standar, django_assert_max_num_queries
):
    layanan = standar["bulukumba"]
    staf = personas_untuk(layanan.instansi)
    kasus = {}
    for nama in ("Besok", "Terlambat", "Lusa", "Dijeda", "Bukan saya"):
        kasus[nama], _ = kasus_di_lapangan(layanan, staf=staf, nama=nama)
    sekarang = timezone.now()
    tenggat = {
        "Besok": sekarang + dt.timedelta(days=1),
        "Terlambat": sekarang - dt.timedelta(days=2),
        "Lusa": sekarang + dt.timedelta(days=2),
        "Dijeda": sekarang - dt.timedelta(days=5),
    }
    for nama, t in tenggat.items():
        Rujukan.objects.filter(pk=kasus[nama].pk).update(tenggat_tahap=t)
    Rujukan.objects.filter(pk=kasus["Dijeda"].pk).update(dijeda=True)
    lain = personas_untuk(layanan.instansi)
    Rujukan.objects.filter(pk=kasus["Bukan saya"].pk).update(peksos=lain.peksos)

    tugas = pekerjaan_saya(user=staf.peksos)
    assert [t.rujukan.klien.nama for t in tugas] == ["Terlambat", "Besok", "Lusa", "Dijeda"]
    assert tugas[0].terlambat and tugas[0].tenggat_teks.startswith("Terlambat 2 hari")
    assert "WITA" in tugas[1].tenggat_teks  # Bulukumba's own time zone
    assert not tugas[3].terlambat and "dijeda" in tugas[3].tenggat_teks
    assert "verifikasi lapangan" in tugas[1].apa  # the standard's own step

    client.force_login(staf.peksos)
    # 13: the drafts waiting for approval are read once, for every case
    with django_assert_max_num_queries(13):
        html = client.get("/lapangan/").content.decode()
    assert html.index("Terlambat") < html.index("Besok") < html.index("Lusa")
    assert "Bukan saya" not in html
    for nama in ("Besok", "Lusa", "Dijeda"):  # more cases: no more queries
        kasus_di_lapangan(layanan, staf=staf, nama=f"{nama} 2")
    with django_assert_max_num_queries(13):
        client.get("/lapangan/")


def test_kabid_assigns_a_peksos_of_the_same_instansi_only(client, standar):
    layanan = standar["bulukumba"]
    r, staf = kasus_di_lapangan(layanan)
    Rujukan.objects.filter(pk=r.pk).update(peksos=None)
    kedua = personas_untuk(layanan.instansi)
    luar = personas_untuk(standar["banjar"].instansi)
    client.force_login(staf.kabid)
    html = client.get("/lapangan/penugasan/").content.decode()
    assert r.nomor_registrasi in html
    assert "Bima Saputra" in html and luar.peksos.pegawai.nama not in html.split("<select")[0]
    form = client.get(f"/lapangan/{r.pk}/tugaskan/").content.decode()
    assert f'value="{kedua.peksos.pk}"' in form and f'value="{luar.peksos.pk}"' not in form
    assert f'value="{staf.petugas_loket.pk}"' not in form  # only social workers are offered
    resp = client.post(f"/lapangan/{r.pk}/tugaskan/", {"peksos": luar.peksos.pk})
    assert resp.status_code == 400
    resp = client.post(
        f"/lapangan/{r.pk}/tugaskan/", {"peksos": kedua.peksos.pk, "kembali": "daftar"}
    )
    assert resp.status_code == 302 and resp["Location"] == "/lapangan/penugasan/"
    r.refresh_from_db()
    assert r.peksos == kedua.peksos
    client.force_login(kedua.peksos)
    assert r.nomor_registrasi in client.get("/lapangan/").content.decode()
    # a peksos does not assign; another office does not even see the case
    assert (
        client.post(f"/lapangan/{r.pk}/tugaskan/", {"peksos": kedua.peksos.pk}).status_code == 403
    )
    assert client.get("/lapangan/penugasan/").status_code == 403
    client.force_login(luar.kabid)
    assert client.post(f"/lapangan/{r.pk}/tugaskan/", {"peksos": luar.peksos.pk}).status_code == 404
    client.force_login(staf.koordinator)
    assert client.get(f"/lapangan/{r.pk}/tugaskan/").status_code == 200


def test_my_work_names_the_awaited_approval_in_the_same_queries_for_more_cases(
    client, django_assert_num_queries
):
    """Each case of mine waiting for approval says whose paraf or signature it
    waits for; reading that for 2 or for 6 such cases costs the same queries
    (it was two queries per case: 73 queries for a peksos at 100,000 cases)."""
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    client.force_login(staf.peksos)

    def kasus_saya(n: int) -> None:
        pk = [kasus_di_persetujuan(layanan, staf).pk for _ in range(n)]
        Rujukan.objects.filter(pk__in=pk).update(peksos=staf.peksos)  # assigned to me

    kasus_saya(2)
    client.get("/lapangan/")
    with CaptureQueriesContext(connection) as sedikit:
        html = client.get("/lapangan/").content.decode()
    assert html.count("Menunggu ") >= 2
    kasus_saya(4)
    with django_assert_num_queries(len(sedikit.captured_queries)):
        html = client.get("/lapangan/").content.decode()
    assert html.count("Menunggu ") >= 6
