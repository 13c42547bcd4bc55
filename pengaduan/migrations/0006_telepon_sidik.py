"""A keyed hash beside the reporter's encrypted phone number, so staff can
find a complaint by the reporter's phone; filled for the rows there are."""

from django.db import migrations

import layanan.enkripsi


def isi_sidik(apps, schema_editor):
    # the numbers are tokens already: enkripsi_kolom keeps them and fills the sidik
    layanan.enkripsi.enkripsi_kolom(
        schema_editor, apps.get_model("pengaduan", "Pelapor"), "telepon"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("pengaduan", "0005_pelapor_terenkripsi"),
    ]

    operations = [
        migrations.AddField(
            model_name="pelapor",
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
