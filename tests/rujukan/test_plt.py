"""Acting officials (Plt/Plh) at the approvals: a Kabid appointed Plt. Kepala
Dinas signs what the Kepala Dinas signs during the period, as "Plt." on the
letter and in the history, and no longer the day after it ends."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from layanan.models import Panti, PenunjukanPelaksana, Peran
from layanan.models_pelaksana import hari_ini
from rujukan import services as s
from rujukan.documents import jabatan_kepala
from rujukan.errors import IzinDitolak
from rujukan.models import Dokumen, JenisDokumen, Persetujuan
from rujukan.permissions import (
    boleh_menandatangani_usulan,
    boleh_mengubah_dokumen,
    giliran_persetujuan,
    peran_dari,
)
from rujukan.riwayat import riwayat_rujukan
from rujukan.selectors import rujukan_menunggu_persetujuan
from rujukan.verifikasi import verifikasi_publik
from tests.factories import make_instansi
from tests.layanan.factories import make_jabatan
from tests.personas import personas_untuk
from tests.rujukan.dokumen_uji import isi
from tests.rujukan.factories import kasus_di_persetujuan, standar_sederhana, teks_pdf
from tests.rujukan.views_helpers import daftarkan

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")
# a Tuesday; the appointment runs Monday 23 to Friday 27 November 2026
SELASA = dt.datetime(2026, 11, 24, 10, 0, tzinfo=WITA)
MULAI, SELESAI = dt.date(2026, 11, 23), dt.date(2026, 11, 27)


def _segar(user: User) -> User:
    """The user as a new request sees them (no per-request caches)."""
    return User.objects.select_related("pegawai").get(pk=user.pk)


def _kantor(jenis=PenunjukanPelaksana.Jenis.PLT):
    instansi = make_instansi()
    instansi.zona_waktu = "Asia/Makassar"
    instansi.save(update_fields=["zona_waktu"])
    staf = personas_untuk(instansi)
    kadis = make_jabatan(instansi, "Kepala Dinas Sosial", Peran.KEPALA_DINAS, pemegang=[staf.kadis])
    PenunjukanPelaksana.objects.create(
        instansi=instansi,
        jabatan=kadis,
        pegawai=staf.kabid.pegawai,
        jenis=jenis,
        mulai=MULAI,
        selesai=SELESAI,
        dasar="800/123/Dinsos/2026",
    )
    return instansi, staf


def test_acting_kabid_signs_as_plt_kadis_within_the_period():
    with time_machine.travel(SELASA, tick=False):
        instansi, staf = _kantor()
        r = kasus_di_persetujuan(standar_sederhana(instansi), staf)
        kabid = _segar(staf.kabid)
        assert Peran.KEPALA_DINAS in peran_dari(kabid)
        assert giliran_persetujuan(user=kabid, rujukan=r)
        assert r.pk in {x.pk for x in rujukan_menunggu_persetujuan(user=kabid)}

        r = s.rujukan_approve(rujukan=r, by=kabid)

        ttd = Persetujuan.objects.get(konsep__rujukan=r, jenis="tanda_tangan")
        assert ttd.oleh == staf.kabid
        assert ttd.sebagai["awalan"] == "Plt."
        assert ttd.sebagai["jabatan"] == "Kepala Dinas Sosial"
        assert ttd.sebagai["menggantikan"] == "Dr. H. Ahmad Fauzi, M.Si"
        assert ttd.sebagai["dasar"] == "800/123/Dinsos/2026"
        surat = Dokumen.objects.get(rujukan=r, jenis=JenisDokumen.SURAT_REKOMENDASI)
        assert surat.penandatangan_info["pelaksana"]["menggantikan"] == "Dr. H. Ahmad Fauzi, M.Si"
        assert surat.penandatangan_info["jabatan"] == "Plt. Kepala Dinas Sosial"
        assert verifikasi_publik(surat).penandatangan_jabatan == "Plt. Kepala Dinas Sosial"
        teks = teks_pdf(isi(surat))
        assert f"Plt. {jabatan_kepala(instansi)}," in teks
        assert "Hasan Basri, S.Sos., M.Si" in teks
        assert "19780101 200501 1 002" in teks
        assert "Ahmad Fauzi" not in teks.split("Plt.")[-1]
        sebagai = [e.kalimat for e in riwayat_rujukan(r) if e.kode == "rujukan.approve"]
        assert (
            "Hasan Basri, S.Sos., M.Si sebagai Plt. Kepala Dinas Sosial menggantikan "
            "Dr. H. Ahmad Fauzi, M.Si memberi persetujuan pada konsep." in sebagai
        )
        # the Koordinator's paraf was given in his own right: his sentence is plain
        assert any(k.startswith("Dewi") and "sebagai" not in k for k in sebagai), sebagai


def test_plh_prints_plh():
    with time_machine.travel(SELASA, tick=False):
        instansi, staf = _kantor(PenunjukanPelaksana.Jenis.PLH)
        r = kasus_di_persetujuan(standar_sederhana(instansi), staf)
        r = s.rujukan_approve(rujukan=r, by=_segar(staf.kabid))
        surat = Dokumen.objects.get(rujukan=r, jenis=JenisDokumen.SURAT_REKOMENDASI)
        assert f"Plh. {jabatan_kepala(instansi)}," in teks_pdf(isi(surat))


def test_the_holder_still_signs_in_own_right_during_the_appointment():
    with time_machine.travel(SELASA, tick=False):
        instansi, staf = _kantor()
        r = kasus_di_persetujuan(standar_sederhana(instansi), staf)
        r = s.rujukan_approve(rujukan=r, by=_segar(staf.kadis))
        surat = Dokumen.objects.get(rujukan=r, jenis=JenisDokumen.SURAT_REKOMENDASI)
        teks = teks_pdf(isi(surat))
        assert f"{jabatan_kepala(instansi)}," in teks and "Plt." not in teks
        assert Persetujuan.objects.get(konsep__rujukan=r, jenis="tanda_tangan").sebagai == {}


def test_acting_kabid_is_refused_the_day_after_the_appointment_ends():
    with time_machine.travel(SELASA, tick=False):
        instansi, staf = _kantor()
        r = kasus_di_persetujuan(standar_sederhana(instansi), staf)
    # the last day, late in the evening in Makassar: still in force
    with time_machine.travel(dt.datetime(2026, 11, 27, 23, 30, tzinfo=WITA), tick=False):
        kabid = _segar(staf.kabid)
        assert giliran_persetujuan(user=kabid, rujukan=r)
        assert kabid.has_perm("rujukan.setujui")
    # half past midnight in Makassar is still 27 November in UTC: ended already
    with time_machine.travel(dt.datetime(2026, 11, 28, 0, 30, tzinfo=WITA), tick=False):
        kabid = _segar(staf.kabid)
        assert Peran.KEPALA_DINAS not in peran_dari(kabid)
        assert not giliran_persetujuan(user=kabid, rujukan=r)
        assert r.pk not in {x.pk for x in rujukan_menunggu_persetujuan(user=kabid)}
        with pytest.raises(IzinDitolak, match="bukan giliran Anda"):
            s.rujukan_approve(rujukan=r, by=kabid)
        assert not Persetujuan.objects.filter(konsep__rujukan=r, jenis="tanda_tangan").exists()


def test_an_acting_official_receives_the_covered_roles_permissions_only():
    with time_machine.travel(SELASA, tick=False):
        instansi, staf = _kantor()
        loket = personas_untuk(instansi).petugas_loket
        kasi = make_jabatan(instansi, "Kepala Seksi Uji", Peran.KOORDINATOR)
        PenunjukanPelaksana.objects.create(
            instansi=instansi,
            jabatan=kasi,
            pegawai=loket.pegawai,
            jenis=PenunjukanPelaksana.Jenis.PLH,
            mulai=MULAI,
            selesai=SELESAI,
            dasar="800/124/Dinsos/2026",
        )
        loket = _segar(loket)
        assert loket.has_perm("rujukan.setujui")  # the Koordinator's
        assert not loket.has_perm("rujukan.ekspor_arsip")  # the Kabid's, not covered
        assert Peran.KOORDINATOR in peran_dari(loket)


def test_the_inbox_and_home_show_the_acting_official_the_covered_items():
    with time_machine.travel(SELASA, tick=False):
        instansi, staf = _kantor()
        r = kasus_di_persetujuan(standar_sederhana(instansi), staf)
        c = Client()
        c.force_login(staf.kabid)
        page = c.get(reverse("staf:beranda")).content.decode()
        assert r.nomor_registrasi in page
        assert "sebagai Plt. Kepala Dinas Sosial (sampai 27 November 2026)" in page
        kotak = c.get(reverse("rujukan:persetujuan")).content.decode()
        assert r.nomor_registrasi in kotak
        assert "sebagai Plt. Kepala Dinas Sosial (sampai 27 November 2026)" in kotak
        # the holder sees the same item, without the note
        c.force_login(staf.kadis)
        kotak = c.get(reverse("rujukan:persetujuan")).content.decode()
        assert r.nomor_registrasi in kotak and "sebagai Plt." not in kotak


def test_acting_official_signs_the_proposal_to_a_panti_and_the_history_names_both(standar):
    layanan = standar["banjarmasin"]
    instansi = layanan.instansi
    panti = Panti.objects.create(instansi=instansi, nama="PSTW Budi Sejahtera", jenis="panti")
    staf = personas_untuk(instansi)
    r = daftarkan(layanan, staf, nama="Siti Aminah", lahir=dt.date(1950, 3, 4)).rujukan
    s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    s.rujukan_record_assessment(rujukan=r, by=staf.peksos, kondisi="Lemah.", kesimpulan_layak=True)
    r = s.rujukan_complete_verification(rujukan=r, by=staf.peksos)
    # the office's head holds the jabatan that signs the standard's letters
    ttd = next(x for x in r.alur.rantai if x.jenis == "tanda_tangan")
    step = layanan.langkah.filter(pk=ttd.langkah_id).first()
    jabatan = (step.jabatan.first() if step else None) or make_jabatan(
        instansi, "Kepala Dinas Sosial Uji", Peran.KEPALA_DINAS
    )
    if step is not None:
        step.jabatan.set([jabatan])
    staf.kadis.pegawai.jabatan_portal.add(jabatan)
    hari = hari_ini(instansi.zona_waktu)
    PenunjukanPelaksana.objects.create(
        instansi=instansi,
        jabatan=jabatan,
        pegawai=staf.kabid.pegawai,
        jenis=PenunjukanPelaksana.Jenis.PLH,
        mulai=hari - dt.timedelta(days=1),
        selesai=hari + dt.timedelta(days=1),
        dasar="Sprint 800/9/Dinsos",
    )
    s.rujukan_record_consent(rujukan=r, by=staf.peksos, pemberi="Siti Aminah")
    s.rujukan_prepare_panti_proposal(rujukan=r, by=staf.peksos, panti=panti)
    r.refresh_from_db()
    assert not boleh_menandatangani_usulan(user=_segar(staf.koordinator), rujukan=r)
    kabid = _segar(staf.kabid)
    assert boleh_menandatangani_usulan(user=kabid, rujukan=r)

    pengajuan = s.rujukan_send_to_panti(rujukan=r, by=kabid)

    teks = teks_pdf(isi(pengajuan.dokumen))
    assert f"Plh. {jabatan_kepala(instansi)}," in teks
    assert "Hasan Basri, S.Sos., M.Si" in teks
    kalimat = [e.kalimat for e in riwayat_rujukan(r) if e.kode == "rujukan.send_to_panti"]
    assert kalimat == [
        "Hasan Basri, S.Sos., M.Si sebagai Plh. "
        f"{jabatan.nama} menggantikan Dr. H. Ahmad Fauzi, M.Si menandatangani dan "
        "mengirim usulan ke panti/lembaga."
    ]


def _jumlah_query(user) -> int:
    c = Client()
    c.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(reverse("staf:beranda")).status_code == 200
    return len(ctx.captured_queries)


def test_the_acting_officials_home_runs_a_fixed_number_of_queries():
    with time_machine.travel(SELASA, tick=False):
        instansi, staf = _kantor()
        layanan = standar_sederhana(instansi)
        kasus_di_persetujuan(layanan, staf)
        satu = _jumlah_query(staf.kabid)
        for _ in range(3):
            kasus_di_persetujuan(layanan, staf)
        assert _jumlah_query(staf.kabid) == satu
        # the acting official pays two queries: the appointment, the covered role's permissions
        assert satu <= _jumlah_query(staf.kadis) + 2


def test_a_plh_gives_the_paraf_of_the_jabatan_covered_and_the_history_names_both():
    with time_machine.travel(SELASA, tick=False):
        instansi = make_instansi()
        staf = personas_untuk(instansi)
        kasi = make_jabatan(
            instansi, "Kepala Seksi Rehabilitasi", Peran.KOORDINATOR, pemegang=[staf.koordinator]
        )
        PenunjukanPelaksana.objects.create(
            instansi=instansi,
            jabatan=kasi,
            pegawai=staf.peksos.pegawai,
            jenis=PenunjukanPelaksana.Jenis.PLH,
            mulai=MULAI,
            selesai=SELESAI,
            dasar="Sprint 800/5/Dinsos",
        )
        r = kasus_di_persetujuan(standar_sederhana(instansi), staf, paraf=False)
        peksos = _segar(staf.peksos)
        assert giliran_persetujuan(user=peksos, rujukan=r)
        r = s.rujukan_approve(rujukan=r, by=peksos)
        paraf = Persetujuan.objects.get(konsep__rujukan=r, jenis="paraf")
        assert (paraf.oleh, paraf.sebagai["awalan"]) == (staf.peksos, "Plh.")
        nama = staf.peksos.pegawai.nama
        assert (
            f"{nama} sebagai Plh. Kepala Seksi Rehabilitasi menggantikan "
            f"{staf.koordinator.pegawai.nama} memberi persetujuan pada konsep."
        ) in [e.kalimat for e in riwayat_rujukan(r)]
        # the signature is still the Kepala Dinas's own
        assert not giliran_persetujuan(user=_segar(staf.peksos), rujukan=r)
        r = s.rujukan_approve(rujukan=r, by=_segar(staf.kadis))
        surat = Dokumen.objects.get(rujukan=r, jenis=JenisDokumen.SURAT_REKOMENDASI)
        assert "Plh." not in teks_pdf(isi(surat))


def test_a_plt_of_another_post_signs_on_the_heads_behalf():
    with time_machine.travel(SELASA, tick=False):
        instansi = make_instansi()
        staf = personas_untuk(instansi)
        layanan = standar_sederhana(instansi)
        layanan.langkah.filter(jenis_persetujuan="tanda_tangan").update(peran="kepala_bidang")
        nama = "Kepala Bidang Rehabilitasi Sosial"
        kabid = make_jabatan(instansi, nama, Peran.KEPALA_BIDANG, pemegang=[staf.kabid])
        PenunjukanPelaksana.objects.create(
            instansi=instansi,
            jabatan=kabid,
            pegawai=staf.peksos.pegawai,
            jenis=PenunjukanPelaksana.Jenis.PLT,
            mulai=MULAI,
            selesai=SELESAI,
            dasar="800/6/Dinsos",
        )
        r = kasus_di_persetujuan(layanan, staf)
        r = s.rujukan_approve(rujukan=r, by=_segar(staf.peksos))
        surat = Dokumen.objects.get(rujukan=r, jenis=JenisDokumen.SURAT_REKOMENDASI)
        teks = teks_pdf(isi(surat))
        assert f"a.n. {jabatan_kepala(instansi)} Plt. KEPALA BIDANG REHABILITASI SOSIAL," in teks
        assert staf.peksos.pegawai.nama in teks


def test_the_acting_official_may_revoke_or_reissue_the_heads_letters_only_in_the_period():
    with time_machine.travel(SELASA, tick=False):
        instansi, staf = _kantor()
        r = kasus_di_persetujuan(standar_sederhana(instansi), staf)
        r = s.rujukan_approve(rujukan=r, by=_segar(staf.kadis))
        surat = Dokumen.objects.get(rujukan=r, jenis=JenisDokumen.SURAT_REKOMENDASI)
        assert boleh_mengubah_dokumen(user=_segar(staf.kabid), dokumen=surat)
    with time_machine.travel(dt.datetime(2026, 11, 28, 9, 0, tzinfo=WITA), tick=False):
        assert not boleh_mengubah_dokumen(user=_segar(staf.kabid), dokumen=surat)
        assert boleh_mengubah_dokumen(user=_segar(staf.kadis), dokumen=surat)
