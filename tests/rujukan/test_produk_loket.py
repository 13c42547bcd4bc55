"""A product's kind decides the steps a case needs: a certificate issued at
the desk, a registration or goods handed over with a berita acara take no
approval chain; the desk issues them (numbered, signed by the officer) once
every stage and fact of the standard is done."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.test import Client

from layanan.models import (
    CaraPeriksa,
    JenisLangkah,
    JenisProduk,
    LangkahProsedur,
    Layanan,
    Persyaratan,
    Produk,
)
from rujukan import services as s
from rujukan.models import Dokumen, Status, StatusLangkah
from rujukan.selectors import langkah_checklist
from tests.berkas_palsu import pdf
from tests.factories import make_instansi
from tests.personas import personas_untuk
from tests.rujukan.factories import data_klien, data_pemohon, s_register, standar_sederhana

pytestmark = pytest.mark.django_db


def standar_loket(jenis: str, nama_produk: str) -> Layanan:
    instansi = make_instansi()
    layanan = Layanan.objects.create(instansi=instansi, nama=f"Uji {jenis}", slug=f"uji-{jenis}")
    langkah = [
        ("Petugas menerima permohonan", "permohonan", JenisLangkah.TERIMA),
        ("Petugas memeriksa berkas", "pemeriksaan_berkas", JenisLangkah.PERIKSA_BERKAS),
        (
            "Petugas menerbitkan produk",
            "penyerahan",
            JenisLangkah.REGISTRASI
            if jenis == JenisProduk.REGISTRASI
            else JenisLangkah.TERBIT_LOKET,
        ),
        ("Produk diserahkan kepada pemohon", "penyerahan", JenisLangkah.SERAHKAN),
    ]
    for i, (teks, tahap, kind) in enumerate(langkah, 1):
        LangkahProsedur.objects.create(
            layanan=layanan, urutan=i, teks=teks, tahap=tahap, jenis=kind, peran="petugas_loket"
        )
    Persyaratan.objects.create(layanan=layanan, urutan=1, teks="Fotokopi KTP", jenis="dokumen")
    Persyaratan.objects.create(
        layanan=layanan,
        urutan=2,
        teks="Usia 18 tahun ke atas",
        jenis="fakta",
        cara_periksa=CaraPeriksa.USIA,
        nilai_ambang=18,
    )
    Produk.objects.create(layanan=layanan, nama=nama_produk, jenis=jenis, jenis_dokumen="")
    return layanan


@pytest.mark.parametrize(
    ("jenis", "nama", "dokumen", "teks"),
    [
        (
            JenisProduk.SURAT_LOKET,
            "Surat Keterangan Terdaftar DTKS",
            "surat_keterangan",
            "menerangkan bahwa",
        ),
        (
            JenisProduk.REGISTRASI,
            "Tanda Terdaftar PMKS",
            "bukti_registrasi",
            "dicatat dalam register",
        ),
        (JenisProduk.BARANG_JASA, "Paket sembako", "berita_acara", "Yang menerima"),
    ],
)
def test_desk_products_need_no_chain_and_follow_the_standards_steps(jenis, nama, dokumen, teks):
    layanan = standar_loket(jenis, nama)
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
    assert r.alur.produk_disetujui == () and r.alur.produk_loket == (dokumen,)
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    # no approval, no drafting: the desk issues at once from the file check
    r = s.rujukan_issue_at_desk(rujukan=r, by=staf.petugas_loket)
    assert r.status == Status.PRODUK_TERBIT
    doc = Dokumen.objects.get(rujukan=r, jenis=dokumen)
    assert doc.nomor
    current = [c.langkah.teks for c in langkah_checklist(r) if c.status == StatusLangkah.BERJALAN]
    assert current == ["Produk diserahkan kepada pemohon"]
    r = s.rujukan_hand_to_pemohon(rujukan=r, by=staf.petugas_loket)
    r = s.rujukan_close(rujukan=r, by=staf.petugas_loket)
    assert {c.status for c in langkah_checklist(r)} == {StatusLangkah.SELESAI}
    with doc.berkas.open("rb") as fh:
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=fh.read(), capture_output=True, check=True
        ).stdout.decode()
    flat = " ".join(text.split())
    assert teks in flat and nama.upper() in flat.upper()


def test_the_desk_cannot_issue_while_a_fact_is_unmet_nor_for_a_chain_product():
    layanan = standar_loket(JenisProduk.SURAT_LOKET, "Surat Keterangan")
    staf = personas_untuk(layanan.instansi)
    muda = dt.date.today().replace(year=dt.date.today().year - 17)
    r = s.rujukan_register(
        by=staf.petugas_loket,
        permohonan=s.PermohonanBaru(
            layanan=layanan,
            klien=data_klien(muda),
            pemohon=data_pemohon("keluarga"),
            berkas={layanan.persyaratan.get(jenis="dokumen").pk: pdf()},
        ),
    ).rujukan
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    with pytest.raises(s.TransisiTidakSah, match="usia 1[67] tahun"):
        s.rujukan_issue_at_desk(rujukan=r, by=staf.petugas_loket)
    assert not Dokumen.objects.filter(rujukan=r).exclude(jenis="tanda_terima").exists()
    # a letter that goes through the chain is not issued at the desk
    Produk.objects.filter(layanan=layanan).update(jenis=JenisProduk.SURAT_PERSETUJUAN)
    r = type(r).objects.get(pk=r.pk)
    with pytest.raises(s.TransisiTidakSah, match="tidak diterbitkan di loket"):
        s.rujukan_issue_at_desk(rujukan=r, by=staf.petugas_loket)


def test_the_desk_issue_is_offered_only_where_the_standards_product_is_issued_at_the_desk():
    rantai = standar_sederhana()
    staf = personas_untuk(rantai.instansi)
    r = s.rujukan_start_check(rujukan=s_register(rantai, staf).rujukan, by=staf.petugas_loket)
    c = Client()
    c.force_login(staf.petugas_loket)
    assert "Terbitkan produk di loket" not in c.get(f"/rujukan/{r.pk}/").content.decode()
    loket = standar_loket(JenisProduk.SURAT_LOKET, "Surat Keterangan")
    staf = personas_untuk(loket.instansi)
    r = s.rujukan_register(
        by=staf.petugas_loket,
        permohonan=s.PermohonanBaru(
            layanan=loket,
            klien=data_klien(dt.date(1980, 1, 1)),
            pemohon=data_pemohon("keluarga"),
            berkas={loket.persyaratan.get(jenis="dokumen").pk: pdf()},
        ),
    ).rujukan
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    c.force_login(staf.petugas_loket)
    assert f"/rujukan/{r.pk}/aksi/terbitkan-loket/" in c.get(f"/rujukan/{r.pk}/").content.decode()
