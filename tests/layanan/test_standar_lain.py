"""Eleven published standards of other offices (tests/data/standar_lain/), each
loaded as data through `muat_standar`: their officials under the office's own
names, their steps in published order, their eligibility facts and products,
with no code of their own. Then the seeds' officials, and the loader's errors
for references that do not resolve."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from layanan.data.muat import STANDAR_DIR, StandarError, muat_kategori_ppks, muat_standar
from layanan.models import (
    Instansi,
    Jabatan,
    JenisLangkah,
    LangkahProsedur,
    Layanan,
    Peran,
    Persyaratan,
    Produk,
    SubLayanan,
    Tahap,
    ZonaWaktu,
)

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data" / "standar_lain"
BERKAS = sorted(DATA.glob("*.json"))
MODELS = [Instansi, Jabatan, Layanan, SubLayanan, Persyaratan, LangkahProsedur, Produk]


def berkas(prefix: str) -> Path:
    (path,) = [p for p in BERKAS if p.name.startswith(f"{prefix}_")]
    return path


def muat(prefix: str) -> Layanan:
    return muat_standar(path=berkas(prefix)).layanan


def langkah(layanan: Layanan) -> list[LangkahProsedur]:
    return list(layanan.langkah.prefetch_related("jabatan").order_by("urutan"))


def jabatan(step: LangkahProsedur) -> set[str]:
    return {j.nama for j in step.jabatan.all()}


def urutan(steps, **filters) -> list[int]:
    return [s.urutan for s in steps if all(getattr(s, k) == v for k, v in filters.items())]


def snapshot() -> dict:
    rows = {m.__name__: sorted(m.objects.values_list("pk", flat=True)) for m in MODELS}
    rows["kembali_ke"] = sorted(LangkahProsedur.objects.values_list("pk", "kembali_ke_id"))
    rows["langkah_jabatan"] = sorted(
        LangkahProsedur.jabatan.through.objects.values_list("langkahprosedur_id", "jabatan_id")
    )
    rows["periksa"] = sorted(Persyaratan.objects.values_list("pk", "langkah_periksa_id"))
    return rows


def salin(tmp_path: Path, path: Path, ubah) -> Path:
    data = json.loads(path.read_text(encoding="utf-8"))
    ubah(data)
    out = tmp_path / path.name
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return out


# --- every file -----------------------------------------------------------------


def test_eleven_files_each_with_its_source_and_notes():
    assert len(BERKAS) == 11
    for path in BERKAS:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["_sumber"] and data["_catatan"], path.name
        assert data["jabatan"], path.name


@pytest.mark.parametrize("path", BERKAS, ids=[p.stem for p in BERKAS])
def test_loads_and_a_second_load_changes_nothing(path):
    pertama = muat_standar(path=path)
    assert pertama.perubahan.dibuat and not pertama.perubahan.diubah
    before = snapshot()

    kedua = muat_standar(path=path)

    assert not kedua.perubahan.ada, str(kedua.perubahan)
    assert snapshot() == before
    assert kedua.layanan.pk == pertama.layanan.pk


@pytest.mark.parametrize("path", BERKAS, ids=[p.stem for p in BERKAS])
def test_steps_are_well_formed_data(path):
    layanan = muat_standar(path=path).layanan
    data = json.loads(path.read_text(encoding="utf-8"))
    assert len(langkah(layanan)) == len(data["layanan"]["langkah"])
    for step in langkah(layanan):
        assert step.tahap in Tahap.values and step.jenis in JenisLangkah.values
        assert step.peran in [*Peran.values, ""]
        # The role the step asks for is granted by one of the officials it names.
        if step.peran and step.jabatan.exists():
            assert step.peran in {j.peran for j in step.jabatan.all()}, step
        if step.jenis in (JenisLangkah.PARAF, JenisLangkah.TANDA_TANGAN):
            assert (step.tahap, step.jenis_persetujuan) == (Tahap.PERSETUJUAN, step.jenis)
        if step.jenis == JenisLangkah.INSTANSI_LAIN:
            assert step.instansi_luar
    for produk in layanan.produk.all():
        assert produk.jenis  # every product says what kind it is
    assert all(
        j.instansi_id == layanan.instansi_id
        for j in Jabatan.objects.filter(langkah__layanan=layanan)
    )


def test_time_zones_follow_the_province():
    for path in BERKAS:
        muat_standar(path=path)
    zona = dict(Instansi.objects.values_list("slug", "zona_waktu"))
    assert zona == {
        "baubau": ZonaWaktu.WITA,  # Sulawesi Tenggara
        "lima-puluh-kota": ZonaWaktu.WIB,
        "lebak": ZonaWaktu.WIB,
        "agam": ZonaWaktu.WIB,
        "tanah-bumbu": ZonaWaktu.WITA,  # Kalimantan Selatan
        "jawa-timur": ZonaWaktu.WIB,
        "pesisir-selatan": ZonaWaktu.WIB,
        "pariaman": ZonaWaktu.WIB,
        "sekadau": ZonaWaktu.WIB,  # Kalimantan Barat
        "probolinggo": ZonaWaktu.WIB,
    }
    # No office's address is invented: none of these excerpts publishes one.
    assert set(Instansi.objects.values_list("alamat", flat=True)) == {""}


def test_all_eleven_load_together_twice_without_changes():
    for path in BERKAS:
        muat_standar(path=path)
    before = snapshot()
    for path in BERKAS:
        assert not muat_standar(path=path).perubahan.ada, path.name
    assert snapshot() == before
    assert Layanan.objects.count() == 11
    assert Instansi.objects.count() == 10  # Sekadau publishes two of them


# --- the shapes -------------------------------------------------------------------


def test_baubau_kadis_acts_twice_and_the_clock_starts_with_the_assigned_officer():
    lay = muat("02")
    steps = langkah(lay)
    kadis = [s for s in steps if "Kepala Dinas Sosial" in jabatan(s)]
    assert [(s.urutan, s.jenis) for s in kadis] == [(2, "disposisi"), (7, "tanda_tangan")]
    assert [jabatan(s) for s in steps[1:4]] == [
        {"Kepala Dinas Sosial"},
        {"Kepala Seksi"},
        {"Pejabat/Pegawai yang Ditunjuk"},
    ]
    assert urutan(steps, mulai_waktu=True) == [4]
    dtks = lay.persyaratan.get(fakta=Persyaratan.Fakta.TERDAFTAR_DTKS)
    assert (dtks.cara_periksa, dtks.langkah_periksa) == ("dtks", steps[3])
    assert "SIKS-NG" in steps[3].teks and steps[4].jenis == JenisLangkah.KUNJUNGAN
    assert (lay.waktu_nilai, lay.waktu_satuan) == (Decimal("1"), "hari")
    assert list(lay.produk.values_list("jenis", flat=True)) == ["surat_persetujuan"]
    assert list(lay.saluran.values_list("jenis", flat=True)) == [
        "surat",
        "sp4n_lapor",
        "kotak_saran",
    ]


def test_lima_puluh_kota_three_sub_services_each_with_its_own_requirements():
    lay = muat("03")
    subs = list(lay.sub_layanan.all())
    assert [s.persyaratan.count() for s in subs] == [5, 5, 3]
    assert not lay.persyaratan.filter(sub_layanan__isnull=True).exists()
    dtks = subs[0].persyaratan.get(jenis="fakta")
    assert (dtks.fakta, dtks.cara_periksa) == ("terdaftar_dtks", "dtks")
    assert subs[1].persyaratan.filter(jenis="fakta", teks__contains="PBI JK").exists()
    assert "Wali Nagari" in subs[2].persyaratan.first().teks
    # One product per sub-service, in the same order (the model cannot link them).
    assert list(lay.produk.values_list("jenis", flat=True)) == [
        "surat_loket",
        "registrasi",
        "registrasi",
    ]
    assert (lay.waktu_nilai, lay.waktu_satuan) == (Decimal("30"), "menit")
    assert lay.langkah.count() == 0  # the procedure is an image in the source
    assert lay.sarana_prasarana.startswith("Papan informasi")


def test_lebak_negative_registry_fact_checked_at_verification_and_a_return_branch():
    lay = muat("05")
    steps = langkah(lay)
    assert [jabatan(s) for s in steps[:4]] == [
        {"Front Office"},
        {"Sekretariat"},
        {"Kepala Dinas"},
        {"Bidang Linjamsos"},
    ]
    pbi = lay.persyaratan.get(teks__startswith="Tidak memiliki BPJS PBI")
    assert (pbi.jenis, pbi.cara_periksa, pbi.langkah_periksa) == ("fakta", "atestasi", steps[4])
    assert lay.persyaratan.get(cara_periksa="domisili").teks == "Penduduk Kabupaten Lebak"
    listrik = lay.persyaratan.get(teks__startswith="Daya listrik")
    assert (listrik.nilai_ambang, listrik.nilai_maksimal) == (900, 900)
    assert lay.persyaratan.filter(teks__contains="Adjidarmo").count() == 1  # listed twice
    tidak, iya = steps[5], steps[6]
    assert tidak.kondisi and tidak.kembali_ke == steps[0]
    assert iya.kondisi and iya.jenis == JenisLangkah.SUSUN
    assert "3.000.000" in iya.teks and "3.000.000" in lay.keterangan
    assert lay.waktu_nilai is None and lay.biaya == ""  # cut off in the source


def test_agam_organisation_requested_by_another_agency_clock_from_complete_file():
    lay = muat("06")
    assert lay.jenis_subjek == "organisasi"
    assert lay.nomor_sk == "Nomor 60 Tahun 2022"
    steps = langkah(lay)
    assert steps[0].instansi_luar == "DPMPTSP"
    assert urutan(steps, mulai_waktu=True) == [4]
    assert steps[3].jenis == JenisLangkah.KUNJUNGAN and steps[3].kondisi == "bila berkas lengkap"
    bersyarat = lay.persyaratan.filter(wajib=False)
    assert list(bersyarat.values_list("kondisi", flat=True)) == [
        "bila Orsos/LKS tidak berbadan hukum",
        "bila Orsos/LKS berbadan hukum",
        "bila perpanjangan izin",
    ]
    assert [(s.urutan, s.jenis) for s in steps if "Kepala Dinas Sosial" in jabatan(s)] == [
        (2, "disposisi"),
        (6, "tanda_tangan"),
    ]
    assert (lay.waktu_nilai, lay.waktu_satuan) == (Decimal("5"), "hari_kerja")


def test_tanah_bumbu_police_document_midway_and_a_person_returned():
    lay = muat("07")
    steps = langkah(lay)
    polsek = [s for s in steps if s.instansi_luar]
    assert len(polsek) == 1 and "Polsek" in polsek[0].instansi_luar
    assert polsek[0].jeda_waktu and polsek[0].output == "Surat Keterangan Orang Terlantar"
    assert [(s.jenis, jabatan(s)) for s in steps if s.tahap == Tahap.PERSETUJUAN] == [
        ("paraf", {"Kepala Bidang"}),
        ("tanda_tangan", {"Kepala Dinas"}),
    ]
    assert (lay.waktu_nilai, lay.waktu_satuan) == (Decimal("7.25"), "hari")
    assert lay.waktu_catatan == "7 Hari, 5 Jam, 50 Menit"
    assert list(lay.persyaratan.values_list("teks", flat=True)) == ["KTP"]
    produk = lay.produk.get()
    assert (produk.nama, produk.jenis) == ("Orang terlantar yang dipulangkan", "barang_jasa")
    assert "uang saku" in steps[-1].teks and steps[-1].jenis == JenisLangkah.SERAHKAN


def test_jawa_timur_referral_in_and_out_with_a_shelter_and_parallel_entry():
    lay = muat("08")
    steps = langkah(lay)
    assert urutan(steps, bersamaan=True) == [4, 7]
    assert steps[3].jenis == JenisLangkah.REGISTRASI and "SIMLONTAR" in steps[3].teks
    assert steps[4].kondisi  # the search "may" happen
    assert not [s for s in steps if s.tahap == Tahap.PERSETUJUAN]
    assert "Kepolisian" in lay.persyaratan.first().teks
    assert list(lay.produk.values_list("jenis_dokumen", flat=True)) == ["surat_rujukan"]
    assert "jadwal keberangkatan kapal" in lay.waktu_catatan
    assert lay.saluran.count() == 4 and lay.instansi.email == "dinsosjatim56b@gmail.com"


def test_pesisir_selatan_dense_eligibility_rules():
    lay = muat("10")
    assert lay.jenis_subjek == "keluarga"
    usia = lay.persyaratan.get(cara_periksa="usia")
    assert (usia.fakta, usia.nilai_ambang, usia.nilai_maksimal) == ("usia_minimal", 30, 55)

    def batas(teks: str) -> tuple[int | None, int | None]:
        fakta = lay.persyaratan.get(jenis="fakta", teks__contains=teks)
        assert fakta.cara_periksa == "atestasi"
        return fakta.nilai_ambang, fakta.nilai_maksimal

    assert batas("menikah secara sah") == (5, None)
    assert batas("hanya memiliki satu orang anak") == (None, 1)
    assert batas("mengasuh calon anak angkat") == (6, None)
    assert batas("2 (dua) kali mengangkat anak") == (None, 2)
    pengecualian = lay.persyaratan.get(nilai_maksimal=2)
    assert not pengecualian.wajib and "disabilitas" in pengecualian.kondisi
    assert lay.persyaratan.get(teks__startswith="SK Penetapan").kondisi
    steps = langkah(lay)
    assert steps[-1].jenis == JenisLangkah.INSTANSI_LAIN and steps[-1].jeda_waktu
    assert "DPMPTSP" in steps[-1].instansi_luar
    ekonomi = lay.persyaratan.get(teks__contains="mampu ekonomi")
    assert ekonomi.langkah_periksa.jenis == JenisLangkah.KUNJUNGAN


def test_pariaman_other_institutions_act_between_the_office_steps():
    lay = muat("11")
    steps = langkah(lay)
    luar = [s for s in steps if s.jenis == JenisLangkah.INSTANSI_LAIN]
    assert [s.urutan for s in luar] == [5, 7, 8, 9, 10]
    assert all(s.jeda_waktu and not s.peran and not jabatan(s) for s in luar)
    # The city office acts again after the province's first step.
    assert steps[5].jenis == JenisLangkah.KUNJUNGAN and jabatan(steps[5]) == {"Pekerja Sosial"}
    assert not steps[5].jeda_waktu
    assert (steps[8].durasi_nilai, steps[8].durasi_satuan) == (Decimal("6"), "bulan")
    assert "Tim PIPA" in steps[9].instansi_luar
    assert lay.persyaratan.count() == 0  # cut off in the source
    assert list(lay.produk.values_list("nama", flat=True)) == ["Surat Pengantar", "Rekomendasi"]


def test_sekadau_bencana_delegable_delivery_of_goods_and_a_hard_stop():
    lay = muat("12")
    steps = langkah(lay)
    salur = steps[-1]
    assert salur.jenis == JenisLangkah.SERAHKAN and salur.boleh_diwakilkan
    assert jabatan(salur) == {"Kepala Dinas"} and salur.peran == Peran.KEPALA_DINAS
    assert "berita acara" in salur.teks and salur.output == "Berita acara serah terima"
    assert [jabatan(s) for s in steps[2:7]] == [
        {"Bagian Umum"},
        {"Sekretaris Dinas"},
        {"Kepala Dinas"},
        {"Kepala Bidang"},
        {"Staf/Analis"},
    ]
    # The applicant (village) is not the beneficiary; its steps come before the clock.
    assert [s.urutan for s in steps if s.instansi_luar] == [1, 2]
    assert urutan(steps, mulai_waktu=True) == [3]
    stop = lay.persyaratan.get(jenis="fakta")
    assert stop.teks == "Data korban bencana lengkap" and stop.langkah_periksa == steps[6]
    assert lay.produk.get().jenis == "barang_jasa" and lay.jenis_subjek == "keluarga"
    assert set(lay.saluran.filter(jenis="telepon").values_list("alamat", flat=True)) == {
        "08115704281",
        "081352624563",
    }


def test_probolinggo_no_approval_chain_listed_citizens_sign_a_receipt():
    lay = muat("13")
    steps = langkah(lay)
    assert not [s for s in steps if s.jenis in ("paraf", "tanda_tangan") or s.jenis_persetujuan]
    dpa = lay.persyaratan.get(jenis="fakta")
    assert "DPA" in dpa.teks and dpa.langkah_periksa == steps[1]
    assert steps[2].output == "Tanda terima bansos sembako"
    assert steps[3].jenis == JenisLangkah.SERAHKAN
    assert lay.produk.get().jenis == "barang_jasa"
    assert list(lay.saluran.values_list("jenis", flat=True)) == [
        "kotak_saran",
        "whatsapp",
        "telepon",
        "faks",
        "email",
        "langsung",
    ]


def test_sekadau_data_chain_where_three_officials_act_twice_and_a_rejection_returns():
    lay = muat("14")
    steps = langkah(lay)
    assert len(steps) == 16
    dua_kali = {
        nama: [s.jenis for s in steps if nama in jabatan(s)]
        for nama in ("Sekretaris Dinas", "Kepala Dinas", "Kepala Bidang")
    }
    assert dua_kali == {
        "Sekretaris Dinas": ["disposisi", "paraf"],
        "Kepala Dinas": ["disposisi", "tanda_tangan"],
        "Kepala Bidang": ["disposisi", "paraf"],
    }
    kasi = steps[8]
    assert jabatan(kasi) == {"Kepala Seksi"} and kasi.kembali_ke == steps[0]
    assert jabatan(steps[10]) == {"Petugas Data", "Pejabat Pengaduan"}
    assert [s.kondisi for s in steps[-2:]] == ["untuk permintaan data", "untuk pengaduan"]
    assert list(lay.sub_layanan.values_list("nama", flat=True)) == ["Permintaan data", "Pengaduan"]
    fase = lay.fase_waktu.get()
    assert (fase.nilai, fase.nilai_sampai, fase.satuan) == (Decimal("1"), Decimal("3"), "minggu")


def test_both_sekadau_standards_share_one_office_and_its_officials():
    data = [json.loads(berkas(n).read_text(encoding="utf-8")) for n in ("12", "14")]
    assert data[0]["instansi"] == data[1]["instansi"]
    assert data[0]["jabatan"] == data[1]["jabatan"]
    bencana, pengaduan = muat("12"), muat("14")
    assert bencana.instansi == pengaduan.instansi
    # Loading the second standard keeps the first one's officials on its steps.
    assert jabatan(langkah(bencana)[-1]) == {"Kepala Dinas"}
    assert Jabatan.objects.filter(instansi=bencana.instansi).count() == 11


# --- the seeds' officials ----------------------------------------------------------------


@pytest.fixture
def seed(db):
    """Load one of the project's own standards (their panti need the PPKS list)."""
    muat_kategori_ppks()
    return lambda stem: muat_standar(path=STANDAR_DIR / f"{stem}.json").layanan


