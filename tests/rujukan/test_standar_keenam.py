"""A sixth standard, entered through the models the admin edits, with a step
list none of the seeds has (three-step approval chain, panti confirmation,
handling stage, its own phases), runs end to end without code changes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from layanan.models import (
    FaseWaktu,
    LangkahProsedur,
    Layanan,
    Panti,
    Persyaratan,
    Produk,
    SatuanWaktu,
    Tahap,
)
from rujukan import services as s
from rujukan.models import Dokumen, Status
from rujukan.selectors import langkah_checklist
from tests.berkas_palsu import pdf
from tests.factories import make_instansi
from tests.personas import personas_untuk
from tests.rujukan.factories import data_klien, data_pemohon, kirim_usulan_panti

pytestmark = pytest.mark.django_db
WIT = dt.timezone(dt.timedelta(hours=9))


def buat_standar_keenam():
    instansi = make_instansi(
        nama="Dinas Sosial Kabupaten Jayapura",
        pemerintah_daerah="Pemerintah Kabupaten Jayapura",
        zona_waktu="Asia/Jayapura",
        format_nomor_surat="460/{urut:03d}/{kode_unit}/{bulan_romawi}/{tahun}",
        kode_unit="Rehsos",
    )
    layanan = Layanan.objects.create(
        instansi=instansi,
        nama="Rehabilitasi Sosial Penyandang Disabilitas Mental Terlantar",
        slug="rehsos-disabilitas-mental",
        perlu_konfirmasi_panti=True,
        penandatangan_peran="kepala_dinas",
    )
    langkah = [
        ("Petugas menerima laporan", "permohonan", "petugas_loket", "", 15, "menit"),
        (
            "Pekerja sosial menjangkau dan mengases klien",
            "verifikasi",
            "pekerja_sosial",
            "",
            2,
            "hari_kerja",
        ),
        (
            "Pendampingan ke puskesmas untuk stabilisasi",
            "penanganan",
            "pekerja_sosial",
            "",
            3,
            "hari_kerja",
        ),
        ("Berkas diajukan ke balai", "pengajuan_panti", "pekerja_sosial", "", None, ""),
        (
            "Konsep surat rujukan dan laporan sosial",
            "penyusunan",
            "pekerja_sosial",
            "",
            1,
            "hari_kerja",
        ),
        ("Koordinator memeriksa", "persetujuan", "koordinator", "paraf", 30, "menit"),
        ("Kepala Bidang memeriksa", "persetujuan", "kepala_bidang", "paraf", 30, "menit"),
        ("Kepala Dinas menandatangani", "persetujuan", "kepala_dinas", "tanda_tangan", 1, "jam"),
        ("Klien diantar ke balai", "penyerahan", "pekerja_sosial", "", 1, "hari_kerja"),
    ]
    for i, (teks, tahap, peran, jenis, nilai, satuan) in enumerate(langkah, start=1):
        LangkahProsedur.objects.create(
            layanan=layanan,
            urutan=i,
            teks=teks,
            tahap=tahap,
            peran=peran,
            jenis_persetujuan=jenis,
            durasi_nilai=Decimal(nilai) if nilai else None,
            durasi_satuan=satuan,
        )
    Persyaratan.objects.create(
        layanan=layanan, urutan=1, teks="KTP/KK atau surat keterangan", jenis="dokumen"
    )
    Persyaratan.objects.create(
        layanan=layanan,
        urutan=2,
        teks="Berusia 18 tahun ke atas",
        jenis="fakta",
        fakta="usia_minimal",
        nilai_ambang=18,
    )
    Persyaratan.objects.create(
        layanan=layanan, urutan=3, teks="Terlantar", jenis="fakta", fakta="miskin_terlantar"
    )
    FaseWaktu.objects.create(
        layanan=layanan,
        urutan=1,
        nama="Pengajuan ke balai",
        nilai=2,
        satuan=SatuanWaktu.HARI_KERJA,
        tahap=Tahap.PENGAJUAN_PANTI,
    )
    for i, (nama, jenis) in enumerate(
        [
            ("Pengajuan ke Balai", "pengajuan_panti"),
            ("Surat Rujukan", "surat_rujukan"),
            ("Laporan Sosial", "laporan_sosial"),
        ],
        start=1,
    ):
        Produk.objects.create(layanan=layanan, urutan=i, nama=nama, jenis_dokumen=jenis)
    balai = Panti.objects.create(
        instansi=instansi, nama="Balai Besar Rehabilitasi Sosial Disabilitas Mental", jenis="balai"
    )
    return layanan, balai


def test_sixth_standard_runs_end_to_end_without_code_changes():
    layanan, balai = buat_standar_keenam()
    staf = personas_untuk(layanan.instansi, panti=balai)
    senin = dt.datetime(2026, 8, 3, 9, 0, tzinfo=WIT)
    with time_machine.travel(senin, tick=False):
        hasil = s.rujukan_register(
            by=staf.petugas_loket,
            permohonan=s.PermohonanBaru(
                layanan=layanan,
                klien=data_klien(dt.date(1990, 6, 1), nama="Yakobus", wilayah="910301"),
                pemohon=data_pemohon("masyarakat"),
                berkas={layanan.persyaratan.get(jenis="dokumen").pk: pdf()},
            ),
        )
        r = hasil.rujukan
        # no total time published: the sum of the phase and the unconditional step times
        assert r.tenggat is not None
        r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
        r = s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
        assert r.status == Status.VERIFIKASI
        # due in 2 working days, counted in WIT office hours
        assert r.tenggat_tahap == dt.datetime(2026, 8, 5, 9, 0, tzinfo=WIT)
        s.rujukan_record_assessment(
            rujukan=r,
            by=staf.peksos,
            kondisi="Gangguan jiwa, terlantar di pasar.",
            kesimpulan_layak=True,
            fakta={"miskin_terlantar": True},
        )
        r = s.rujukan_complete_verification(rujukan=r, by=staf.peksos)
        assert r.status == Status.PENANGANAN
        r = s.rujukan_complete_handling(rujukan=r, by=staf.peksos)
        assert r.status == Status.PENGAJUAN_PANTI
        kirim_usulan_panti(r, staf, balai)
        r = s.rujukan_panti_answer(rujukan=r, by=staf.panti, diterima=True, tanggal=senin.date())
        assert r.status == Status.PENYUSUNAN
        s.rujukan_submit_for_approval(rujukan=r, by=staf.peksos)
        for pejabat in (staf.koordinator, staf.kabid):
            r = s.rujukan_approve(rujukan=r, by=pejabat)
            assert r.status == Status.PERSETUJUAN
        r = s.rujukan_approve(rujukan=r, by=staf.kadis)
        assert r.status == Status.PRODUK_TERBIT
        nomor = list(
            Dokumen.objects.filter(rujukan=r, nomor_urut__isnull=False)
            .order_by("nomor_urut")
            .values_list("jenis", "nomor")
        )
        assert nomor == [
            ("pengajuan_panti", "460/001/Rehsos/VIII/2026"),
            ("surat_rujukan", "460/002/Rehsos/VIII/2026"),
            ("laporan_sosial", "460/003/Rehsos/VIII/2026"),
        ]
        r = s.rujukan_deliver_to_panti(rujukan=r, by=staf.peksos)
        r = s.rujukan_close(rujukan=r, by=staf.peksos)
    assert r.status == Status.SELESAI
    assert [c.status for c in langkah_checklist(r)] == ["selesai"] * 9
