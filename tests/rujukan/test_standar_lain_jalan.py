"""Each of the sixteen standards — the five the portal ships
(layanan/data/standar/) and eleven of other offices (tests/data/standar_lain/)
—, loaded as data with no code of its own, runs a case from registration to
its end: the desk, the field, the office's own officials, the product of the
standard's kind. At every point the checklist shows exactly the current
step(s): the first open step in published order and the steps published to
run with it. An applicant who fails a data-checked fact is refused at the
file check."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from layanan.data.muat import muat_kategori_ppks, muat_standar
from layanan.models import CaraPeriksa, Jabatan, JenisSubjek, Panti, Pegawai, Tahap
from rujukan import services as s
from rujukan.alur import alur_layanan, produk_untuk
from rujukan.kelayakan import periksa_fakta
from rujukan.langkah import manual as is_manual
from rujukan.models import STATUS_AKHIR, DataDTKS, Dokumen, Rujukan, Status, StatusLangkah
from rujukan.permissions import boleh_bertindak_langkah, giliran_persetujuan
from tests.berkas_palsu import pdf
from tests.personas import personas_untuk
from tests.rujukan.factories import (
    data_anggota,
    data_klien,
    data_lembaga,
    data_pemohon,
    kirim_usulan_panti,
    pengurus_lembaga,
)

pytestmark = pytest.mark.django_db

BERKAS = sorted((Path(__file__).resolve().parents[1] / "data" / "standar_lain").glob("*.json"))
SEED = sorted((Path(__file__).resolve().parents[2] / "layanan" / "data" / "standar").glob("*.json"))


def _staf(instansi):
    staf = personas_untuk(instansi)
    semua = [staf.petugas_loket, staf.peksos, staf.koordinator, staf.kabid, staf.kadis]
    for user in semua:
        peran = {g.name for g in user.groups.all()}
        jabatan = [
            j for j in Jabatan.objects.filter(instansi=instansi) if j.get_peran_display() in peran
        ]
        Pegawai.objects.get(user=user).jabatan_portal.set(jabatan)
    return staf, semua


def _lahir(layanan) -> dt.date:
    """A birth date that meets every age fact of the standard."""
    umur = 45
    for p in layanan.persyaratan.filter(jenis="fakta", cara_periksa=CaraPeriksa.USIA):
        bawah, atas = p.nilai_ambang or 0, p.nilai_maksimal or 200
        umur = max(bawah, min(umur, atas))
    today = dt.date.today()
    return today.replace(year=today.year - umur, day=1) - dt.timedelta(days=40)


def _daftar(layanan, staf, lahir, sub=None):
    """Register a case about whom the standard serves: a person, a family or
    group (with two more members), or an organisation (asked by an agency)."""
    sub = sub or layanan.sub_layanan.order_by("urutan", "pk").first()
    persyaratan = s.persyaratan_untuk(layanan, sub)
    wilayah = (layanan.instansi.kode_wilayah or "637101").ljust(6, "1")
    subjek: dict = {"klien": data_klien(lahir, wilayah=wilayah)}
    pemohon = data_pemohon("kelurahan")
    if layanan.jenis_subjek == JenisSubjek.ORGANISASI:
        subjek = {"klien": data_lembaga(), "pengurus": pengurus_lembaga()}
        pemohon = data_pemohon("instansi")
    elif layanan.jenis_subjek == JenisSubjek.KELUARGA:
        subjek["anggota"] = data_anggota(wilayah)
    hasil = s.rujukan_register(
        by=staf.petugas_loket,
        permohonan=s.PermohonanBaru(
            layanan=layanan,
            sub_layanan=sub,
            pemohon=pemohon,
            berkas={p.pk: pdf() for p in persyaratan if p.jenis == "dokumen"},
            **subjek,
        ),
    )
    return hasil.rujukan


def _jalankan(r: Rujukan, staf, semua) -> tuple[Rujukan, list[str]]:
    """Take the case to its end, one action at a time; the states it passed."""
    dilalui = []
    for _ in range(80):
        r = Rujukan.objects.get(pk=r.pk)
        _cek_checklist(r)
        if r.status in STATUS_AKHIR:
            break
        dilalui.append(r.status)
        _langkah(r, staf, semua)
    return Rujukan.objects.get(pk=r.pk), dilalui


def _teks_pdf(dokumen: Dokumen) -> str:
    with dokumen.berkas.open("rb") as f:
        data = f.read()
    hasil = subprocess.run(  # noqa: S603 — fixed argv, Debian poppler-utils
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return " ".join(hasil.stdout.decode().split())


def _cek_checklist(r: Rujukan) -> None:
    rows = list(r.langkah_kasus.select_related("langkah").order_by("urutan"))
    kini = [x for x in rows if x.status == StatusLangkah.BERJALAN]
    if not kini:
        return
    pertama = kini[0]
    terbuka = [x for x in rows if x.status in (StatusLangkah.MENUNGGU, StatusLangkah.BERJALAN)]
    assert terbuka[0] == pertama, "the current step is the first open step"
    for x in kini[1:]:
        assert x.langkah.bersamaan, "only steps published to run together are current together"


def _oleh(semua, row):
    return next(u for u in semua if boleh_bertindak_langkah(user=u, langkah=row.langkah))


def _langkah(r: Rujukan, staf, semua) -> None:
    """Take the one next action the case's standard calls for now."""
    manual = r.langkah_kasus.filter(status=StatusLangkah.BERJALAN).select_related("langkah")
    for row in manual:
        if is_manual(row.langkah):
            s.rujukan_complete_step(
                rujukan=r, langkah_kasus=row.pk, by=_oleh(semua, row), catatan="Selesai, uji."
            )
            return
    st, alur = r.status, r.alur
    tahap = {
        Status.PEMERIKSAAN_BERKAS: Tahap.PEMERIKSAAN_BERKAS,
        Status.VERIFIKASI: Tahap.VERIFIKASI,
        Status.PENANGANAN: Tahap.PENANGANAN,
    }.get(st)
    terakhir = tahap is not None and alur.tahap_berikut(tahap) is None
    if st == Status.DIAJUKAN:
        s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    elif st == Status.PEMERIKSAAN_BERKAS:
        for hasil in periksa_fakta(r):  # what the data cannot say, the officer states
            if hasil.terpenuhi is None:
                s.berkas_tandai(
                    rujukan=r, by=staf.petugas_loket, item=hasil.item, terpenuhi=True, catatan="Uji"
                )
        if terakhir:
            s.rujukan_issue_at_desk(rujukan=r, by=staf.petugas_loket)
        else:
            s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    elif st == Status.VERIFIKASI:
        if r.peksos_id is None:
            s.rujukan_assign_peksos(rujukan=r, by=staf.kabid, peksos=staf.peksos)
        s.rujukan_record_assessment(
            rujukan=r, by=staf.peksos, kondisi="Uji", kesimpulan_layak=True, alasan="Layak."
        )
        if terakhir and alur.produk_loket:
            s.rujukan_issue_at_desk(rujukan=r, by=staf.petugas_loket)
        else:
            s.rujukan_complete_verification(rujukan=r, by=staf.peksos)
    elif st == Status.PENANGANAN:
        if not terakhir:
            s.rujukan_complete_handling(rujukan=r, by=staf.peksos)
        elif alur.produk_loket:
            s.rujukan_issue_at_desk(rujukan=r, by=staf.petugas_loket)
        elif alur.laporan_kegiatan:
            s.rujukan_record_activity(
                rujukan=r,
                by=staf.peksos,
                jenis="pendampingan",
                tanggal=dt.date.today(),
                uraian="Uji",
            )
            s.rujukan_report_accompaniment(rujukan=r, by=staf.peksos)
        else:
            s.rujukan_reunite(rujukan=r, by=staf.peksos, uraian="Uji")
    elif st == Status.PENGAJUAN_PANTI:
        panti = Panti.objects.filter(instansi=r.instansi).first() or Panti.objects.create(
            instansi=r.instansi, nama="Panti Uji", jenis="panti"
        )
        kirim_usulan_panti(r, staf, panti, pengusul=staf.petugas_loket)
    elif st == Status.MENUNGGU_PANTI:
        s.rujukan_panti_answer(
            rujukan=r, by=staf.petugas_loket, diterima=True, tanggal=dt.date.today()
        )
    elif st == Status.PENYUSUNAN:
        s.rujukan_submit_for_approval(
            rujukan=r, by=staf.petugas_loket, perihal="Uji", kepada="Pemohon"
        )
    elif st == Status.PERSETUJUAN:
        pejabat = next(u for u in semua if giliran_persetujuan(user=u, rujukan=r))
        s.rujukan_approve(rujukan=r, by=pejabat)
    elif st == Status.PRODUK_TERBIT:
        if r.panti_tujuan_id:
            s.rujukan_deliver_to_panti(rujukan=r, by=staf.petugas_loket)
        else:
            s.rujukan_hand_to_pemohon(rujukan=r, by=staf.petugas_loket)
    else:
        s.rujukan_close(rujukan=r, by=staf.petugas_loket)


