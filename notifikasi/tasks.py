"""The queue side: a task per message, sent by a worker (`manage.py db_worker`).

A worker claims the message with one conditional UPDATE (status antre →
mengirim), so a duplicate task or a second worker never sends it twice; it
then calls the sender outside any transaction, so a slow gateway holds no
lock. A retryable failure puts the message back with the next attempt time
(back-off from `Pesan.jeda_detik`) and a task deferred to then; the last
attempt or a permanent failure marks it failed. `sapu` (every few minutes
from the scheduler) re-queues messages whose task was lost or whose worker
died while sending.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django_tasks import default_task_backend, task

from notifikasi.kanal import GagalSementara, GagalTetap, pengirim_untuk
from notifikasi.models import Pesan

logger = logging.getLogger("notifikasi")

MACET_SETELAH = timedelta(minutes=15)
TERLAMBAT_SETELAH = timedelta(minutes=2)


def jeda_bawaan() -> list[int]:
    """The back-off in seconds (`NOTIFIKASI_JEDA_MENIT`: 1, 5, 25, 125 minutes)."""
    return [int(m * 60) for m in settings.NOTIFIKASI_JEDA_MENIT]


def jeda_berikutnya(pesan: Pesan) -> timedelta:
    """The wait after attempt n: the n-th entry, the last one repeated."""
    jeda = pesan.jeda_detik or jeda_bawaan()
    return timedelta(seconds=jeda[min(pesan.percobaan, len(jeda)) - 1])


def antrekan_pesan(pesan_id: int, *, prioritas: int = 0, pada=None) -> None:
    """Put the send task on the queue (deferred to `pada` where the backend can)."""
    tugas = kirim_pesan.using(priority=prioritas)
    if pada is not None and default_task_backend.supports_defer:
        tugas = tugas.using(run_after=pada)
    elif pada is not None:
        return  # a backend without deferral (tests): `sapu` picks it up when due
    try:
        tugas.enqueue(pesan_id)
    except Exception as exc:  # the row stands; `sapu` re-queues it
        logger.error("Pesan %s gagal masuk antrean tugas: %s", pesan_id, type(exc).__name__)


def proses_pesan(pesan_id: int) -> str:
    """Try to send one message once; returns its status afterwards."""
    sekarang = timezone.now()
    diambil = Pesan.objects.filter(
        pk=pesan_id, status=Pesan.Status.ANTRE, berikutnya_pada__lte=sekarang
    ).update(status=Pesan.Status.MENGIRIM, percobaan=F("percobaan") + 1, diambil_pada=sekarang)
    if not diambil:
        return "dilewati"
    pesan = Pesan.objects.get(pk=pesan_id)
    try:
        pengirim_untuk(pesan.kanal).kirim(pesan)
    except GagalTetap as exc:
        return _gagal(pesan, str(exc))
    except GagalSementara as exc:
        return _coba_lagi(pesan, str(exc))
    except Exception as exc:  # an unexpected error: its text may hold the address
        return _coba_lagi(pesan, type(exc).__name__)
    pesan.status, pesan.terkirim_pada, pesan.galat_terakhir = (
        Pesan.Status.TERKIRIM,
        timezone.now(),
        "",
    )
    pesan.save(update_fields=["status", "terkirim_pada", "galat_terakhir"])
    logger.info("Pesan %s terkirim lewat %s (percobaan %s)", pesan.pk, pesan.kanal, pesan.percobaan)
    return pesan.status


def _gagal(pesan: Pesan, galat: str) -> str:
    pesan.status, pesan.galat_terakhir = Pesan.Status.GAGAL, galat[:200]
    pesan.save(update_fields=["status", "galat_terakhir"])
    logger.error(
        "Pesan %s (%s, %s) gagal setelah %s percobaan: %s",
        pesan.pk,
        pesan.acara,
        pesan.kanal,
        pesan.percobaan,
        galat,
    )
    return pesan.status


def _coba_lagi(pesan: Pesan, galat: str) -> str:
    if pesan.percobaan >= pesan.maks_percobaan:
        return _gagal(pesan, galat)
    pesan.status = Pesan.Status.ANTRE
    pesan.galat_terakhir = galat[:200]
    pesan.berikutnya_pada = timezone.now() + jeda_berikutnya(pesan)
    pesan.save(update_fields=["status", "galat_terakhir", "berikutnya_pada"])
    logger.warning(
        "Pesan %s percobaan %s/%s gagal (%s); dicoba lagi pada %s",
        pesan.pk,
        pesan.percobaan,
        pesan.maks_percobaan,
        galat,
        pesan.berikutnya_pada.isoformat(timespec="seconds"),
    )
    antrekan_pesan(pesan.pk, pada=pesan.berikutnya_pada)
    return pesan.status


@task()
def kirim_pesan(pesan_id: int) -> str:
    return proses_pesan(pesan_id)


def sapu_pesan() -> int:
    """Re-queue what a lost task or a dead worker left behind; returns the count."""
    sekarang = timezone.now()
    macet = Pesan.objects.filter(
        status=Pesan.Status.MENGIRIM, diambil_pada__lt=sekarang - MACET_SETELAH
    ).update(status=Pesan.Status.ANTRE, berikutnya_pada=sekarang)
    if macet:
        logger.warning("%s pesan macet saat dikirim dikembalikan ke antrean", macet)
    jatuh_tempo = list(
        Pesan.objects.filter(
            status=Pesan.Status.ANTRE, berikutnya_pada__lte=sekarang - TERLAMBAT_SETELAH
        ).values_list("pk", flat=True)[:1000]
    )
    if macet:
        jatuh_tempo += list(
            Pesan.objects.filter(status=Pesan.Status.ANTRE, berikutnya_pada=sekarang)
            .exclude(pk__in=jatuh_tempo)
            .values_list("pk", flat=True)
        )
    for pesan_id in jatuh_tempo:
        antrekan_pesan(pesan_id)
    return len(jatuh_tempo)


@task()
def sapu() -> int:
    return sapu_pesan()
