"""`manage.py buat_data_demo` after `muat_standar` and `buat_akun_demo`: every
seed's path is at work on a fresh demo server — demo cases at several points
of each standard's path, a panti for every panti login, a DTKS extract — and a
demo case of each seed runs to its end with the demo accounts alone, through
the services: nothing has to be fixed in the admin first."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import transaction

from lapangan.services import lapangan_check_dtks
from layanan.management.commands.buat_akun_demo import AKUN_PERAN
from layanan.models import Instansi, Panti, Pegawai, Tahap
from rujukan import services as s
from rujukan.kelayakan import periksa_fakta
from rujukan.langkah import langkah_manual_tertunda
from rujukan.models import (
    STATUS_AKHIR,
    DataDTKS,
    Dokumen,
    JenisDokumen,
    Klien,
    Rujukan,
    Status,
    StatusLangkah,
)
from rujukan.models.rujukan import STATUS_PENYERAHAN, STATUS_TAHAP
from rujukan.permissions import (
    boleh_bertindak_langkah,
    boleh_menandatangani_usulan,
    giliran_persetujuan,
)
from warga.kontak import normalisasi
from warga.selectors import rujukan_warga

pytestmark = pytest.mark.django_db

SEED = ("banjar", "banjarmasin", "bulukumba", "depok", "si-laras-manis")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The five seeds, their demo accounts and the demo data, made once for
    this module and rolled back after it; each test runs in a savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("muat_standar", stdout=StringIO())
        call_command("buat_akun_demo", "--force", stdout=StringIO())
        out = StringIO()
        call_command("buat_data_demo", "--force", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def _jumlah() -> dict[str, int]:
    """The number of rows of every model of the portal's apps."""
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in ("layanan", "rujukan", "lapangan", "pengaduan", "auth")
    }


def test_refuses_with_debug_off_without_force(settings):
    settings.DEBUG = False
    sebelum = _jumlah()
    with pytest.raises(CommandError, match="DEBUG mati"):
        call_command("buat_data_demo", stdout=StringIO())
    assert _jumlah() == sebelum


def test_demo_cases_stand_at_several_points_of_each_seeds_path(demo):
    for slug in SEED:
        status = set(Rujukan.objects.filter(instansi__slug=slug).values_list("status", flat=True))
        assert len(status) >= 5, (slug, status)
        assert {Status.DIAJUKAN, Status.PEMERIKSAAN_BERKAS, Status.SELESAI} <= status, slug
    per = {
        slug: set(Rujukan.objects.filter(instansi__slug=slug).values_list("status", flat=True))
        for slug in SEED
    }
    assert Status.MENUNGGU_PANTI in per["banjarmasin"]  # waiting for the panti
    assert {Status.VERIFIKASI, Status.PERSETUJUAN, Status.PRODUK_TERBIT} <= per["bulukumba"]
    assert {Status.PENANGANAN, Status.REUNIFIKASI, Status.PRODUK_TERBIT} <= per["banjar"]
    assert {Status.PENANGANAN, Status.PENDAMPINGAN_DILAPORKAN} <= per["si-laras-manis"]
    # paraf given, waiting for the signature (Bulukumba: Kabid paraf → Kadis signs)
    ttd = [
        r
        for r in Rujukan.objects.filter(instansi__slug="bulukumba", status=Status.PERSETUJUAN)
        if r.konsep_aktif().persetujuan.exists()
    ]
    assert ttd and ttd[0].langkah_persetujuan_berikut().jenis == "tanda_tangan"
    # the assessment recorded at field verification
    assert Rujukan.objects.filter(status=Status.VERIFIKASI, asesmen__isnull=False).exists()
    # letters issued with their numbers
    assert Dokumen.objects.filter(jenis=JenisDokumen.SURAT_REKOMENDASI).exclude(nomor="").exists()
    assert all(k.nama.endswith("(Demo)") for k in Klien.objects.all())


def test_depok_skips_the_survey_for_a_client_in_dtks_and_not_for_one_who_is_not(demo):
    depok = Rujukan.objects.filter(instansi__slug="depok")
    survei = {
        r.pk: r.langkah_kasus.get(langkah__tahap=Tahap.VERIFIKASI).status
        for r in depok.exclude(status__in=[Status.DIAJUKAN, Status.PEMERIKSAAN_BERKAS])
    }
    assert StatusLangkah.DILEWATI in survei.values()
    assert StatusLangkah.SELESAI in survei.values() or StatusLangkah.BERJALAN in survei.values()
    for r in depok.filter(pk__in=survei):
        di_dtks = DataDTKS.objects.milik(r.instansi).dengan_nik(r.klien.nik).exists()
        assert di_dtks == (survei[r.pk] == StatusLangkah.DILEWATI), r
        assert r.terdaftar_dtks is di_dtks


