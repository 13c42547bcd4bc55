"""Make a self-signed demo certificate (PKCS#12) for signing letters on a
development run: `make run` calls it and points PORTAL_PKCS12 at the file.
Nobody outside trusts it: production configures the office's own certificate
(see README, and rujukan.tanda_tangan)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from rujukan.tanda_tangan import buat_sertifikat_demo


class Command(BaseCommand):
    help = "Buat sertifikat tanda tangan elektronik DEMO (self-signed, PKCS#12) untuk make run."

    def add_arguments(self, parser):
        parser.add_argument(
            "--keluar",
            default=".sertifikat/portal-demo.p12",
            help="Berkas PKCS#12 yang ditulis; kata sandinya di <berkas>.pass.",
        )
        parser.add_argument("--nama", default="Portal Layanan Dinas Sosial (DEMO)")
        parser.add_argument(
            "--timpa", action="store_true", help="Buat baru walaupun berkasnya sudah ada."
        )

    def handle(self, *args, keluar: str, nama: str, timpa: bool, **options):
        path = Path(keluar)
        if path.exists() and not timpa:
            self.stdout.write(f"Sertifikat demo sudah ada: {path}")
            return
        pass_path = buat_sertifikat_demo(path, nama=nama)
        self.stdout.write(
            self.style.SUCCESS(f"Sertifikat demo dibuat: {path} (kata sandi di {pass_path})")
        )
