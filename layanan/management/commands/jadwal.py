"""`manage.py jadwal`: the scheduler of periodic jobs (layanan.jadwal). Runs
until stopped; `--sekali` enqueues what is due this minute and exits."""

from __future__ import annotations

import signal
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from layanan.jadwal import antrekan_yang_jatuh_tempo, daftar_jadwal


class Command(BaseCommand):
    help = "Penjadwal tugas berkala: memasukkan tugas yang jatuh tempo ke antrean tiap menit."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--sekali", action="store_true", help="Hanya menit ini, lalu berhenti.")

    def handle(self, *args, sekali: bool = False, **options) -> None:
        for j in daftar_jadwal():
            j.cocok(timezone.localtime())  # a wrong cron expression fails at start
            self.stdout.write(f"{j.nama}: {j.cron} → {j.tugas} {' '.join(j.args)}")
        if sekali:
            for nama in antrekan_yang_jatuh_tempo():
                self.stdout.write(f"{nama} masuk antrean")
            return
        berjalan = True

        def berhenti(signum, frame) -> None:
            nonlocal berjalan
            berjalan = False

        signal.signal(signal.SIGTERM, berhenti)
        signal.signal(signal.SIGINT, berhenti)
        menit_terakhir = None
        while berjalan:
            sekarang = timezone.now().replace(second=0, microsecond=0)
            if sekarang != menit_terakhir:
                menit_terakhir = sekarang
                antrekan_yang_jatuh_tempo(sekarang)
            time.sleep(min(5.0, 60 - timezone.now().second + 0.1))
