"""Migration 0008: the history's code and data move from the transition's
Kejadian row into its StateLog row; the pages tell the same history after it,
and it runs backwards."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django_fsm_log.models import StateLog

from pengaduan import services
from pengaduan.models import Kejadian, Pengaduan
from pengaduan.riwayat import riwayat_pengaduan
from tests.pengaduan.factories import ajukan

pytestmark = pytest.mark.django_db
SEBELUM = ("pengaduan", "0007_email_sidik")
SESUDAH = ("pengaduan", "0008_satu_log_transisi")


def migrasi(target: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


def cerita(p: Pengaduan) -> tuple[list, list]:
    p = Pengaduan.objects.get(pk=p.pk)
    return (
        [(r.waktu, r.kalimat, r.oleh) for r in riwayat_pengaduan(p, public=False)],
        [(r.waktu, r.kalimat) for r in riwayat_pengaduan(p, public=True)],
    )


def test_the_history_moves_to_one_row_per_transition_and_back(personas):
    loket, dewi = personas.petugas_loket, personas.koordinator
    p, _ = ajukan(personas.instansi)
    services.pengaduan_start_check(pengaduan=p, by=loket)
    services.pengaduan_add_note(pengaduan=p, by=loket, isi="Catatan.")
    services.pengaduan_route(
        pengaduan=p, by=dewi, jenis_koordinasi="internal", bidang="Bidang Rehsos"
    )
    services.pengaduan_route(
        pengaduan=p, by=dewi, jenis_koordinasi="eksternal", instansi_tujuan="RSUD Kota"
    )
    services.pengaduan_answer(pengaduan=p, by=loket, isi="Sudah.")
    dup, _ = ajukan(personas.instansi)
    services.pengaduan_mark_duplicate(pengaduan=dup, by=loket, nomor_asli=p.nomor)
    harapan = {x.pk: cerita(x) for x in (p, dup)}
    logs = StateLog.objects.filter(object_id__in=[p.pk, dup.pk]).order_by("pk")
    assert logs.count() == 5

    migrasi(SEBELUM)  # as it was: a Kejadian per transition beside its StateLog row
    assert list(p.kejadian.values_list("aksi", "data")) == [
        ("pengaduan.diajukan", {}),
        ("pengaduan.cek_dimulai", {}),
        ("pengaduan.catatan", {}),
        ("pengaduan.didisposisikan", {"tujuan": "Bidang Rehsos"}),
        ("pengaduan.dikoordinasikan_eksternal", {"tujuan": "RSUD Kota"}),
        ("pengaduan.dijawab", {"tepat_waktu": True}),
    ]
    assert dup.kejadian.last().data == {"asli": p.nomor}
    assert all(log.description is None for log in logs.all())
    logs.filter(transition="koordinasikan").update(description="Mohon dicek.")  # the old note
    # a transition recorded only as a Kejadian gets its StateLog row
    sendiri, _ = ajukan(personas.instansi)
    Kejadian.objects.create(
        pengaduan=sendiri, aksi="pengaduan.cek_dimulai", oleh=loket, waktu=timezone.now()
    )

    migrasi(SESUDAH)
    for x in (p, dup):
        assert cerita(x) == harapan[x.pk]
    assert list(p.kejadian.values_list("aksi", flat=True)) == [
        "pengaduan.diajukan",
        "pengaduan.catatan",
    ]
    assert [json.loads(log.description) for log in logs.all()] == [
        {"kode": "pengaduan.cek_dimulai"},
        {"kode": "pengaduan.didisposisikan", "tujuan": "Bidang Rehsos"},
        {"kode": "pengaduan.dikoordinasikan_eksternal", "tujuan": "RSUD Kota"},
        {"kode": "pengaduan.dijawab", "tepat_waktu": True},
        {"kode": "pengaduan.duplikat", "asli": p.nomor},
    ]
    assert list(sendiri.kejadian.values_list("aksi", flat=True)) == ["pengaduan.diajukan"]
    log = StateLog.objects.get(object_id=sendiri.pk)
    assert (log.transition, log.source_state, log.state, log.by) == (
        "mulai_cek",
        None,
        "cek_administrasi",
        loket,
    )
    assert [r.kalimat for r in riwayat_pengaduan(sendiri, public=False)] == [
        "Pengaduan diajukan melalui website.",
        "Cek administrasi dimulai.",
    ]
