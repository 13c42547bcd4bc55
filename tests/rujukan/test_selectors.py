"""Case lists (instansi-scoped, searchable, no N+1), the approver's inbox,
available actions, the checklist and the public tracking answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

import pytest

from rujukan import services as s
from rujukan.riwayat import riwayat_rujukan
from rujukan.selectors import (
    klien_cari,
    lacak_publik,
    langkah_checklist,
    periksa_tindakan,
    rujukan_list,
    rujukan_menunggu_persetujuan,
)
from tests.personas import personas_untuk
from tests.rujukan.factories import data_klien, kasus_di_persetujuan, s_register, standar_sederhana

pytestmark = pytest.mark.django_db


@pytest.fixture
def dunia(personas):
    layanan = standar_sederhana(personas.instansi)
    return layanan, personas_untuk(personas.instansi), personas


def _baca(qs):
    return [(r.nomor_registrasi, r.klien.nama, r.layanan.nama, r.pemohon.nama) for r in qs]


def test_case_list_costs_the_same_queries_for_two_or_twelve_cases(
    dunia, django_assert_max_num_queries
):
    layanan, staf, _ = dunia
    for _ in range(2):
        s_register(layanan, staf)
    with django_assert_max_num_queries(6) as ctx:
        _baca(rujukan_list(user=staf.petugas_loket))
    sedikit = len(ctx.captured_queries)
    for _ in range(10):
        s_register(layanan, staf)
    with django_assert_max_num_queries(sedikit) as ctx:
        assert len(_baca(rujukan_list(user=staf.petugas_loket))) == 12


def test_search_by_nik_name_and_registration_number(dunia):
    layanan, staf, _ = dunia
    klien = data_klien(dt.date(1975, 3, 3), nama="Abdul Gani")
    r = s_register(layanan, staf, klien=klien).rujukan
    s_register(layanan, staf)
    nik_spasi = f"{klien.nik[:6]} {klien.nik[6:12]} {klien.nik[12:]}"
    for q in (nik_spasi, "gani", r.nomor_registrasi.lower()):
        assert list(rujukan_list(user=staf.petugas_loket, q=q)) == [r], q
    assert [k.nama for k in klien_cari(user=staf.petugas_loket, q=klien.nik)] == ["Abdul Gani"]
    assert klien_cari(user=staf.petugas_loket, q="gani")[0].jumlah_terbuka == 1


def test_other_instansi_sees_nothing(dunia):
    layanan, staf, personas = dunia
    r = s_register(layanan, staf).rujukan
    assert list(rujukan_list(user=personas.staf_lain)) == []
    assert list(rujukan_list(user=staf.kabid)) == [r]


def test_inbox_and_actions_follow_the_chain(dunia):
    layanan, staf, _ = dunia
    r = kasus_di_persetujuan(layanan, staf, paraf=False)
    assert rujukan_menunggu_persetujuan(user=staf.koordinator) == [r]
    assert rujukan_menunggu_persetujuan(user=staf.kadis) == []
    for nama in ("approve", "return_draft", "cancel"):
        assert periksa_tindakan(r, user=staf.koordinator, nama=nama).boleh, nama
    for nama in ("approve", "return_draft"):
        assert not periksa_tindakan(r, user=staf.kadis, nama=nama).boleh, nama
    r = s.rujukan_approve(rujukan=r, by=staf.koordinator)
    assert rujukan_menunggu_persetujuan(user=staf.kadis) == [r]
    langkah = {c.langkah.teks: c for c in langkah_checklist(r)}
    assert langkah["Registrasi"].status == "selesai"
    assert langkah["Koordinator memaraf"].status == "selesai"
    assert langkah["Koordinator memaraf"].oleh == "Dewi Lestari, S.Sos"
    assert langkah["Kepala Dinas menandatangani"].status == "berjalan"


def test_blocked_action_says_why(dunia):
    layanan, staf, _ = dunia
    hasil = s.rujukan_register(
        by=staf.petugas_loket,
        permohonan=s.PermohonanBaru(
            layanan=layanan,
            klien=data_klien(dt.date(1980, 1, 1)),
            pemohon=s.DataPemohon(jenis="klien"),
        ),
    )
    r = s.rujukan_start_check(rujukan=hasil.rujukan, by=staf.petugas_loket)
    lengkap = periksa_tindakan(r, user=staf.petugas_loket, nama="accept_berkas")
    assert not lengkap.boleh and "Fotokopi KTP" in lengkap.alasan


def test_actions_whose_service_fulfils_the_condition_are_not_reported_blocked(dunia):
    """The proposal's draft chooses the panti in its own form and
    submit_for_approval writes the draft itself: neither is blocked by the
    condition its service satisfies, and the case page offers both."""
    from layanan.models import Panti

    _layanan, staf, personas = dunia
    layanan = standar_sederhana(personas.instansi, perlu_konfirmasi_panti=True)
    panti = Panti.objects.create(instansi=personas.instansi, nama="Panti Uji")
    r = s_register(layanan, staf).rujukan
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    r = s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    assert r.status == "pengajuan_panti" and r.panti_tujuan_id is None
    siapkan = periksa_tindakan(r, user=staf.peksos, nama="prepare_panti_proposal")
    assert siapkan.terhalang and "persetujuan klien" in siapkan.alasan  # consent first
    s.rujukan_record_consent(rujukan=r, by=staf.peksos, pemberi="Abdul Gani")
    siapkan = periksa_tindakan(r, user=staf.peksos, nama="prepare_panti_proposal")
    assert siapkan.boleh and siapkan.alasan == ""
    # the signature is the head's: refused to the officer, blocked for the head
    # until a draft waits (shown with its reason), then offered
    assert periksa_tindakan(r, user=staf.peksos, nama="send_to_panti").status_code == 403
    kirim = periksa_tindakan(r, user=staf.kadis, nama="send_to_panti")
    assert not kirim.boleh and kirim.terhalang and "Belum ada usulan" in kirim.alasan
    s.rujukan_prepare_panti_proposal(rujukan=r, by=staf.peksos, panti=panti)
    r.refresh_from_db()
    assert periksa_tindakan(r, user=staf.kadis, nama="send_to_panti").boleh
    assert not periksa_tindakan(r, user=staf.peksos, nama="prepare_panti_proposal").boleh
    s.rujukan_send_to_panti(rujukan=r, by=staf.kadis)
    r.refresh_from_db()
    s.rujukan_panti_answer(
        rujukan=r, by=staf.peksos, diterima=True, tanggal=dt.date.today(), catatan=""
    )
    r.refresh_from_db()
    assert r.status == "penyusunan" and r.konsep_aktif() is None
    ajukan = periksa_tindakan(r, user=staf.peksos, nama="submit_for_approval")
    assert ajukan.boleh and "Konsep produk belum disusun" not in ajukan.alasan
    # the condition still guards an edge whose service does not fulfil it
    r = kasus_di_persetujuan(layanan_sederhana := standar_sederhana(personas.instansi), staf)
    assert layanan_sederhana.pk == r.layanan_id
    setujui = periksa_tindakan(r, user=staf.kadis, nama="approve")
    assert setujui.boleh
    tolak = periksa_tindakan(r, user=staf.petugas_loket, nama="approve")
    assert (tolak.boleh, tolak.status_code) == (False, 403)
    jeda = periksa_tindakan(r, user=staf.petugas_loket, nama="resume_clock", label="Lanjutkan")
    assert (jeda.boleh, jeda.status_code) == (False, 409)
    assert "tidak sedang dijeda" in jeda.alasan


def test_public_tracking_shows_only_stage_and_expected_completion(dunia):
    layanan, staf, _ = dunia
    hasil = s_register(layanan, staf)
    nomor = hasil.rujukan.nomor_registrasi
    assert lacak_publik(nomor_registrasi=nomor, kode_lacak="AAAA-AAAA") is None
    assert lacak_publik(nomor_registrasi="RJK-1999-00001", kode_lacak=hasil.kode_lacak) is None
    jawaban = lacak_publik(nomor_registrasi=nomor.lower(), kode_lacak=hasil.kode_lacak.lower())
    # `pk` is never shown: the page finds the survey invitation of a finished case by it
    assert set(asdict(jawaban)) == {
        "pk",
        "nomor_registrasi",
        "tahap",
        "selesai",
        "perkiraan_selesai",
        "diperbarui",
    }
    assert jawaban.tahap == "Diajukan" and not jawaban.selesai
    assert hasil.rujukan.klien.nama not in str(asdict(jawaban))
    assert hasil.kode_lacak not in hasil.rujukan.kode_lacak_hash


def test_history_reads_as_indonesian_sentences(dunia):
    layanan, staf, _ = dunia
    r = kasus_di_persetujuan(layanan, staf)
    entri = riwayat_rujukan(r)
    assert entri[0].kalimat == "Rina Marlina mendaftarkan permohonan."
    paraf = next(e for e in entri if e.kode == "rujukan.approve")
    assert paraf.kalimat == "Dewi Lestari, S.Sos memberi persetujuan pada konsep."
    assert (paraf.dari, paraf.ke, paraf.catatan) == (
        "Menunggu persetujuan pejabat",
        "Menunggu persetujuan pejabat",
        "Paraf Koordinator",
    )