@pytest.mark.parametrize("berkas", SEED + BERKAS, ids=[b.stem for b in SEED + BERKAS])
def test_each_standard_runs_a_case_to_its_end_as_published(berkas):
    muat_kategori_ppks()
    layanan = muat_standar(path=berkas).layanan
    staf, semua = _staf(layanan.instansi)
    r = _daftar(layanan, staf, _lahir(layanan))
    if layanan.persyaratan.filter(cara_periksa=CaraPeriksa.DTKS).exists():
        DataDTKS.objects.create(
            instansi=layanan.instansi, nik=r.klien.nik, nama="Uji", tanggal_data=dt.date(2026, 1, 1)
        )
    # papers incomplete once: back to the applicant, then resubmitted
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    r = s.rujukan_return_to_pemohon(
        rujukan=r, by=staf.petugas_loket, catatan="KK belum dilampirkan."
    )
    assert r.status == Status.DIKEMBALIKAN
    _cek_checklist(r)
    r = s.rujukan_resubmit(rujukan=r, by=staf.petugas_loket)
    r, dilalui = _jalankan(r, staf, semua)
    assert r.status == Status.SELESAI, dilalui
    assert not r.langkah_kasus.exclude(
        status__in=[StatusLangkah.SELESAI, StatusLangkah.DILEWATI]
    ).exists()
    produk = Dokumen.objects.filter(rujukan=r).exclude(jenis="tanda_terima")
    if r.alur.produk_loket:
        assert set(produk.values_list("jenis", flat=True)) >= set(r.alur.produk_loket)
        assert Status.PERSETUJUAN not in dilalui
    if r.alur.produk_disetujui:
        assert set(produk.values_list("jenis", flat=True)) >= set(r.alur.produk_disetujui)
        assert Status.PERSETUJUAN in dilalui
    # the product names whom the case is about: the organisation and its
    # officers, or every member of the family/group
    surat = [d for d in produk if d.jenis not in ("laporan_sosial", "laporan_kegiatan")]
    for dokumen in surat:
        teks = _teks_pdf(dokumen)
        assert r.klien.nama in teks
        if layanan.jenis_subjek == JenisSubjek.ORGANISASI:
            assert "Berbadan hukum" in teks and "Yusnimar" in teks
        for a in r.anggota.select_related("klien"):
            assert a.klien.nama in teks


