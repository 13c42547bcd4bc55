"""The invitation is made when a case reaches its end (handed over or
finished) or a complaint is closed: one django-fsm post_transition receiver
for both state machines, so neither app's services know about the survey.

The receiver runs inside the service's transaction: if the transition is
rolled back, so is the invitation."""

from __future__ import annotations

from django_fsm.signals import post_transition

from pengaduan.models import Pengaduan
from rujukan.models import Rujukan
from rujukan.models.rujukan import STATUS_PENYERAHAN, Status
from survei.models import UndanganSurvei

# The states in which the citizen has received the service.
STATUS_RUJUKAN_SELESAI = frozenset({*STATUS_PENYERAHAN, Status.SELESAI})
STATUS_PENGADUAN_SELESAI = frozenset({Pengaduan.Status.SELESAI})


def _rujukan_selesai(sender, instance: Rujukan, name, source, target, **kwargs) -> None:
    if target in STATUS_RUJUKAN_SELESAI:
        UndanganSurvei.objects.get_or_create(
            rujukan=instance,
            defaults={
                "asal": UndanganSurvei.Asal.RUJUKAN,
                "instansi_id": instance.instansi_id,
                "layanan_id": instance.layanan_id,
            },
        )


def _pengaduan_selesai(sender, instance: Pengaduan, name, source, target, **kwargs) -> None:
    if target in STATUS_PENGADUAN_SELESAI:
        UndanganSurvei.objects.get_or_create(
            pengaduan=instance,
            defaults={
                "asal": UndanganSurvei.Asal.PENGADUAN,
                "instansi_id": instance.instansi_id,
                "layanan_id": instance.layanan_id,
            },
        )


def hubungkan() -> None:
    post_transition.connect(_rujukan_selesai, sender=Rujukan, dispatch_uid="survei.rujukan")
    post_transition.connect(_pengaduan_selesai, sender=Pengaduan, dispatch_uid="survei.pengaduan")
