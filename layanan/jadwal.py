"""The one scheduler of periodic jobs (`manage.py jadwal`): each minute it puts
the jobs of `settings.JADWAL` whose cron expression matches on the task queue;
the workers (`manage.py db_worker`, on any machine) run them.

Run ONE scheduler per deployment (beside any worker). The jobs are
idempotent and keep their state in the database, so a minute enqueued twice
(a restart, a second scheduler by mistake) does no harm, only wasted work.

A cron expression has the usual five fields (minute hour day month weekday,
0 = Sunday) with `*`, `*/n`, `a-b`, `a-b/n` and lists `a,b`; times are
`settings.TIME_ZONE`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger("layanan.jadwal")

_BATAS = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 6)]


class CronSalah(ValueError):
    pass


def _bidang(teks: str, bawah: int, atas: int) -> frozenset[int]:
    nilai: set[int] = set()
    for bagian in teks.split(","):
        rentang, _, langkah_teks = bagian.partition("/")
        langkah = int(langkah_teks) if langkah_teks else 1
        if rentang == "*":
            a, b = bawah, atas
        elif "-" in rentang:
            a, b = (int(x) for x in rentang.split("-", 1))
        else:
            a = b = int(rentang)
            if langkah_teks:
                b = atas
        if not (bawah <= a <= b <= atas) or langkah < 1:
            raise CronSalah(teks)
        nilai.update(range(a, b + 1, langkah))
    return frozenset(nilai)


@dataclass(frozen=True)
class Jadwal:
    nama: str
    cron: str
    tugas: str  # dotted path of a django-tasks Task
    args: tuple = ()

    def cocok(self, waktu: datetime) -> bool:
        bidang = self.cron.split()
        if len(bidang) != 5:
            raise CronSalah(self.cron)
        menit, jam, hari, bulan, hari_minggu = (
            _bidang(t, *b) for t, b in zip(bidang, _BATAS, strict=True)
        )
        return (
            waktu.minute in menit
            and waktu.hour in jam
            and waktu.day in hari
            and waktu.month in bulan
            and (waktu.weekday() + 1) % 7 in hari_minggu
        )


def daftar_jadwal() -> list[Jadwal]:
    return [
        Jadwal(j["nama"], j["cron"], j["tugas"], tuple(j.get("args", ()))) for j in settings.JADWAL
    ]


def antrekan_yang_jatuh_tempo(waktu: datetime | None = None) -> list[str]:
    """Enqueue every job due in this minute; returns their names."""
    waktu = timezone.localtime(waktu or timezone.now())
    nama = []
    for j in daftar_jadwal():
        if j.cocok(waktu):
            import_string(j.tugas).enqueue(*j.args)
            logger.info("Jadwal %s masuk antrean (%s)", j.nama, waktu.strftime("%Y-%m-%d %H:%M"))
            nama.append(j.nama)
    return nama
