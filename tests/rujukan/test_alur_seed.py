"""The other four published standards, each end to end through the services
along its own path (Bulukumba is in test_alur_bulukumba.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from layanan.models import Panti
from rujukan import services as s
from rujukan.models import Dokumen, JedaWaktu, JenisDokumen, Konsep, Status
from rujukan.selectors import lacak_publik, langkah_checklist
from tests.berkas_palsu import mp4, pdf, png
from tests.personas import personas_untuk
from tests.rujukan.factories import data_klien, data_pemohon, kirim_usulan_panti

pytestmark = pytest.mark.django_db


def _dokumen_semua(layanan, sub=None):
    out = {}
    for p in s.persyaratan_untuk(layanan, sub):
        if p.jenis == "dokumen" and not p.kondisi:
            out[p.pk] = (
                mp4()
                if "video" in p.teks.lower()
                else (png() if "foto" in p.teks.lower() else pdf())
            )
    return out


def _jenis_terbit(r):
    return list(Dokumen.objects.filter(rujukan=r).order_by("pk").values_list("jenis", "nomor"))


def test_banjarmasin_asks_the_panti_before_the_recommendation(standar):
    from layanan.models import KategoriPPKS

    layanan = standar["banjarmasin"]
    instansi = layanan.instansi
    panti_a = Panti.objects.create(
        instansi=instansi,
        nama="Panti Sosial Tresna Werdha Budi Sejahtera",
        jenis="panti",
        alamat="Jl. A. Yani Km 21",
    )
    panti_b = Panti.objects.create(
        instansi=instansi, nama="Panti Sosial Bina Laras Martapura", jenis="panti"
    )
    staf = personas_untuk(instansi, panti=panti_b)
    hasil = s.rujukan_register(
        by=staf.petugas_loket,
        permohonan=s.PermohonanBaru(
            layanan=layanan,
            klien=data_klien(dt.date(1950, 2, 3), perempuan=True),
            pemohon=data_pemohon("rt_rw"),
            kategori_ppks=KategoriPPKS.objects.filter(nama__icontains="lanjut usia").first(),
            berkas=_dokumen_semua(layanan),
        ),
    )
    r = s.rujukan_start_check(rujukan=hasil.rujukan, by=staf.petugas_loket)
    r = s.rujukan_accept_berkas(rujukan=r, by=staf.peksos)
    assert r.status == Status.VERIFIKASI
    s.rujukan_record_assessment(
        rujukan=r,
        by=staf.peksos,
        kondisi="Lansia terlantar, demensia ringan.",
        kesimpulan_layak=True,
    )
    r = s.rujukan_complete_verification(rujukan=r, by=staf.peksos)
    assert r.status == Status.PENGAJUAN_PANTI  # the panti is asked before any letter
    # nothing leaves before the head of office signs: no draft, nothing to sign
    with pytest.raises(s.TransisiTidakSah, match="Belum ada usulan"):
        s.rujukan_send_to_panti(rujukan=r, by=staf.kadis)
    kirim_usulan_panti(r, staf, panti_a)
    r.refresh_from_db()
    assert r.status == Status.MENUNGGU_PANTI and r.dijeda  # waiting on the panti pauses the clock
    # the panti_b user cannot answer for panti_a
    with pytest.raises(s.IzinDitolak):
        s.rujukan_panti_answer(rujukan=r, by=staf.panti, diterima=True, tanggal=dt.date.today())
    r = s.rujukan_panti_answer(
        rujukan=r,
        by=staf.peksos,
        diterima=False,
        tanggal=dt.date.today(),
        narahubung="Ibu Rahma",
        catatan="Kapasitas penuh.",
        surat=pdf("jawaban.pdf"),
    )
    assert r.status == Status.PENGAJUAN_PANTI and r.panti_tujuan is None and not r.dijeda
    kirim_usulan_panti(r, staf, panti_b)
    assert not Dokumen.objects.filter(rujukan=r, jenis=JenisDokumen.SURAT_REKOMENDASI).exists()
    # the panti's own user accepts online
    r = s.rujukan_panti_answer(
        rujukan=r, by=staf.panti, diterima=True, tanggal=dt.date.today(), narahubung="Maria"
    )
    assert r.status == Status.PENYUSUNAN
    s.rujukan_submit_for_approval(rujukan=r, by=staf.peksos)
    # no signing step is published: the Kepala Dinas (penandatangan) signs
    with pytest.raises(s.IzinDitolak):
        s.rujukan_approve(rujukan=r, by=staf.kabid)
    r = s.rujukan_approve(rujukan=r, by=staf.kadis)
    assert r.status == Status.PRODUK_TERBIT
    tahun = r.tahun
    assert _jenis_terbit(r) == [
        ("tanda_terima", ""),
        ("pengajuan_panti", f"400.9/0001/Dinsos/{tahun}"),
        ("pengajuan_panti", f"400.9/0002/Dinsos/{tahun}"),
        ("surat_rekomendasi", f"400.9/0003/Dinsos/{tahun}"),
    ]
    r = s.rujukan_deliver_to_panti(rujukan=r, by=staf.petugas_loket, diantar_oleh="pemohon")
    r = s.rujukan_close(rujukan=r, by=staf.petugas_loket)
    assert r.status == Status.SELESAI and r.diantar_oleh == "pemohon"
    assert list(r.jeda.values_list("alasan", flat=True)) == [
        JedaWaktu.Alasan.MENUNGGU_PANTI,
        JedaWaktu.Alasan.MENUNGGU_PANTI,
    ]
    assert {c.status for c in langkah_checklist(r)} == {"selesai"}


def _banjar_sampai_penanganan(layanan, staf):
    hasil = s.rujukan_register(
        by=staf.petugas_loket,
        permohonan=s.PermohonanBaru(
            layanan=layanan,
            klien=data_klien(dt.date(2013, 7, 9), nama="Dadan", wilayah="327901"),
            pemohon=data_pemohon("kelurahan"),
            berkas=_dokumen_semua(layanan),
            ringkasan="Anak ditemukan di terminal tanpa pendamping.",
        ),
    )
    r = s.rujukan_start_check(rujukan=hasil.rujukan, by=staf.petugas_loket)
    r = s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    s.rujukan_record_assessment(
        rujukan=r, by=staf.peksos, kondisi="Anak 12 tahun, sehat, bingung.", kesimpulan_layak=True
    )
    r = s.rujukan_complete_verification(rujukan=r, by=staf.peksos)
    assert r.status == Status.PENANGANAN
    hari_ini = dt.date.today()
    s.rujukan_record_activity(
        rujukan=r, by=staf.peksos, jenis="bimbingan", tanggal=hari_ini, uraian="Bimbingan mental."
    )
    s.rujukan_record_activity(
        rujukan=r,
        by=staf.peksos,
        jenis="penelusuran_keluarga",
        tanggal=hari_ini,
        uraian="Penelusuran melalui kelurahan dan kepolisian.",
    )
    return r


def test_banjar_ends_in_reunification(standar):
    layanan = standar["banjar"]
    staf = personas_untuk(layanan.instansi)
    r = _banjar_sampai_penanganan(layanan, staf)
    r = s.rujukan_reunite(
        rujukan=r,
        by=staf.peksos,
        tanggal=dt.date.today(),
        uraian="Klien diserahkan kepada ibunya di Kel. Hegarsari.",
    )
    assert r.status == Status.REUNIFIKASI
    assert [j for j, _ in _jenis_terbit(r)] == ["tanda_terima", "laporan_sosial"]
    r = s.rujukan_close(rujukan=r, by=staf.peksos)
    assert r.status == Status.SELESAI


def test_banjar_ends_in_referral_to_a_panti(standar):
    layanan = standar["banjar"]
    staf = personas_untuk(layanan.instansi)
    balai = Panti.objects.create(
        instansi=layanan.instansi,
        nama="Balai Rehabilitasi Sosial Anak Pangudi Luhur",
        jenis="balai",
    )
    r = _banjar_sampai_penanganan(layanan, staf)
    r = s.rujukan_complete_handling(
        rujukan=r, by=staf.peksos, catatan="Alamat keluarga tidak ditemukan."
    )
    assert r.status == Status.PENYUSUNAN
    s.rujukan_set_target_panti(rujukan=r, by=staf.peksos, panti=balai)
    s.rujukan_submit_for_approval(rujukan=r, by=staf.peksos)
    r = s.rujukan_approve(rujukan=r, by=staf.kadis)
    assert [j for j, _ in _jenis_terbit(r)] == ["tanda_terima", "surat_rujukan", "laporan_sosial"]
    r = s.rujukan_deliver_to_panti(rujukan=r, by=staf.peksos)
    r = s.rujukan_close(rujukan=r, by=staf.petugas_loket)
    assert r.status == Status.SELESAI


def test_si_laras_manis_accompaniment_with_activity_report(standar):
    layanan = standar["si-laras-manis"]
    staf = personas_untuk(layanan.instansi)
    sub = layanan.sub_layanan.get(nama__startswith="Petugas pendampingan")
    hasil = s.rujukan_register(
        by=staf.petugas_loket,
        permohonan=s.PermohonanBaru(
            layanan=layanan,
            sub_layanan=sub,
            klien=data_klien(dt.date(1948, 11, 2), nama="Mbah Karsih", wilayah="330101"),
            pemohon=data_pemohon("masyarakat"),
            berkas=_dokumen_semua(layanan, sub),
        ),
    )
    r = s.rujukan_start_check(rujukan=hasil.rujukan, by=staf.petugas_loket)
    r = s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    assert r.status == Status.PENANGANAN  # no verification stage in this SOP
    with pytest.raises(s.TransisiTidakSah, match="Catat dahulu kegiatan"):
        s.rujukan_report_accompaniment(rujukan=r, by=staf.peksos)
    with pytest.raises(s.TransisiTidakSah):  # nothing follows handling but the report
        s.rujukan_complete_handling(rujukan=r, by=staf.peksos)
    s.rujukan_record_activity(
        rujukan=r,
        by=staf.peksos,
        jenis="pendampingan",
        tanggal=dt.date.today(),
        uraian="Mendampingi kontrol rawat jalan di RSUD dengan mobil TRC.",
        hasil="Klien mendapat obat untuk satu bulan.",
        unsur_terlibat="TKSK, Ketua RT",
    )
    r = s.rujukan_report_accompaniment(rujukan=r, by=staf.peksos)
    assert r.status == Status.PENDAMPINGAN_DILAPORKAN
    assert [j for j, _ in _jenis_terbit(r)] == ["tanda_terima", "laporan_kegiatan"]
    r = s.rujukan_close(rujukan=r, by=staf.petugas_loket, catatan="Diagendakan.")
    assert r.status == Status.SELESAI


def test_depok_draft_returned_by_koordinator_then_signed_by_kabid(standar):
    layanan = standar["depok"]
    staf = personas_untuk(layanan.instansi)
    sub = layanan.sub_layanan.get(nama__contains="Kesehatan")
    dok = _dokumen_semua(layanan, sub)
    kurang = sorted(dok)[-1]
    hasil = s.rujukan_register(
        by=staf.petugas_loket,
        permohonan=s.PermohonanBaru(
            layanan=layanan,
            sub_layanan=sub,
            klien=data_klien(
                dt.date(1985, 4, 12), perempuan=True, nama="Nur Aini", wilayah="327601"
            ),
            pemohon=data_pemohon("klien"),
            berkas={k: v for k, v in dok.items() if k != kurang},
        ),
    )
    kode = hasil.kode_lacak
    r = s.rujukan_start_check(rujukan=hasil.rujukan, by=staf.petugas_loket)
    with pytest.raises(s.TransisiTidakSah, match="Berkas wajib belum lengkap"):
        s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    r = s.rujukan_return_to_pemohon(
        rujukan=r, by=staf.petugas_loket, catatan="Surat rujukan puskesmas."
    )
    assert r.status == Status.DIKEMBALIKAN and r.dijeda
    assert lacak_publik(nomor_registrasi=r.nomor_registrasi, kode_lacak=kode).tahap.startswith(
        "Dikembalikan"
    )
    item = r.berkas.get(persyaratan_id=kurang)
    s.berkas_unggah(rujukan=r, by=staf.petugas_loket, item=item, berkas=pdf("rujukan.pdf"))
    r = s.rujukan_resubmit(rujukan=r, by=staf.petugas_loket)
    assert not r.dijeda
    # Already in DTKS: the home-visit survey (a conditional step) is skipped.
    r = s.rujukan_skip_verification(
        rujukan=r, by=staf.petugas_loket, catatan="Terdaftar DTKS desil 2.", terdaftar_dtks=True
    )
    assert r.status == Status.PENYUSUNAN and r.terdaftar_dtks
    v1 = s.rujukan_submit_for_approval(rujukan=r, by=staf.peksos, kepada="Kepala RSUD Kota Depok")
    with pytest.raises(s.IzinDitolak, match="Paraf Koordinator"):
        s.rujukan_approve(rujukan=r, by=staf.kabid)
    r = s.rujukan_return_draft(rujukan=r, by=staf.koordinator, catatan="Nama RS salah tulis.")
    assert r.status == Status.PENYUSUNAN
    v1.refresh_from_db()
    assert v1.status == Konsep.StatusKonsep.DIKEMBALIKAN
    v2 = s.rujukan_submit_for_approval(
        rujukan=r,
        by=staf.peksos,
        kepada="Direktur RSUD Kota Depok",
        tembusan="Kepala Dinas Sosial Kota Depok (sebagai laporan)\nArsip",
    )
    assert v2.versi == 2
    r = s.rujukan_approve(rujukan=r, by=staf.koordinator)
    r = s.rujukan_approve(rujukan=r, by=staf.kabid)
    assert r.status == Status.PRODUK_TERBIT
    surat = Dokumen.objects.get(rujukan=r, jenis=JenisDokumen.SURAT_REKOMENDASI)
    assert surat.konsep == v2 and surat.penandatangan == staf.kabid
    assert surat.penandatangan_info["baris"][0].startswith("a.n. KEPALA DINAS SOSIAL")
    r = s.rujukan_hand_to_pemohon(rujukan=r, by=staf.petugas_loket)
    r = s.rujukan_close(rujukan=r, by=staf.petugas_loket)
    assert r.status == Status.SELESAI
    publik = lacak_publik(nomor_registrasi=r.nomor_registrasi, kode_lacak=kode)
    assert publik.selesai and publik.tahap == "Selesai"
