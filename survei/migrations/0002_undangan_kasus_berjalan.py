"""Invitations are now made when a case or a complaint is filed (their
receipts carry the survey's link). Cases and complaints filed before that and
not yet ended get theirs here, so a letter issued to them later carries it
too. Ended ones are left as they were (the survey came after them)."""

from django.db import migrations

# frozen here: the state names at the time of this migration
RUJUKAN_BERAKHIR = ("selesai", "tidak_memenuhi_syarat", "ditarik", "dibatalkan")
PENGADUAN_BERAKHIR = ("selesai", "duplikat", "diteruskan", "tidak_dapat")
UKURAN = 1000


def _buat(apps, schema_editor):
    Undangan = apps.get_model("survei", "UndanganSurvei")
    for model, kolom, asal, berakhir in (
        (apps.get_model("rujukan", "Rujukan"), "rujukan", "rujukan", RUJUKAN_BERAKHIR),
        (apps.get_model("pengaduan", "Pengaduan"), "pengaduan", "pengaduan", PENGADUAN_BERAKHIR),
    ):
        baris = (
            model.objects.exclude(status__in=berakhir)
            .filter(undangan_survei__isnull=True)
            .values_list("pk", "instansi_id", "layanan_id")
        )
        kumpulan = []
        for pk, instansi_id, layanan_id in baris.iterator(chunk_size=UKURAN):
            kumpulan.append(
                Undangan(
                    asal=asal,
                    instansi_id=instansi_id,
                    layanan_id=layanan_id,
                    **{f"{kolom}_id": pk},
                )
            )
            if len(kumpulan) >= UKURAN:
                Undangan.objects.bulk_create(kumpulan)
                kumpulan = []
        Undangan.objects.bulk_create(kumpulan)


class Migration(migrations.Migration):
    dependencies = [("survei", "0001_initial")]

    operations = [migrations.RunPython(_buat, migrations.RunPython.noop)]
