"""One transition saves only what it changed: the state and what its service
set on the case; a column another write changed after the case was read is
left as that write left it, and a state changed meanwhile still refuses."""

from __future__ import annotations

import pytest
from django.db import transaction

from rujukan import services as s
from rujukan.models import Rujukan, Status
from rujukan.services.base import jalankan, kunci
from tests.personas import personas_untuk
from tests.rujukan.factories import s_register, standar_sederhana

pytestmark = pytest.mark.django_db


@pytest.fixture
def kasus():
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    return s_register(layanan, staf).rujukan, staf


def test_a_transition_leaves_a_column_another_write_changed_alone(kasus):
    r, staf = kasus
    with transaction.atomic():
        dibaca = kunci(r.pk)
        # another write to the row after this case was read
        Rujukan.objects.filter(pk=r.pk).update(ringkasan="Diubah oleh penulis lain")
        jalankan(dibaca, "start_check", by=staf.petugas_loket)
    r.refresh_from_db()
    assert r.status == Status.PEMERIKSAAN_BERKAS
    assert r.ringkasan == "Diubah oleh penulis lain"


def test_a_transition_saves_what_its_service_set_before_it(kasus):
    r, staf = kasus
    sebelum = Rujukan.objects.get(pk=r.pk).diperbarui
    s.rujukan_cancel(rujukan=r, by=staf.kadis, alasan="Permohonan ganda")
    r.refresh_from_db()
    assert r.status == Status.DIBATALKAN
    assert r.alasan_penutupan == "Permohonan ganda"
    assert r.selesai_pada is not None
    assert r.diperbarui > sebelum


def test_a_state_changed_after_the_read_still_refuses_the_transition(kasus):
    r, staf = kasus
    with pytest.raises(s.Konflik), transaction.atomic():
        dibaca = kunci(r.pk)
        Rujukan.objects.filter(pk=r.pk).update(status=Status.PEMERIKSAAN_BERKAS)
        jalankan(dibaca, "start_check", by=staf.petugas_loket)
    r.refresh_from_db()
    assert r.status == Status.DIAJUKAN  # the whole transaction rolled back
