"""The pemohon's phone gets its keyed hash (sidik), so the citizen's page
(warga) finds the cases of a verified number without decrypting every row.
The existing rows get theirs from their (encrypted) number."""

from django.db import migrations

import layanan.enkripsi


def isi_sidik(apps, schema_editor):
    layanan.enkripsi.enkripsi_kolom(schema_editor, apps.get_model("rujukan", "pemohon"), "telepon")


class Migration(migrations.Migration):
    dependencies = [
        ("rujukan", "0018_izin_rekap"),
    ]

    operations = [
        migrations.AddField(
            model_name="pemohon",
            name="telepon_sidik",
            field=layanan.enkripsi.SidikField(
                blank=True,
                db_index=True,
                default="",
                editable=False,
                max_length=64,
                sumber="telepon",
            ),
        ),
        migrations.RunPython(isi_sidik, migrations.RunPython.noop),
    ]
