"""The citizen's page: their cases (by the pemohon's number) and their named
complaints, nothing of anyone else's; their letters; the upload that answers
a return for missing documents."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from pengaduan import services as aduan_services
from rujukan import services as s
from rujukan.models import BerkasItem, Kejadian, Rujukan, Status
from rujukan.services.intake import DataPemohon
from tests.berkas_palsu import exe_sebagai_jpg, pdf, pdf_besar, png
from tests.pengaduan.factories import ajukan
from tests.personas import personas_untuk
from tests.rujukan.factories import data_klien, standar_sederhana
from tests.warga.bantu import masuk

pytestmark = pytest.mark.django_db
SAYA = "0812 3000 4000"
ORANG_LAIN = "0812 9999 8888"


def daftar(layanan, staf, telepon: str, nama_klien: str = "Siti Aminah") -> Rujukan:
    hasil = s.rujukan_register(
        by=staf.petugas_loket,
        permohonan=s.PermohonanBaru(
            layanan=layanan,
            klien=data_klien(dt.date(1950, 1, 1), nama=nama_klien),
            pemohon=DataPemohon(jenis="keluarga", nama="Pemohon Uji", telepon=telepon),
            berkas={layanan.persyaratan.get(teks="Fotokopi KTP").pk: pdf()},
        ),
    )
    return hasil.rujukan


@pytest.fixture
def dunia(instansi):
    staf = personas_untuk(instansi)
    layanan = standar_sederhana(instansi, waktu_nilai=5, waktu_satuan="hari_kerja")
    layanan.persyaratan.create(urutan=2, teks="Surat pengantar RT", jenis="dokumen", wajib=False)
    # another's case first: ids of cases and of requirement rows never coincide
    lain = daftar(layanan, staf, ORANG_LAIN, nama_klien="Rahmat Hidayat")
    milik = daftar(layanan, staf, SAYA)
    aduan, _kode = ajukan(instansi, telepon="081230004000", judul="Bantuan lansia terlambat")
    aduan_services.pengaduan_answer(
        pengaduan=aduan, by=staf.petugas_loket, isi="Bantuan nenek Anda cair tanggal 5."
    )
    anonim, _k = ajukan(instansi, telepon="081230004000", anonim=True, judul="Aduan rahasia X")
    aduan_lain, _k2 = ajukan(instansi, telepon="081299998888", judul="Aduan orang lain Y")
    return {
        "staf": staf,
        "layanan": layanan,
        "milik": milik,
        "lain": lain,
        "aduan": aduan,
        "anonim": anonim,
        "aduan_lain": aduan_lain,
    }


def test_the_page_lists_my_case_and_my_answered_complaint_and_nothing_else(
    client, dunia, django_assert_max_num_queries
):
    milik, lain, staf = dunia["milik"], dunia["lain"], dunia["staf"]
    s.rujukan_start_check(rujukan=milik, by=staf.petugas_loket)
    s.rujukan_accept_berkas(rujukan=milik, by=staf.petugas_loket)
    milik.refresh_from_db()
    assert milik.status == Status.PENYUSUNAN and milik.tenggat
    masuk(client, SAYA)
    with django_assert_max_num_queries(16):
        r = client.get("/warga/")
    html = r.content.decode()
    assert milik.nomor_registrasi in html and "Rekomendasi Uji" in html
    assert lain.nomor_registrasi not in html and "Rahmat Hidayat" not in html
    # the current step by the standard's own words, and the expected completion
    assert "<dt>Langkah saat ini</dt><dd>Konsep surat</dd>" in html
    assert "Perkiraan selesai" in html
    assert milik.get_status_display() in html
    # my named complaint with its answer; never the anonymous one, never another's
    assert dunia["aduan"].nomor in html and "Bantuan nenek Anda cair tanggal 5." in html
    assert dunia["anonim"].nomor not in html and "Aduan rahasia X" not in html
    assert dunia["aduan_lain"].nomor not in html and "Aduan orang lain Y" not in html
    # the receipt is mine to download
    tanda_terima = milik.dokumen.get(jenis="tanda_terima")
    assert f"/warga/surat/{tanda_terima.pk}/" in html


def test_the_page_reads_a_constant_number_of_queries(client, dunia):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    masuk(client, SAYA)
    with CaptureQueriesContext(connection) as satu:
        client.get("/warga/")
    for _i in range(3):
        daftar(dunia["layanan"], dunia["staf"], SAYA)
        ajukan(dunia["staf"].instansi, telepon="081230004000")
    with CaptureQueriesContext(connection) as empat:
        html = client.get("/warga/").content.decode()
    assert html.count('class="card warga-item"') == 8
    assert len(empat) == len(satu)


def test_my_letter_downloads_and_the_download_is_recorded(client, dunia):
    masuk(client, SAYA)
    d = dunia["milik"].dokumen.get(jenis="tanda_terima")
    r = client.get(f"/warga/surat/{d.pk}/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert b"".join(r.streaming_content).startswith(b"%PDF")
    assert "attachment" in r["Content-Disposition"]
    k = Kejadian.objects.get(rujukan=dunia["milik"], kode="rujukan.surat_diunduh_pemohon")
    assert k.oleh is None and k.data["dokumen_id"] == d.pk


def test_another_persons_letter_or_case_is_404_whatever_the_id(client, dunia):
    masuk(client, SAYA)
    lain = dunia["lain"]
    d = lain.dokumen.get(jenis="tanda_terima")
    assert client.get(f"/warga/surat/{d.pk}/").status_code == 404
    assert client.get("/warga/surat/999999/").status_code == 404
    item = lain.berkas.get(persyaratan__teks="Fotokopi KTP")
    r = client.post(f"/warga/permohonan/{lain.pk}/lengkapi/", {f"berkas_{item.pk}": png()})
    assert r.status_code == 404
    assert not Kejadian.objects.filter(rujukan=lain, kode__contains="pemohon").exists()


def test_the_pages_need_a_login(dunia):
    anonim = Client()
    d = dunia["milik"].dokumen.get(jenis="tanda_terima")
    for url in ("/warga/", f"/warga/surat/{d.pk}/"):
        r = anonim.get(url)
        assert r.status_code == 302 and r["Location"] == "/warga/masuk/"
    r = anonim.post(f"/warga/permohonan/{dunia['milik'].pk}/lengkapi/", {})
    assert r.status_code == 302 and r["Location"] == "/warga/masuk/"


def kembalikan(r: Rujukan, staf, catatan: str = "KTP buram; unggah foto yang jelas.") -> BerkasItem:
    item = r.berkas.get(persyaratan__teks="Fotokopi KTP")
    assert item.pk != r.pk
    s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    s.berkas_tandai(rujukan=r, by=staf.petugas_loket, item=item, terpenuhi=False, catatan="Buram")
    s.rujukan_return_to_pemohon(rujukan=r, by=staf.petugas_loket, catatan=catatan)
    return item


def test_a_returned_case_takes_the_missing_document_and_goes_back_to_the_desk(client, dunia):
    r, staf = dunia["milik"], dunia["staf"]
    item = kembalikan(r, staf)
    masuk(client, SAYA)
    html = client.get("/warga/").content.decode()
    assert "Berkas Anda belum lengkap" in html
    assert "KTP buram; unggah foto yang jelas." in html
    assert f'name="berkas_{item.pk}"' in html and "Fotokopi KTP" in html
    assert "Surat pengantar RT" in html  # optional, not brought yet: may come too
    assert "Catatan petugas: Buram" in html  # the desk's word on the refused copy
    # the standard publishes no step of the file check: no step is named for it
    assert "Konsep surat" not in html and "Langkah saat ini" not in html
    jawab = client.post(f"/warga/permohonan/{r.pk}/lengkapi/", {f"berkas_{item.pk}": png()})
    assert jawab.status_code == 302 and jawab["Location"] == "/warga/"
    r.refresh_from_db()
    item.refresh_from_db()
    assert r.status == Status.PEMERIKSAAN_BERKAS  # back to the file check
    assert item.berkas and item.tipe_berkas == "image/png"
    assert item.terpenuhi is False  # the front desk accepts it after checking
    k = Kejadian.objects.get(rujukan=r, kode="rujukan.berkas_dilengkapi_pemohon")
    assert k.oleh is None and k.data["persyaratan"] == "Fotokopi KTP"
    halaman = client.get("/warga/").content.decode()
    assert "Berkas diterima" in halaman and f'name="berkas_{item.pk}"' not in halaman
    # and the desk can accept it now
    s.berkas_tandai(rujukan=r, by=staf.petugas_loket, item=item, terpenuhi=True)
    s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)


def test_a_bad_upload_is_refused_with_a_message_and_changes_nothing(client, dunia):
    r, staf = dunia["milik"], dunia["staf"]
    item = kembalikan(r, staf)
    masuk(client, SAYA)
    jawab = client.post(
        f"/warga/permohonan/{r.pk}/lengkapi/", {f"berkas_{item.pk}": exe_sebagai_jpg()}
    )
    assert jawab.status_code == 400
    assert "Jenis berkas tidak diterima" in jawab.content.decode()
    kosong = client.post(f"/warga/permohonan/{r.pk}/lengkapi/", {})
    assert kosong.status_code == 400
    assert "Pilih setidaknya satu berkas" in kosong.content.decode()
    r.refresh_from_db()
    assert r.status == Status.DIKEMBALIKAN
    assert not Kejadian.objects.filter(rujukan=r, kode="rujukan.berkas_dilengkapi_pemohon")


def test_an_oversized_upload_is_stopped_with_a_message(client, dunia, settings):
    settings.MAX_UPLOAD_MB = 1
    r, staf = dunia["milik"], dunia["staf"]
    item = kembalikan(r, staf)
    masuk(client, SAYA)

    besar = pdf_besar()
    jawab = client.post(f"/warga/permohonan/{r.pk}/lengkapi/", {f"berkas_{item.pk}": besar})
    assert jawab.status_code == 413
    assert "terlalu besar" in jawab.content.decode()
    r.refresh_from_db()
    assert r.status == Status.DIKEMBALIKAN


def test_an_upload_to_a_case_that_is_not_returned_is_refused(client, dunia):
    r = dunia["milik"]
    masuk(client, SAYA)
    jawab = client.post(
        f"/warga/permohonan/{r.pk}/lengkapi/", {f"berkas_{r.berkas.first().pk}": png()}
    )
    assert jawab.status_code == 409
    assert "tidak sedang menunggu kelengkapan berkas" in jawab.content.decode()


def test_a_login_by_email_sees_no_case_of_a_phone(client, dunia):
    from tests.warga.bantu import minta_kode, pesan_terakhir, tautan_dari

    minta_kode(client, "siti.warga@example.com")
    client.post(tautan_dari(pesan_terakhir("siti.warga@example.com")))
    html = client.get("/warga/").content.decode()
    assert dunia["milik"].nomor_registrasi not in html
    assert "masuk dengan nomor HP untuk melihat permohonan Anda" in html
    # the complaints were filed with this address (the factory's): the named ones show
    assert dunia["aduan"].nomor in html and dunia["aduan_lain"].nomor in html
    assert dunia["anonim"].nomor not in html and "Aduan rahasia X" not in html


def test_the_case_waits_until_every_required_document_came_again(client, dunia):
    """The refused KTP still has its old file: sending only the optional letter
    does not send the case back to the desk; sending the KTP then does."""
    r, staf = dunia["milik"], dunia["staf"]
    ktp = kembalikan(r, staf)
    rt = r.berkas.get(persyaratan__teks="Surat pengantar RT")
    masuk(client, SAYA)
    jawab = client.post(f"/warga/permohonan/{r.pk}/lengkapi/", {f"berkas_{rt.pk}": pdf()})
    assert jawab.status_code == 302
    r.refresh_from_db()
    assert r.status == Status.DIKEMBALIKAN
    html = client.get("/warga/").content.decode()
    assert "Sudah Anda kirim; menunggu pemeriksaan petugas" in html
    jawab = client.post(f"/warga/permohonan/{r.pk}/lengkapi/", {f"berkas_{ktp.pk}": png()})
    assert jawab.status_code == 302
    r.refresh_from_db()
    assert r.status == Status.PEMERIKSAAN_BERKAS
    assert Kejadian.objects.filter(rujukan=r, kode="rujukan.berkas_dilengkapi_pemohon").count() == 2


def test_my_complaint_opens_its_conversation_without_its_code(client, dunia):
    masuk(client, SAYA)
    p = dunia["aduan"]
    r = client.get(f"/warga/pengaduan/{p.pk}/")
    assert r.status_code == 302 and r["Location"] == f"/pengaduan/lacak/{p.nomor}/"
    halaman = client.get(r["Location"]).content.decode()
    assert "Bantuan nenek Anda cair tanggal 5." in halaman
    # the reporter can answer there: confirm it is settled
    assert client.post(f"/pengaduan/lacak/{p.nomor}/selesai/").status_code == 302
    p.refresh_from_db()
    assert p.status == "selesai"
    # never an anonymous one (even her own), never another's; logging out ends it
    for lain in (dunia["anonim"], dunia["aduan_lain"]):
        assert client.get(f"/warga/pengaduan/{lain.pk}/").status_code == 404
        assert client.get(f"/pengaduan/lacak/{lain.nomor}/").status_code == 404
    client.post("/warga/keluar/")
    assert client.get(f"/pengaduan/lacak/{p.nomor}/").status_code == 404
