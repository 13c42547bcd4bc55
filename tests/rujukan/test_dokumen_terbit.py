"""An issued document is immutable: its bytes are stored once and never
regenerated; revocation (with a reason, by the role that signs its kind) and
re-issue (a new number, linked both ways) are its only changes, both in the
case history; a file written by a transaction that rolls back is deleted."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.files.storage import default_storage
from django.core.signals import request_finished
from django.db import connection, transaction
from django.urls import reverse

from layanan.models import Panti, Peran
from rujukan import services as s
from rujukan.models import Dokumen, JenisDokumen, Kejadian, PengajuanPanti, Penomoran, Status
from rujukan.riwayat import riwayat_rujukan
from rujukan.services.issuing import terbitkan_dokumen, transaksi_terbit
from tests.berkas_palsu import pdf
from tests.factories import make_user
from tests.personas import personas_untuk
from tests.rujukan.dokumen_uji import SuratTerbit, isi, terbitkan_surat
from tests.rujukan.factories import (
    data_klien,
    data_pemohon,
    kasus_di_persetujuan,
    kirim_usulan_panti,
    standar_sederhana,
)
from tests.rujukan.test_alur_seed import _dokumen_semua
from tests.rujukan.test_produk_loket import standar_loket

PASSWORD = "rahasia-uji-123"

perlu_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises all writers and has no row locks: run with DATABASE_URL=postgres://…",
)


@pytest.fixture
def terbit(db) -> SuratTerbit:
    return terbitkan_surat()


def url_ubah(dokumen: Dokumen, kode: str) -> str:
    return reverse("rujukan:ubah_dokumen", args=[dokumen.rujukan_id, dokumen.pk, kode])


# -- revocation -----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_signing_head_revokes_with_a_reason_and_the_bytes_stay(terbit):
    surat, kadis = terbit.surat, terbit.staf.kadis
    sebelum = (surat.berkas.name, isi(surat), surat.sha256)
    s.dokumen_revoke(dokumen=surat, by=kadis, alasan="NIK klien salah ketik.")
    surat.refresh_from_db()
    assert surat.status == Dokumen.Status.DICABUT
    assert surat.alasan_pencabutan == "NIK klien salah ketik."
    assert surat.dicabut_oleh == kadis and surat.dicabut_pada is not None
    assert (surat.berkas.name, isi(surat), surat.sha256) == sebelum


@pytest.mark.django_db
def test_revocation_needs_a_reason_and_happens_once(terbit):
    with pytest.raises(s.DataTidakValid, match="alasan pencabutan"):
        s.dokumen_revoke(dokumen=terbit.surat, by=terbit.staf.kadis, alasan="  ")
    s.dokumen_revoke(dokumen=terbit.surat, by=terbit.staf.kadis, alasan="Keliru.")
    with pytest.raises(s.Konflik, match="sudah dicabut"):
        s.dokumen_revoke(dokumen=terbit.surat, by=terbit.staf.kadis, alasan="Lagi.")
    with pytest.raises(s.Konflik):
        s.dokumen_reissue(dokumen=terbit.surat, by=terbit.staf.kadis, alasan="Lagi.")


@pytest.mark.django_db
def test_only_the_role_that_signs_the_kind_may_revoke_or_reissue(terbit):
    staf = terbit.staf
    for orang in (staf.petugas_loket, staf.peksos, staf.koordinator, staf.kabid):
        with pytest.raises(s.IzinDitolak, match="Hanya Kepala Dinas"):
            s.dokumen_revoke(dokumen=terbit.surat, by=orang, alasan="Keliru.")
        with pytest.raises(s.IzinDitolak):
            s.dokumen_reissue(dokumen=terbit.surat, by=orang, alasan="Keliru.")
    lain = personas_untuk(terbitkan_surat().rujukan.instansi)
    with pytest.raises(s.IzinDitolak):
        s.dokumen_revoke(dokumen=terbit.surat, by=lain.kadis, alasan="Keliru.")
    terbit.surat.refresh_from_db()
    assert terbit.surat.status == Dokumen.Status.BERLAKU


@pytest.mark.django_db
def test_a_receipt_is_neither_revoked_nor_reissued(terbit):
    tanda_terima = terbit.rujukan.dokumen.get(jenis=JenisDokumen.TANDA_TERIMA)
    with pytest.raises(s.Konflik, match="Tanda terima"):
        s.dokumen_revoke(dokumen=tanda_terima, by=terbit.staf.kadis, alasan="Keliru.")


@pytest.mark.django_db
def test_desk_documents_are_revoked_by_the_desk_role():
    layanan = standar_loket("surat_loket", "Surat Keterangan Terdaftar DTKS")
    staf = personas_untuk(layanan.instansi)
    r = s.rujukan_register(
        by=staf.petugas_loket,
        permohonan=s.PermohonanBaru(
            layanan=layanan,
            klien=data_klien(dt.date(1980, 1, 1)),
            pemohon=data_pemohon("keluarga"),
            berkas={layanan.persyaratan.get(jenis="dokumen").pk: pdf()},
        ),
    ).rujukan
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    r = s.rujukan_issue_at_desk(rujukan=r, by=staf.petugas_loket)
    assert r.status == Status.PRODUK_TERBIT
    surat = r.dokumen.get(jenis="surat_keterangan")
    with pytest.raises(s.IzinDitolak, match="petugas yang menerbitkan"):
        s.dokumen_revoke(dokumen=surat, by=staf.kadis, alasan="Keliru.")
    baru = s.dokumen_reissue(dokumen=surat, by=staf.petugas_loket, alasan="Nama ayah diperbaiki.")
    assert (
        baru.penandatangan == staf.petugas_loket
        and baru.penandatangan_info["nama"] == "Rina Marlina"
    )


# -- re-issue -----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_reissue_gives_a_new_number_links_both_ways_and_keeps_the_old_bytes(terbit):
    surat = terbit.surat
    lama = isi(surat)
    baru = s.dokumen_reissue(dokumen=surat, by=terbit.staf.kadis, alasan="Alamat diperbaiki.")
    surat.refresh_from_db()
    assert surat.status == Dokumen.Status.DIGANTI and surat.pengganti == baru
    assert baru.menggantikan == surat and baru.alasan_terbit_ulang == "Alamat diperbaiki."
    assert baru.status == Dokumen.Status.BERLAKU and baru.jenis == surat.jenis
    assert baru.nomor_urut == surat.nomor_urut + 1 and baru.nomor != surat.nomor
    assert baru.token != surat.token and baru.sha256 != surat.sha256
    assert isi(surat) == lama  # the old file is never regenerated
    assert baru.berkas.name != surat.berkas.name
    assert Penomoran.objects.get(instansi=surat.instansi, jenis="surat").terakhir == 2


@pytest.mark.django_db
def test_a_replaced_letter_to_a_panti_is_the_one_the_panti_opens(standar):
    layanan = standar["banjarmasin"]
    panti = Panti.objects.create(instansi=layanan.instansi, nama="Panti Sosial Budi Sejahtera")
    staf = personas_untuk(layanan.instansi)
    r = s.rujukan_register(
        by=staf.petugas_loket,
        permohonan=s.PermohonanBaru(
            layanan=layanan,
            klien=data_klien(dt.date(1950, 2, 3), perempuan=True),
            pemohon=data_pemohon("rt_rw"),
            berkas=_dokumen_semua(layanan),
        ),
    ).rujukan
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    for b in r.berkas.select_related("persyaratan"):
        if b.persyaratan.jenis == "fakta":
            s.berkas_tandai(rujukan=r, by=staf.petugas_loket, item=b, terpenuhi=True, berlaku=True)
    r = s.rujukan_accept_berkas(rujukan=r, by=staf.peksos)
    s.rujukan_record_assessment(rujukan=r, by=staf.peksos, kondisi="Lansia.", kesimpulan_layak=True)
    r = s.rujukan_complete_verification(rujukan=r, by=staf.peksos)
    pengajuan = kirim_usulan_panti(r, staf, panti)
    with pytest.raises(s.IzinDitolak, match="Kepala Dinas"):
        s.dokumen_reissue(dokumen=pengajuan.dokumen, by=staf.peksos, alasan="Lampiran.")
    baru = s.dokumen_reissue(dokumen=pengajuan.dokumen, by=staf.kadis, alasan="Lampiran.")
    assert PengajuanPanti.objects.get(pk=pengajuan.pk).dokumen == baru
    assert baru.penandatangan == staf.kadis  # the official who re-issues it signs it
    assert baru.penandatangan_info["nama"] == staf.kadis.pegawai.nama


@pytest.mark.django_db
def test_revocation_and_reissue_are_in_the_case_history(terbit):
    surat, kadis = terbit.surat, terbit.staf.kadis
    baru = s.dokumen_reissue(dokumen=surat, by=kadis, alasan="Alamat diperbaiki.")
    s.dokumen_revoke(dokumen=baru, by=kadis, alasan="Klien meninggal dunia.")
    kalimat = [(e.kode, e.kalimat, e.catatan) for e in riwayat_rujukan(terbit.rujukan)]
    nama = "Dr. H. Ahmad Fauzi, M.Si"
    assert (
        "rujukan.document_reissued",
        f"{nama} menerbitkan ulang dokumen dengan nomor baru.",
        f"Surat Rekomendasi {surat.nomor} diganti dengan nomor {baru.nomor}: Alamat diperbaiki.",
    ) in kalimat
    assert (
        "rujukan.document_revoked",
        f"{nama} mencabut dokumen yang sudah terbit.",
        f"Surat Rekomendasi {baru.nomor}: Klien meninggal dunia.",
    ) in kalimat


@pytest.mark.django_db
def test_an_issued_document_cannot_be_saved_with_new_content(terbit):
    surat = terbit.surat
    asli = surat.sha256
    surat.sha256 = "0" * 64
    with pytest.raises(ValueError, match="tidak diubah isinya"):
        surat.save()
    with pytest.raises(ValueError):
        surat.save(update_fields=["sha256"])
    with pytest.raises(ValueError):
        surat.save(update_fields=["status", "berkas"])
    surat.refresh_from_db()
    assert surat.sha256 == asli


@perlu_postgres
@pytest.mark.django_db(transaction=True)
def test_two_officials_reissuing_at_once_make_one_new_letter_and_no_gap():
    terbit = terbitkan_surat()
    kadis2 = make_user("kadis-kembar", instansi=terbit.surat.instansi, peran=Peran.KEPALA_DINAS)
    barrier = threading.Barrier(2)

    def reissue(user):
        try:
            barrier.wait(timeout=30)
            return s.dokumen_reissue(dokumen=terbit.surat.pk, by=user, alasan="Diperbaiki.")
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        hasil = list(pool.map(reissue, [terbit.staf.kadis, kadis2]))
    berhasil = [h for h in hasil if isinstance(h, Dokumen)]
    ditolak = [h for h in hasil if not isinstance(h, Dokumen)]
    assert len(berhasil) == 1 and len(ditolak) == 1
    assert isinstance(ditolak[0], s.Konflik), ditolak[0]
    urut = sorted(
        Dokumen.objects.filter(
            instansi=terbit.surat.instansi, nomor_urut__isnull=False
        ).values_list("nomor_urut", flat=True)
    )
    assert urut == [1, 2]
    assert Penomoran.objects.get(instansi=terbit.surat.instansi, jenis="surat").terakhir == 2
    assert Dokumen.objects.get(pk=terbit.surat.pk).pengganti == berhasil[0]
    # the losing thread wrote no file: one letter file per document row
    semua = {d.berkas.name for d in Dokumen.objects.filter(rujukan=terbit.rujukan)}
    folder = berhasil[0].berkas.name.rsplit("/", 1)[0]
    assert {f"{folder}/{n}" for n in default_storage.listdir(folder)[1]} == semua


# -- no file outlives a rolled-back transaction ----------------------------------------------------
def _berkas_dokumen(instansi) -> set[str]:
    folder = f"rujukan/{instansi.pk}/dokumen"
    if not default_storage.exists(folder):
        return set()
    return set(default_storage.listdir(folder)[1])


@pytest.mark.django_db
def test_a_rollback_after_the_pdf_was_written_leaves_no_file():
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    r = kasus_di_persetujuan(layanan, staf)
    sebelum = _berkas_dokumen(r.instansi)
    ditulis = []
    with pytest.raises(RuntimeError), transaksi_terbit():
        d = terbitkan_dokumen(rujukan=r, jenis=JenisDokumen.SURAT_KETERANGAN, by=staf.kadis)
        ditulis.append(d.berkas.name)
        assert default_storage.exists(d.berkas.name)
        raise RuntimeError("the use case failed after the letter was written")
    assert not default_storage.exists(ditulis[0])
    assert _berkas_dokumen(r.instansi) == sebelum
    assert not Dokumen.objects.filter(rujukan=r, jenis=JenisDokumen.SURAT_KETERANGAN).exists()


@pytest.mark.django_db
def test_a_failing_use_case_deletes_the_letters_it_had_written():
    """The signature issues the letter, then a later step of the same use case
    fails: the letter's file goes with its row."""
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    r = kasus_di_persetujuan(layanan, staf)
    sebelum = _berkas_dokumen(r.instansi)
    with pytest.raises(s.DataTidakValid), transaksi_terbit():
        s.rujukan_approve(rujukan=r, by=staf.kadis)
        assert len(_berkas_dokumen(r.instansi)) == len(sebelum) + 1
        raise s.DataTidakValid("gagal sesudahnya")
    assert _berkas_dokumen(r.instansi) == sebelum
    r.refresh_from_db()
    assert r.status == "persetujuan"


