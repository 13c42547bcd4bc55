"""Cron job: remind officers of complaints near or over their deadline, escalate
overdue ones to the Kepala Bidang, and close answered complaints whose reply
window has passed; also clears old rate-limit counters. Safe to run as often as
wanted (every reminder is sent once).

    */30 7-17 * * 1-5  cd /srv/portal && .venv/bin/python manage.py kirim_pengingat_pengaduan
"""

from django.core.management.base import BaseCommand

from layanan import pembatas
from pengaduan.pengingat import pengingat_kirim
from pengaduan.services import pengaduan_close_expired


class Command(BaseCommand):
    help = "Kirim pengingat pengaduan yang mendekati/melewati batas waktu dan tutup yang terjawab."

    def add_arguments(self, parser):
        parser.add_argument(
            "--tanpa-tutup",
            action="store_true",
            help="Hanya kirim pengingat; jangan menutup pengaduan yang masa tanggapannya lewat.",
        )

    def handle(self, *args, **options):
        sent = pengingat_kirim()
        for item in sent:
            self.stdout.write(f"{item.nomor}: {item.jenis} → {item.penerima}")
        closed = [] if options["tanpa_tutup"] else pengaduan_close_expired()
        pembatas.bersihkan()
        for nomor in closed:
            self.stdout.write(f"{nomor}: ditutup otomatis")
        self.stdout.write(
            self.style.SUCCESS(f"{len(sent)} pengingat dikirim, {len(closed)} pengaduan ditutup.")
        )
