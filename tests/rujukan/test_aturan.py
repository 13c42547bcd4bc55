"""Wrong role, another instansi, illegal transitions, double approval, bad
identity numbers and bad files: each a domain error with an Indonesian
message and a 4xx status, and nothing half-saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from layanan.models import Peran
from rujukan import services as s
from rujukan.models import BerkasItem, Klien, Pemohon, Penomoran, Persetujuan, Rujukan, Status
from tests.berkas_palsu import exe_sebagai_jpg, pdf, pdf_besar
from tests.factories import make_user
from tests.personas import personas_untuk
from tests.rujukan.factories import (
    data_klien,
    data_pemohon,
    kasus_di_persetujuan,
    s_register,
    standar_sederhana,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(personas):
    layanan = standar_sederhana(personas.instansi)
    return layanan, personas_untuk(personas.instansi), personas


def _jumlah():
    return (
        Klien.objects.count(),
        Pemohon.objects.count(),
        Rujukan.objects.count(),
        BerkasItem.objects.count(),
        sum(Penomoran.objects.values_list("terakhir", flat=True)),
    )


def test_petugas_loket_cannot_sign(setup):
    layanan, staf, _ = setup
    r = kasus_di_persetujuan(layanan, staf)
    with pytest.raises(s.IzinDitolak) as exc:
        s.rujukan_approve(rujukan=r, by=staf.petugas_loket)
    assert exc.value.status_code == 403
    r.refresh_from_db()
    assert r.status == Status.PERSETUJUAN


def test_kabid_cannot_sign_for_other_instansi(setup):
    layanan, staf, personas = setup
    r = kasus_di_persetujuan(layanan, staf)
    kadis_lain = make_user("kadis_lain", instansi=personas.instansi_lain, peran=Peran.KEPALA_DINAS)
    for orang in (personas.staf_lain, kadis_lain):
        with pytest.raises(s.IzinDitolak, match="instansi"):
            s.rujukan_approve(rujukan=r, by=orang)
    assert Persetujuan.objects.filter(konsep__rujukan=r).count() == 1  # only the paraf
    with pytest.raises(s.IzinDitolak, match="instansi"):
        s.rujukan_register(
            by=personas.staf_lain,
            permohonan=s.PermohonanBaru(
                layanan=layanan,
                klien=data_klien(dt.date(1980, 1, 1)),
                pemohon=data_pemohon(),
            ),
        )


def test_illegal_transitions_are_refused_with_the_stage_named(setup):
    layanan, staf, _ = setup
    r = s_register(layanan, staf).rujukan
    with pytest.raises(s.TransisiTidakSah, match="tahap “Diajukan”") as exc:
        s.rujukan_close(rujukan=r, by=staf.petugas_loket)
    assert exc.value.status_code == 409
    with pytest.raises(s.TransisiTidakSah):
        s.rujukan_approve(rujukan=r, by=staf.kadis)
    with pytest.raises(s.TransisiTidakSah):  # no verification stage in this standard
        s.rujukan_skip_verification(rujukan=r, by=staf.petugas_loket, catatan="x")
    r.refresh_from_db()
    assert r.status == Status.DIAJUKAN


def test_nothing_is_approved_twice(setup):
    layanan, staf, personas = setup
    r = kasus_di_persetujuan(layanan, staf, paraf=False)
    koordinator2 = make_user("koord2", instansi=personas.instansi, peran=Peran.KOORDINATOR)
    s.rujukan_approve(rujukan=r, by=staf.koordinator)
    # the same official again, and a second koordinator clicking late on a stale page
    with pytest.raises(s.Konflik, match="sudah memberi persetujuan"):
        s.rujukan_approve(rujukan=r, by=staf.koordinator)
    with pytest.raises(s.IzinDitolak, match="Tanda tangan Kepala Dinas"):
        s.rujukan_approve(rujukan=r, by=koordinator2)
    assert Persetujuan.objects.filter(konsep__rujukan=r).count() == 1


def test_a_returned_draft_restarts_the_chain_on_the_next_version(setup):
    layanan, staf, _ = setup
    r = kasus_di_persetujuan(layanan, staf)  # koordinator has given paraf on v1
    r = s.rujukan_return_draft(rujukan=r, by=staf.kadis, catatan="Perbaiki alamat.")
    v2 = s.rujukan_submit_for_approval(rujukan=r, by=staf.petugas_loket)
    with pytest.raises(s.IzinDitolak):  # the Kadis must wait for a new paraf
        s.rujukan_approve(rujukan=r, by=staf.kadis)
    s.rujukan_approve(rujukan=r, by=staf.koordinator)
    r = s.rujukan_approve(rujukan=r, by=staf.kadis)
    assert r.status == Status.PRODUK_TERBIT
    assert list(v2.persetujuan.values_list("urutan", flat=True)) == [1, 2]


def test_notes_are_required_where_the_office_must_say_why(setup):
    layanan, staf, _ = setup
    r = kasus_di_persetujuan(layanan, staf)
    with pytest.raises(s.DataTidakValid, match="perlu diperbaiki"):
        s.rujukan_return_draft(rujukan=r, by=staf.kadis, catatan="  ")
    with pytest.raises(s.DataTidakValid):
        s.rujukan_cancel(rujukan=r, by=staf.kadis, alasan="")


@pytest.mark.parametrize(
    "nik,pesan",
    [
        ("637101010180000", "16 angka"),
        ("9971010101800001", "kode provinsi"),
        ("6300010101800001", "kabupaten/kota"),
        ("6371013202800001", "Tanggal lahir"),
        ("6371017201800001", "Tanggal lahir"),
        ("6371010101800000", "urut"),
    ],
)
def test_bad_nik_saves_nothing(setup, nik, pesan):
    layanan, staf, _ = setup
    sebelum = _jumlah()
    klien = data_klien(dt.date(1980, 1, 1))
    klien.nik = nik
    with pytest.raises(s.DataTidakValid, match=pesan) as exc:
        s_register(layanan, staf, klien=klien)
    assert exc.value.status_code == 400
    assert _jumlah() == sebelum


def test_nik_gives_birth_date_sex_and_age_with_plus_40_for_women(setup):
    layanan, staf, _ = setup
    klien = data_klien(dt.date(1952, 8, 17), perempuan=True)
    assert klien.nik[6:8] == "57"
    r = s_register(layanan, staf, klien=klien).rujukan
    k = r.klien
    assert (k.tanggal_lahir, k.jenis_kelamin) == (dt.date(1952, 8, 17), "P")
    assert k.usia(dt.date(2026, 8, 16)) == 73 and k.usia(dt.date(2026, 8, 17)) == 74


def test_bad_kk_and_missing_reason_without_nik(setup):
    layanan, staf, _ = setup
    klien = data_klien(dt.date(1980, 1, 1))
    klien.no_kk = "12345"
    with pytest.raises(s.DataTidakValid, match="Nomor KK"):
        s_register(layanan, staf, klien=klien)
    tanpa = s.DataKlien(nama="Mr. X (ditemukan di pasar)")
    with pytest.raises(s.DataTidakValid, match="alasan"):
        s_register(layanan, staf, klien=tanpa)
    tanpa.alasan_tanpa_identitas = "Ditemukan terlantar, tidak ingat identitas."
    r = s_register(layanan, staf, klien=tanpa).rujukan
    assert r.klien.nik == "" and r.klien.tanggal_lahir is None


def test_returning_klien_is_reused_and_open_case_reported(setup):
    layanan, staf, _ = setup
    klien = data_klien(dt.date(1980, 1, 1))
    pertama = s_register(layanan, staf, klien=klien)
    assert pertama.klien_baru and pertama.rujukan_terbuka_lain == []
    ulang = s.DataKlien(nama="Siti Aminah", nik=" ".join([klien.nik[:6], klien.nik[6:]]))
    kedua = s_register(layanan, staf, klien=ulang)
    assert not kedua.klien_baru
    assert kedua.rujukan.klien_id == pertama.rujukan.klien_id
    assert kedua.rujukan_terbuka_lain == [pertama.rujukan]
    assert Klien.objects.count() == 1


@override_settings(MAX_UPLOAD_MB=1)
def test_oversized_and_fake_files_are_refused_and_nothing_saved(setup):

    layanan, staf, _ = setup
    sebelum = _jumlah()
    besar = pdf_besar()
    pid = layanan.persyaratan.get().pk
    for berkas, pesan in ((besar, "terlalu besar"), (exe_sebagai_jpg(), "Jenis berkas")):
        with pytest.raises(s.DataTidakValid, match=pesan):
            s.rujukan_register(
                by=staf.petugas_loket,
                permohonan=s.PermohonanBaru(
                    layanan=layanan,
                    klien=data_klien(dt.date(1980, 1, 1)),
                    pemohon=data_pemohon(),
                    berkas={pid: berkas},
                ),
            )
    assert _jumlah() == sebelum
    r = s_register(layanan, staf).rujukan
    item = r.berkas.get()
    nama_lama = item.berkas.name
    with pytest.raises(s.DataTidakValid, match="Jenis berkas"):
        s.berkas_unggah(rujukan=r, by=staf.petugas_loket, item=item, berkas=exe_sebagai_jpg())
    item.refresh_from_db()
    assert item.berkas.name == nama_lama
    # stored at a non-guessable path that does not carry the uploaded name
    assert "ktp" not in nama_lama and len(nama_lama.rsplit("/", 1)[1]) == 36
    ok = s.berkas_unggah(rujukan=r, by=staf.petugas_loket, item=item, berkas=pdf("ktp-baru.pdf"))
    assert ok.tipe_berkas == "application/pdf"


def test_panti_user_cannot_work_cases(setup):
    layanan, staf, personas = setup
    r = s_register(layanan, staf).rujukan
    with pytest.raises(s.IzinDitolak):
        s.rujukan_start_check(rujukan=r, by=personas.panti)