@pytest.mark.django_db(transaction=True)
def test_a_file_of_a_transaction_rolled_back_elsewhere_is_deleted_when_the_request_ends():
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    r = kasus_di_persetujuan(layanan, staf)
    sebelum = _berkas_dokumen(r.instansi)
    with pytest.raises(RuntimeError), transaction.atomic():  # not the issuing wrapper
        terbitkan_dokumen(rujukan=r, jenis=JenisDokumen.SURAT_KETERANGAN, by=staf.kadis)
        raise RuntimeError
    assert len(_berkas_dokumen(r.instansi)) == len(sebelum) + 1  # still there…
    request_finished.send(sender=None)
    assert _berkas_dokumen(r.instansi) == sebelum  # …until the request is over
    # a committed letter is never swept
    s.rujukan_approve(rujukan=r, by=staf.kadis)
    request_finished.send(sender=None)
    surat = Dokumen.objects.get(rujukan=r, jenis=JenisDokumen.SURAT_REKOMENDASI)
    assert default_storage.exists(surat.berkas.name)


# -- the officials' pages -------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_case_page_offers_the_buttons_to_the_signer_and_the_reason_to_others(client, terbit):
    surat = terbit.surat
    client.force_login(terbit.staf.kadis)
    page = client.get(reverse("rujukan:detail", args=[terbit.rujukan.pk])).content.decode()
    assert url_ubah(surat, "cabut") in page and url_ubah(surat, "terbitkan-ulang") in page
    assert surat.kode_tampil in page
    client.force_login(terbit.staf.petugas_loket)
    page = client.get(reverse("rujukan:detail", args=[terbit.rujukan.pk])).content.decode()
    assert url_ubah(surat, "cabut") not in page
    assert "Hanya Kepala Dinas yang dapat mencabut atau menerbitkan ulang dokumen ini." in page
    response = client.get(url_ubah(surat, "cabut"))
    assert response.status_code == 403
    assert "Hanya Kepala Dinas" in response.content.decode()