def _standar_dengan_sub_layanan():
    out = []
    for berkas in SEED + BERKAS:
        data = json.loads(berkas.read_text(encoding="utf-8"))
        semua = data["layanan"] if isinstance(data["layanan"], list) else [data["layanan"]]
        if any(lay.get("sub_layanan") for lay in semua):
            out.append(berkas)
    return out


@pytest.mark.parametrize("berkas", _standar_dengan_sub_layanan(), ids=lambda b: b.stem)
def test_each_sub_service_ends_in_its_own_product(berkas):
    """A standard holding several sub-services (Lima Puluh Kota: a letter for
    one, a registration for the two others) gives each case the product of
    its own sub-service, and no other."""
    muat_kategori_ppks()
    layanan = muat_standar(path=berkas).layanan
    staf, semua = _staf(layanan.instansi)
    dtks = layanan.persyaratan.filter(cara_periksa=CaraPeriksa.DTKS).exists()
    for sub in layanan.sub_layanan.order_by("urutan", "pk"):
        r = _daftar(layanan, staf, _lahir(layanan), sub=sub)
        terdaftar = DataDTKS.objects.dengan_nik(r.klien.nik).filter(instansi=layanan.instansi)
        if dtks and not terdaftar.exists():
            DataDTKS.objects.create(
                instansi=layanan.instansi,
                nik=r.klien.nik,
                nama="Uji",
                tanggal_data=dt.date(2026, 1, 1),
            )
        r, dilalui = _jalankan(r, staf, semua)
        assert r.status == Status.SELESAI, (sub.nama, dilalui)
        diharapkan = alur_layanan(layanan, sub.pk)
        terbit = set(
            Dokumen.objects.filter(rujukan=r)
            .exclude(jenis="tanda_terima")
            .values_list("jenis", flat=True)
        )
        assert terbit >= set(diharapkan.produk_loket + diharapkan.produk_disetujui)
        lain = {
            p.jenis_dokumen or p.jenis
            for p in layanan.produk.exclude(sub_layanan=None).exclude(sub_layanan=sub)
        } - {p.jenis_dokumen or p.jenis for p in produk_untuk(layanan, sub.pk)}
        assert not terbit & lain, (sub.nama, terbit, lain)


