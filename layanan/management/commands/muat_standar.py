"""`manage.py muat_standar`: load the five published service standards."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from layanan.data.muat import (
    StandarError,
    cari_berkas,
    daftar_berkas_standar,
    muat_kategori_ppks,
    muat_standar,
)


class Command(BaseCommand):
    help = (
        "Memuat standar pelayanan dari layanan/data/standar/*.json (beserta identitas "
        "instansinya) dan kategori PPKS nasional. Aman dijalankan berulang kali: baris yang "
        "sudah ada diperbarui, tidak digandakan."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "berkas",
            nargs="*",
            help="Nama atau path berkas standar (misalnya: depok). Kosongkan untuk semua.",
        )

    def handle(self, *args, berkas: list[str], **options) -> None:
        try:
            paths = [cari_berkas(nama) for nama in berkas] or daftar_berkas_standar()
            if not paths:
                raise StandarError("Tidak ada berkas standar di layanan/data/standar/.")
            with transaction.atomic():
                kategori = muat_kategori_ppks()
                self.stdout.write(f"Kategori PPKS: {kategori}")
                for path in paths:
                    ringkasan = muat_standar(path=path)
                    self._tulis(ringkasan)
        except StandarError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Selesai: {len(paths)} standar dimuat."))

    def _tulis(self, r) -> None:
        j = r.jumlah
        self.stdout.write(
            self.style.MIGRATE_HEADING(f"{r.instansi.nama} [{r.instansi.slug}]")
            + f"\n  {r.layanan.nama}"
            + f"\n  {j['persyaratan']} persyaratan ({j['sub_layanan']} sub-layanan), "
            f"{j['langkah']} langkah, {j['fase_waktu']} fase waktu, {j['produk']} produk, "
            f"{j['saluran']} saluran pengaduan, {j['tahap_pengaduan']} tahap pengaduan, "
            f"{j['unsur_terlibat']} unsur terlibat"
            + f"\n  baris: {r.perubahan}"
            + ("" if r.perubahan.ada else " (tidak ada perubahan)")
        )