def test_seeds_name_their_officials_on_every_step(seed):
    for path in sorted(STANDAR_DIR.glob("*.json")):
        lay = seed(path.stem)
        peran = set(Jabatan.objects.filter(instansi=lay.instansi).values_list("peran", flat=True))
        assert {Peran.PETUGAS_LOKET, Peran.PEKERJA_SOSIAL} <= peran, path.name
        for step in langkah(lay):
            assert step.jenis in JenisLangkah.values, (path.name, step.urutan)
            assert jabatan(step) or not step.peran, (path.name, step.urutan)


def test_bulukumba_kabid_paraf_and_kadis_signature_by_name(seed):
    lay = seed("bulukumba")
    steps = langkah(lay)
    assert (steps[3].jenis, jabatan(steps[3])) == ("paraf", {"Kepala Bidang"})
    assert (steps[4].jenis, jabatan(steps[4])) == ("tanda_tangan", {"Kepala Dinas Sosial"})
    assert jabatan(steps[2]) == {"Pekerja Sosial", "Kepala Bidang"}  # "Kabid dan pekerja sosial"
    assert list(Jabatan.objects.filter(instansi=lay.instansi).values_list("nama", "urutan")) == [
        ("Petugas Loket", 1),
        ("Pekerja Sosial", 2),
        ("Kepala Bidang", 3),
        ("Kepala Dinas Sosial", 4),
    ]


