"""A standard changes only through a new version: a draft copied from the
version in force (or from another office's standard, or from a file),
published with its SK after the publication check. Running cases keep the
version they started under; the public page shows the version in force and
earlier versions stay readable."""

from __future__ import annotations

import datetime as dt
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.test import Client

from layanan import services
from layanan.data.muat import muat_standar
from layanan.documents import standar_html
from layanan.errors import (
    DataTidakValid,
    IzinDitolak,
    Konflik,
    StandarTidakDapatDiterbitkan,
    TidakDitemukan,
)
from layanan.models import (
    FaseWaktu,
    Instansi,
    Jabatan,
    LangkahProsedur,
    Layanan,
    Panti,
    Peran,
    Persyaratan,
    Produk,
    RiwayatStandar,
    SaluranPengaduan,
    StatusVersi,
    SubLayanan,
    TahapPengaduan,
    UnsurTerlibat,
)
from layanan.publikasi import periksa_standar
from layanan.selectors import layanan_standar_get
from rujukan import services as rs
from rujukan.models import Status, StatusLangkah
from tests.factories import make_instansi, make_user
from tests.layanan.factories import make_jabatan, make_standar_berjalan
from tests.layanan.test_public_pages import text_of
from tests.personas import personas_untuk
from tests.rujukan.factories import kasus_di_persetujuan, s_register, standar_sederhana

WIB = ZoneInfo("Asia/Jakarta")
HARI_INI = dt.datetime(2026, 3, 3, 10, 0, tzinfo=WIB)
SK = {
    "nomor_sk": "400.9/12/Dinsos/2026",
    "tanggal_sk": dt.date(2026, 3, 2),
    "berlaku_mulai": dt.date(2026, 3, 3),
}
ANAK = (SubLayanan, Persyaratan, LangkahProsedur, FaseWaktu, Produk)
ANAK += (SaluranPengaduan, TahapPengaduan, UnsurTerlibat)


@pytest.fixture
def hari_ini():
    with time_machine.travel(HARI_INI, tick=False):
        yield


@pytest.fixture
def admin(personas):
    return personas.admin_instansi


@pytest.fixture
def andi(personas):
    """The Admin Instansi of the other office."""
    return make_user("andi", instansi=personas.instansi_lain, peran=Peran.ADMIN_INSTANSI)


def lengkapi(layanan: Layanan) -> Layanan:
    """Every other kind of row on top of make_standar_berjalan's steps, jabatan,
    return step, checked fact and product."""
    sub = SubLayanan.objects.create(layanan=layanan, urutan=1, nama="Lansia terlantar")
    Persyaratan.objects.create(
        layanan=layanan, sub_layanan=sub, urutan=1, teks="Surat keterangan RT", jenis="dokumen"
    )
    FaseWaktu.objects.create(
        layanan=layanan, urutan=1, nama="Verifikasi", nilai=Decimal("2"), satuan="hari_kerja"
    )
    SaluranPengaduan.objects.create(layanan=layanan, urutan=1, jenis="email", alamat="a@b.id")
    TahapPengaduan.objects.create(layanan=layanan, urutan=1, teks="cek administrasi")
    UnsurTerlibat.objects.create(layanan=layanan, urutan=1, nama="TKSK")
    return layanan


@pytest.fixture
def standar(personas):
    return lengkapi(make_standar_berjalan(personas, nomor_sk="44 TAHUN 2024"))


def jumlah(layanan: Layanan) -> dict[str, int]:
    return {m.__name__: m.objects.filter(layanan=layanan).count() for m in ANAK}


def langkah_dari(layanan: Layanan) -> list[LangkahProsedur]:
    return list(layanan.langkah.order_by("urutan", "pk").prefetch_related("jabatan"))


def tanpa_sk(data: dict) -> dict:
    """A standard file without what belongs to one version (its SK, the note)."""
    data = json.loads(json.dumps(data))
    data.pop("_sumber")
    for key in ("nomor_sk", "tanggal_sk", "berlaku_mulai"):
        data["layanan"].pop(key)
    return data


