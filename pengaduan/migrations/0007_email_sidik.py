"""A keyed hash beside the reporter's encrypted e-mail address, so the
citizen's page (warga) finds the named complaints of a proven address
without decrypting every row; filled for the rows there are."""

from django.db import migrations

import layanan.enkripsi


def isi_sidik(apps, schema_editor):
    # the addresses are tokens already: enkripsi_kolom keeps them and fills the sidik
    layanan.enkripsi.enkripsi_kolom(schema_editor, apps.get_model("pengaduan", "Pelapor"), "email")


class Migration(migrations.Migration):
    dependencies = [
        ("pengaduan", "0006_telepon_sidik"),
    ]

    operations = [
        migrations.AddField(
            model_name="pelapor",
            name="email_sidik",
            field=layanan.enkripsi.SidikField(
                blank=True,
                db_index=True,
                default="",
                editable=False,
                max_length=64,
                sumber="email",
            ),
        ),
        migrations.RunPython(isi_sidik, migrations.RunPython.noop),
    ]
