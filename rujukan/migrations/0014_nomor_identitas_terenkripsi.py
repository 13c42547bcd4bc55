"""NIK, No. KK and phone numbers encrypted at rest (layanan.enkripsi), with a
keyed hash (sidik) beside the numbers that are looked up; the uniqueness
constraints move to the sidik.

The column type changes from varchar(16/20) to text (a token is longer than
the number). Since the historical states already use the current field class
(text), each column is first declared a plain varchar(255) and then the field
again, so the schema editor really alters it on a database made before this
migration; on a new database the two steps cancel out (255, not the old
length: a token written by a historical model must not be cut). Reversible: the
backward step writes the clear numbers back."""

import django.db.models.deletion  # noqa: F401
from django.db import migrations, models

import layanan.enkripsi
import rujukan.models.klien
import rujukan.validators

# (model, field, max_length, blank) of every NomorIdentitasField
KOLOM = [
    ("klien", "nik", 16, True),
    ("klien", "no_kk", 16, True),
    ("pemohon", "telepon", 20, True),
    ("penguruslembaga", "nik", 16, True),
    ("datadtks", "nik", 16, False),
]


def _field(nama, max_length, blank):
    validators = {
        "nik": [rujukan.validators.validate_nik],
        "no_kk": [rujukan.validators.validate_no_kk],
    }.get(nama, [])
    jenis = {"nik": "nik", "no_kk": "kk", "telepon": "telepon"}[nama]
    verbose = {"nik": "NIK", "no_kk": "nomor KK", "telepon": "telepon / WhatsApp"}[nama]
    return rujukan.models.klien.NomorIdentitasField(
        blank=blank,
        default="",
        jenis=jenis,
        max_length=max_length,
        validators=validators,
        verbose_name=verbose,
    )


def _enkripsi(apps, schema_editor, mundur=False):
    for model, nama, _panjang, _blank in KOLOM:
        layanan.enkripsi.enkripsi_kolom(
            schema_editor, apps.get_model("rujukan", model), nama, mundur=mundur
        )


def maju(apps, schema_editor):
    _enkripsi(apps, schema_editor)


def mundur(apps, schema_editor):
    _enkripsi(apps, schema_editor, mundur=True)


class Migration(migrations.Migration):
    dependencies = [
        ("rujukan", "0013_usulan_panti"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="klien", name="klien_nik_unik"),
        migrations.RemoveConstraint(model_name="datadtks", name="dtks_nik_unik"),
        migrations.AddField(
            model_name="klien",
            name="nik_sidik",
            field=layanan.enkripsi.SidikField(
                blank=True, db_index=True, default="", editable=False, max_length=64, sumber="nik"
            ),
        ),
        migrations.AddField(
            model_name="klien",
            name="no_kk_sidik",
            field=layanan.enkripsi.SidikField(
                blank=True,
                db_index=True,
                default="",
                editable=False,
                max_length=64,
                sumber="no_kk",
            ),
        ),
        migrations.AddField(
            model_name="datadtks",
            name="nik_sidik",
            field=layanan.enkripsi.SidikField(
                blank=True, db_index=True, default="", editable=False, max_length=64, sumber="nik"
            ),
        ),
        *(
            migrations.AlterField(
                model_name=model,
                name=nama,
                field=models.CharField(blank=blank, default="", max_length=255),
            )
            for model, nama, panjang, blank in KOLOM
        ),
        *(
            migrations.AlterField(
                model_name=model, name=nama, field=_field(nama, panjang, blank)
            )
            for model, nama, panjang, blank in KOLOM
        ),
        migrations.RunPython(maju, mundur),
        migrations.AddConstraint(
            model_name="klien",
            constraint=models.UniqueConstraint(
                condition=models.Q(("nik_sidik", ""), _negated=True),
                fields=("instansi", "nik_sidik"),
                name="klien_nik_unik",
                violation_error_message="Klien dengan NIK ini sudah terdaftar di instansi.",
            ),
        ),
        migrations.AddConstraint(
            model_name="datadtks",
            constraint=models.UniqueConstraint(
                fields=("instansi", "nik_sidik"),
                name="dtks_nik_unik",
                violation_error_message="NIK ini sudah ada di data DTKS/DTSEN instansi.",
            ),
        ),
    ]