# -- a draft of the next version ----------------------------------------------


def test_draft_copies_every_row_with_references_inside_the_copy(standar, admin):
    draf = services.layanan_create_draft(layanan=standar, by=admin)

    assert (draf.versi, draf.status_versi, draf.aktif) == (2, StatusVersi.DRAF, False)
    assert draf.versi_asal == standar and draf.slug == standar.slug
    assert draf.nama == standar.nama and draf.waktu_nilai == standar.waktu_nilai
    assert draf.nomor_sk == "" and draf.tanggal_sk is None  # the SK comes with publishing
    assert jumlah(draf) == jumlah(standar)
    assert all(n > 0 for n in jumlah(draf).values())

    lama, baru = langkah_dari(standar), langkah_dari(draf)
    assert {s.pk for s in lama}.isdisjoint({s.pk for s in baru})
    assert [(s.teks, s.jenis, [j.pk for j in s.jabatan.all()]) for s in baru] == [
        (s.teks, s.jenis, [j.pk for j in s.jabatan.all()]) for s in lama
    ]
    # the paraf step returns to the drafting step of the copy, not of the original
    assert baru[4].kembali_ke == baru[3]
    fakta = draf.persyaratan.get(teks="Berusia 60 tahun ke atas")
    assert fakta.langkah_periksa == baru[1]
    syarat_sub = draf.persyaratan.get(teks="Surat keterangan RT")
    assert syarat_sub.sub_layanan == draf.sub_layanan.get()
    # the original is untouched and still the one in force
    standar.refresh_from_db()
    assert standar.aktif and standar.status_versi == StatusVersi.BERLAKU
    assert langkah_dari(standar)[4].kembali_ke == lama[3]
    assert periksa_standar(draf) == []
    assert draf.riwayat.get().kode == RiwayatStandar.Kode.DRAF_DIBUAT


def test_only_one_draft_at_a_time_and_only_from_the_version_in_force(standar, admin):
    draf = services.layanan_create_draft(layanan=standar, by=admin)
    with pytest.raises(Konflik) as exc:
        services.layanan_create_draft(layanan=standar, by=admin)
    assert exc.value.status_code == 409 and "sudah mempunyai draf versi 2" in exc.value.pesan
    with pytest.raises(Konflik, match="dibuat dari versi yang berlaku"):
        services.layanan_create_draft(layanan=draf, by=admin)
    assert Layanan.objects.filter(slug=standar.slug).count() == 2


def test_only_the_offices_admin_may_draft(personas, standar, andi):
    for orang in (andi, personas.kabid):
        with pytest.raises(IzinDitolak) as exc:
            services.layanan_create_draft(layanan=standar, by=orang)
        assert exc.value.status_code == 403
    assert not Layanan.objects.filter(status_versi=StatusVersi.DRAF).exists()


# -- publishing -----------------------------------------------------------------


def test_publishing_a_broken_draft_is_refused_with_every_problem_named(
    personas, standar, admin, hari_ini
):
    draf = services.layanan_create_draft(layanan=standar, by=admin)
    langkah = langkah_dari(draf)
    kepala_seksi = make_jabatan(personas.instansi, "Kepala Seksi", Peran.KOORDINATOR)
    langkah[4].jabatan.set([kepala_seksi])  # nobody holds it
    langkah[2].kembali_ke = langkah[5]  # a return that runs forward
    langkah[2].save()
    draf.persyaratan.filter(teks="Berusia 60 tahun ke atas").update(nilai_ambang=None)
    masalah = [m.pesan for m in periksa_standar(draf)]
    assert len(masalah) == 3

    with pytest.raises(StandarTidakDapatDiterbitkan) as exc:
        services.layanan_publish(
            layanan=draf, by=admin, nomor_sk=" ", tanggal_sk=None, berlaku_mulai=None
        )
    assert exc.value.status_code == 400
    assert exc.value.daftar == ["Nomor SK wajib diisi.", "Tanggal SK wajib diisi.", *masalah]
    assert "Langkah 5 (Paraf): jabatan “Kepala Seksi” belum dipegang" in exc.value.pesan
    assert "Langkah 3 (Verifikasi lapangan / kunjungan): bila dikembalikan" in exc.value.pesan
    assert "belum diberi nilai ambang" in exc.value.pesan
    # with the SK, the standard's own problems still refuse it
    with pytest.raises(StandarTidakDapatDiterbitkan) as exc:
        services.layanan_publish(layanan=draf, by=admin, **SK)
    assert exc.value.daftar == masalah
    draf.refresh_from_db()
    standar.refresh_from_db()
    assert draf.status_versi == StatusVersi.DRAF and not draf.aktif
    assert standar.aktif and standar.status_versi == StatusVersi.BERLAKU


