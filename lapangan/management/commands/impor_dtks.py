"""`manage.py impor_dtks <file.csv> --instansi <slug>`: import the office's
DTKS/DTSEN extract. Every line is checked first; on any error nothing is
imported and each wrong line is reported. Importing the same file again
changes nothing."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lapangan.services import dtks_impor
from layanan.models import Instansi
from rujukan.errors import RujukanError


class Command(BaseCommand):
    help = (
        "Mengimpor data DTKS/DTSEN instansi dari berkas CSV (kolom: nik, nama, alamat, desil, "
        "tanggal_data). Semua baris diperiksa dahulu; bila ada baris yang salah tidak ada yang "
        "diimpor. Impor ulang berkas yang sama tidak mengubah apa pun."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("berkas", help="berkas CSV (UTF-8)")
        parser.add_argument("--instansi", required=True, help="slug instansi")
        parser.add_argument(
            "--tanggal-data",
            help="tanggal data (YYYY-MM-DD) bila berkas tidak memuat kolom tanggal_data",
        )

    def handle(self, *args, **opts) -> None:
        try:
            instansi = Instansi.objects.get(slug=opts["instansi"])
        except Instansi.DoesNotExist:
            raise CommandError(f"Instansi dengan slug “{opts['instansi']}” tidak ada.") from None
        tanggal = None
        if opts.get("tanggal_data"):
            try:
                tanggal = dt.date.fromisoformat(opts["tanggal_data"])
            except ValueError:
                raise CommandError("--tanggal-data harus berbentuk YYYY-MM-DD.") from None
        try:
            with open(opts["berkas"], "rb") as f:
                hasil = dtks_impor(instansi=instansi, berkas=f, tanggal_data=tanggal)
        except OSError as exc:
            raise CommandError(f"Berkas tidak dapat dibaca: {exc.strerror}.") from None
        except RujukanError as exc:
            raise CommandError(exc.pesan) from None
        if hasil.galat:
            for baris in hasil.galat:
                self.stderr.write(baris)
            raise CommandError(
                f"{len(hasil.galat)} baris salah; tidak ada data yang diimpor. "
                "Perbaiki baris di atas lalu impor lagi."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"DTKS {instansi}: {hasil.dibuat} baru, {hasil.diperbarui} diperbarui, "
                f"{hasil.tidak_berubah} tidak berubah."
            )
        )
