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
from rujukan.models import Dokumen, JenisDokumen, PengajuanPanti, Status
from tests.berkas_palsu import pdf
from tests.personas import personas_untuk
from tests.rujukan.factories import kirim_usulan_panti, teks_pdf
from tests.rujukan.views_helpers import daftarkan, post_aksi, url_aksi

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-uji-123"  # tests.factories.make_user


@pytest.fixture
def kasus(standar):
    layanan = standar["banjarmasin"]
    instansi = layanan.instansi
    werdha = Panti.objects.create(
        instansi=instansi, nama="PSTW Budi Sejahtera", jenis="panti", telepon="05113252000"
    )
    martapura = Panti.objects.create(instansi=instansi, nama="UPTD PSRLU Martapura", jenis="panti")
    staf = personas_untuk(instansi, panti=werdha)
    r = daftarkan(layanan, staf, nama="Siti Aminah", lahir=dt.date(1950, 3, 4)).rujukan
    s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    s.rujukan_record_assessment(
        rujukan=r, by=staf.peksos, kondisi="Lemah, tinggal sendiri.", kesimpulan_layak=True
    )
    r = s.rujukan_complete_verification(rujukan=r, by=staf.peksos)
    assert r.status == Status.PENGAJUAN_PANTI
    return r, staf, werdha, martapura


def test_the_officer_drafts_the_proposal_and_the_head_signs_and_sends_it(client, kasus):
    r, staf, werdha, _ = kasus
    client.force_login(staf.peksos)
    assert client.get(url_aksi(r, "kirim-panti")).status_code == 403  # not the signer
    persetujuan = {"pemberi": "Siti Aminah", "hubungan": "klien", "cara": "tertulis"}
    assert post_aksi(client, r, "persetujuan-klien", persetujuan).status_code == 302
    response = post_aksi(
        client, r, "siapkan-usulan", {"panti": werdha.pk, "catatan": "Mohon dinilai."}
    )
    assert response.status_code == 302
    r.refresh_from_db()
    # nothing numbered, nothing sent, the panti sees nothing before the signature
    assert r.status == Status.PENGAJUAN_PANTI
    assert not PengajuanPanti.objects.filter(rujukan=r).exists()
    assert not Dokumen.objects.filter(rujukan=r, jenis=JenisDokumen.PENGAJUAN_PANTI).exists()
    assert post_aksi(client, r, "siapkan-usulan", {"panti": werdha.pk}).status_code == 409
    client.force_login(staf.panti)
    assert r.nomor_registrasi not in client.get(reverse("rujukan:panti_daftar")).content.decode()

    # the head of office finds it among the approvals, previews it and signs
    client.force_login(staf.kadis)
    beranda = client.get(reverse("staf:beranda")).content.decode()
    assert reverse("rujukan:detail", args=[r.pk]) in beranda
    halaman = client.get(url_aksi(r, "kirim-panti")).content.decode()
    assert "PSTW Budi Sejahtera" in halaman and 'name="kata_sandi"' in halaman
    pratinjau = client.get(reverse("rujukan:pratinjau", args=[r.pk, "pengajuan_panti"]))
    assert pratinjau.status_code == 200 and "KONSEP" in pratinjau.content.decode()
    salah = post_aksi(client, r, "kirim-panti", {"kata_sandi": "tebak-tebakan"})
    assert salah.status_code == 403
    assert not PengajuanPanti.objects.filter(rujukan=r).exists()
    response = post_aksi(client, r, "kirim-panti", {"kata_sandi": PASSWORD})
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.status == Status.MENUNGGU_PANTI
    assert r.dijeda
    pengajuan = PengajuanPanti.objects.get(rujukan=r)
    assert pengajuan.dokumen.nomor and pengajuan.dokumen.penandatangan == staf.kadis
    assert pengajuan.dikirim_oleh == staf.peksos and pengajuan.catatan == "Mohon dinilai."
    teks = teks_pdf(pengajuan.dokumen.berkas.open("rb").read())
    assert "Dr. H. Ahmad Fauzi, M.Si" in teks and "19700503 199803 1 009" in teks

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
    kirim_usulan_panti(r, staf, werdha)
    client.force_login(staf.peksos)
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
    assert post_aksi(client, r, "siapkan-usulan", {"panti": martapura.pk}).status_code == 302
    client.force_login(staf.kadis)
    assert post_aksi(client, r, "kirim-panti", {"kata_sandi": PASSWORD}).status_code == 302
    r.refresh_from_db()
    assert r.status == Status.MENUNGGU_PANTI
    assert r.panti_tujuan == martapura


def test_the_head_returns_a_proposal_and_nothing_is_sent(client, kasus):
    r, staf, werdha, martapura = kasus
    s.rujukan_record_consent(rujukan=r, by=staf.peksos, pemberi="Siti Aminah")
    s.rujukan_prepare_panti_proposal(rujukan=r, by=staf.peksos, panti=werdha)
    client.force_login(staf.kabid)  # not the signer of this standard's letters
    assert post_aksi(client, r, "kembalikan-usulan", {"catatan": "Ganti panti."}).status_code == 403
    client.force_login(staf.kadis)
    assert post_aksi(client, r, "kembalikan-usulan", {"catatan": ""}).status_code == 400
    response = post_aksi(
        client, r, "kembalikan-usulan", {"catatan": "Panti Martapura lebih dekat dengan keluarga."}
    )
    assert response.status_code == 302
    assert not PengajuanPanti.objects.filter(rujukan=r).exists()
    r.refresh_from_db()
    assert r.status == Status.PENGAJUAN_PANTI and r.usulan_panti_menunggu() is None
    # the officer reads why, and drafts it again
    client.force_login(staf.peksos)
    assert (
        "Panti Martapura lebih dekat"
        in client.get(reverse("rujukan:detail", args=[r.pk])).content.decode()
    )
    halaman = client.get(url_aksi(r, "siapkan-usulan")).content.decode()
    assert "Panti Martapura lebih dekat" in halaman
    assert post_aksi(client, r, "siapkan-usulan", {"panti": martapura.pk}).status_code == 302
    assert r.usulan_panti_menunggu().panti == martapura


def test_panti_login_sees_only_its_own_proposals(client, kasus):
    r, staf, werdha, martapura = kasus
    kirim_usulan_panti(r, staf, martapura)
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
    kirim_usulan_panti(r, staf, werdha)
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
    pengajuan = kirim_usulan_panti(r, staf, werdha)
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
    lain = personas_untuk(r.instansi, panti=martapura)
    client.force_login(lain.panti)
    url = reverse("rujukan:panti_lampiran", args=[pengajuan.pk, tercantum[0].pk])
    assert client.get(url).status_code == 404
