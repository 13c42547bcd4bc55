"""The standard's steps as the case's cursor: exactly the current step(s) at
every point, returns reopen the step the standard names, a step without a
transition of its own is finished by its actor (and blocks the case until
then), and an either/or signer is honoured."""

from __future__ import annotations

import subprocess

import pytest
from django.db.models import F
from django.test import Client

from layanan.models import Jabatan, JenisLangkah, LangkahProsedur, Pegawai, Peran
from rujukan import services as s
from rujukan.errors import IzinDitolak, TransisiTidakSah
from rujukan.models import Status, StatusLangkah
from rujukan.selectors import langkah_checklist
from tests.factories import make_instansi, make_user
from tests.personas import personas_untuk
from tests.rujukan.factories import kasus_di_persetujuan, s_register, standar_sederhana

pytestmark = pytest.mark.django_db


def masuk(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def berjalan(r) -> list[str]:
    return [c.langkah.teks for c in langkah_checklist(r) if c.status == StatusLangkah.BERJALAN]


def status_langkah(r) -> dict[str, str]:
    return {c.langkah.teks: c.status for c in langkah_checklist(r)}


def test_checklist_shows_exactly_the_current_step_at_every_step():
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    r = s_register(layanan, staf).rujukan
    # registration done by the desk officer; the file check is no published step
    assert status_langkah(r)["Registrasi"] == StatusLangkah.SELESAI
    assert berjalan(r) == []
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    assert berjalan(r) == []
    r = s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    assert berjalan(r) == ["Konsep surat"]
    s.rujukan_submit_for_approval(rujukan=r, by=staf.petugas_loket)
    r.refresh_from_db()
    assert berjalan(r) == ["Koordinator memaraf"]
    r = s.rujukan_approve(rujukan=r, by=staf.koordinator)
    assert berjalan(r) == ["Kepala Dinas menandatangani"]
    paraf = next(c for c in langkah_checklist(r) if c.langkah.teks == "Koordinator memaraf")
    assert paraf.oleh == "Dewi Lestari, S.Sos" and paraf.pada is not None
    r = s.rujukan_approve(rujukan=r, by=staf.kadis)
    assert r.status == Status.PRODUK_TERBIT
    assert berjalan(r) == []
    assert set(status_langkah(r).values()) == {StatusLangkah.SELESAI}


def test_a_returned_draft_reopens_the_drafting_step_and_the_chain():
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    r = kasus_di_persetujuan(layanan, staf)
    r = s.rujukan_return_draft(rujukan=r, by=staf.kadis, catatan="Perbaiki alamat tujuan.")
    assert r.status == Status.PENYUSUNAN
    assert berjalan(r) == ["Konsep surat"]
    assert status_langkah(r)["Koordinator memaraf"] == StatusLangkah.MENUNGGU


def test_withdrawn_case_skips_the_remaining_steps_with_the_reason():
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    r = s_register(layanan, staf).rujukan
    r = s.rujukan_withdraw(rujukan=r, by=staf.petugas_loket, alasan="Keluarga menjemput klien.")
    rows = {c.langkah.teks: c for c in langkah_checklist(r)}
    assert rows["Konsep surat"].status == StatusLangkah.DILEWATI
    assert rows["Konsep surat"].catatan == "Keluarga menjemput klien."
    assert rows["Registrasi"].status == StatusLangkah.SELESAI


def standar_disposisi():
    """Kadis dispositions first and signs last, or the Kabid signs instead
    ("Kepala Dinas atau Kepala Bidang") — the Baubau and Sekadau shapes."""
    layanan = standar_sederhana(instansi=make_instansi(slug="baubau-uji"))
    instansi = layanan.instansi
    kadis = Jabatan.objects.create(
        instansi=instansi, nama="Kepala Dinas Sosial", peran="kepala_dinas", urutan=1
    )
    kabid = Jabatan.objects.create(
        instansi=instansi, nama="Kepala Bidang Linjamsos", peran="kepala_bidang", urutan=2
    )
    jf = Jabatan.objects.create(
        instansi=instansi, nama="Jabatan Fungsional", peran="koordinator", urutan=3
    )
    layanan.langkah.filter(teks="Registrasi").update(jenis=JenisLangkah.TERIMA)
    disposisi = LangkahProsedur.objects.create(
        layanan=layanan,
        urutan=2,
        teks="Kepala Dinas mendisposisi permohonan",
        tahap="pemeriksaan_berkas",
        jenis=JenisLangkah.DISPOSISI,
        peran="kepala_dinas",
    )
    disposisi.jabatan.set([kadis])
    layanan.langkah.filter(teks="Konsep surat").update(urutan=3, jenis=JenisLangkah.SUSUN)
    paraf = layanan.langkah.get(teks="Koordinator memaraf")
    LangkahProsedur.objects.filter(pk=paraf.pk).update(urutan=4, jenis=JenisLangkah.PARAF)
    paraf.jabatan.set([jf])
    ttd = layanan.langkah.get(teks="Kepala Dinas menandatangani")
    LangkahProsedur.objects.filter(pk=ttd.pk).update(urutan=5, jenis=JenisLangkah.TANDA_TANGAN)
    ttd.jabatan.set([kadis, kabid])
    staf = personas_untuk(instansi)
    Pegawai.objects.get(user=staf.kadis).jabatan_portal.set([kadis])
    Pegawai.objects.get(user=staf.kabid).jabatan_portal.set([kabid])
    Pegawai.objects.get(user=staf.koordinator).jabatan_portal.set([jf])
    return layanan, staf


def test_a_step_without_its_own_transition_blocks_the_case_until_its_actor_finishes_it():
    layanan, staf = standar_disposisi()
    r = s_register(layanan, staf).rujukan
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    assert berjalan(r) == ["Kepala Dinas mendisposisi permohonan"]
    with pytest.raises(TransisiTidakSah) as exc:
        s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    assert "Langkah 2" in exc.value.pesan and "belum diselesaikan" in exc.value.pesan
    row = r.langkah_kasus.get(status=StatusLangkah.BERJALAN)
    with pytest.raises(IzinDitolak) as exc:
        s.rujukan_complete_step(rujukan=r, langkah_kasus=row.pk, by=staf.petugas_loket, catatan="-")
    assert exc.value.status_code == 403 and "Kepala Dinas Sosial" in exc.value.pesan
    s.rujukan_complete_step(
        rujukan=r, langkah_kasus=row.pk, by=staf.kadis, catatan="Disposisi ke Kasi Linjamsos."
    )
    assert berjalan(r) == []  # the file check is the desk's work, not a published step
    r = s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    assert berjalan(r) == ["Konsep surat"]
    done = next(c for c in langkah_checklist(r) if c.langkah.pk == row.langkah_id)
    assert done.oleh == "Dr. H. Ahmad Fauzi, M.Si" and done.catatan.startswith("Disposisi")


def test_either_or_signer_and_the_offices_own_jabatan_decide_who_approves():
    layanan, staf = standar_disposisi()
    r = s_register(layanan, staf).rujukan
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    row = r.langkah_kasus.get(status=StatusLangkah.BERJALAN)
    s.rujukan_complete_step(rujukan=r, langkah_kasus=row.pk, by=staf.kadis, catatan="Disposisi.")
    r = s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    s.rujukan_submit_for_approval(rujukan=r, by=staf.petugas_loket)
    r.refresh_from_db()
    # the paraf is the Jabatan Fungsional's: the Kabid (an approving role) may not
    with pytest.raises(IzinDitolak):
        s.rujukan_approve(rujukan=r, by=staf.kabid)
    r = s.rujukan_approve(rujukan=r, by=staf.koordinator)
    # "Kepala Dinas atau Kepala Bidang": the Kabid signs
    r = s.rujukan_approve(rujukan=r, by=staf.kabid)
    assert r.status == Status.PRODUK_TERBIT
    ttd = next(c for c in langkah_checklist(r) if c.langkah.teks == "Kepala Dinas menandatangani")
    assert ttd.status == StatusLangkah.SELESAI and ttd.oleh == "Hasan Basri, S.Sos., M.Si"
    assert ttd.pelaksana == "Kepala Dinas Sosial atau Kepala Bidang Linjamsos"
    # the letter is signed by the Kabid on the head's behalf, not as the head
    surat = r.dokumen.get(jenis="surat_rekomendasi")
    with surat.berkas.open("rb") as fh:
        teks = subprocess.run(
            ["pdftotext", "-", "-"], input=fh.read(), capture_output=True, check=True
        ).stdout.decode()
    assert "a.n. KEPALA DINAS" in teks and "Hasan Basri" in teks


def test_case_page_offers_the_step_to_its_actor_and_the_reason_to_others():
    layanan, staf = standar_disposisi()
    r = s_register(layanan, staf).rujukan
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    row = r.langkah_kasus.get(status=StatusLangkah.BERJALAN)
    url = f"/rujukan/{r.pk}/langkah/{row.pk}/selesai/"
    halaman = masuk(staf.petugas_loket).get(f"/rujukan/{r.pk}/").content.decode()
    assert url not in halaman and "Menunggu Kepala Dinas Sosial." in halaman
    kadis = masuk(staf.kadis)
    assert url in kadis.get(f"/rujukan/{r.pk}/").content.decode()
    assert kadis.post(url, {"catatan": "  "}).status_code == 400
    assert masuk(staf.petugas_loket).post(url, {"catatan": "x"}).status_code == 403
    assert (
        masuk(personas_untuk(make_instansi()).kadis).post(url, {"catatan": "x"}).status_code == 404
    )
    row.refresh_from_db()
    assert row.status == StatusLangkah.BERJALAN
    assert kadis.post(url, {"catatan": "Disposisi ke Kasi."}).status_code == 302
    row.refresh_from_db()
    assert row.status == StatusLangkah.SELESAI and row.selesai_oleh == staf.kadis


def test_another_institutions_step_pauses_the_clock_until_its_document_is_recorded():
    layanan = standar_sederhana()
    layanan.langkah.filter(urutan__gte=2).update(urutan=F("urutan") + 1)
    LangkahProsedur.objects.create(
        layanan=layanan,
        urutan=2,
        teks="Polsek menerbitkan Surat Keterangan Orang Terlantar",
        tahap="pemeriksaan_berkas",
        jenis=JenisLangkah.INSTANSI_LAIN,
        peran="petugas_loket",
        instansi_luar="Kepolisian Sektor",
        jeda_waktu=True,
    )
    staf = personas_untuk(layanan.instansi)
    r = s_register(layanan, staf).rujukan
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    assert berjalan(r) == ["Polsek menerbitkan Surat Keterangan Orang Terlantar"]
    r.refresh_from_db()
    jeda = r.jeda.get(selesai__isnull=True)
    assert r.dijeda and jeda.alasan == "menunggu_instansi_lain"
    assert jeda.keterangan == "Kepolisian Sektor"
    with pytest.raises(TransisiTidakSah, match="Kepolisian Sektor dicatat selesai"):
        s.rujukan_resume_clock(rujukan=r, by=staf.kabid)
    row = r.langkah_kasus.get(status=StatusLangkah.BERJALAN)
    s.rujukan_complete_step(
        rujukan=r,
        langkah_kasus=row.pk,
        by=staf.petugas_loket,
        catatan="Surat Polsek No. 12/XI/2026.",
    )
    r.refresh_from_db()
    assert not r.dijeda and not r.jeda.filter(selesai__isnull=True).exists()


def test_the_completion_time_starts_at_the_step_the_standard_names():
    layanan = standar_sederhana(waktu_nilai=5, waktu_satuan="hari_kerja")
    layanan.langkah.filter(teks="Konsep surat").update(mulai_waktu=True)
    staf = personas_untuk(layanan.instansi)
    r = s_register(layanan, staf).rujukan
    assert r.tenggat is None  # not from registration: from the named step
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    assert r.tenggat is None
    r = s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    r.refresh_from_db()
    assert r.tenggat is not None and r.tenggat > r.dibuat_pada


def test_the_field_page_is_offered_to_the_assigned_social_worker_only():
    """While nobody is assigned any peksos of the office may start the field
    work; once a colleague is assigned, the page is neither offered nor opened."""
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    r = s_register(layanan, staf).rujukan
    lapangan = f'href="/lapangan/{r.pk}/"'
    assert lapangan in masuk(staf.peksos).get(f"/rujukan/{r.pk}/").content.decode()
    assert masuk(staf.peksos).get(f"/lapangan/{r.pk}/").status_code == 200
    rekan = make_user("rekan", instansi=layanan.instansi, peran=Peran.PEKERJA_SOSIAL)
    s.rujukan_assign_peksos(rujukan=r, by=staf.kabid, peksos=rekan)
    page = masuk(staf.peksos).get(f"/rujukan/{r.pk}/").content.decode()
    assert lapangan not in page and "ditugaskan kepada pekerja sosial lain" in page
    assert masuk(staf.peksos).get(f"/lapangan/{r.pk}/").status_code == 403
    assert lapangan in masuk(rekan).get(f"/rujukan/{r.pk}/").content.decode()
    assert masuk(rekan).get(f"/lapangan/{r.pk}/").status_code == 200
