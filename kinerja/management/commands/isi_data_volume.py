"""`manage.py isi_data_volume`: fill a database with a realistic volume of
cases and complaints to try the portal at scale (see kinerja.volume)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinerja.volume import Opsi, VolumeError, hitung_tabel, isi_data_volume


class Command(BaseCommand):
    help = (
        "Mengisi basis data dengan volume data rekaan yang realistis (rujukan beserta langkah, "
        "riwayat, berkas, surat; pengaduan; jawaban survei) untuk mencoba portal pada skala "
        "kantor sebenarnya. Beberapa rujukan dan pengaduan dijalankan melalui layanan portal, "
        "lalu disalin dalam jumlah besar. Hanya untuk basis data percobaan: menolak berjalan "
        "bila DEBUG mati (kecuali --paksa) atau bila data volume sudah ada (kecuali --tambah)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kasus", type=int, default=100_000, help="Jumlah rujukan.")
        parser.add_argument("--pengaduan", type=int, default=20_000, help="Jumlah pengaduan.")
        parser.add_argument("--seed", type=int, default=1, help="Benih acak (hasil sama).")
        parser.add_argument("--instansi", type=int, default=5, help="Jumlah instansi (1–5).")
        parser.add_argument("--bulan", type=int, default=24, help="Rentang waktu ke belakang.")
        parser.add_argument(
            "--tambah", action="store_true", help="Tambahkan walau data volume sudah ada."
        )
        parser.add_argument(
            "--paksa",
            action="store_true",
            help="Jalankan walau DEBUG mati. Jangan dipakai di server berisi data asli.",
        )

    def handle(self, *args, **o) -> None:
        if not settings.DEBUG and not o["paksa"]:
            raise CommandError(
                "DEBUG mati: data volume rekaan tidak dibuat di server produksi. "
                "Tambahkan --paksa bila ini memang basis data percobaan."
            )
        if o["kasus"] < 0 or o["pengaduan"] < 0 or not 1 <= o["instansi"] <= 50:
            raise CommandError("Jumlah kasus/pengaduan tidak boleh negatif; instansi 1–50.")
        mulai = time.monotonic()
        opsi = Opsi(
            kasus=o["kasus"],
            pengaduan=o["pengaduan"],
            seed=o["seed"],
            instansi=o["instansi"],
            bulan=o["bulan"],
            tambah=o["tambah"],
            tulis=self.stdout.write,
        )
        try:
            isi_data_volume(opsi)
        except VolumeError as exc:
            raise CommandError(str(exc)) from exc
        for tabel, n in hitung_tabel().items():
            self.stdout.write(f"  {tabel:40} {n}")
        self.stdout.write(self.style.SUCCESS(f"Selesai dalam {time.monotonic() - mulai:.0f} s."))