@pytest.mark.django_db
def test_revoking_through_the_page_asks_the_password_again(client, terbit):
    surat = terbit.surat
    client.force_login(terbit.staf.kadis)
    page = client.get(url_ubah(surat, "cabut"))
    assert page.status_code == 200 and 'name="kata_sandi"' in page.content.decode()
    salah = client.post(url_ubah(surat, "cabut"), {"alasan": "Keliru.", "kata_sandi": "salah"})
    assert salah.status_code == 403
    assert "Kata sandi salah" in salah.content.decode()
    surat.refresh_from_db()
    assert surat.status == Dokumen.Status.BERLAKU
    assert not Kejadian.objects.filter(kode="rujukan.document_revoked").exists()
    kosong = client.post(url_ubah(surat, "cabut"), {"alasan": "", "kata_sandi": PASSWORD})
    assert kosong.status_code == 400
    ok = client.post(url_ubah(surat, "cabut"), {"alasan": "Keliru.", "kata_sandi": PASSWORD})
    assert ok.status_code == 302
    surat.refresh_from_db()
    assert surat.status == Dokumen.Status.DICABUT
    page = client.get(reverse("rujukan:detail", args=[terbit.rujukan.pk])).content.decode()
    assert "Dicabut oleh" in page and "Keliru." in page
    assert client.get(url_ubah(surat, "cabut")).status_code == 409


@pytest.mark.django_db
def test_reissuing_through_the_page(client, terbit):
    client.force_login(terbit.staf.kadis)
    response = client.post(
        url_ubah(terbit.surat, "terbitkan-ulang"),
        {"alasan": "Alamat diperbaiki.", "kata_sandi": PASSWORD},
    )
    assert response.status_code == 302
    baru = Dokumen.objects.get(menggantikan=terbit.surat)
    page = client.get(response["Location"]).content.decode()
    assert f"Dokumen diterbitkan ulang dengan nomor {baru.nomor}." in page
    assert f"Menggantikan nomor {terbit.surat.nomor}" in page


@pytest.mark.django_db
def test_other_offices_and_unknown_actions_get_404(client, terbit):
    lain = personas_untuk(terbitkan_surat().rujukan.instansi)
    client.force_login(lain.kadis)
    assert client.get(url_ubah(terbit.surat, "cabut")).status_code == 404
    client.force_login(terbit.staf.kadis)
    assert client.get(url_ubah(terbit.surat, "hapus")).status_code == 404
    other = reverse("rujukan:ubah_dokumen", args=[terbit.rujukan.pk, 999999, "cabut"])
    assert client.get(other).status_code == 404
