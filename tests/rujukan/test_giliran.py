"""Whose turn it is: the staff home lists, for each officer, exactly the open
cases of their instansi whose current step of the standard is theirs — the
file check for the desk, a field step for the peksos assigned to the case,
the assignment for the Koordinator/Kabid while nobody is, a disposition for
the Kadis — and approvals only under approvals; with a number of queries
that does not grow with the cases."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from layanan.models import JenisLangkah, LangkahProsedur
from rujukan import clock
from rujukan import services as s
from rujukan.models import StatusLangkah
from rujukan.selectors import Giliran, rujukan_giliran
from tests.factories import make_instansi, make_user
from tests.personas import personas_untuk
from tests.rujukan.factories import kasus_di_persetujuan, s_register, standar_sederhana
from tests.rujukan.test_langkah import standar_disposisi

pytestmark = pytest.mark.django_db

KUNJUNGAN = "Kunjungan rumah dan asesmen klien"


def standar_lapangan(instansi=None):
    """standar_sederhana with a home visit by the peksos before the draft
    (three working days)."""
    layanan = standar_sederhana(instansi=instansi)
    layanan.langkah.filter(urutan__gte=2).update(urutan=F("urutan") + 1)
    LangkahProsedur.objects.create(
        layanan=layanan,
        urutan=2,
        teks=KUNJUNGAN,
        tahap="verifikasi",
        jenis=JenisLangkah.KUNJUNGAN,
        peran="pekerja_sosial",
        durasi_nilai=3,
        durasi_satuan="hari_kerja",
    )
    return layanan


def peksos_lain(staf):
    return make_user(
        f"peksos-lain-{staf.instansi.slug}", instansi=staf.instansi, peran="pekerja_sosial"
    )


def di_lapangan(layanan, staf, *, peksos=None):
    """A case at its field step, assigned to `peksos` (or to nobody)."""
    r = s_register(layanan, staf).rujukan
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    r = s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    if peksos is not None:
        r = s.rujukan_assign_peksos(rujukan=r, by=staf.koordinator, peksos=peksos)
    return r


def giliran(user) -> dict[str, Giliran]:
    return {g.rujukan.nomor_registrasi: g for g in rujukan_giliran(user=user).giliran}


def beranda(user) -> str:
    c = Client()
    c.force_login(user)
    response = c.get(reverse("staf:beranda"))
    assert response.status_code == 200
    return response.content.decode()


def tugas_anda(page: str) -> str:
    return page.split("Tugas Anda", 1)[1].split("Terlambat", 1)[0]


def persetujuan_anda(page: str) -> str:
    return page.split("Menunggu persetujuan Anda", 1)[1].split("Tugas Anda", 1)[0]


def test_desk_officer_has_the_file_check_of_a_submitted_case_and_nobody_else():
    layanan = standar_lapangan()
    staf = personas_untuk(layanan.instansi)
    r = s_register(layanan, staf).rujukan
    g = giliran(staf.petugas_loket)
    assert set(g) == {r.nomor_registrasi}
    assert g[r.nomor_registrasi].langkah == "Pemeriksaan berkas dan data"
    r.refresh_from_db()
    assert g[r.nomor_registrasi].tenggat == (r.tenggat_tahap or r.tenggat)
    for user in (staf.peksos, staf.koordinator, staf.kabid, staf.kadis):
        assert giliran(user) == {}
    bagian = tugas_anda(beranda(staf.petugas_loket))
    assert r.nomor_registrasi in bagian and r.klien.nama in bagian
    assert "Pemeriksaan berkas dan data" in bagian
    assert r.nomor_registrasi not in tugas_anda(beranda(staf.peksos))


def test_field_step_is_the_assigned_peksos_turn_and_an_assignment_for_who_assigns():
    layanan = standar_lapangan()
    staf = personas_untuk(layanan.instansi)
    lain = peksos_lain(staf)
    belum = di_lapangan(layanan, staf)
    milik = di_lapangan(layanan, staf, peksos=staf.peksos)
    milik_lain = di_lapangan(layanan, staf, peksos=lain)

    g = giliran(staf.peksos)
    assert set(g) == {milik.nomor_registrasi}
    row = milik.langkah_kasus.get(status=StatusLangkah.BERJALAN)
    assert g[milik.nomor_registrasi].langkah == f"Langkah 2 ({KUNJUNGAN})"
    assert g[milik.nomor_registrasi].tenggat == clock.kalender(milik).add(
        row.mulai_pada, 3, "hari_kerja"
    )
    assert not g[milik.nomor_registrasi].tugaskan
    assert set(giliran(lain)) == {milik_lain.nomor_registrasi}
    for user in (staf.koordinator, staf.kabid):
        g = giliran(user)
        assert set(g) == {belum.nomor_registrasi}
        assert g[belum.nomor_registrasi].tugaskan
    assert giliran(staf.petugas_loket) == {} and giliran(staf.kadis) == {}

    bagian = tugas_anda(beranda(staf.koordinator))
    assert "Tugaskan pekerja sosial" in bagian
    assert f'href="/lapangan/{belum.pk}/tugaskan/"' in bagian
    assert milik.nomor_registrasi not in bagian
    bagian = tugas_anda(beranda(staf.peksos))
    assert f'href="/rujukan/{milik.pk}/"' in bagian and KUNJUNGAN in bagian
    assert belum.nomor_registrasi not in bagian and milik_lain.nomor_registrasi not in bagian
    assert "Tugaskan pekerja sosial" not in bagian


def test_an_unassigned_draft_step_is_the_turn_of_its_actors_until_someone_is_assigned():
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    lain = peksos_lain(staf)
    r = s_register(layanan, staf).rujukan
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    r = s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)  # no field stage: the draft
    assert set(giliran(staf.peksos)) == set(giliran(lain)) == {r.nomor_registrasi}
    assert giliran(staf.peksos)[r.nomor_registrasi].langkah == "Langkah 2 (Konsep surat)"
    assert giliran(staf.koordinator) == {} and giliran(staf.petugas_loket) == {}
    s.rujukan_assign_peksos(rujukan=r, by=staf.koordinator, peksos=lain)
    assert giliran(staf.peksos) == {}
    assert set(giliran(lain)) == {r.nomor_registrasi}


def test_kadis_has_the_disposition_step_and_not_the_desks_work():
    layanan, staf = standar_disposisi()
    baru = s_register(layanan, staf).rujukan
    diperiksa = s_register(layanan, staf).rujukan
    diperiksa = s.rujukan_start_check(rujukan=diperiksa, by=staf.petugas_loket)

    g = giliran(staf.kadis)
    assert set(g) == {diperiksa.nomor_registrasi}
    assert g[diperiksa.nomor_registrasi].langkah == (
        "Langkah 2 (Kepala Dinas mendisposisi permohonan)"
    )
    # the case waits for the Kadis: the desk has only the new one
    assert set(giliran(staf.petugas_loket)) == {baru.nomor_registrasi}
    bagian = tugas_anda(beranda(staf.kadis))
    assert "Kepala Dinas mendisposisi permohonan" in bagian
    assert baru.nomor_registrasi not in bagian

    row = diperiksa.langkah_kasus.get(status=StatusLangkah.BERJALAN)
    s.rujukan_complete_step(rujukan=diperiksa, langkah_kasus=row.pk, by=staf.kadis, catatan="Ok.")
    assert giliran(staf.kadis) == {}
    assert set(giliran(staf.petugas_loket)) == {baru.nomor_registrasi, diperiksa.nomor_registrasi}


def test_an_approval_is_listed_under_approvals_only():
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    r = kasus_di_persetujuan(layanan, staf, paraf=False)
    for user in (staf.petugas_loket, staf.peksos, staf.koordinator, staf.kabid, staf.kadis):
        assert giliran(user) == {}
    page = beranda(staf.koordinator)
    assert r.nomor_registrasi in persetujuan_anda(page)
    assert r.nomor_registrasi not in tugas_anda(page)
    r = s.rujukan_approve(rujukan=r, by=staf.koordinator)
    assert r.nomor_registrasi not in beranda(staf.koordinator)
    page = beranda(staf.kadis)
    assert r.nomor_registrasi in persetujuan_anda(page)
    assert r.nomor_registrasi not in tugas_anda(page)


def test_staff_of_another_instansi_see_nothing():
    layanan = standar_lapangan()
    staf = personas_untuk(layanan.instansi)
    s_register(layanan, staf)
    di_lapangan(layanan, staf)
    di_lapangan(layanan, staf, peksos=staf.peksos)
    kasus_di_persetujuan(standar_sederhana(instansi=layanan.instansi), staf)
    luar = personas_untuk(make_instansi())
    for user in (luar.petugas_loket, luar.peksos, luar.koordinator, luar.kabid, luar.kadis):
        assert rujukan_giliran(user=user).total == 0
        page = beranda(user)
        assert "Tidak ada langkah rujukan yang menunggu Anda." in page
        assert "RJK" not in page


def _kasus(layanan, staf, i: int):
    """Case number i: submitted, at its field step unassigned, or assigned."""
    if i % 3 == 0:
        return s_register(layanan, staf).rujukan
    return di_lapangan(layanan, staf, peksos=staf.peksos if i % 3 == 2 else None)


def _jumlah_query(user) -> int:
    c = Client()
    c.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(reverse("staf:beranda")).status_code == 200
    return len(ctx.captured_queries)


def test_home_query_count_does_not_grow_with_the_cases():
    layanan = standar_lapangan()
    staf = personas_untuk(layanan.instansi)
    orang = {
        "loket": staf.petugas_loket,
        "peksos": staf.peksos,
        "koordinator": staf.koordinator,
        "kabid": staf.kabid,
        "kadis": staf.kadis,
    }
    for i in range(3):
        _kasus(layanan, staf, i)
    tiga = {nama: _jumlah_query(u) for nama, u in orang.items()}
    for i in range(3, 30):
        _kasus(layanan, staf, i)
    tiga_puluh = {nama: _jumlah_query(u) for nama, u in orang.items()}
    assert tiga_puluh == tiga
    # approvers read more: their turns in the office's approval chains (the
    # services, their steps and jabatan: three, once per request), what waits for
    # them, the header's count of it (rujukan.selectors_persetujuan), and one
    # more loads the session's second-factor device (akun)
    assert max(tiga.values()) <= 21, tiga
    # every panel shows 15 and counts all of them
    assert rujukan_giliran(user=staf.petugas_loket).total == 10
    koordinator = rujukan_giliran(user=staf.koordinator)
    assert koordinator.total == 10 and len(koordinator.giliran) == 10
    assert len(rujukan_giliran(user=staf.peksos, batas=4).giliran) == 4


def test_home_query_count_of_an_approver_does_not_grow_with_the_approval_cases():
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    kasus_di_persetujuan(layanan, staf, paraf=False)
    satu = _jumlah_query(staf.koordinator)
    for _ in range(2):
        kasus_di_persetujuan(layanan, staf, paraf=False)
    assert _jumlah_query(staf.koordinator) == satu