def _tidak_lanjut_lalu_ditolak(r: Rujukan, staf) -> Rujukan:
    """The case cannot move on to its product while a fact is unmet; it closes
    as not eligible with the reason, and the only letter is the refusal."""
    maju = (
        s.rujukan_issue_at_desk
        if r.alur.produk_loket and not r.alur.verifikasi
        else (s.rujukan_accept_berkas)
    )
    with pytest.raises(s.TransisiTidakSah, match="belum memenuhi syarat"):
        maju(rujukan=r, by=staf.petugas_loket)
    r = s.rujukan_reject_ineligible(
        rujukan=r, by=staf.petugas_loket, alasan="Tidak memenuhi syarat."
    )
    assert r.status == Status.TIDAK_MEMENUHI_SYARAT
    assert list(
        Dokumen.objects.filter(rujukan=r)
        .exclude(jenis="tanda_terima")
        .values_list("jenis", flat=True)
    ) == ["surat_penolakan"]
    return r


def _standar_dengan_fakta_data():
    out = []
    for berkas in BERKAS:
        teks = berkas.read_text(encoding="utf-8")
        if '"cara_periksa": "usia"' in teks or '"cara_periksa": "dtks"' in teks:
            out.append(berkas)
    return out


@pytest.mark.parametrize("berkas", _standar_dengan_fakta_data(), ids=lambda b: b.stem)
def test_an_applicant_who_fails_a_data_checked_fact_is_refused_at_the_file_check(berkas):
    layanan = muat_standar(path=berkas).layanan
    staf, _semua = _staf(layanan.instansi)
    usia = layanan.persyaratan.filter(cara_periksa=CaraPeriksa.USIA).first()
    lahir = _lahir(layanan)
    if usia is not None:  # one year too young
        today = dt.date.today()
        lahir = today.replace(year=today.year - usia.nilai_ambang + 1, day=1)
    else:  # the office's DTKS extract does not list the applicant
        DataDTKS.objects.create(
            instansi=layanan.instansi,
            nik="6371010101800099",
            nama="Orang lain",
            tanggal_data=dt.date(2026, 1, 1),
        )
    r = s.rujukan_start_check(rujukan=_daftar(layanan, staf, lahir), by=staf.petugas_loket)
    for hasil in periksa_fakta(r):
        if hasil.terpenuhi is None:
            s.berkas_tandai(
                rujukan=r, by=staf.petugas_loket, item=hasil.item, terpenuhi=True, catatan="-"
            )
    r = _tidak_lanjut_lalu_ditolak(r, staf)
    assert set(r.langkah_kasus.values_list("status", flat=True)) <= {
        StatusLangkah.SELESAI,
        StatusLangkah.DILEWATI,
    }


def _standar_dengan_fakta():
    return [b for b in SEED + BERKAS if '"jenis": "fakta"' in b.read_text(encoding="utf-8")]


@pytest.mark.parametrize("berkas", _standar_dengan_fakta(), ids=lambda b: b.stem)
def test_an_applicant_an_officer_finds_not_eligible_gets_no_product(berkas):
    """Every standard with an eligibility fact: when the officer states a fact
    is not met, the case cannot move on to its product and closes as not
    eligible, with the reason."""
    muat_kategori_ppks()
    layanan = muat_standar(path=berkas).layanan
    staf, _semua = _staf(layanan.instansi)
    r = s.rujukan_start_check(
        rujukan=_daftar(layanan, staf, _lahir(layanan)), by=staf.petugas_loket
    )
    hasil = periksa_fakta(r)
    assert hasil
    for h in hasil:
        s.berkas_tandai(
            rujukan=r,
            by=staf.petugas_loket,
            item=h.item,
            terpenuhi=False,
            catatan="Tidak terbukti.",
        )
    r = _tidak_lanjut_lalu_ditolak(r, staf)
