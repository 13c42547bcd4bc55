"""The reporter's phone number and e-mail address encrypted at rest
(layanan.enkripsi): the columns become text (a token is longer than the value)
and the existing values are encrypted in place. Reversible."""

from django.db import migrations

import layanan.enkripsi


def maju(apps, schema_editor):
    Pelapor = apps.get_model("pengaduan", "Pelapor")
    for kolom in ("telepon", "email"):
        layanan.enkripsi.enkripsi_kolom(schema_editor, Pelapor, kolom)


def mundur(apps, schema_editor):
    Pelapor = apps.get_model("pengaduan", "Pelapor")
    for kolom in ("telepon", "email"):
        layanan.enkripsi.enkripsi_kolom(schema_editor, Pelapor, kolom, mundur=True)


class Migration(migrations.Migration):
    dependencies = [
        ("pengaduan", "0004_pembatas_ke_layanan"),
    ]

    operations = [
        migrations.AlterField(
            model_name="pelapor",
            name="telepon",
            field=layanan.enkripsi.TeksTerenkripsiField(
                blank=True, default="", jenis="telepon", max_length=20, verbose_name="telepon/WhatsApp"
            ),
        ),
        migrations.AlterField(
            model_name="pelapor",
            name="email",
            field=layanan.enkripsi.TeksTerenkripsiField(
                blank=True, default="", jenis="email", max_length=254, verbose_name="email"
            ),
        ),
        migrations.RunPython(maju, mundur),
    ]
