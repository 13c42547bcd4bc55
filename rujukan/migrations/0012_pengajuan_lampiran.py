from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("rujukan", "0011_templat_surat"),
    ]

    operations = [
        migrations.AddField(
            model_name="pengajuanpanti",
            name="lampiran",
            field=models.ManyToManyField(
                blank=True,
                help_text=(
                    "Berkas yang disebut sebagai lampiran surat pengajuan: hanya ini yang "
                    "dapat dibuka panti."
                ),
                related_name="+",
                to="rujukan.berkasitem",
                verbose_name="lampiran surat",
            ),
        ),
    ]