def test_depok_koordinator_paraf_then_kabid_signs_in_the_office_words(seed):
    lay = seed("depok")
    steps = langkah(lay)
    assert [(s.jenis, jabatan(s)) for s in steps[5:7]] == [
        ("paraf", {"Koordinator"}),
        ("tanda_tangan", {"Kepala Bidang"}),
    ]
    assert jabatan(steps[0]) == {"Petugas SLRT"} and steps[2].jenis == "periksa_fakta"


# --- loader: references and their errors -------------------------------------------------


def test_changed_officials_and_return_are_synced_in_place(tmp_path):
    asli = berkas("14")
    lay = muat_standar(path=asli).layanan
    kasi = lay.langkah.get(urutan=9)

    def ubah(data):
        step = data["layanan"]["langkah"][8]
        step["jabatan"] = ["Kepala Seksi", "Kepala Bidang"]
        del step["kembali_ke"]

    r = muat_standar(path=salin(tmp_path, asli, ubah))

    kasi.refresh_from_db()
    assert jabatan(kasi) == {"Kepala Seksi", "Kepala Bidang"} and kasi.kembali_ke is None
    assert r.perubahan.diubah == 2 and not r.perubahan.dibuat and not r.perubahan.dihapus
    assert muat_standar(path=asli).perubahan.diubah == 2  # and back


