"""The handling machine: every state, who may take each edge, and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django_fsm_log.models import StateLog

from pengaduan import services
from pengaduan.models import Pengaduan, Penilaian, Tanggapan
from pengaduan.riwayat import peristiwa
from tests.pengaduan.factories import ajukan, catat

S = Pengaduan.Status
pytestmark = pytest.mark.django_db


def logs(p):
    ct = ContentType.objects.get_for_model(Pengaduan)
    return list(
        StateLog.objects.filter(content_type=ct, object_id=p.pk)
        .order_by("pk")
        .values_list("transition", "source_state", "state", "by__username")
    )


def satu(p, kode):
    """The one history entry of this code (a transition or another event)."""
    [e] = [e for e in peristiwa(p) if e.kode == kode]
    return e


def test_web_complaint_is_received_with_hashed_code_and_identity_apart(personas):
    p, kode = ajukan(personas.instansi)
    assert p.status == S.DITERIMA and p.saluran == "website"
    assert p.nomor.startswith("ADU-") and len(kode) == 12
    assert kode not in p.kode_lacak_hash
    assert services.cocokkan_kode(p, kode)
    assert services.cocokkan_kode(p, services.format_kode(kode).lower())
    assert p.pelapor.nama == "Siti Rahmawati"
    assert list(p.kejadian.values_list("aksi", flat=True)) == ["pengaduan.diajukan"]


def test_main_path_received_check_coordination_answered_closed(personas):
    loket, dewi = personas.petugas_loket, personas.koordinator
    p, _ = ajukan(personas.instansi)
    p = services.pengaduan_start_check(pengaduan=p, by=loket)
    assert p.status == S.CEK_ADMINISTRASI and p.petugas == loket
    p = services.pengaduan_route(
        pengaduan=p,
        by=dewi,
        jenis_koordinasi="internal",
        bidang="Bidang Rehabilitasi Sosial",
        petugas=personas.peksos,
        catatan="Mohon dicek ke lapangan.",
    )
    assert p.status == S.KOORDINASI and p.petugas == personas.peksos
    p = services.pengaduan_answer(
        pengaduan=p, by=personas.peksos, isi="Lansia sudah kami jemput ke rumah singgah."
    )
    assert p.status == S.DIJAWAB and p.batas_balasan > p.dijawab_pada
    p = services.pengaduan_close(pengaduan=p, by=loket)
    assert p.status == S.SELESAI and p.selesai_pada
    assert logs(p) == [
        ("mulai_cek", "diterima", "cek_administrasi", "rina"),
        ("koordinasikan", "cek_administrasi", "koordinasi", "dewi"),
        ("jawab", "koordinasi", "dijawab", "bima"),
        ("tutup", "dijawab", "selesai", "rina"),
    ]
    assert [e.kode for e in peristiwa(p)] == [
        "pengaduan.diajukan",
        "pengaduan.cek_dimulai",
        "pengaduan.didisposisikan",
        "pengaduan.dijawab",
        "pengaduan.ditutup",
    ]
    assert satu(p, "pengaduan.didisposisikan").data == {
        "tujuan": "Bidang Rehabilitasi Sosial, Bima"
    }


def test_external_coordination_names_the_agency(personas):
    p, _ = ajukan(personas.instansi)
    p = services.pengaduan_route(
        pengaduan=p,
        by=personas.kabid,
        jenis_koordinasi="eksternal",
        instansi_tujuan="RSUD Kota",
    )
    assert p.status == S.KOORDINASI and p.instansi_tujuan == "RSUD Kota"


def test_incomplete_waits_for_the_citizen_then_resumes(personas):
    loket = personas.petugas_loket
    p, _ = ajukan(personas.instansi)
    services.pengaduan_start_check(pengaduan=p, by=loket)
    p = services.pengaduan_request_details(pengaduan=p, by=loket, pesan="Mohon alamatnya.")
    assert p.status == S.MENUNGGU_PELAPOR and p.dijeda
    assert p.tanggapan.get().jenis == Tanggapan.Jenis.BALASAN
    services.pelapor_balas(pengaduan=p, isi="Jl. Kenanga 5 RT 02.")
    p.refresh_from_db()
    assert p.status == S.CEK_ADMINISTRASI
    assert logs(p)[-1] == ("dilengkapi_pelapor", "menunggu_pelapor", "cek_administrasi", None)


def test_duplicate_is_linked_to_the_original(personas):
    loket = personas.petugas_loket
    asli, _ = ajukan(personas.instansi)
    p, _ = ajukan(personas.instansi)
    p = services.pengaduan_mark_duplicate(pengaduan=p, by=loket, nomor_asli=asli.nomor.lower())
    assert p.status == S.DUPLIKAT and p.duplikat_dari == asli
    assert peristiwa(p)[-1].data == {"asli": asli.nomor}


def test_duplicate_of_a_ticket_of_another_office_is_refused(personas):
    lain, _ = ajukan(personas.instansi_lain)
    p, _ = ajukan(personas.instansi)
    with pytest.raises(services.PengaduanError) as exc:
        services.pengaduan_mark_duplicate(
            pengaduan=p, by=personas.petugas_loket, nomor_asli=lain.nomor
        )
    assert exc.value.status_code == 400
    p.refresh_from_db()
    assert p.status == S.DITERIMA


def test_forwarding_elsewhere_needs_the_coordinator(personas):
    p, _ = ajukan(personas.instansi)
    with pytest.raises(services.PengaduanError) as exc:
        services.pengaduan_forward(
            pengaduan=p, by=personas.petugas_loket, instansi_tujuan="Dinas Dukcapil", pesan="x"
        )
    assert exc.value.status_code == 403
    p = services.pengaduan_forward(
        pengaduan=p,
        by=personas.koordinator,
        instansi_tujuan="Dinas Dukcapil",
        pesan="Urusan KTP ditangani Dinas Dukcapil; aduan Anda sudah kami teruskan.",
    )
    assert p.status == S.DITERUSKAN and p.instansi_tujuan == "Dinas Dukcapil"


def test_cannot_be_followed_up_with_a_reason_told_to_the_citizen(personas):
    loket = personas.petugas_loket
    p, _ = ajukan(personas.instansi)
    services.pengaduan_request_details(pengaduan=p, by=loket, pesan="Mohon alamatnya.")
    p = services.pengaduan_stop(
        pengaduan=p, by=personas.kabid, pesan="Tidak ada jawaban dari pelapor selama 14 hari."
    )
    assert p.status == S.TIDAK_DAPAT_DITINDAKLANJUTI
    assert p.dijeda_pada is None
    assert p.tanggapan.last().isi.startswith("Tidak ada jawaban")


def test_citizen_confirms_settled_and_rates_once(personas):
    p, _ = ajukan(personas.instansi)
    services.pengaduan_answer(pengaduan=p, by=personas.petugas_loket, isi="Sudah kami proses.")
    with pytest.raises(services.PengaduanError):
        services.pelapor_nilai(pengaduan=p, nilai=4)  # not closed yet
    services.pelapor_konfirmasi_selesai(pengaduan=p)
    services.pelapor_nilai(pengaduan=p, nilai=4, komentar="Cepat ditanggapi.")
    with pytest.raises(services.PengaduanError) as exc:
        services.pelapor_nilai(pengaduan=p, nilai=1)
    assert exc.value.status_code == 409
    assert Penilaian.objects.get(pengaduan=p).nilai == 4


@pytest.mark.parametrize("nilai", [0, 5, -1])
def test_rating_outside_one_to_four_is_refused(personas, nilai):
    p, _ = ajukan(personas.instansi)
    services.pengaduan_answer(pengaduan=p, by=personas.petugas_loket, isi="Sudah.")
    services.pelapor_konfirmasi_selesai(pengaduan=p)
    with pytest.raises(services.PengaduanError) as exc:
        services.pelapor_nilai(pengaduan=p, nilai=nilai)
    assert exc.value.status_code == 400


def test_reopening_after_the_reply_window_is_refused_and_it_closes_by_itself(personas):
    now = dt.datetime.now(dt.UTC)
    with time_machine.travel(now, tick=False):
        p, _ = ajukan(personas.instansi)
        services.pengaduan_answer(pengaduan=p, by=personas.petugas_loket, isi="Sudah.")
    with time_machine.travel(now + dt.timedelta(days=20), tick=False):
        with pytest.raises(services.PengaduanError) as exc:
            services.pelapor_buka_kembali(pengaduan=p, alasan="Belum beres.")
        assert "Masa tanggapan sudah lewat" in exc.value.pesan
        assert services.pengaduan_close_expired() == [p.nomor]
        assert services.pengaduan_close_expired() == []
    p.refresh_from_db()
    assert p.status == S.SELESAI
    assert logs(p)[-1] == ("tutup_otomatis", "dijawab", "selesai", None)


def test_answered_complaint_is_not_closed_automatically_within_the_window(personas):
    p, _ = ajukan(personas.instansi)
    services.pengaduan_answer(pengaduan=p, by=personas.petugas_loket, isi="Sudah.")
    assert services.pengaduan_close_expired() == []


@pytest.mark.parametrize(
    "finish",
    [
        lambda p, ps: services.pengaduan_mark_duplicate(
            pengaduan=p, by=ps.petugas_loket, nomor_asli=ajukan(ps.instansi)[0].nomor
        ),
        lambda p, ps: services.pengaduan_forward(
            pengaduan=p, by=ps.kabid, instansi_tujuan="BPJS", pesan="Diteruskan."
        ),
        lambda p, ps: services.pengaduan_stop(pengaduan=p, by=ps.kabid, pesan="Tidak jelas."),
    ],
    ids=["duplikat", "diteruskan", "tidak_dapat"],
)
def test_final_states_take_no_more_actions(personas, finish):
    p, _ = ajukan(personas.instansi)
    finish(p, personas)
    for act in (
        lambda: services.pengaduan_start_check(pengaduan=p, by=personas.petugas_loket),
        lambda: services.pengaduan_answer(pengaduan=p, by=personas.petugas_loket, isi="x"),
        lambda: services.pelapor_balas(pengaduan=p, isi="halo"),
        lambda: services.pengaduan_send_message(pengaduan=p, by=personas.petugas_loket, isi="x"),
    ):
        with pytest.raises(services.PengaduanError) as exc:
            act()
        assert exc.value.status_code == 409


def test_staff_of_another_office_cannot_act(personas):
    p, _ = ajukan(personas.instansi)
    with pytest.raises(services.PengaduanError) as exc:
        services.pengaduan_route(
            pengaduan=p, by=personas.staf_lain, jenis_koordinasi="internal", bidang="Rehsos"
        )
    assert exc.value.status_code == 403
    p.refresh_from_db()
    assert p.status == S.DITERIMA and logs(p) == []


def test_social_worker_handles_only_what_was_disposed_to_him(personas):
    p, _ = ajukan(personas.instansi)
    with pytest.raises(services.PengaduanError) as exc:
        services.pengaduan_answer(pengaduan=p, by=personas.peksos, isi="Sudah.")
    assert exc.value.status_code == 403
    services.pengaduan_route(
        pengaduan=p, by=personas.kabid, jenis_koordinasi="internal", petugas=personas.peksos
    )
    p = services.pengaduan_answer(pengaduan=p, by=personas.peksos, isi="Sudah kami kunjungi.")
    assert p.status == S.DIJAWAB


def test_disposition_only_to_an_officer_of_the_same_office(personas):
    p, _ = ajukan(personas.instansi)
    with pytest.raises(services.PengaduanError) as exc:
        services.pengaduan_route(
            pengaduan=p, by=personas.kabid, jenis_koordinasi="internal", petugas=personas.staf_lain
        )
    assert exc.value.status_code == 400


def test_panti_and_admin_cannot_answer(personas):
    p, _ = ajukan(personas.instansi)
    for user in (personas.panti, personas.admin_instansi, personas.kadis):
        with pytest.raises(services.PengaduanError) as exc:
            services.pengaduan_answer(pengaduan=p, by=user, isi="Sudah.")
        assert exc.value.status_code == 403


def test_sp4n_lapor_needs_its_tracking_id_and_is_logged_once(personas):
    loket = personas.petugas_loket
    now = dt.datetime.now(dt.UTC)
    with pytest.raises(services.PengaduanError):
        catat(loket, saluran="sp4n_lapor", diterima_pada=now)
    p, kode = catat(loket, saluran="sp4n_lapor", nomor_referensi="LAP-7781234", diterima_pada=now)
    assert p.nomor_referensi == "LAP-7781234" and kode
    with pytest.raises(services.PengaduanError) as exc:
        catat(loket, saluran="sp4n_lapor", nomor_referensi="LAP-7781234", diterima_pada=now)
    assert p.nomor in exc.value.pesan
    assert Pengaduan.objects.count() == 1


def test_only_intake_staff_may_log(personas):
    now = dt.datetime.now(dt.UTC)
    for user in (personas.peksos, personas.panti, personas.admin_instansi):
        with pytest.raises(services.PengaduanError) as exc:
            catat(user, diterima_pada=now)
        assert exc.value.status_code == 403
    assert Pengaduan.objects.count() == 0


def test_status_cannot_be_set_by_hand(personas):
    p, _ = ajukan(personas.instansi)
    with pytest.raises(AttributeError):
        p.status = S.SELESAI


def test_internal_notes_and_public_messages_are_kept_apart(personas):
    loket = personas.petugas_loket
    p, _ = ajukan(personas.instansi)
    services.pengaduan_add_note(pengaduan=p, by=loket, isi="Pelapor pernah mengadu hal serupa.")
    services.pengaduan_send_message(pengaduan=p, by=loket, isi="Sedang kami periksa.")
    jenis = list(p.tanggapan.values_list("jenis", "isi"))
    assert jenis == [
        ("catatan", "Pelapor pernah mengadu hal serupa."),
        ("balasan", "Sedang kami periksa."),
    ]
    assert [t.publik for t in p.tanggapan.all()] == [False, True]