def test_publishing_without_sk_or_with_dates_ahead_is_refused(standar, admin, hari_ini):
    draf = services.layanan_create_draft(layanan=standar, by=admin)
    with pytest.raises(StandarTidakDapatDiterbitkan) as exc:
        services.layanan_publish(layanan=draf, by=admin, nomor_sk="", tanggal_sk=None)
    assert exc.value.daftar == ["Nomor SK wajib diisi.", "Tanggal SK wajib diisi."]
    with pytest.raises(StandarTidakDapatDiterbitkan) as exc:
        services.layanan_publish(
            layanan=draf,
            by=admin,
            nomor_sk="12",
            tanggal_sk=dt.date(2026, 3, 2),
            berlaku_mulai=dt.date(2026, 4, 1),
        )
    assert exc.value.daftar == [
        "Tanggal berlaku 1 April 2026 belum tiba: terbitkan versi ini pada tanggal "
        "berlakunya, karena versi yang diterbitkan langsung dipakai."
    ]
    draf.refresh_from_db()
    assert draf.status_versi == StatusVersi.DRAF


def test_publishing_swaps_the_version_in_force(standar, admin, hari_ini):
    draf = services.layanan_create_draft(layanan=standar, by=admin)
    terbit = services.layanan_publish(layanan=draf, by=admin, **SK)

    standar.refresh_from_db()
    draf.refresh_from_db()
    assert (standar.status_versi, standar.aktif) == (StatusVersi.ARSIP, False)
    assert (draf.status_versi, draf.aktif) == (StatusVersi.BERLAKU, True)
    assert (draf.nomor_sk, draf.tanggal_sk, draf.berlaku_mulai) == tuple(SK.values())
    assert terbit == draf
    # every query of published standards sees exactly the new version
    assert list(Layanan.objects.filter(slug=standar.slug, aktif=True)) == [draf]
    assert layanan_standar_get(instansi_slug=standar.instansi.slug, slug=standar.slug) == draf
    assert standar.riwayat.get().kode == RiwayatStandar.Kode.DIARSIPKAN
    assert set(draf.riwayat.values_list("kode", flat=True)) == {
        RiwayatStandar.Kode.DRAF_DIBUAT,
        RiwayatStandar.Kode.DITERBITKAN,
    }
    # a published version is not published twice; the next draft is version 3
    with pytest.raises(Konflik):
        services.layanan_publish(layanan=draf, by=admin, **SK)
    assert services.layanan_create_draft(layanan=draf, by=admin).versi == 3


def test_berlaku_mulai_defaults_to_the_offices_today(standar, admin, hari_ini):
    draf = services.layanan_create_draft(layanan=standar, by=admin)
    services.layanan_publish(layanan=draf, by=admin, nomor_sk="12", tanggal_sk=dt.date(2026, 3, 1))
    draf.refresh_from_db()
    assert draf.berlaku_mulai == dt.date(2026, 3, 3)


