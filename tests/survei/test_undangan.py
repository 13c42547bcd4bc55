"""The invitation of a case or complaint is made once, when it is filed (its
receipt carries the link); the survey opens, and the tracking pages offer it,
only once the case is handed over / finished or the complaint is closed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pengaduan import services as ps
from rujukan import services as rs
from rujukan.models import Status
from survei.models import UndanganSurvei
from tests.pengaduan.factories import ajukan
from tests.personas import personas_untuk
from tests.rujukan.factories import s_register, standar_sederhana

pytestmark = pytest.mark.django_db
AJAKAN = "Isi survei kepuasan"
BELUM = "Survei dapat diisi setelah layanan Anda selesai"


def _belum_dibuka(client, u: UndanganSurvei) -> None:
    """The survey page of an invitation whose service is not done: a polite
    page, and a POST saves nothing."""
    url = reverse("survei:isi", kwargs={"token": u.token})
    halaman = client.get(url)
    assert halaman.status_code == 200 and BELUM in halaman.content.decode()
    assert "Kirim jawaban" not in halaman.content.decode()
    assert client.post(url, {"jenis_kelamin": "P"}).status_code == 409
    u.refresh_from_db()
    assert u.used_at is None


def _lacak_rujukan(client, hasil):
    return client.post(
        reverse("rujukan:lacak"),
        {"nomor": hasil.rujukan.nomor_registrasi, "kode": hasil.kode_lacak},
    )


def test_a_case_gets_one_invitation_when_handed_over_and_the_tracking_page_offers_it(client):
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    hasil = s_register(layanan, staf)
    r = rs.rujukan_start_check(rujukan=hasil.rujukan, by=staf.petugas_loket)
    r = rs.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    rs.rujukan_submit_for_approval(rujukan=r, by=staf.petugas_loket)
    r = rs.rujukan_approve(rujukan=r, by=staf.koordinator)
    r = rs.rujukan_approve(rujukan=r, by=staf.kadis)
    assert r.status == Status.PRODUK_TERBIT
    u = UndanganSurvei.objects.get()  # made at intake, for the receipt
    halaman = _lacak_rujukan(client, hasil)
    assert halaman.status_code == 200 and AJAKAN not in halaman.content.decode()
    _belum_dibuka(client, u)

    r = rs.rujukan_hand_to_pemohon(rujukan=r, by=staf.petugas_loket)
    assert r.status == Status.DISERAHKAN_PEMOHON
    assert UndanganSurvei.objects.get() == u
    assert (u.rujukan_id, u.layanan_id, u.instansi_id, u.asal) == (
        r.pk,
        layanan.pk,
        layanan.instansi_id,
        "rujukan",
    )
    r = rs.rujukan_close(rujukan=r, by=staf.petugas_loket)
    assert r.status == Status.SELESAI
    assert UndanganSurvei.objects.count() == 1  # one per case

    halaman = _lacak_rujukan(client, hasil).content.decode()
    assert AJAKAN in halaman
    assert reverse("survei:isi", kwargs={"token": u.token}) in halaman

    # answered: the tracking page stops offering it
    u.used_at = u.dibuat
    u.save(update_fields=["used_at"])
    assert AJAKAN not in _lacak_rujukan(client, hasil).content.decode()


def test_the_survey_of_a_cancelled_case_never_opens(client):
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    hasil = s_register(layanan, staf)
    rs.rujukan_cancel(rujukan=hasil.rujukan, by=staf.kabid, alasan="Permohonan ganda.")
    u = UndanganSurvei.objects.get()
    assert u.rujukan_id == hasil.rujukan.pk
    _belum_dibuka(client, u)
    assert AJAKAN not in _lacak_rujukan(client, hasil).content.decode()


def test_a_complaint_gets_one_invitation_when_closed_and_the_tracking_page_offers_it(
    client, personas
):
    p, kode = ajukan(personas.instansi)
    ps.pengaduan_start_check(pengaduan=p, by=personas.petugas_loket)
    p = ps.pengaduan_answer(pengaduan=p, by=personas.petugas_loket, isi="Sudah kami proses.")
    masuk = client.post("/pengaduan/lacak/", {"nomor": p.nomor, "kode": ps.format_kode(kode)})
    assert masuk.status_code == 302
    detail = reverse("pengaduan:lacak_detail", kwargs={"nomor": p.nomor})
    assert AJAKAN not in client.get(detail).content.decode()
    u = UndanganSurvei.objects.get()  # made when filed, for the receipt
    _belum_dibuka(client, u)

    p = ps.pengaduan_close(pengaduan=p, by=personas.petugas_loket)
    assert UndanganSurvei.objects.get() == u
    assert (u.pengaduan_id, u.instansi_id, u.layanan_id, u.asal) == (
        p.pk,
        personas.instansi.pk,
        None,
        "pengaduan",
    )
    halaman = client.get(detail).content.decode()
    assert AJAKAN in halaman
    assert reverse("survei:isi", kwargs={"token": u.token}) in halaman


def test_a_complaint_closed_by_its_reporter_also_gets_its_invitation(personas):
    p, _kode = ajukan(personas.instansi)
    ps.pengaduan_answer(pengaduan=p, by=personas.petugas_loket, isi="Sudah.")
    ps.pelapor_konfirmasi_selesai(pengaduan=p)
    assert UndanganSurvei.objects.filter(pengaduan=p).count() == 1
