"""The five published standards, loaded by `manage.py muat_standar`, checked
fact by fact against the seeds they transcribe."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from layanan.models import (
    Instansi,
    KategoriPPKS,
    LangkahProsedur,
    Layanan,
    Panti,
    Persyaratan,
    Produk,
    SaluranPengaduan,
    ZonaWaktu,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def standar(db) -> str:
    out = StringIO()
    call_command("muat_standar", stdout=out)
    return out.getvalue()


def layanan_of(instansi_slug: str) -> Layanan:
    return Layanan.objects.select_related("instansi").get(instansi__slug=instansi_slug)


def durasi(langkah: LangkahProsedur) -> tuple[Decimal | None, str]:
    return langkah.durasi_nilai, langkah.durasi_satuan


# --- the five offices ----------------------------------------------------------


def test_five_offices_each_with_one_standard_and_their_time_zones(standar):
    zona = dict(Instansi.objects.values_list("slug", "zona_waktu"))
    assert zona == {
        "banjarmasin": ZonaWaktu.WITA,
        "banjar": ZonaWaktu.WIB,
        "bulukumba": ZonaWaktu.WITA,
        "si-laras-manis": ZonaWaktu.WIB,
        "depok": ZonaWaktu.WIB,
    }
    assert Layanan.objects.count() == 5
    for line in ("Banjarmasin", "Banjar ", "Bulukumba", "Depok", "SI LARAS MANIS"):
        assert line in standar


def test_summary_printed_per_office(standar):
    assert "Dinas Sosial Kabupaten Bulukumba [bulukumba]" in standar
    assert "6 persyaratan (0 sub-layanan), 7 langkah" in standar
    assert "7 persyaratan (3 sub-layanan), 9 langkah" in standar
    assert "Selesai: 5 standar dimuat." in standar


def test_every_step_belongs_to_a_stage_and_roles_are_portal_roles(standar):
    from layanan.models import Peran, Tahap

    for langkah in LangkahProsedur.objects.all():
        assert langkah.tahap in Tahap.values
        assert langkah.peran in [*Peran.values, ""]
        assert langkah.teks.strip() == langkah.teks and langkah.teks


def test_no_ocr_garbage_left_in_any_text(standar):
    texts = [
        *Instansi.objects.values_list("website", flat=True),
        *SaluranPengaduan.objects.values_list("alamat", flat=True),
        *LangkahProsedur.objects.values_list("teks", flat=True),
        *Persyaratan.objects.values_list("teks", flat=True),
    ]
    for text in texts:
        assert text.isascii(), text
        assert "Rekoemendasi" not in text


# --- Banjarmasin -----------------------------------------------------------------


def test_banjarmasin_identity(standar):
    i = Instansi.objects.get(slug="banjarmasin")
    assert i.pemerintah_daerah == "Pemerintah Kota Banjarmasin"
    assert "Ir. P.H. Muhammad Noor Nomor 2 RT 38 Kelurahan Pelambuan" in i.alamat
    assert (i.kode_pos, i.telepon) == ("70118", "081348545556")
    assert i.website == "https://dinsos.banjarmasinkota.go.id"


def test_banjarmasin_requirements_steps_phases_products(standar):
    lay = layanan_of("banjarmasin")
    assert lay.nama == "Fasilitasi Rujukan Klien ke Panti/Lembaga Sosial"
    assert lay.nomor_sk == "080"
    assert lay.biaya == "Tidak dipungut biaya"
    assert lay.perlu_konfirmasi_panti is True

    syarat = list(lay.persyaratan.all())
    assert [s.jenis for s in syarat] == ["fakta", "dokumen", "dokumen", "dokumen", "dokumen"]
    assert syarat[0].fakta == Persyaratan.Fakta.PPKS
    assert [s.teks for s in syarat[1:]] == [
        "Membawa KTP dan atau KK Calon Klien",
        "Membawa Foto Calon Klien",
        "Video Calon Klien",
        "Memiliki Jaminan Kesehatan Nasional - KIS",
    ]
    assert all(s.wajib for s in syarat)

    langkah = list(lay.langkah.all())
    assert [x.urutan for x in langkah] == [1, 2, 3, 4, 5]
    assert [x.tahap for x in langkah] == [
        "permohonan",
        "verifikasi",
        "pengajuan_panti",
        "penyusunan",
        "penyerahan",
    ]
    assert langkah[3].teks.startswith("Pembuatan surat rekomendasi oleh Dinas Sosial apabila")
    assert "konfirmasi penerimaan" in langkah[3].kondisi

    fase = list(lay.fase_waktu.all())
    assert [(f.nama, f.nilai, f.satuan) for f in fase] == [
        ("Pengajuan Berkas Usulan", Decimal("3"), "hari_kerja"),
        ("Pembuatan Rekomendasi", Decimal("1"), "hari_kerja"),
    ]
    assert fase[1].catatan == "setelah ada konfirmasi penerimaan dari Panti/Lembaga yang dituju"
    assert lay.waktu_nilai is None  # the seed prints "0": the time is in its phases

    assert [(p.nama, p.jenis_dokumen) for p in lay.produk.all()] == [
        ("Pengajuan Berkas Usulan Ke Panti/lembaga", Produk.JenisDokumen.PENGAJUAN_PANTI),
        ("Surat Rekomendasi", Produk.JenisDokumen.SURAT_REKOMENDASI),
    ]


def test_banjarmasin_complaints_four_written_channels_and_loket_three_working_days(standar):
    lay = layanan_of("banjarmasin")
    saluran = list(lay.saluran.all())
    assert [s.jenis for s in saluran] == ["kotak_saran", "email", "website", "whatsapp", "langsung"]
    assert saluran[1].alamat == "dinsosbjm.aduanbansos@gmail.com"
    assert saluran[2].alamat == "www.dinsos.banjarmasinkota.go.id"
    assert (lay.respons_pengaduan_nilai, lay.respons_pengaduan_satuan) == (3, "hari_kerja")
    assert lay.respons_pengaduan_dari_standar is True
    assert list(lay.tahap_pengaduan.values_list("teks", flat=True)) == [
        "Cek administrasi",
        "Koordinasi internal/eksternal",
    ]
    assert "sesuai dengan kondisi dan permasalahan yang ada" in lay.penanganan_pengaduan


def test_only_banjarmasin_states_its_complaint_response_time(standar):
    dari_standar = Layanan.objects.filter(respons_pengaduan_dari_standar=True)
    assert list(dari_standar.values_list("instansi__slug", flat=True)) == ["banjarmasin"]
    assert list(
        Layanan.objects.filter(perlu_konfirmasi_panti=True).values_list("instansi__slug", flat=True)
    ) == ["banjarmasin"]


# --- Banjar ----------------------------------------------------------------------


def test_banjar_ten_steps_with_branches_one_month_two_products_seven_channels(standar):
    lay = layanan_of("banjar")
    assert lay.instansi.nama == (
        "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak Kota Banjar"
    )
    assert lay.instansi.kode_pos == "46311"
    assert lay.nomor_sk == "44 TAHUN 2024"
    assert (lay.waktu_nilai, lay.waktu_satuan) == (Decimal("1"), "bulan")
    assert lay.persyaratan.count() == 1

    langkah = list(lay.langkah.all())
    assert len(langkah) == 10
    assert [bool(x.kondisi) for x in langkah] == [False] * 5 + [True] * 5
    assert langkah[5].kondisi == "bagi klien yang berasal dari Kota Banjar"
    assert "luar Kota Banjar" in langkah[6].kondisi and "luar Kota Banjar" in langkah[7].kondisi
    assert "belum ditemukan" in langkah[8].kondisi and "belum ditemukan" in langkah[9].kondisi
    assert langkah[8].tahap == "pengajuan_panti"
    # Steps 5 and 8 return the client to the family: the case may end there.
    assert [x.urutan for x in langkah if x.reunifikasi] == [5, 8]

    fase = list(lay.fase_waktu.all())
    assert (fase[0].nilai, fase[0].satuan) == (Decimal("30"), "menit")
    assert (fase[1].nilai, fase[1].nilai_sampai, fase[1].satuan) == (
        Decimal("2"),
        Decimal("4"),
        "minggu",
    )
    assert fase[1].catatan == "+/- 2 Minggu sampai dengan 1 Bulan"

    assert list(lay.produk.values_list("jenis_dokumen", flat=True)) == [
        "surat_rujukan",
        "laporan_sosial",
    ]
    assert list(lay.saluran.values_list("jenis", flat=True)) == [
        "langsung",
        "kotak_saran",
        "website",
        "telepon",
        "whatsapp",
        "email",
        "sp4n_lapor",
    ]
    assert lay.penanganan_pengaduan == (
        "Tindak Lanjut dan solusi permasalahan Melalui Bidang Rehsosdayasos"
    )


# --- Bulukumba -------------------------------------------------------------------


def test_bulukumba_six_requirements_including_age_60_and_over(standar):
    lay = layanan_of("bulukumba")
    syarat = list(lay.persyaratan.all())
    assert len(syarat) == 6
    usia = [s for s in syarat if s.fakta == Persyaratan.Fakta.USIA_MINIMAL]
    assert len(usia) == 1
    assert (usia[0].teks, usia[0].jenis, usia[0].nilai_ambang) == (
        "Usia 60 tahun keatas",
        "fakta",
        60,
    )
    assert [s.fakta for s in syarat if s.jenis == "fakta"] == [
        "aduan",
        "usia_minimal",
        "miskin_terlantar",
    ]
    assert syarat[5].jenis == Persyaratan.Jenis.FORMULIR


def test_bulukumba_seven_steps_of_30_2_5_3_minutes_forty_in_all(standar):
    lay = layanan_of("bulukumba")
    langkah = list(lay.langkah.all())
    assert len(langkah) == 7
    timed = [x for x in langkah if x.durasi_nilai is not None]
    assert [(x.urutan, x.durasi_nilai, x.durasi_satuan) for x in timed] == [
        (2, Decimal("30"), "menit"),
        (3, Decimal("2"), "menit"),
        (4, Decimal("5"), "menit"),
        (6, Decimal("3"), "menit"),
    ]
    assert sum(x.durasi_nilai for x in timed) == Decimal("40")
    assert (lay.waktu_nilai, lay.waktu_satuan) == (Decimal("40"), "menit")


def test_bulukumba_kabid_paraf_then_kadis_tanda_tangan(standar):
    lay = layanan_of("bulukumba")
    approvals = [
        (x.urutan, x.peran, x.jenis_persetujuan) for x in lay.langkah.all() if x.jenis_persetujuan
    ]
    assert approvals == [(4, "kepala_bidang", "paraf"), (5, "kepala_dinas", "tanda_tangan")]
    assert lay.penandatangan_peran == "kepala_dinas"


def test_bulukumba_panti_and_odd_channels_kept_faithfully(standar):
    lay = layanan_of("bulukumba")
    panti = Panti.objects.get(instansi=lay.instansi)
    assert panti.nama == "UPT Dinas Sosial Prov. Sulawesi Selatan (Sentra Pangurangi Takalar)"
    assert panti.jenis == Panti.Jenis.UPT
    assert list(panti.kategori.values_list("kode", flat=True)) == ["lanjut-usia-telantar"]
    # The seed lists an e-mail address under "Website": an email channel with its label.
    website = lay.saluran.get(label="Website")
    assert (website.jenis, website.alamat) == ("email", "dinassosialkabbulukumba@gmail.com")
    # "Telp/WA.085299603035" is one number for two channels.
    assert set(lay.saluran.filter(alamat="085299603035").values_list("jenis", flat=True)) == {
        "telepon",
        "whatsapp",
    }
    assert lay.saluran.count() == 10
    assert lay.instansi.alamat == "Jl. Serikaya No. 11"
    assert lay.nomor_sk == ""  # empty in the seed


def test_only_bulukumba_names_a_panti(standar):
    assert list(Panti.objects.values_list("instansi__slug", flat=True)) == ["bulukumba"]


# --- SI LARAS MANIS --------------------------------------------------------------


def test_si_laras_manis_three_steps_ten_minutes_one_day_ten_minutes(standar):
    lay = layanan_of("si-laras-manis")
    langkah = list(lay.langkah.all())
    assert [durasi(x) for x in langkah] == [
        (Decimal("10"), "menit"),
        (Decimal("1"), "hari"),
        (Decimal("10"), "menit"),
    ]
    assert langkah[1].durasi_catatan == "tergantung lama pendampingan"
    assert langkah[0].persyaratan_teks == "1. KTP/KK/SIM 2. Surat dari Kelurahan"
    assert langkah[1].output == "1. Pendampingan Klien 2. Dokumentasi"
    assert langkah[2].output == "Hasil Laporan diagendakan"
    assert langkah[2].tahap == "pengarsipan"
    assert list(lay.persyaratan.values_list("teks", flat=True)) == [
        "KTP/KK/SIM",
        "Surat dari Kelurahan",
    ]


def test_si_laras_manis_team_unsur_and_kepala_dinas(standar):
    lay = layanan_of("si-laras-manis")
    i = lay.instansi
    assert i.kepala_nama == "ROKHYAT RIYADI, SE, M.Si"
    assert i.kepala_nip == "197005031998031009"
    # The seed names no city: nothing invented.
    assert (i.pemerintah_daerah, i.alamat, i.telepon, i.website) == ("", "", "", "")
    assert lay.tim_pelaksana.startswith("Kepala Seksi Rehabsos Anak")
    assert lay.tim_pelaksana.endswith("Kepala Bidang Rehabsos, Sekretaris, Kepala Dinas")
    unsur = list(lay.unsur_terlibat.values_list("nama", flat=True))
    assert unsur[0] == "Kelurahan"
    assert "Taruna Siaga Bencana (Tagana)" in unsur
    assert "Tenaga Kesejahteraan Sosial Kecamatan (TKSK)" in unsur
    assert unsur[-2:] == ["TNI dan Polri", "Instansi terkait lainnya"]
    assert len(unsur) == 12


def test_si_laras_manis_keeps_its_keterangan_and_kinds_of_help(standar):
    lay = layanan_of("si-laras-manis")
    assert "menyediakan angkutan (Mobil TRC)" in lay.keterangan
    assert "penunggu pasien" in lay.keterangan
    subs = list(lay.sub_layanan.all())
    assert len(subs) == 5
    assert not Persyaratan.objects.filter(sub_layanan__in=subs).exists()
    assert lay.saluran.count() == 0  # the SOP lists no complaint channel


# --- Depok -----------------------------------------------------------------------


def test_depok_three_sub_services_with_4_1_2_requirements(standar):
    lay = layanan_of("depok")
    subs = list(lay.sub_layanan.all())
    assert [(s.nama, s.persyaratan.count()) for s in subs] == [
        ("Bantuan Sosial Kesehatan", 4),
        ("Bantuan Sosial Pendidikan", 1),
        ("Bantuan Pangan Non Tunai (BPNT)", 2),
    ]
    assert not lay.persyaratan.filter(sub_layanan__isnull=True).exists()
    kia = lay.persyaratan.get(teks="Fotocopy KIA untuk Ibu yang melahirkan")
    assert kia.wajib is False and kia.kondisi == "untuk ibu yang melahirkan"
    assert lay.persyaratan.filter(wajib=False).count() == 1
    # The office's own published contacts also head its letters.
    assert (lay.instansi.email, lay.instansi.telepon) == ("dinsos@depok.go.id", "(021) 29402264")


def test_depok_nine_steps_five_working_days_koordinator_paraf_kabid_signs(standar):
    lay = layanan_of("depok")
    langkah = list(lay.langkah.all())
    assert len(langkah) == 9
    assert (lay.waktu_nilai, lay.waktu_satuan) == (Decimal("5"), "hari_kerja")
    assert lay.waktu_catatan == "selama pejabat yang berwenang berada di tempat"
    approvals = [(x.urutan, x.peran, x.jenis_persetujuan) for x in langkah if x.jenis_persetujuan]
    assert approvals == [(6, "koordinator", "paraf"), (7, "kepala_bidang", "tanda_tangan")]
    assert lay.penandatangan_peran == "kepala_bidang"
    assert langkah[3].kondisi == "bila data pemohon belum terdaftar di DTKS"
    assert "permohonanan" not in langkah[0].teks  # obvious typo fixed
    assert lay.pengertian.startswith("SLRT adalah sistem layanan")
    assert list(lay.produk.values_list("nama", flat=True)) == ["Surat Rekomendasi"]
    assert list(lay.saluran.values_list("jenis", flat=True)) == [
        "email",
        "telepon",
        "whatsapp",
        "darurat_112",
        "sigap",
        "sp4n_lapor",
    ]


# --- reference data and links ------------------------------------------------------


def test_national_ppks_categories_loaded(standar):
    assert KategoriPPKS.objects.count() == 26
    assert KategoriPPKS.objects.get(kode="lanjut-usia-telantar").nama == "Lanjut Usia Telantar"
    assert list(KategoriPPKS.objects.values_list("urutan", flat=True)) == list(range(1, 27))


def test_every_channel_with_an_address_has_a_working_link(standar):
    checked = 0
    for saluran in SaluranPengaduan.objects.exclude(alamat=""):
        link = saluran.tautan
        if saluran.jenis == "email":
            assert link == f"mailto:{saluran.alamat}"
        elif saluran.jenis == "whatsapp":
            assert link.startswith("https://wa.me/62"), link
            assert link[len("https://wa.me/") :].isdigit()
        elif saluran.jenis in ("telepon", "darurat_112"):
            assert link.startswith("tel:"), link
        else:
            assert link.startswith("https://"), link
        checked += 1
    assert checked == 17
    links = {s.alamat: s.tautan for s in SaluranPengaduan.objects.exclude(alamat="")}
    assert links["0822-2636-0473"] == "https://wa.me/6282226360473"
    assert links["0887.4360.59071"] == "https://wa.me/62887436059071"
    assert links["(021) 29402264"] == "tel:+622129402264"
    assert links["112"] == "tel:112"
    assert links["www.lapor.go.id"] == "https://www.lapor.go.id"
