"""The panti steps through the pages (Banjarmasin): the officer sends the
proposal, the panti answers online or the officer records its answer with
the letter; a refusal lets the officer choose another panti. A panti login
sees only what was sent to its own panti."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from layanan.models import Panti
from rujukan import services as s
from rujukan.models import PengajuanPanti, Status
from tests.rujukan.factories import pdf, staf_untuk
from tests.rujukan.views_helpers import daftarkan, post_aksi

pytestmark = pytest.mark.django_db


@pytest.fixture
def kasus(standar):
    layanan = standar["banjarmasin"]
    instansi = layanan.instansi
    werdha = Panti.objects.create(
        instansi=instansi, nama="PSTW Budi Sejahtera", jenis="panti", telepon="05113252000"
    )
    martapura = Panti.objects.create(instansi=instansi, nama="UPTD PSRLU Martapura", jenis="panti")
    staf = staf_untuk(instansi, panti=werdha)
    r = daftarkan(layanan, staf, nama="Siti Aminah", lahir=dt.date(1950, 3, 4)).rujukan
    s.rujukan_start_check(rujukan=r, by=staf.loket)
    s.rujukan_accept_berkas(rujukan=r, by=staf.loket)
    s.rujukan_record_assessment(
        rujukan=r, by=staf.peksos, kondisi="Lemah, tinggal sendiri.", kesimpulan_layak=True
    )
    r = s.rujukan_complete_verification(rujukan=r, by=staf.peksos)
    assert r.status == Status.PENGAJUAN_PANTI
    return r, staf, werdha, martapura


def test_officer_sends_the_proposal_and_the_panti_accepts_online(client, kasus):
    r, staf, werdha, _ = kasus
    client.force_login(staf.peksos)
    response = post_aksi(client, r, "kirim-panti", {"panti": werdha.pk, "note": "Mohon dinilai."})
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.status == Status.MENUNGGU_PANTI
    assert r.dijeda
    pengajuan = PengajuanPanti.objects.get(rujukan=r)
    assert pengajuan.dokumen is not None

    client.force_login(staf.panti)
    page = client.get(reverse("rujukan:panti_daftar")).content.decode()
    assert r.nomor_registrasi in page
    url = reverse("rujukan:panti_detail", args=[pengajuan.pk])
    page = client.get(url).content.decode()
    assert "Siti Aminah" in page
    assert r.klien.nik not in page  # the panti sees the person, not the identity numbers
    letter = reverse("rujukan:unduh_dokumen", args=[r.pk, pengajuan.dokumen.pk])
    assert letter in page
    assert client.get(letter).status_code == 200
    response = client.post(
        url,
        {
            "jejak": "menunggu_panti",
            "diterima": "1",
            "tanggal": dt.date.today().isoformat(),
            "narahubung": "Ibu Maria, 0812 5555 1234",
        },
    )
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.status == Status.PENYUSUNAN
    assert not r.dijeda
    pengajuan.refresh_from_db()
    assert pengajuan.jawaban == PengajuanPanti.Jawaban.DITERIMA
    # answering again is refused
    again = client.post(url, {"jejak": "penyusunan", "diterima": "0", "tanggal": "2026-01-01"})
    assert again.status_code == 409


def test_a_refusal_recorded_with_its_letter_lets_the_officer_choose_another_panti(client, kasus):
    r, staf, werdha, martapura = kasus
    client.force_login(staf.peksos)
    post_aksi(client, r, "kirim-panti", {"panti": werdha.pk})
    tanpa_alasan = post_aksi(
        client, r, "jawaban-panti", {"diterima": "0", "tanggal": dt.date.today().isoformat()}
    )
    assert tanpa_alasan.status_code == 400
    assert "alasan penolakan" in tanpa_alasan.content.decode()
    r.refresh_from_db()
    assert r.status == Status.MENUNGGU_PANTI
    response = post_aksi(
        client,
        r,
        "jawaban-panti",
        {
            "diterima": "0",
            "tanggal": dt.date.today().isoformat(),
            "narahubung": "Pak Rahman (Kasubag TU)",
            "catatan": "Kapasitas penuh sampai Juni.",
            "surat": pdf("surat-penolakan.pdf"),
        },
    )
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.status == Status.PENGAJUAN_PANTI
    assert r.panti_tujuan is None
    ditolak = PengajuanPanti.objects.get(rujukan=r)
    assert ditolak.jawaban == PengajuanPanti.Jawaban.DITOLAK
    surat = client.get(reverse("rujukan:unduh_surat_panti", args=[r.pk, ditolak.pk]))
    assert surat.status_code == 200
    page = client.get(reverse("rujukan:detail", args=[r.pk])).content.decode()
    assert "Kapasitas penuh sampai Juni." in page
    assert post_aksi(client, r, "kirim-panti", {"panti": martapura.pk}).status_code == 302
    r.refresh_from_db()
    assert r.status == Status.MENUNGGU_PANTI
    assert r.panti_tujuan == martapura


def test_panti_login_sees_only_its_own_proposals(client, kasus):
    r, staf, werdha, martapura = kasus
    s.rujukan_send_to_panti(rujukan=r, by=staf.peksos, panti=martapura)
    pengajuan = PengajuanPanti.objects.get(rujukan=r)
    client.force_login(staf.panti)  # a user of the other panti (Budi Sejahtera)
    assert r.nomor_registrasi not in client.get(reverse("rujukan:panti_daftar")).content.decode()
    assert client.get(reverse("rujukan:panti_detail", args=[pengajuan.pk])).status_code == 404
    assert client.get(reverse("rujukan:detail", args=[r.pk])).status_code in (403, 404)
    response = client.post(
        reverse("rujukan:panti_detail", args=[pengajuan.pk]),
        {"jejak": "menunggu_panti", "diterima": "1", "tanggal": "2026-01-01"},
    )
    assert response.status_code == 404
    r.refresh_from_db()
    assert r.status == Status.MENUNGGU_PANTI


def test_panti_login_cannot_open_the_case_files(client, kasus):
    r, staf, werdha, _ = kasus
    s.rujukan_send_to_panti(rujukan=r, by=staf.peksos, panti=werdha)
    pengajuan = PengajuanPanti.objects.get(rujukan=r)
    client.force_login(staf.panti)
    detail = client.get(reverse("rujukan:detail", args=[r.pk]))
    assert detail.status_code == 302
    assert detail["Location"] == reverse("rujukan:panti_detail", args=[pengajuan.pk])
    item = r.berkas.exclude(berkas="").first()
    assert client.get(reverse("rujukan:unduh_berkas", args=[r.pk, item.pk])).status_code in (
        403,
        404,
    )
    assert client.get(reverse("rujukan:daftar")).status_code == 403
    tanda_terima = r.dokumen.get(jenis="tanda_terima")
    assert (
        client.get(reverse("rujukan:unduh_dokumen", args=[r.pk, tanda_terima.pk])).status_code
        == 404
    )


def test_the_panti_opens_exactly_the_attachments_its_letter_lists(client, kasus):
    r, staf, werdha, martapura = kasus
    pengajuan = s.rujukan_send_to_panti(rujukan=r, by=staf.peksos, panti=werdha)
    tercantum = list(pengajuan.lampiran.order_by("pk"))
    unggahan = [b for b in r.berkas.exclude(berkas="") if b.persyaratan.jenis == "dokumen"]
    assert tercantum and {b.pk for b in tercantum} == {b.pk for b in unggahan}
    client.force_login(staf.panti)
    page = client.get(reverse("rujukan:panti_detail", args=[pengajuan.pk])).content.decode()
    for b in tercantum:
        url = reverse("rujukan:panti_lampiran", args=[pengajuan.pk, b.pk])
        assert url in page
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert response["X-Content-Type-Options"] == "nosniff"
    # any other item of the case (a fact checked at the desk) is not an attachment
    lain_item = r.berkas.exclude(pk__in=[b.pk for b in tercantum]).first()
    assert lain_item is not None
    url = reverse("rujukan:panti_lampiran", args=[pengajuan.pk, lain_item.pk])
    assert client.get(url).status_code == 404
    # another panti sees none of them
    lain = staf_untuk(r.instansi, panti=martapura)
    client.force_login(lain.panti)
    url = reverse("rujukan:panti_lampiran", args=[pengajuan.pk, tercantum[0].pk])
    assert client.get(url).status_code == 404
