"""The case page and its actions through the pages: only the actions the user
may take are offered; GET confirms, POST acts and redirects; wrong role 403,
other instansi 404, illegal transition and stale or double submissions 409,
bad input 400 — each with its Indonesian message and nothing half-saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from rujukan import services as s
from rujukan.models import Dokumen, JenisDokumen, Konsep, Persetujuan, Status
from rujukan.views.tindakan import jejak
from tests.berkas_palsu import exe_sebagai_jpg, pdf
from tests.personas import personas_untuk
from tests.rujukan.views_helpers import daftarkan, post_aksi, url_aksi

pytestmark = pytest.mark.django_db


@pytest.fixture
def depok(standar):
    layanan = standar["depok"]
    staf = personas_untuk(layanan.instansi)
    bpnt = layanan.sub_layanan.get(nama__contains="BPNT")
    return layanan, staf, bpnt


def _sampai_persetujuan(layanan, staf, sub):
    r = daftarkan(layanan, staf, sub=sub, lahir=dt.date(1980, 2, 2)).rujukan
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    r = s.rujukan_skip_verification(
        rujukan=r, by=staf.petugas_loket, catatan="Sudah terdaftar DTKS.", terdaftar_dtks=True
    )
    assert r.status == Status.PENYUSUNAN
    s.rujukan_submit_for_approval(rujukan=r, by=staf.peksos)
    r.refresh_from_db()
    assert r.status == Status.PERSETUJUAN
    return r


def test_case_page_shows_the_standards_steps_and_only_the_users_actions(client, depok):
    layanan, staf, bpnt = depok
    r = daftarkan(layanan, staf, sub=bpnt).rujukan
    client.force_login(staf.petugas_loket)
    page = client.get(reverse("rujukan:detail", args=[r.pk])).content.decode()
    for langkah in layanan.langkah.all():
        assert langkah.teks[:40] in page
    assert url_aksi(r, "periksa") in page
    assert url_aksi(r, "setujui") not in page
    assert "mendaftarkan permohonan" in page  # the history, in Indonesian
    client.force_login(staf.kabid)
    page = client.get(reverse("rujukan:detail", args=[r.pk])).content.decode()
    assert url_aksi(r, "periksa") not in page
    assert url_aksi(r, "batalkan") in page


def test_action_confirms_on_get_and_acts_on_post_then_redirects(client, depok):
    layanan, staf, bpnt = depok
    r = daftarkan(layanan, staf, sub=bpnt).rujukan
    client.force_login(staf.petugas_loket)
    page = client.get(url_aksi(r, "periksa"))
    assert page.status_code == 200
    assert 'name="jejak" value="diajukan"' in page.content.decode()
    r.refresh_from_db()
    assert r.status == Status.DIAJUKAN  # a GET never writes
    response = post_aksi(client, r, "periksa", {"catatan": "Berkas dibawa lengkap."})
    assert response.status_code == 302
    assert response["Location"] == reverse("rujukan:detail", args=[r.pk])
    r.refresh_from_db()
    assert r.status == Status.PEMERIKSAAN_BERKAS
    page = client.get(response["Location"]).content.decode()
    assert "Pemeriksaan berkas dimulai." in page
    assert "Berkas dibawa lengkap." in page


def test_wrong_role_gets_403_with_message_and_nothing_changes(client, depok):
    layanan, staf, bpnt = depok
    r = daftarkan(layanan, staf, sub=bpnt).rujukan
    client.force_login(staf.kabid)
    assert client.get(url_aksi(r, "periksa")).status_code == 403
    response = post_aksi(client, r, "periksa")
    assert response.status_code == 403
    assert "Peran Anda tidak berwenang" in response.content.decode()
    r.refresh_from_db()
    assert r.status == Status.DIAJUKAN


def test_staff_of_another_instansi_gets_404_everywhere(client, standar, depok):
    layanan, staf, bpnt = depok
    r = daftarkan(layanan, staf, sub=bpnt).rujukan
    item = r.berkas.exclude(berkas="").first()
    dokumen = r.dokumen.get()
    lain = personas_untuk(standar["bulukumba"].instansi)
    client.force_login(lain.petugas_loket)
    for url in (
        reverse("rujukan:detail", args=[r.pk]),
        url_aksi(r, "periksa"),
        reverse("rujukan:unduh_berkas", args=[r.pk, item.pk]),
        reverse("rujukan:unduh_dokumen", args=[r.pk, dokumen.pk]),
        reverse("rujukan:berkas_periksa", args=[r.pk, item.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(url_aksi(r, "periksa"), {"jejak": "diajukan"}).status_code == 404
    r.refresh_from_db()
    assert r.status == Status.DIAJUKAN


def test_same_instansi_role_without_case_access_gets_403(client, depok):
    from layanan.models import Peran
    from tests.factories import make_user

    layanan, staf, bpnt = depok
    r = daftarkan(layanan, staf, sub=bpnt).rujukan
    admin = make_user("admin_depok_uji", instansi=layanan.instansi, peran=Peran.ADMIN_INSTANSI)
    client.force_login(admin)
    assert client.get(reverse("rujukan:detail", args=[r.pk])).status_code == 403
    assert client.get(reverse("rujukan:daftar")).status_code == 403


def test_unknown_case_and_unknown_action_are_404(client, depok):
    layanan, staf, bpnt = depok
    r = daftarkan(layanan, staf, sub=bpnt).rujukan
    client.force_login(staf.petugas_loket)
    assert client.get(reverse("rujukan:detail", args=[r.pk + 999])).status_code == 404
    assert client.get(url_aksi(r, "terbang")).status_code == 404


def test_illegal_transition_gets_409_and_the_reason(client, depok):
    layanan, staf, bpnt = depok
    r = daftarkan(layanan, staf, sub=bpnt).rujukan
    client.force_login(staf.petugas_loket)
    assert client.get(url_aksi(r, "tutup")).status_code == 409
    response = post_aksi(client, r, "tutup")
    assert response.status_code == 409
    assert "tidak dapat dilakukan saat rujukan pada tahap" in response.content.decode()
    r.refresh_from_db()
    assert r.status == Status.DIAJUKAN


def test_a_form_opened_before_someone_else_acted_gets_409(client, depok):
    layanan, staf, bpnt = depok
    r = daftarkan(layanan, staf, sub=bpnt).rujukan
    client.force_login(staf.petugas_loket)
    lama = jejak(r)
    s.rujukan_start_check(rujukan=r, by=staf.peksos)  # a colleague acted meanwhile
    response = client.post(url_aksi(r, "kembalikan"), {"jejak": lama, "catatan": "KKS kurang"})
    assert response.status_code == 409
    assert "sudah diubah oleh petugas lain" in response.content.decode()
    r.refresh_from_db()
    assert r.status == Status.PEMERIKSAAN_BERKAS


def test_a_condition_of_the_standard_blocks_with_its_reason(client, depok):
    layanan, staf, bpnt = depok
    r = daftarkan(layanan, staf, sub=bpnt).rujukan
    kks = r.berkas.get(persyaratan__teks="Kartu KKS")
    s.berkas_tandai(rujukan=r, by=staf.petugas_loket, item=kks, terpenuhi=False)
    s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    client.force_login(staf.petugas_loket)
    page = client.get(reverse("rujukan:detail", args=[r.pk])).content.decode()
    assert "Berkas wajib belum lengkap: Kartu KKS" in page
    assert url_aksi(r, "berkas-lengkap") not in page
    response = post_aksi(client, r, "berkas-lengkap")
    assert response.status_code == 409
    assert "Berkas wajib belum lengkap" in response.content.decode()


def test_returning_papers_needs_a_note(client, depok):
    layanan, staf, bpnt = depok
    r = daftarkan(layanan, staf, sub=bpnt).rujukan
    s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    client.force_login(staf.petugas_loket)
    response = post_aksi(client, r, "kembalikan", {"catatan": ""})
    assert response.status_code == 400
    r.refresh_from_db()
    assert r.status == Status.PEMERIKSAAN_BERKAS
    assert (
        post_aksi(client, r, "kembalikan", {"catatan": "Kartu KKS belum ada."}).status_code == 302
    )
    r.refresh_from_db()
    assert r.status == Status.DIKEMBALIKAN
    assert r.dijeda


def test_depok_draft_returned_by_koordinator_then_signed_by_kabid(client, depok):
    layanan, staf, bpnt = depok
    r = _sampai_persetujuan(layanan, staf, bpnt)
    client.force_login(staf.koordinator)
    page = client.get(url_aksi(r, "setujui")).content.decode()
    assert reverse("rujukan:pratinjau", args=[r.pk, "surat_rekomendasi"]) in page
    assert "Paraf Koordinator" in page
    preview = client.get(reverse("rujukan:pratinjau", args=[r.pk, "surat_rekomendasi"]))
    assert preview.status_code == 200
    assert "KONSEP" in preview.content.decode()
    response = post_aksi(client, r, "kembalikan-konsep", {"catatan": "Alamat pemohon salah ketik."})
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.status == Status.PENYUSUNAN

    client.force_login(staf.peksos)
    page = client.get(url_aksi(r, "ajukan-konsep")).content.decode()
    assert "Alamat pemohon salah ketik." in page  # the note the draft came back with
    response = post_aksi(
        client, r, "ajukan-konsep", {"kepada": "Kepala Dinas Sosial Kota Depok", "perihal": ""}
    )
    assert response.status_code == 302
    assert Konsep.objects.filter(rujukan=r).count() == 2

    client.force_login(staf.kabid)
    assert post_aksi(client, r, "setujui").status_code == 403  # the Koordinator's paraf first
    client.force_login(staf.koordinator)
    assert post_aksi(client, r, "setujui", {"catatan": "Sudah benar."}).status_code == 302
    client.force_login(staf.kabid)  # the signature asks the password again
    assert post_aksi(client, r, "setujui", {"kata_sandi": "rahasia-uji-123"}).status_code == 302
    r.refresh_from_db()
    assert r.status == Status.PRODUK_TERBIT
    surat = Dokumen.objects.get(rujukan=r, jenis=JenisDokumen.SURAT_REKOMENDASI)
    pdf_response = client.get(reverse("rujukan:unduh_dokumen", args=[r.pk, surat.pk]))
    assert pdf_response.status_code == 200
    assert pdf_response["Content-Type"] == "application/pdf"
    assert b"".join(pdf_response.streaming_content)[:5] == b"%PDF-"
    page = client.get(reverse("rujukan:detail", args=[r.pk])).content.decode()
    assert surat.nomor in page


def test_double_approval_answers_409_and_approves_once(client, depok):
    layanan, staf, bpnt = depok
    r = _sampai_persetujuan(layanan, staf, bpnt)
    client.force_login(staf.koordinator)
    form_jejak = jejak(r)
    first = client.post(url_aksi(r, "setujui"), {"jejak": form_jejak})
    second = client.post(url_aksi(r, "setujui"), {"jejak": form_jejak})
    assert first.status_code == 302
    assert second.status_code == 409
    assert "sudah diubah oleh petugas lain" in second.content.decode()
    assert Persetujuan.objects.filter(konsep__rujukan=r).count() == 1
    # Even with a fresh page the same step cannot be given twice.
    third = post_aksi(client, r, "setujui")
    assert third.status_code in (403, 409)
    assert Persetujuan.objects.filter(konsep__rujukan=r).count() == 1


def test_preview_and_downloads_need_the_case_permission(client, standar, depok):
    layanan, staf, bpnt = depok
    r = _sampai_persetujuan(layanan, staf, bpnt)
    item = r.berkas.exclude(berkas="").first()
    url_berkas = reverse("rujukan:unduh_berkas", args=[r.pk, item.pk])
    url_preview = reverse("rujukan:pratinjau", args=[r.pk, "surat_rekomendasi"])
    assert client.get(url_berkas).status_code == 302  # anonymous: to the login page
    client.force_login(staf.petugas_loket)
    response = client.get(url_berkas)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get(url_preview + "?format=pdf")["Content-Type"] == "application/pdf"
    client.force_login(personas_untuk(standar["banjar"].instansi).kabid)
    assert client.get(url_berkas).status_code == 404
    assert client.get(url_preview).status_code == 404


def test_berkas_check_replaces_a_file_and_refuses_a_fake_one(client, depok):
    layanan, staf, bpnt = depok
    r = daftarkan(layanan, staf, sub=bpnt).rujukan
    item = r.berkas.get(persyaratan__teks="Kartu KKS")
    url = reverse("rujukan:berkas_periksa", args=[r.pk, item.pk])
    client.force_login(staf.kabid)
    assert client.get(url).status_code == 403
    client.force_login(staf.petugas_loket)
    lama = item.berkas.name
    response = client.post(url, {"berkas": exe_sebagai_jpg()})
    assert response.status_code == 400
    assert "Jenis berkas tidak diterima" in response.content.decode()
    item.refresh_from_db()
    assert item.berkas.name == lama
    assert client.post(url, {"berkas": pdf(), "catatan": "Fotokopi jelas"}).status_code == 302
    item.refresh_from_db()
    assert item.berkas.name != lama
    assert item.catatan == "Fotokopi jelas"
    assert client.post(url, {"terpenuhi": "", "catatan": "Kartu hilang"}).status_code == 302
    item.refresh_from_db()
    assert not item.terpenuhi


def test_pausing_the_clock_needs_a_reason_and_shows_on_the_page(client, depok):
    layanan, staf, bpnt = depok
    r = _sampai_persetujuan(layanan, staf, bpnt)
    client.force_login(staf.kabid)
    response = post_aksi(client, r, "jeda", {"alasan": "lainnya", "keterangan": ""})
    assert response.status_code == 400
    assert "keterangan alasan penjedaan" in response.content.decode()
    r.refresh_from_db()
    assert not r.dijeda
    response = post_aksi(
        client,
        r,
        "jeda",
        {"alasan": "pejabat_tidak_di_tempat", "keterangan": "Kabid dinas luar sampai Kamis"},
    )
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.dijeda
    page = client.get(reverse("rujukan:detail", args=[r.pk])).content.decode()
    assert "Kabid dinas luar sampai Kamis" in page
    assert url_aksi(r, "lanjutkan-waktu") in page
    assert post_aksi(client, r, "lanjutkan-waktu").status_code == 302
    r.refresh_from_db()
    assert not r.dijeda


def test_an_office_without_a_panti_registry_is_not_offered_panti_actions(client, depok):
    layanan, staf, bpnt = depok
    r = _sampai_persetujuan(layanan, staf, bpnt)
    s.rujukan_approve(rujukan=r, by=staf.koordinator)
    s.rujukan_approve(rujukan=r, by=staf.kabid)
    r.refresh_from_db()
    assert r.status == Status.PRODUK_TERBIT
    client.force_login(staf.petugas_loket)
    page = client.get(reverse("rujukan:detail", args=[r.pk])).content.decode()
    assert url_aksi(r, "serahkan") in page
    assert url_aksi(r, "panti-tujuan") not in page
    assert "Catat klien diserahkan ke panti" not in page


def test_case_page_query_count_is_bounded(client, depok, django_assert_max_num_queries):
    layanan, staf, bpnt = depok
    r = _sampai_persetujuan(layanan, staf, bpnt)
    s.rujukan_return_draft(rujukan=r, by=staf.koordinator, catatan="Perbaiki alamat.")
    s.rujukan_submit_for_approval(rujukan=r, by=staf.peksos)
    s.rujukan_approve(rujukan=r, by=staf.koordinator)
    s.rujukan_approve(rujukan=r, by=staf.kabid)
    client.force_login(staf.petugas_loket)
    with django_assert_max_num_queries(45):
        response = client.get(reverse("rujukan:detail", args=[r.pk]))
    assert response.status_code == 200
    assert "Versi 2" in response.content.decode()
