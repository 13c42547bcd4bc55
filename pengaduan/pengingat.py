"""Reminders for complaints near or over their response deadline.

Meant to run from cron (`manage.py kirim_pengingat_pengaduan`). The handling
officer hears first (near due, then overdue); once a complaint is overdue the
Kepala Bidang of its instansi is told too. Each reminder is recorded once per
complaint, kind, recipient and deadline, so running the command again sends
nothing new; a deadline that moved (pause, reopening) earns a fresh reminder.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from layanan.calendar import Kalender
from layanan.models import SatuanWaktu
from layanan.roles import GROUP_NAMES
from pengaduan import notifikasi
from pengaduan.models import Kejadian, Pengaduan, Pengingat
from pengaduan.services import pengaturan

logger = logging.getLogger(__name__)
Jenis = Pengingat.Jenis


@dataclass(frozen=True)
class Terkirim:
    nomor: str
    jenis: str
    penerima: str


def _staf(instansi_id: int, peran: str):
    User = get_user_model()
    return list(
        User.objects.filter(
            is_active=True,
            pegawai__instansi_id=instansi_id,
            groups__name=GROUP_NAMES[peran],
        )
        .exclude(email="")
        .distinct()
    )


def _petugas(p: Pengaduan, cache: dict) -> list:
    """The handling officer; if nobody took it yet, the front desk of the office."""
    if p.petugas is not None and p.petugas.is_active:
        return [p.petugas]
    key = (p.instansi_id, "petugas_loket")
    if key not in cache:
        cache[key] = _staf(p.instansi_id, "petugas_loket")
    return cache[key]


def _kabid(p: Pengaduan, cache: dict) -> list:
    key = (p.instansi_id, "kepala_bidang")
    if key not in cache:
        cache[key] = _staf(p.instansi_id, "kepala_bidang")
    return cache[key]


SUBJECTS = {
    Jenis.MENDEKATI: _("Pengingat: pengaduan %(nomor)s mendekati batas waktu"),
    Jenis.LEWAT: _("Pengaduan %(nomor)s melewati batas waktu respons"),
    Jenis.ESKALASI: _("Eskalasi: pengaduan %(nomor)s melewati batas waktu respons"),
}


def _kirim(p: Pengaduan, jenis: str, user, now: dt.datetime) -> bool:
    """Record and send one reminder, once. A failed send leaves no record (retried next run)."""
    with transaction.atomic():
        _, created = Pengingat.objects.get_or_create(
            pengaduan=p,
            jenis=jenis,
            penerima=user,
            batas_waktu=p.batas_waktu,
            defaults={"dikirim_pada": now},
        )
        if not created:
            return False
        sent = notifikasi.kirim_ke_petugas(
            p,
            user,
            "pengaduan/email/pengingat.txt",
            str(SUBJECTS[Jenis(jenis)]) % {"nomor": p.nomor},
            jenis=Jenis(jenis).label,
        )
        if not sent:
            transaction.set_rollback(True)
            return False
        Kejadian.objects.create(
            pengaduan=p,
            aksi="pengaduan.pengingat",
            oleh=None,
            waktu=now,
            data={"jenis": str(Jenis(jenis).label)},
        )
    return True


def pengingat_kirim(*, now: dt.datetime | None = None) -> list[Terkirim]:
    """Send the reminders due at `now`; returns what was sent this run."""
    now = now or timezone.now()
    sent: list[Terkirim] = []
    cache: dict = {}
    kalender: dict[int, Kalender] = {}
    ambang: dict[int, dt.datetime] = {}
    active = (
        Pengaduan.objects.filter(status__in=Pengaduan.AKTIF)
        .select_related("instansi", "petugas")
        .order_by("batas_waktu")
    )
    for p in active:
        if p.instansi_id not in kalender:
            kalender[p.instansi_id] = Kalender(p.instansi)
            ambang[p.instansi_id] = kalender[p.instansi_id].add(
                now, pengaturan(p.instansi).pengingat_hari_kerja, SatuanWaktu.HARI_KERJA
            )
        if now > p.batas_waktu:
            plan = [(Jenis.LEWAT, u) for u in _petugas(p, cache)]
            plan += [(Jenis.ESKALASI, u) for u in _kabid(p, cache)]
        elif p.batas_waktu <= ambang[p.instansi_id]:
            plan = [(Jenis.MENDEKATI, u) for u in _petugas(p, cache)]
        else:
            continue
        for jenis, user in plan:
            if _kirim(p, jenis, user, now):
                sent.append(Terkirim(p.nomor, jenis, user.get_username()))
    return sent
