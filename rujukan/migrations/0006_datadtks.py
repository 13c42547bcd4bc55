"""The office's DTKS/DTSEN extract moves from lapangan to rujukan, so that the
case's eligibility reads it without importing lapangan (layanan ← rujukan ←
lapangan). Only the migration state moves: the table keeps its name
(`lapangan_datadtks`) and its rows. lapangan 0003 drops the model from
lapangan's state.

The content type is renamed along (lapangan.datadtks → rujukan.datadtks), so
the existing permission rows become rujukan.*_datadtks with every grant to a
group or a user kept, and admin history still points at the rows."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import rujukan.models.klien
import rujukan.validators


def _pindahkan_jenis_konten(apps, schema_editor, dari: str, ke: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if ContentType.objects.using(db).filter(app_label=ke, model="datadtks").exists():
        return  # already there (created by a later migrate): leave the old one alone
    ContentType.objects.using(db).filter(app_label=dari, model="datadtks").update(app_label=ke)


def ke_rujukan(apps, schema_editor):
    _pindahkan_jenis_konten(apps, schema_editor, "lapangan", "rujukan")


def ke_lapangan(apps, schema_editor):
    _pindahkan_jenis_konten(apps, schema_editor, "rujukan", "lapangan")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("lapangan", "0002_roles"),  # the table is created by lapangan 0001
        ("layanan", "0005_langkah_reunifikasi"),
        ("rujukan", "0005_dokumen_loket"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DataDTKS",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "nik",
                            rujukan.models.klien.NomorIdentitasField(
                                blank=True,
                                default="",
                                jenis="nik",
                                max_length=16,
                                validators=[rujukan.validators.validate_nik],
                                verbose_name="NIK",
                            ),
                        ),
                        ("nama", models.CharField(max_length=150, verbose_name="nama")),
                        ("alamat", models.CharField(blank=True, max_length=300, verbose_name="alamat")),
                        (
                            "desil",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                help_text="Desil 1 (paling miskin) sampai 10 menurut DTSEN; kosong bila tidak ada.",
                                null=True,
                                verbose_name="desil kesejahteraan",
                            ),
                        ),
                        ("tanggal_data", models.DateField(verbose_name="tanggal data")),
                        (
                            "diimpor_pada",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="diimpor pada"
                            ),
                        ),
                        (
                            "diimpor_oleh",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="diimpor oleh",
                            ),
                        ),
                        (
                            "instansi",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="layanan.instansi",
                                verbose_name="instansi",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "data DTKS/DTSEN",
                        "verbose_name_plural": "data DTKS/DTSEN",
                        "db_table": "lapangan_datadtks",
                        "ordering": ["nama", "pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("instansi", "nik"), name="dtks_nik_unik"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("desil__isnull", True),
                                    models.Q(("desil__gte", 1), ("desil__lte", 10)),
                                    _connector="OR",
                                ),
                                name="dtks_desil_1_10",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(ke_rujukan, ke_lapangan),
    ]
