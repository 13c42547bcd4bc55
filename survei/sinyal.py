"""The invitation of a case or a complaint is made when it is created, so its
receipt can carry the link (survei.tautan); the survey opens once the case
reaches its end (handed over or finished) or the complaint is closed.

post_save and django-fsm post_transition receivers, so neither app's services
know about the survey. They run inside the service's transaction: if it is
rolled back, so is the invitation. The transition receiver still makes the
invitation of a case or ticket created before invitations were made at intake."""

from __future__ import annotations

from django.db.models.signals import post_save
from django_fsm.signals import post_transition

from pengaduan.models import Pengaduan
from rujukan.models import Rujukan
from survei.models import UndanganSurvei
from survei.tautan import STATUS_PENGADUAN_SELESAI, STATUS_RUJUKAN_SELESAI


def _undangan_rujukan(instance: Rujukan) -> None:
    undangan, dibuat = UndanganSurvei.objects.get_or_create(
        rujukan=instance,
        defaults={
            "asal": UndanganSurvei.Asal.RUJUKAN,
            "instansi_id": instance.instansi_id,
            "layanan_id": instance.layanan_id,
        },
    )
    _layanan_terkini(undangan, dibuat, instance.layanan_id)


def _undangan_pengaduan(instance: Pengaduan) -> None:
    undangan, dibuat = UndanganSurvei.objects.get_or_create(
        pengaduan=instance,
        defaults={
            "asal": UndanganSurvei.Asal.PENGADUAN,
            "instansi_id": instance.instansi_id,
            "layanan_id": instance.layanan_id,
        },
    )
    _layanan_terkini(undangan, dibuat, instance.layanan_id)


def _layanan_terkini(undangan: UndanganSurvei, dibuat: bool, layanan_id: int | None) -> None:
    """The service named at the end is the one asked about (a complaint's
    service is often set by the officer handling it)."""
    if not dibuat and undangan.used_at is None and undangan.layanan_id != layanan_id:
        undangan.layanan_id = layanan_id
        undangan.save(update_fields=["layanan"])


def _rujukan_dibuat(sender, instance: Rujukan, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        _undangan_rujukan(instance)


def _pengaduan_dibuat(
    sender, instance: Pengaduan, created: bool, raw: bool = False, **kwargs
) -> None:
    if created and not raw:
        _undangan_pengaduan(instance)


def _rujukan_selesai(sender, instance: Rujukan, name, source, target, **kwargs) -> None:
    if target in STATUS_RUJUKAN_SELESAI:
        _undangan_rujukan(instance)


def _pengaduan_selesai(sender, instance: Pengaduan, name, source, target, **kwargs) -> None:
    if target in STATUS_PENGADUAN_SELESAI:
        _undangan_pengaduan(instance)


def hubungkan() -> None:
    post_save.connect(_rujukan_dibuat, sender=Rujukan, dispatch_uid="survei.rujukan_dibuat")
    post_save.connect(_pengaduan_dibuat, sender=Pengaduan, dispatch_uid="survei.pengaduan_dibuat")
    post_transition.connect(_rujukan_selesai, sender=Rujukan, dispatch_uid="survei.rujukan")
    post_transition.connect(_pengaduan_selesai, sender=Pengaduan, dispatch_uid="survei.pengaduan")
