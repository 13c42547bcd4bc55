"""Store the working minutes of the steps done and the cases closed that have
none (rows from before the field existed, or written around the services).

    manage.py hitung_menit_kerja            # the rows without a value
    manage.py hitung_menit_kerja --semua    # every row again (a calendar changed)
    manage.py hitung_menit_kerja --instansi depok
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from kinerja.waktu import isi_menit_kerja
from layanan.models import Instansi


class Command(BaseCommand):
    help = "Hitung dan simpan lama langkah dan kasus dalam menit kerja (untuk dasbor kinerja)."

    def add_arguments(self, parser):
        parser.add_argument("--semua", action="store_true", help="Hitung ulang semua baris.")
        parser.add_argument("--instansi", help="Slug satu instansi saja.")

    def handle(self, *args, semua: bool, instansi: str | None, **options):
        obj = None
        if instansi:
            obj = Instansi.objects.filter(slug=instansi).first()
            if obj is None:
                raise CommandError(f"Instansi {instansi!r} tidak ditemukan.")
        t = time.monotonic()
        n = isi_menit_kerja(instansi=obj, semua=semua)
        self.stdout.write(
            f"{n['langkah']} langkah dan {n['rujukan']} rujukan diukur "
            f"dalam {time.monotonic() - t:.1f} detik."
        )
