"""The rate limiter's counters now live in layanan (layanan 0009 keeps the
tables and rows): drop them from pengaduan's state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pengaduan", "0003_saluran_jenis_baru"),
        ("layanan", "0009_pembatas_dari_pengaduan"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="JejakPermintaan"),
                migrations.DeleteModel(name="KunciPembatas"),
            ],
            database_operations=[],
        ),
    ]
