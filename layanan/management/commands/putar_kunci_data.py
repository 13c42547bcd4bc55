"""`manage.py putar_kunci_data`: re-encrypt every encrypted value (NIK, KK,
phone, e-mail) with the newest key of PORTAL_KUNCI_DATA and recompute every
sidik with PORTAL_KUNCI_HASH.

Key rotation (README, "Security and privacy"): put the new key at the front
of PORTAL_KUNCI_DATA (keep the old ones behind it), restart, run this command,
then drop the old keys. A changed PORTAL_KUNCI_HASH takes effect for lookups
once this command has run. Rows are written with `update` (no `save`): no
timestamp, history or signal changes. Safe to run again."""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from layanan.enkripsi import KunciDataSalah, SidikField, TeksTerenkripsiField

UKURAN_BATCH = 500


def model_terenkripsi() -> list[tuple[type, list[str]]]:
    """Each model with encrypted fields, with the names of those fields and
    of their sidik fields."""
    hasil = []
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        kolom = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, TeksTerenkripsiField | SidikField)
        ]
        if kolom:
            hasil.append((model, kolom))
    return hasil


class Command(BaseCommand):
    help = (
        "Mengenkripsi ulang NIK, KK, telepon dan email dengan kunci terbaru PORTAL_KUNCI_DATA "
        "dan menghitung ulang sidik (hash berkunci) dengan PORTAL_KUNCI_HASH."
    )

    def handle(self, *args, **options) -> None:
        total = 0
        for model, kolom in model_terenkripsi():
            n = 0
            with transaction.atomic():
                qs = model._base_manager.order_by("pk").select_for_update()
                batch = []
                try:
                    for obj in qs.only("pk", *kolom).iterator(chunk_size=UKURAN_BATCH):
                        batch.append(obj)
                        if len(batch) >= UKURAN_BATCH:
                            n += model._base_manager.bulk_update(batch, kolom)
                            batch = []
                    if batch:
                        n += model._base_manager.bulk_update(batch, kolom)
                except KunciDataSalah as exc:
                    raise CommandError(f"{model._meta.label}: {exc}") from exc
            total += n
            self.stdout.write(f"{model._meta.label}: {n} baris ({', '.join(kolom)})")
        self.stdout.write(self.style.SUCCESS(f"Selesai: {total} baris dienkripsi ulang."))
