"""Delete the citizens' login codes and wrong answers older than a day (they
hold only keyed hashes; kept a day for the locks and limits, then gone)."""

from django.core.management.base import BaseCommand

from warga.services import bersihkan


class Command(BaseCommand):
    help = "Hapus kode masuk warga dan catatan kode salah yang lebih dari sehari."

    def handle(self, *args, **options):
        n = bersihkan()
        self.stdout.write(f"{n} baris kode masuk warga dihapus.")
