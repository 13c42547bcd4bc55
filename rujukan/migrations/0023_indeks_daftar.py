# The staff list's indexes (issue 13, item 3): rujukan.selectors_daftar.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rujukan", "0022_menit_kerja"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="rujukan",
            name="rujukan_status_idx",
        ),
        migrations.AddIndex(
            model_name="rujukan",
            index=models.Index(
                fields=["instansi", "-dibuat_pada", "-id"], name="rujukan_daftar_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="rujukan",
            index=models.Index(
                condition=models.Q(
                    (
                        "status__in",
                        (
                            "diajukan",
                            "pemeriksaan_berkas",
                            "dikembalikan",
                            "verifikasi",
                            "penanganan",
                            "pengajuan_panti",
                            "menunggu_panti",
                            "penyusunan",
                            "persetujuan",
                            "produk_terbit",
                            "diserahkan_panti",
                            "diserahkan_pemohon",
                            "reunifikasi",
                            "pendampingan_dilaporkan",
                        ),
                    )
                ),
                fields=["instansi", "-dibuat_pada", "-id"],
                name="rujukan_terbuka_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="rujukan",
            index=models.Index(
                fields=["instansi", "status", "-dibuat_pada", "-id"], name="rujukan_status_tgl_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="rujukan",
            index=models.Index(
                fields=["instansi", "layanan", "-dibuat_pada", "-id"],
                name="rujukan_layanan_tgl_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="rujukan",
            index=models.Index(fields=["instansi", "tenggat", "-id"], name="rujukan_tenggat_idx"),
        ),
        migrations.AddIndex(
            model_name="rujukan",
            index=models.Index(
                condition=models.Q(("sumber__in", ["online_operator", "online_warga"])),
                fields=["instansi", "-dibuat_pada", "-id"],
                name="rujukan_daring_idx",
            ),
        ),
    ]