def test_officials_not_named_in_the_file_are_kept(tmp_path):
    muat("13")
    r = muat_standar(
        path=salin(
            tmp_path,
            berkas("13"),
            lambda d: d["jabatan"].append({"nama": "Kepala Dinas", "peran": "kepala_dinas"}),
        )
    )
    assert r.jumlah["jabatan"] == 2
    muat("13")
    assert Jabatan.objects.filter(instansi__slug="probolinggo").count() == 2


def test_unknown_official_on_a_step_names_the_file_and_saves_nothing(tmp_path):
    def ubah(data):
        data["layanan"]["langkah"][1]["jabatan"] = ["Kepala Dinas Sosial", "Wali Kota"]

    path = salin(tmp_path, berkas("02"), ubah)
    with pytest.raises(StandarError) as exc:
        muat_standar(path=path)
    pesan = str(exc.value)
    assert pesan.startswith(path.name) and "langkah ke-2" in pesan and "'Wali Kota'" in pesan
    assert not Instansi.objects.exists()


def test_return_to_a_step_that_does_not_exist_names_the_file(tmp_path):
    def ubah(data):
        data["layanan"]["langkah"][5]["kembali_ke"] = 12

    path = salin(tmp_path, berkas("05"), ubah)
    with pytest.raises(StandarError, match=rf"^{path.name} .*langkah ke-6: 'kembali_ke'.*ke-12.*7"):
        muat_standar(path=path)
    assert not Layanan.objects.exists()