def test_every_office_has_a_panti_its_panti_login_is_linked_to(demo):
    assert Panti.objects.filter(instansi__slug="banjarmasin", aktif=True).exists()
    assert Panti.objects.filter(instansi__slug="banjar", aktif=True).exists()
    for pegawai in Pegawai.objects.filter(user__username__startswith="panti."):
        assert pegawai.panti is not None, pegawai.user.username
        assert pegawai.panti.aktif and pegawai.panti.instansi_id == pegawai.instansi_id
    # Bulukumba keeps the UPT its standard names
    bulukumba = Pegawai.objects.get(user__username="panti.bulukumba")
    assert bulukumba.panti.nama.startswith("UPT Dinas Sosial Prov. Sulawesi Selatan")
    # Banjarmasin's panti answered online through its own login
    assert Rujukan.objects.filter(
        instansi__slug="banjarmasin", pengajuan_panti__dijawab_oleh__username="panti.banjarmasin"
    ).exists()


def test_each_office_has_a_dtks_extract_with_some_demo_clients_and_some_others(demo):
    for instansi in Instansi.objects.filter(slug__in=SEED):
        nik = set(DataDTKS.objects.milik(instansi).values_list("nik", flat=True))
        klien = set(Klien.objects.filter(instansi=instansi).values_list("nik", flat=True))
        assert nik & klien and nik - klien and klien - nik, instansi.slug


def test_letters_for_the_head_of_office_carry_a_name(demo):
    for instansi in Instansi.objects.filter(slug__in=SEED):
        assert instansi.kepala_nama
    assert Instansi.objects.get(slug="si-laras-manis").kepala_nama == "ROKHYAT RIYADI, SE, M.Si"
    assert Instansi.objects.get(slug="depok").kepala_nama.endswith("(Demo)")
    # a letter to a panti carries the name of the official who signed it
    pengajuan = Dokumen.objects.filter(jenis=JenisDokumen.PENGAJUAN_PANTI).first()
    assert pengajuan.penandatangan.has_perm("rujukan.setujui")
    assert pengajuan.penandatangan_info["nama"] == pengajuan.penandatangan.pegawai.nama


def test_a_second_run_adds_nothing(demo):
    sebelum = _jumlah()
    out = StringIO()
    call_command("buat_data_demo", "--force", stdout=out)
    assert _jumlah() == sebelum
    assert "Selesai: 0 rujukan demo baru." in out.getvalue()


# -- each seed to its end with the demo accounts alone ----------------------------------------
def _akun(instansi: Instansi) -> list[User]:
    return [
        User.objects.get(username=f"{prefix}.{instansi.slug}")
        for prefix, _jabatan, _nama in AKUN_PERAN.values()
    ]


def _oleh(akun: list[User], r: Rujukan, izin: str) -> User:
    """A demo account with the permission; the one the current step names first."""
    kini = [row.langkah for row in r.langkah_kasus.filter(status=StatusLangkah.BERJALAN)]
    boleh = [u for u in akun if u.has_perm(f"rujukan.{izin}")]
    for u in boleh:
        if any(boleh_bertindak_langkah(user=u, langkah=step) for step in kini):
            return u
    return boleh[0]


def _nyatakan(akun, r: Rujukan, izin: str) -> None:
    for hasil in periksa_fakta(r):
        if hasil.terpenuhi is None:
            s.berkas_tandai(
                rujukan=r, by=_oleh(akun, r, izin), item=hasil.item, terpenuhi=True, catatan="Uji"
            )


