"""Bulukumba: recommendation for a neglected elderly person to the UPT —
refuses a 59-year-old, accepts a 72-year-old; Kabid paraf then Kadis signs."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from layanan.models import Panti
from rujukan import services as s
from rujukan.models import Dokumen, JenisDokumen, Persetujuan, Status
from rujukan.riwayat import riwayat_rujukan
from tests.berkas_palsu import pdf
from tests.personas import personas_untuk
from tests.rujukan.factories import data_klien, data_pemohon

pytestmark = pytest.mark.django_db

# A Tuesday morning in Makassar time (WITA), away from holidays.
PAGI = dt.datetime(2026, 3, 10, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _daftar(layanan, staf, lahir):
    dokumen = {p.pk: pdf() for p in layanan.persyaratan.filter(jenis="dokumen")}
    return s.rujukan_register(
        by=staf.petugas_loket,
        permohonan=s.PermohonanBaru(
            layanan=layanan,
            klien=data_klien(lahir, nama="La Tahang", wilayah="730201"),
            pemohon=data_pemohon("kelurahan"),
            ringkasan="Lansia tinggal sendiri, tidak ada keluarga yang merawat.",
            berkas=dokumen,
        ),
    )


def _sampai_verifikasi(hasil, staf):
    r = s.rujukan_start_check(rujukan=hasil.rujukan, by=staf.petugas_loket)
    r = s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    assert r.status == Status.VERIFIKASI
    return r


@time_machine.travel(PAGI, tick=False)
def test_bulukumba_refuses_a_59_year_old_at_the_file_check(standar):
    """The age comes from the NIK: the desk cannot pass the file check of a
    60+ service for a 59-year-old; the case closes as not eligible there."""
    layanan = standar["bulukumba"]
    staf = personas_untuk(layanan.instansi)
    lahir = dt.date(1967, 1, 15)
    r = s.rujukan_start_check(rujukan=_daftar(layanan, staf, lahir).rujukan, by=staf.petugas_loket)
    with pytest.raises(s.TransisiTidakSah, match="usia 59 tahun.*60 tahun"):
        s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    r.refresh_from_db()
    assert r.status == Status.PEMERIKSAAN_BERKAS
    r = s.rujukan_reject_ineligible(
        rujukan=r, by=staf.petugas_loket, alasan="Usia 59 tahun, belum memenuhi syarat 60 tahun."
    )
    assert r.status == Status.TIDAK_MEMENUHI_SYARAT
    assert r.alasan_penutupan.startswith("Usia 59")
    assert r.selesai_pada is not None
    # no product: only the letter that tells the applicant why
    assert list(
        Dokumen.objects.filter(rujukan=r)
        .exclude(jenis=JenisDokumen.TANDA_TERIMA)
        .values_list("jenis", flat=True)
    ) == [JenisDokumen.SURAT_PENOLAKAN]


def test_bulukumba_accepts_a_72_year_old_kabid_paraf_then_kadis_signs(standar):
    layanan = standar["bulukumba"]
    staf = personas_untuk(layanan.instansi)
    upt = Panti.objects.get(instansi=layanan.instansi)
    with time_machine.travel(PAGI, tick=False):
        hasil = _daftar(layanan, staf, dt.date(1954, 1, 20))
        assert hasil.tanda_terima.jenis == JenisDokumen.TANDA_TERIMA
        assert len(hasil.kode_lacak) == 9
        r = hasil.rujukan
        # 40 minutes in all, counted in office time from registration.
        assert (r.tenggat - PAGI) == dt.timedelta(minutes=40)
        r = _sampai_verifikasi(hasil, staf)
    with time_machine.travel(PAGI + dt.timedelta(minutes=25), tick=False):
        s.rujukan_record_assessment(
            rujukan=r,
            by=staf.peksos,
            kondisi="Lansia 72 tahun, tinggal sendiri, penglihatan menurun.",
            permasalahan="Terlantar, tidak ada keluarga yang merawat.",
            kesimpulan_layak=True,
            rekomendasi="Dirujuk ke UPT Sentra Pangurangi Takalar.",
            fakta={"miskin_terlantar": True},
        )
        s.rujukan_set_target_panti(rujukan=r, by=staf.peksos, panti=upt)
        r = s.rujukan_complete_verification(rujukan=r, by=staf.peksos)
        assert r.status == Status.PENYUSUNAN  # the standard has no handling stage
        konsep = s.rujukan_submit_for_approval(rujukan=r, by=staf.peksos)
        r.refresh_from_db()
        assert r.status == Status.PERSETUJUAN
        # Kadis cannot sign before the Kabid's paraf.
        with pytest.raises(s.IzinDitolak, match="Paraf Kepala Bidang"):
            s.rujukan_approve(rujukan=r, by=staf.kadis)
        r = s.rujukan_approve(rujukan=r, by=staf.kabid, catatan="Sudah ditelaah.")
        assert r.status == Status.PERSETUJUAN
        with pytest.raises(s.Konflik, match="sudah memberi persetujuan"):
            s.rujukan_approve(rujukan=r, by=staf.kabid)
        r = s.rujukan_approve(rujukan=r, by=staf.kadis)
    assert r.status == Status.PRODUK_TERBIT
    assert list(
        Persetujuan.objects.filter(konsep=konsep).values_list("peran", "jenis", "oleh")
    ) == [
        ("kepala_bidang", "paraf", staf.kabid.pk),
        ("kepala_dinas", "tanda_tangan", staf.kadis.pk),
    ]
    surat = Dokumen.objects.get(rujukan=r, jenis=JenisDokumen.SURAT_REKOMENDASI)
    assert surat.nomor.startswith("400.9/0001/")
    assert surat.penandatangan == staf.kadis
    assert surat.penandatangan_info["nama"] == "Dr. H. Ahmad Fauzi, M.Si"
    with surat.berkas.open("rb") as fh:
        assert fh.read(5) == b"%PDF-"
    r = s.rujukan_deliver_to_panti(rujukan=r, by=staf.peksos, diantar_oleh="dinas")
    r = s.rujukan_close(rujukan=r, by=staf.petugas_loket)
    assert r.status == Status.SELESAI
    kode = [e.kode for e in riwayat_rujukan(r)]
    assert kode[0] == "rujukan.registered"
    assert kode.count("rujukan.approve") == 2
    assert kode[-1] == "rujukan.close"
