"""Issued documents become verifiable and immutable (issue #9, items 3–5):
a public verification token and short code, a status (valid, revoked with
its reason, replaced by a newer document), the signing certificate.

Documents issued before this migration get their token and code here, one
by one (a callable default would give every existing row the same value)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import rujukan.models.proses


def isi_token(apps, schema_editor):
    Dokumen = apps.get_model("rujukan", "Dokumen")
    token, kode = set(), set()
    for pk in Dokumen.objects.values_list("pk", flat=True).iterator():
        t = rujukan.models.proses.buat_token_verifikasi()
        k = rujukan.models.proses.buat_kode_verifikasi()
        while t in token:
            t = rujukan.models.proses.buat_token_verifikasi()
        while k in kode:
            k = rujukan.models.proses.buat_kode_verifikasi()
        token.add(t)
        kode.add(k)
        Dokumen.objects.filter(pk=pk).update(token=t, kode_verifikasi=k)


class Migration(migrations.Migration):

    dependencies = [
        # written alongside 0008_subjek_kasus and 0009_izin_ekspor_arsip; it
        # follows them so the graph keeps a single leaf
        ("rujukan", "0009_izin_ekspor_arsip"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="dokumen",
            name="sertifikat",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Ringkasan sertifikat yang menandatangani berkas (PAdES); kosong bila tidak.",
                verbose_name="sertifikat tanda tangan elektronik",
            ),
        ),
        migrations.AddField(
            model_name="dokumen",
            name="token",
            field=models.CharField(
                editable=False, max_length=64, null=True, verbose_name="token verifikasi"
            ),
        ),
        migrations.AddField(
            model_name="dokumen",
            name="kode_verifikasi",
            field=models.CharField(
                editable=False, max_length=16, null=True, verbose_name="kode verifikasi"
            ),
        ),
        migrations.RunPython(isi_token, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="dokumen",
            name="token",
            field=models.CharField(
                default=rujukan.models.proses.buat_token_verifikasi,
                editable=False,
                max_length=64,
                unique=True,
                verbose_name="token verifikasi",
            ),
        ),
        migrations.AlterField(
            model_name="dokumen",
            name="kode_verifikasi",
            field=models.CharField(
                default=rujukan.models.proses.buat_kode_verifikasi,
                editable=False,
                max_length=16,
                unique=True,
                verbose_name="kode verifikasi",
            ),
        ),
        migrations.AddField(
            model_name="dokumen",
            name="status",
            field=models.CharField(
                choices=[
                    ("berlaku", "Berlaku"),
                    ("dicabut", "Dicabut"),
                    ("diganti", "Diganti dengan dokumen baru"),
                ],
                default="berlaku",
                max_length=10,
                verbose_name="status dokumen",
            ),
        ),
        migrations.AddField(
            model_name="dokumen",
            name="alasan_pencabutan",
            field=models.TextField(blank=True, verbose_name="alasan pencabutan"),
        ),
        migrations.AddField(
            model_name="dokumen",
            name="dicabut_oleh",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="dicabut oleh",
            ),
        ),
        migrations.AddField(
            model_name="dokumen",
            name="dicabut_pada",
            field=models.DateTimeField(blank=True, null=True, verbose_name="dicabut pada"),
        ),
        migrations.AddField(
            model_name="dokumen",
            name="menggantikan",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="pengganti",
                to="rujukan.dokumen",
                verbose_name="menggantikan dokumen",
            ),
        ),
        migrations.AddField(
            model_name="dokumen",
            name="alasan_terbit_ulang",
            field=models.TextField(blank=True, verbose_name="alasan diterbitkan ulang"),
        ),
        migrations.AddConstraint(
            model_name="dokumen",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "dicabut"), _negated=True),
                    models.Q(("dicabut_oleh__isnull", False), ("dicabut_pada__isnull", False)),
                    _connector="OR",
                ),
                name="dokumen_dicabut_lengkap",
            ),
        ),
    ]