def test_database_holds_one_version_in_force_and_one_draft_per_standard(standar, admin):
    draf = services.layanan_create_draft(layanan=standar, by=admin)
    with pytest.raises(IntegrityError), transaction.atomic():
        Layanan.objects.filter(pk=draf.pk).update(status_versi=StatusVersi.BERLAKU, aktif=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Layanan.objects.create(
            instansi=standar.instansi,
            slug=standar.slug,
            nama="x",
            versi=3,
            status_versi="draf",
            aktif=False,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Layanan.objects.filter(pk=draf.pk).update(aktif=True)  # a published draft
    with pytest.raises(IntegrityError), transaction.atomic():
        Layanan.objects.filter(pk=draf.pk).update(versi=1)


# -- running cases keep their version ------------------------------------------


def test_running_case_keeps_its_version_after_a_new_one_is_published(db, hari_ini):
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    admin = make_user("admin-versi", instansi=layanan.instansi, peran=Peran.ADMIN_INSTANSI)
    r = kasus_di_persetujuan(layanan, staf)  # the Koordinator has given his paraf
    langkah_kasus = list(r.langkah_kasus.values_list("langkah_id", flat=True))
    lama = {s.pk: s.teks for s in layanan.langkah.all()}

    draf = services.layanan_create_draft(layanan=layanan, by=admin)
    konsep = draf.langkah.get(teks="Konsep surat")
    konsep.teks = "Pekerja sosial menyusun konsep surat dan telaahan"
    konsep.save()
    LangkahProsedur.objects.create(
        layanan=draf, urutan=5, teks="Petugas menyerahkan surat", tahap="penyerahan"
    )
    baru = services.layanan_publish(layanan=draf, by=admin, **SK)

    r.refresh_from_db()
    assert r.layanan_id == layanan.pk
    assert list(r.langkah_kasus.values_list("langkah_id", flat=True)) == langkah_kasus
    assert {c.langkah.layanan_id for c in r.langkah_kasus.select_related("langkah")} == {layanan.pk}
    assert {s.pk: s.teks for s in layanan.langkah.all()} == lama
    # the case goes on along its own steps and ends as before
    sekarang = r.langkah_kasus.get(status=StatusLangkah.BERJALAN)
    assert sekarang.langkah.teks == "Kepala Dinas menandatangani"
    halaman = Client()
    halaman.force_login(staf.kadis)
    response = halaman.get(f"/rujukan/{r.pk}/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Konsep surat" in text and "telaahan" not in text
    r = rs.rujukan_approve(rujukan=r, by=staf.kadis)
    assert r.status == Status.PRODUK_TERBIT
    assert halaman.get(f"/rujukan/{r.pk}/").status_code == 200
    # new cases run under the new version only
    layanan.refresh_from_db()
    with pytest.raises(rs.DataTidakValid, match="tidak sedang diterbitkan"):
        s_register(layanan, staf)
    baru_kasus = s_register(baru, staf).rujukan
    assert {c.langkah.layanan_id for c in baru_kasus.langkah_kasus.select_related("langkah")} == {
        baru.pk
    }


# -- export and import ------------------------------------------------------------


def test_export_import_round_trip_gives_an_equal_standard(standar, admin):
    data = services.layanan_export(standar)
    assert [j["nama"] for j in data["jabatan"]] == [
        "Kepala Bidang Linjamsos",
        "Koordinator SLRT",
        "Pekerja Sosial",
        "Petugas SLRT",
    ]
    langkah = data["layanan"]["langkah"]
    assert langkah[4]["kembali_ke"] == 4 and langkah[4]["jabatan"] == ["Koordinator SLRT"]
    fakta = next(p for p in data["layanan"]["persyaratan"] if p["jenis"] == "fakta")
    assert fakta["langkah_periksa"] == 2
    assert data["layanan"]["sub_layanan"][0]["persyaratan"][0]["teks"] == "Surat keterangan RT"
    assert data["layanan"]["nomor_sk"] == "44 TAHUN 2024"
    json.dumps(data)  # plain JSON

    draf = services.layanan_import(
        data=json.loads(json.dumps(data)), instansi=standar.instansi, by=admin
    )
    assert (draf.versi, draf.status_versi, draf.aktif, draf.versi_asal) == (
        2,
        StatusVersi.DRAF,
        False,
        standar,
    )
    assert draf.nomor_sk == ""  # a draft gets its SK when published
    assert tanpa_sk(services.layanan_export(draf)) == tanpa_sk(data)
    assert jumlah(draf) == jumlah(standar)
    assert periksa_standar(draf) == []
    assert draf.riwayat.get().kode == RiwayatStandar.Kode.DIIMPOR
    # a second import while the draft is open is refused
    with pytest.raises(Konflik):
        services.layanan_import(data=data, instansi=standar.instansi, by=admin)


def test_import_into_another_office_lands_there_as_a_draft(personas, standar, andi):
    lain = personas.instansi_lain
    nama_lain = lain.nama
    make_jabatan(lain, "Pekerja Sosial", Peran.KOORDINATOR)  # its own, kept as it is
    data = services.layanan_export(standar)

    draf = services.layanan_import(data=data, instansi=lain, by=andi, nama_berkas="slrt.json")

    assert draf.instansi == lain and draf.versi == 1 and draf.status_versi == StatusVersi.DRAF
    lain.refresh_from_db()
    assert lain.nama == nama_lain  # the file's office identity is not loaded
    assert Instansi.objects.count() == 2
    assert dict(Jabatan.objects.filter(instansi=lain).values_list("nama", "peran")) == {
        "Kepala Bidang Linjamsos": Peran.KEPALA_BIDANG,
        "Koordinator SLRT": Peran.KOORDINATOR,
        "Pekerja Sosial": Peran.KOORDINATOR,
        "Petugas SLRT": Peran.PETUGAS_LOKET,
    }
    assert {j.instansi_id for s in langkah_dari(draf) for j in s.jabatan.all()} == {lain.pk}
    assert tanpa_sk(services.layanan_export(draf))["layanan"] == tanpa_sk(data)["layanan"]
    assert not Layanan.objects.filter(instansi=lain, aktif=True).exists()


def test_exported_file_loads_with_the_seed_loader(standar, tmp_path):
    data = services.layanan_export(standar)
    data["instansi"]["slug"] = "kota-contoh"
    path = tmp_path / "kota-contoh.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    ringkasan = muat_standar(path=path)

    baru = ringkasan.layanan
    assert baru.instansi.slug == "kota-contoh" and baru.aktif and baru.versi == 1
    keluar = services.layanan_export(baru)
    assert keluar["layanan"] == data["layanan"] and keluar["jabatan"] == data["jabatan"]
    assert muat_standar(path=path).perubahan.ada is False  # loading again changes nothing


def test_import_refuses_a_broken_file_and_saves_nothing(standar, admin):
    data = services.layanan_export(standar)
    data["layanan"]["langkah"][1]["warna"] = "merah"
    with pytest.raises(DataTidakValid) as exc:
        services.layanan_import(
            data=data, instansi=standar.instansi, by=admin, nama_berkas="x.json"
        )
    assert exc.value.status_code == 400 and "kolom 'warna' tidak dikenal" in exc.value.pesan
    data = services.layanan_export(standar)
    data["layanan"]["aktif"] = True
    with pytest.raises(DataTidakValid, match="kolom 'aktif' diatur portal"):
        services.layanan_import(data=data, instansi=standar.instansi, by=admin)
    with pytest.raises(DataTidakValid, match="bukan standar pelayanan"):
        services.layanan_import(data={"layanan": []}, instansi=standar.instansi, by=admin)
    assert Layanan.objects.count() == 1


# -- a copy of another office's standard -------------------------------------------


def test_copy_from_another_office_maps_jabatan_and_leaves_the_source(personas, standar, andi):
    Panti.objects.create(
        instansi=personas.instansi, nama="Panti Werdha Budi Sejahtera", jenis="panti"
    )
    lain = personas.instansi_lain
    pekerja_sosial = make_jabatan(lain, "Pekerja Sosial", Peran.PEKERJA_SOSIAL, urutan=9)
    sebelum = services.layanan_export(standar)

    draf = services.layanan_copy(sumber=standar, instansi=lain, by=andi)

    assert (draf.instansi, draf.slug, draf.versi) == (lain, standar.slug, 1)
    assert draf.status_versi == StatusVersi.DRAF and not draf.aktif
    assert draf.versi_asal == standar
    assert jumlah(draf) == jumlah(standar)
    langkah = langkah_dari(draf)
    assert {j.instansi_id for s in langkah for j in s.jabatan.all()} == {lain.pk}
    assert langkah[2].jabatan.get() == pekerja_sosial  # matched by name
    assert Jabatan.objects.get(instansi=lain, nama="Koordinator SLRT").peran == Peran.KOORDINATOR
    assert langkah[4].kembali_ke == langkah[3]
    assert not Panti.objects.filter(instansi=lain).exists()
    assert tanpa_sk(services.layanan_export(draf))["layanan"] == tanpa_sk(sebelum)["layanan"]
    assert services.layanan_export(standar) == sebelum  # the source is untouched
    # another slug in the same office: a separate standard, also a draft
    kedua = services.layanan_copy(sumber=standar, instansi=lain, by=andi, slug="slrt-kedua")
    assert (kedua.slug, kedua.versi) == ("slrt-kedua", 1)
    with pytest.raises(Konflik):
        services.layanan_copy(sumber=standar, instansi=lain, by=andi)


def test_copy_needs_a_published_source_and_the_target_offices_admin(personas, standar, admin, andi):
    draf = services.layanan_create_draft(layanan=standar, by=admin)
    with pytest.raises(TidakDitemukan):
        services.layanan_copy(sumber=draf, instansi=personas.instansi_lain, by=andi)
    with pytest.raises(IzinDitolak):
        services.layanan_copy(sumber=standar, instansi=personas.instansi_lain, by=admin)
    with pytest.raises(IzinDitolak):
        services.layanan_copy(
            sumber=standar, instansi=personas.instansi_lain, by=personas.staf_lain
        )
    with pytest.raises(DataTidakValid):
        services.layanan_copy(sumber=standar, instansi=personas.instansi_lain, by=andi, slug="a b")
    assert not Layanan.objects.filter(instansi=personas.instansi_lain).exists()


# -- the public pages ---------------------------------------------------------------


@pytest.fixture
def dua_versi(standar, admin, hari_ini):
    """Version 2 in force, version 1 archived, version 3 a draft."""
    draf = services.layanan_create_draft(layanan=standar, by=admin)
    langkah = draf.langkah.get(urutan=1)
    langkah.teks = "Petugas SLRT menerima permohonan dan memindai berkas"
    langkah.save()
    services.layanan_publish(layanan=draf, by=admin, **SK)
    ketiga = services.layanan_create_draft(layanan=draf, by=admin)
    ketiga.langkah.filter(urutan=1).update(teks="Langkah rahasia draf ketiga")
    standar.refresh_from_db()
    draf.refresh_from_db()
    return standar, draf, ketiga


def test_public_page_shows_the_version_in_force_and_earlier_versions(client, dua_versi):
    v1, v2, _ = dua_versi
    response = client.get(v2.get_absolute_url())
    assert response.status_code == 200
    text = text_of(response)
    assert (
        "Versi 2, SK 400.9/12/Dinsos/2026 tanggal 2 Maret 2026, berlaku mulai 3 Maret 2026" in text
    )
    assert "memindai berkas" in text and "rahasia" not in text
    assert "Versi 1, SK 44 TAHUN 2024, berlaku sampai 3 Maret 2026" in text
    html = response.content.decode()
    assert f'href="/layanan/{v1.instansi.slug}/{v1.slug}/versi/1/"' in html
    assert "/versi/3/" not in html


def test_earlier_version_stays_readable_and_drafts_are_404(client, dua_versi):
    v1, v2, v3 = dua_versi
    assert v1.get_absolute_url() == f"/layanan/{v1.instansi.slug}/{v1.slug}/versi/1/"
    response = client.get(v1.get_absolute_url())
    assert response.status_code == 200
    text = text_of(response)
    assert "Versi ini tidak berlaku lagi" in text and "Lihat versi yang berlaku (versi 2)" in text
    assert "Petugas SLRT menerima permohonan" in text and "memindai berkas" not in text
    assert f"/layanan/{v1.instansi.slug}/{v1.slug}/versi/1/standar.pdf" in response.content.decode()
    # the version in force has its own page; a draft and an unknown version are not found
    assert client.get(f"/layanan/{v2.instansi.slug}/{v2.slug}/versi/2/")["Location"] == (
        v2.get_absolute_url()
    )
    assert client.get(f"/layanan/{v3.instansi.slug}/{v3.slug}/versi/3/").status_code == 404
    assert client.get(f"/layanan/{v3.instansi.slug}/{v3.slug}/versi/9/").status_code == 404
    assert (
        client.get(f"/layanan/{v3.instansi.slug}/{v3.slug}/versi/3/standar.pdf").status_code == 404
    )


def test_a_standard_only_drafted_is_not_public(client, personas, standar, andi):
    draf = services.layanan_copy(sumber=standar, instansi=personas.instansi_lain, by=andi)
    assert client.get(draf.get_absolute_url()).status_code == 404
    assert client.get(f"/layanan/{draf.instansi.slug}/{draf.slug}/versi/1/").status_code == 404
    assert draf.nama not in text_of(client.get(f"/layanan/{draf.instansi.slug}/"))


def test_pdf_is_of_the_version_in_force_and_of_an_earlier_version(client, dua_versi):
    v1, v2, _ = dua_versi
    html = standar_html(
        layanan=layanan_standar_get(instansi_slug=v2.instansi.slug, slug=v2.slug), page_url=""
    )
    assert "Versi 2" in html and "memindai berkas" in html and "TIDAK BERLAKU LAGI" not in html
    response = client.get(f"/layanan/{v1.instansi.slug}/{v1.slug}/versi/1/standar.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"standar-{v1.slug}-versi-1.pdf" in response["Content-Disposition"]


# -- under contention (PostgreSQL) ---------------------------------------------------

perlu_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises all writers and has no row locks: run with DATABASE_URL=postgres://…",
)


def _paralel(fn, args):
    barrier = threading.Barrier(len(args))

    def run(arg):
        try:
            barrier.wait(timeout=30)
            return fn(arg)
        except Exception as exc:  # noqa: BLE001 - collected and asserted by the caller
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(args)) as pool:
        return list(pool.map(run, args))


@perlu_postgres
@pytest.mark.django_db(transaction=True)
def test_two_admins_drafting_at_once_make_one_draft():
    instansi = make_instansi()
    layanan = standar_sederhana(instansi)
    admins = [
        make_user(f"admin-{i}", instansi=instansi, peran=Peran.ADMIN_INSTANSI) for i in (1, 2)
    ]
    hasil = _paralel(lambda u: services.layanan_create_draft(layanan=layanan, by=u), admins)
    assert sorted(type(h).__name__ for h in hasil) == ["Konflik", "Layanan"]
    assert Layanan.objects.filter(slug=layanan.slug, status_versi=StatusVersi.DRAF).count() == 1
    assert LangkahProsedur.objects.filter(layanan__slug=layanan.slug).count() == 8


@perlu_postgres
@pytest.mark.django_db(transaction=True)
def test_publishing_twice_at_once_publishes_once():
    instansi = make_instansi()
    layanan = standar_sederhana(instansi)
    admins = [
        make_user(f"admin-{i}", instansi=instansi, peran=Peran.ADMIN_INSTANSI) for i in (1, 2)
    ]
    draf = services.layanan_create_draft(layanan=layanan, by=admins[0])
    sk = {"nomor_sk": "12", "tanggal_sk": dt.date(2026, 1, 2), "berlaku_mulai": dt.date(2026, 1, 2)}
    hasil = _paralel(lambda u: services.layanan_publish(layanan=draf, by=u, **sk), admins)
    assert sorted(type(h).__name__ for h in hasil) == ["Konflik", "Layanan"]
    assert list(Layanan.objects.filter(slug=layanan.slug, aktif=True)) == [draf]
    assert Layanan.objects.get(pk=layanan.pk).status_versi == StatusVersi.ARSIP
    assert RiwayatStandar.objects.filter(kode=RiwayatStandar.Kode.DITERBITKAN).count() == 1
