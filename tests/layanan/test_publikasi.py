"""periksa_standar: a standard a case cannot run under is refused, with a
sentence in Bahasa Indonesia naming the step, requirement, phase or product."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from layanan.models import (
    CaraPeriksa,
    FaseWaktu,
    JenisLangkah,
    JenisProduk,
    LangkahProsedur,
    Layanan,
    Peran,
    Persyaratan,
    Produk,
    SatuanWaktu,
    Tahap,
)
from layanan.publikasi import Masalah, periksa_standar
from tests.factories import make_layanan, make_user
from tests.layanan.factories import make_jabatan, make_standar_berjalan


@pytest.fixture
def standar(personas):
    return make_standar_berjalan(personas)


def langkah(standar, nomor: int) -> LangkahProsedur:
    return standar.langkah.order_by("urutan", "pk")[nomor - 1]


def kode(masalah: list[Masalah]) -> list[str]:
    return [m.kode for m in masalah]


def test_a_standard_that_can_run_has_no_problem(standar):
    assert periksa_standar(standar) == []


def test_problem_is_a_frozen_sentence_naming_the_item(personas, standar):
    kasi = make_jabatan(personas.instansi, "Kepala Seksi", Peran.KOORDINATOR)
    langkah(standar, 5).jabatan.set([kasi])
    [masalah] = periksa_standar(standar)
    assert masalah.pesan == (
        "Langkah 5 (Paraf): jabatan “Kepala Seksi” belum dipegang pegawai mana pun."
    )
    assert masalah.item == "Langkah 5 (Paraf)"
    assert masalah.field == "jabatan"
    assert str(masalah) == masalah.pesan
    with pytest.raises(AttributeError):
        masalah.pesan = "diubah"  # frozen


# --- who does a step ----------------------------------------------------------------


def test_jabatan_nobody_holds_is_refused(personas, standar):
    sekretaris = make_jabatan(personas.instansi, "Sekretaris", Peran.PEKERJA_SOSIAL)
    langkah(standar, 4).jabatan.set([sekretaris])
    assert [m.pesan for m in periksa_standar(standar)] == [
        "Langkah 4 (Penyusunan konsep produk): jabatan “Sekretaris” "
        "belum dipegang pegawai mana pun."
    ]


def test_jabatan_held_only_by_an_inactive_or_outside_account_is_refused(personas, standar):
    kasi = make_jabatan(personas.instansi, "Kepala Seksi", Peran.KOORDINATOR)
    pensiun = make_user("pensiun", instansi=personas.instansi, peran=Peran.KOORDINATOR)
    pensiun.pegawai.jabatan_portal.add(kasi)
    pensiun.is_active = False
    pensiun.save()
    personas.staf_lain.pegawai.jabatan_portal.add(kasi)  # another office's staff
    langkah(standar, 5).jabatan.set([kasi])
    assert kode(periksa_standar(standar)) == ["jabatan_tidak_dipegang"]


def test_alternatives_are_fine_when_one_of_them_is_held(personas, standar):
    kadis = make_jabatan(personas.instansi, "Kepala Dinas Sosial", Peran.KEPALA_DINAS)
    langkah(standar, 6).jabatan.add(kadis)  # "Kepala Bidang atau Kepala Dinas"
    assert periksa_standar(standar) == []
    kabid = personas.kabid.pegawai
    kabid.jabatan_portal.clear()
    assert [m.pesan for m in periksa_standar(standar)] == [
        "Langkah 6 (Tanda tangan): jabatan “Kepala Dinas Sosial” atau “Kepala Bidang "
        "Linjamsos” belum dipegang pegawai mana pun."
    ]


def test_unheld_jabatan_is_fine_when_the_step_may_be_delegated(personas, standar):
    kadis = make_jabatan(personas.instansi, "Kepala Dinas Sosial", Peran.KEPALA_DINAS)
    step = langkah(standar, 6)
    step.jabatan.set([kadis])
    assert kode(periksa_standar(standar)) == ["jabatan_tidak_dipegang"]
    step.boleh_diwakilkan = True
    step.save()
    assert periksa_standar(standar) == []


def test_jabatan_of_another_office_is_refused(personas, standar):
    asing = make_jabatan(
        personas.instansi_lain, "Kepala Bidang", Peran.KEPALA_BIDANG, pemegang=[personas.staf_lain]
    )
    langkah(standar, 6).jabatan.set([asing])
    assert [m.pesan for m in periksa_standar(standar)] == [
        "Langkah 6 (Tanda tangan): jabatan “Kepala Bidang” milik instansi lain."
    ]


@pytest.mark.parametrize(
    "jenis", [JenisLangkah.PARAF, JenisLangkah.TANDA_TANGAN, JenisLangkah.TERBIT_LOKET]
)
def test_approval_step_whose_jabatan_cannot_approve_is_refused(personas, standar, jenis):
    step = langkah(standar, 5)
    step.jenis = jenis
    step.save()
    step.jabatan.set([langkah(standar, 1).jabatan.get()])  # Petugas SLRT: petugas loket
    [masalah] = periksa_standar(standar)
    assert masalah.kode == "peran_tidak_menyetujui"
    assert masalah.pesan.startswith(f"Langkah 5 ({step.get_jenis_display()}): ")
    assert "jabatan “Petugas SLRT” memberi peran Petugas Loket" in masalah.pesan
    assert "Koordinator, Kepala Bidang, atau Kepala Dinas" in masalah.pesan


def test_approval_step_without_jabatan_is_judged_by_its_role(standar):
    step = langkah(standar, 5)
    step.jabatan.clear()
    step.peran = Peran.KOORDINATOR
    step.save()
    assert periksa_standar(standar) == []
    step.peran = Peran.PEKERJA_SOSIAL
    step.save()
    assert [m.pesan for m in periksa_standar(standar)] == [
        "Langkah 5 (Paraf): peran Pekerja Sosial tidak dapat menyetujui; hanya "
        "Koordinator, Kepala Bidang, atau Kepala Dinas yang dapat."
    ]
    step.peran = ""
    step.save()
    assert kode(periksa_standar(standar)) == ["pelaksana_kosong"]


def test_a_working_step_may_be_done_by_any_role(standar):
    step = langkah(standar, 4)  # drafting, by the social worker
    step.jabatan.clear()
    step.peran = Peran.PETUGAS_LOKET
    step.save()
    assert periksa_standar(standar) == []


# --- where a returned draft goes ----------------------------------------------------------


def test_return_to_a_later_step_is_refused(standar):
    step = langkah(standar, 5)
    step.kembali_ke = langkah(standar, 6)
    step.save()
    assert [m.pesan for m in periksa_standar(standar)] == [
        "Langkah 5 (Paraf): bila dikembalikan, kembali ke langkah 6 yang ada sesudahnya; "
        "pilih langkah sebelumnya."
    ]
    step.kembali_ke = step
    step.save()
    [masalah] = periksa_standar(standar)
    assert masalah.field == "kembali_ke"
    assert "kembali ke langkah ini sendiri" in masalah.pesan


def test_return_to_a_step_of_another_standard_is_refused(personas, standar):
    lain = make_layanan(personas.instansi)
    asing = LangkahProsedur.objects.create(
        layanan=lain, urutan=1, teks="Langkah lain", tahap=Tahap.PERMOHONAN
    )
    step = langkah(standar, 5)
    step.kembali_ke = asing
    step.save()
    assert [m.pesan for m in periksa_standar(standar)] == [
        "Langkah 5 (Paraf): bila dikembalikan, kembali ke langkah layanan lain."
    ]


# --- eligibility facts --------------------------------------------------------------------


def fakta(standar, **kwargs) -> Persyaratan:
    fields = {"teks": "Terdaftar dalam DTKS", "jenis": Persyaratan.Jenis.FAKTA, "urutan": 9}
    fields.update(kwargs)
    return Persyaratan.objects.create(layanan=standar, **fields)


def test_fact_without_a_way_to_check_it_is_refused(standar):
    fakta(standar)
    assert [m.pesan for m in periksa_standar(standar)] == [
        "Persyaratan “Terdaftar dalam DTKS”: fakta kelayakan belum diberi cara pemeriksaan."
    ]


def test_age_check_without_threshold_is_refused(standar):
    fakta(standar, teks="Lanjut usia", cara_periksa=CaraPeriksa.USIA)
    [masalah] = periksa_standar(standar)
    assert masalah.kode == "ambang_kosong"
    assert masalah.field == "nilai_ambang"
    assert masalah.pesan == (
        "Persyaratan “Lanjut usia”: pemeriksaan usia belum diberi nilai ambang (misalnya 60)."
    )


def test_range_whose_maximum_is_below_its_threshold_is_refused(standar):
    fakta(
        standar,
        teks="Usia produktif",
        cara_periksa=CaraPeriksa.USIA,
        nilai_ambang=55,
        nilai_maksimal=30,
    )
    assert [m.pesan for m in periksa_standar(standar)] == [
        "Persyaratan “Usia produktif”: nilai paling tinggi (30) lebih kecil dari nilai ambang (55)."
    ]


def test_fact_checked_at_a_step_of_another_standard_is_refused(personas, standar):
    lain = make_layanan(personas.instansi)
    asing = LangkahProsedur.objects.create(
        layanan=lain, urutan=1, teks="Periksa", tahap=Tahap.PEMERIKSAAN_BERKAS
    )
    fakta(standar, cara_periksa=CaraPeriksa.DTKS, langkah_periksa=asing)
    assert [m.pesan for m in periksa_standar(standar)] == [
        "Persyaratan “Terdaftar dalam DTKS”: diperiksa pada langkah dari layanan lain."
    ]


# --- times -----------------------------------------------------------------------------------


def test_step_time_without_unit_is_refused(standar):
    step = langkah(standar, 2)
    step.durasi_satuan = ""
    step.save()
    assert [m.pesan for m in periksa_standar(standar)] == [
        "Langkah 2 (Pemeriksaan data kelayakan): waktu baku 10 belum diberi satuan."
    ]


def test_completion_time_without_unit_is_refused(standar):
    standar.waktu_nilai = Decimal("1.5")
    standar.waktu_satuan = ""
    standar.save()
    assert [m.pesan for m in periksa_standar(standar)] == [
        "Waktu penyelesaian: nilai 1,5 belum diberi satuan."
    ]


def test_phase_without_unit_or_running_backwards_is_refused(standar):
    FaseWaktu.objects.create(layanan=standar, urutan=1, nama="Pengajuan", nilai=Decimal("3"))
    FaseWaktu.objects.create(
        layanan=standar,
        urutan=2,
        nama="Rehabilitasi",
        nilai=Decimal("4"),
        nilai_sampai=Decimal("2"),
        satuan=SatuanWaktu.MINGGU,
    )
    FaseWaktu.objects.create(layanan=standar, urutan=3, nama="Catatan saja", catatan="bertahap")
    assert [m.pesan for m in periksa_standar(standar)] == [
        "Fase waktu “Pengajuan”: waktu 3 belum diberi satuan.",
        "Fase waktu “Rehabilitasi”: waktu paling lama (2) lebih kecil dari waktu (4).",
    ]


# --- products ----------------------------------------------------------------------------------


def test_letter_through_the_chain_needs_a_signature_or_a_signer(standar):
    langkah(standar, 6).delete()  # no signing step: the penandatangan signs
    assert periksa_standar(standar) == []
    standar.penandatangan_peran = ""
    standar.save()
    assert [m.pesan for m in periksa_standar(standar)] == [
        "Produk “Surat Rekomendasi” (Surat melalui persetujuan pejabat): tidak ada langkah "
        "tanda tangan dan penanda tangan belum ditentukan."
    ]


@pytest.mark.parametrize(
    ("jenis_produk", "langkah_cukup", "perlu"),
    [
        (JenisProduk.REGISTRASI, JenisLangkah.REGISTRASI, "pencatatan dalam register"),
        (JenisProduk.BARANG_JASA, JenisLangkah.SERAHKAN, "penyerahan produk / barang / klien"),
        (JenisProduk.SURAT_LOKET, JenisLangkah.TERBIT_LOKET, "tanda tangan atau penerbitan"),
    ],
)
def test_product_kind_needs_its_step(personas, jenis_produk, langkah_cukup, perlu):
    layanan = make_layanan(personas.instansi, nama="Layanan Loket")
    step = LangkahProsedur.objects.create(
        layanan=layanan, urutan=1, teks="Petugas menerima", jenis="terima", tahap="permohonan"
    )
    Produk.objects.create(
        layanan=layanan, nama="Produk Uji", jenis_dokumen="surat_rekomendasi", jenis=jenis_produk
    )
    [masalah] = periksa_standar(layanan)
    assert masalah.kode == "produk_tanpa_langkah"
    assert masalah.item.startswith("Produk “Produk Uji” (")
    assert perlu in masalah.pesan
    step.jenis = langkah_cukup
    step.peran = Peran.KEPALA_BIDANG
    step.save()
    assert periksa_standar(layanan) == []


def test_a_report_needs_no_step_of_its_own(personas):
    layanan = make_layanan(personas.instansi, nama="Pendampingan")
    Produk.objects.create(
        layanan=layanan, nama="Laporan Kegiatan", jenis_dokumen="laporan_kegiatan", jenis="laporan"
    )
    assert periksa_standar(layanan) == []


def test_every_problem_is_listed_in_the_order_of_the_standard(personas, standar):
    kasi = make_jabatan(personas.instansi, "Kepala Seksi", Peran.PETUGAS_LOKET)
    langkah(standar, 5).jabatan.set([kasi])
    fakta(standar)
    standar.waktu_satuan = ""
    standar.save()
    assert kode(periksa_standar(standar)) == [
        "jabatan_tidak_dipegang",
        "peran_tidak_menyetujui",
        "cara_periksa_kosong",
        "satuan_kosong",
    ]


def test_periksa_costs_a_fixed_number_of_queries(standar, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        periksa_standar(standar)


# --- the seeded standards ---------------------------------------------------------------------


@pytest.fixture
def seeds_with_demo_staff(db, settings):
    settings.DEBUG = True  # buat_akun_demo refuses to run on a production server
    call_command("muat_standar", stdout=StringIO())
    call_command("buat_akun_demo", stdout=StringIO())
    return list(Layanan.objects.order_by("slug"))


def test_demo_staff_hold_every_jabatan_the_seeded_steps_name(seeds_with_demo_staff):
    assert len(seeds_with_demo_staff) == 5
    for layanan in seeds_with_demo_staff:
        kinds = {m.kode for m in periksa_standar(layanan)}
        assert "jabatan_tidak_dipegang" not in kinds, layanan.slug
        assert "peran_tidak_menyetujui" not in kinds, layanan.slug


def test_every_seeded_standard_can_run_with_demo_staff(seeds_with_demo_staff):
    assert {layanan.slug: periksa_standar(layanan) for layanan in seeds_with_demo_staff} == {
        layanan.slug: [] for layanan in seeds_with_demo_staff
    }