@pytest.mark.parametrize(
    ("kunci", "nilai", "pesan"),
    [
        ("kembali_ke", 9, "harus menunjuk langkah sebelumnya"),
        ("kembali_ke", "1", "harus nomor urut langkah"),
        ("kembali_ke", True, "harus nomor urut langkah"),
        ("jabatan", "Kepala Seksi", "harus berupa daftar"),
    ],
)
def test_malformed_step_references_are_refused(tmp_path, kunci, nilai, pesan):
    def ubah(data):
        data["layanan"]["langkah"][8][kunci] = nilai

    with pytest.raises(StandarError, match=pesan):
        muat_standar(path=salin(tmp_path, berkas("14"), ubah))


def test_requirement_checked_at_a_missing_step_names_the_file(tmp_path):
    def ubah(data):
        data["layanan"]["persyaratan"][0]["langkah_periksa"] = 0

    path = salin(tmp_path, berkas("13"), ubah)
    with pytest.raises(StandarError, match=rf"^{path.name} .*persyaratan ke-1: 'langkah_periksa'"):
        muat_standar(path=path)


def test_official_listed_twice_or_raw_ids_are_refused(tmp_path):
    dua_kali = salin(tmp_path, berkas("08"), lambda d: d["jabatan"].append(d["jabatan"][0]))
    with pytest.raises(StandarError, match="jabatan 'Petugas' tertulis dua kali"):
        muat_standar(path=dua_kali)
    (tmp_path / "lain").mkdir()
    mentah = salin(tmp_path / "lain", berkas("08"), lambda d: d["layanan"].update(versi_asal=1))
    with pytest.raises(StandarError, match="kolom 'versi_asal' tidak dapat diisi"):
        muat_standar(path=mentah)