def _langkah(r: Rujukan, akun: list[User]) -> None:
    """Take the one next action the case's standard calls for now."""
    row = langkah_manual_tertunda(r)
    if row is not None:
        by = next(u for u in akun if boleh_bertindak_langkah(user=u, langkah=row.langkah))
        s.rujukan_complete_step(rujukan=r, langkah_kasus=row.pk, by=by, catatan="Selesai, uji.")
        return
    st, alur, hari_ini = r.status, r.alur, dt.date.today()
    terakhir = st in STATUS_TAHAP and alur.tahap_berikut(STATUS_TAHAP[st]) is None
    if st == Status.DIAJUKAN:
        s.rujukan_start_check(rujukan=r, by=_oleh(akun, r, "periksa_berkas"))
    elif st == Status.PEMERIKSAAN_BERKAS:
        _nyatakan(akun, r, "periksa_berkas")
        if alur.verifikasi_kecuali_dtks:
            lapangan_check_dtks(rujukan=r, by=_oleh(akun, r, "periksa_berkas"))
        elif terakhir:
            s.rujukan_issue_at_desk(rujukan=r, by=_oleh(akun, r, "serahkan"))
        else:
            s.rujukan_accept_berkas(rujukan=r, by=_oleh(akun, r, "periksa_berkas"))
    elif st == Status.VERIFIKASI:
        if r.peksos_id is None:
            peksos = next(u for u in akun if u.username.startswith("peksos."))
            s.rujukan_assign_peksos(rujukan=r, by=_oleh(akun, r, "tugaskan"), peksos=peksos)
            r.refresh_from_db()
        s.rujukan_record_assessment(rujukan=r, by=r.peksos, kondisi="Uji", kesimpulan_layak=True)
        s.rujukan_complete_verification(rujukan=r, by=r.peksos)
    elif st == Status.PENANGANAN:
        by = r.peksos or _oleh(akun, r, "tangani")
        if not r.kegiatan.exists():
            s.rujukan_record_activity(
                rujukan=r, by=by, jenis="pendampingan", tanggal=hari_ini, uraian="Uji"
            )
        elif not terakhir:
            s.rujukan_complete_handling(rujukan=r, by=by)
        elif alur.laporan_kegiatan:
            s.rujukan_report_accompaniment(rujukan=r, by=by)
        else:
            s.rujukan_reunite(rujukan=r, by=by, tanggal=hari_ini, uraian="Uji")
    elif st == Status.PENGAJUAN_PANTI and r.usulan_panti_menunggu() is None:
        # a panti of the office, as it stands after the command
        panti = Panti.objects.filter(instansi=r.instansi, aktif=True).first()
        if not r.persetujuan_klien.exists():
            s.rujukan_record_consent(
                rujukan=r,
                by=_oleh(akun, r, "ajukan_panti"),
                pemberi=r.pemohon.nama,
                hubungan="wali",
                alasan="Klien diwakili pemohon.",
            )
        s.rujukan_prepare_panti_proposal(rujukan=r, by=_oleh(akun, r, "ajukan_panti"), panti=panti)
    elif st == Status.PENGAJUAN_PANTI:  # the official who signs letters signs and sends it
        penanda = next(u for u in akun if boleh_menandatangani_usulan(user=u, rujukan=r))
        s.rujukan_send_to_panti(rujukan=r, by=penanda)
    elif st == Status.MENUNGGU_PANTI:  # the panti answers through its own demo login
        panti = next(u for u in akun if u.username.startswith("panti."))
        s.rujukan_panti_answer(rujukan=r, by=panti, diterima=True, tanggal=hari_ini)
    elif st == Status.PENYUSUNAN:
        _nyatakan(akun, r, "verifikasi")
        s.rujukan_submit_for_approval(rujukan=r, by=_oleh(akun, r, "susun_konsep"))
    elif st == Status.PERSETUJUAN:
        s.rujukan_approve(
            rujukan=r, by=next(u for u in akun if giliran_persetujuan(user=u, rujukan=r))
        )
    elif st == Status.PRODUK_TERBIT and r.panti_tujuan_id:
        s.rujukan_deliver_to_panti(rujukan=r, by=_oleh(akun, r, "serahkan"))
    elif st == Status.PRODUK_TERBIT:
        s.rujukan_hand_to_pemohon(rujukan=r, by=_oleh(akun, r, "serahkan"))
    else:
        assert st in STATUS_PENYERAHAN, st
        s.rujukan_close(rujukan=r, by=_oleh(akun, r, "serahkan"))


@pytest.mark.parametrize("slug", SEED)
def test_a_demo_case_of_each_seed_runs_to_its_end_with_the_demo_accounts(demo, slug):
    instansi = Instansi.objects.get(slug=slug)
    akun = _akun(instansi)
    assert all(u.groups.exists() and u.pegawai.instansi_id == instansi.pk for u in akun)
    r = Rujukan.objects.filter(instansi=instansi, status=Status.DIAJUKAN).order_by("pk").first()
    dilalui = []
    for _ in range(60):
        r = Rujukan.objects.get(pk=r.pk)
        if r.status in STATUS_AKHIR:
            break
        dilalui.append(r.status)
        _langkah(r, akun)
    assert r.status == Status.SELESAI, dilalui
    assert not r.langkah_kasus.exclude(
        status__in=[StatusLangkah.SELESAI, StatusLangkah.DILEWATI]
    ).exists()
    if r.alur.produk_disetujui:
        assert Status.PERSETUJUAN in dilalui
        terbit = set(Dokumen.objects.filter(rujukan=r).values_list("jenis", flat=True))
        assert set(r.alur.produk_disetujui) <= terbit
    if r.alur.pengajuan_panti:
        assert Status.MENUNGGU_PANTI in dilalui


def test_each_demo_applicant_finds_their_cases_on_the_citizens_page(demo):
    """The demo applicants' fictitious numbers (README "The citizen's page") lead
    a first user to real demo cases when they log in as a citizen."""
    semua = set()
    for nomor in ("0812-0000-0001", "0812-0000-0002", "0812-0000-0003", "0812-0000-0004"):
        milik = set(rujukan_warga(normalisasi(nomor)).values_list("pk", flat=True))
        assert milik, nomor
        assert not milik & semua, nomor  # each number sees only its own applicant's cases
        semua |= milik
    assert semua == set(Rujukan.objects.values_list("pk", flat=True))
