"""The rate limiter's two counter tables move from pengaduan to layanan (so
the case tracking page can use the limiter without importing pengaduan).
Only the migration state moves: the tables keep their names and rows;
pengaduan 0004 drops the models from pengaduan's state."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('layanan', '0008_produk_jenis_dokumen_boleh_kosong'),
        ('pengaduan', '0003_saluran_jenis_baru'),  # the tables are pengaduan's until now
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='JejakPermintaan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kunci', models.CharField(max_length=64, verbose_name='kunci')),
                        ('tindakan', models.CharField(max_length=20, verbose_name='tindakan')),
                        ('waktu', models.DateTimeField(verbose_name='waktu')),
                    ],
                    options={
                        'verbose_name': 'jejak permintaan',
                        'verbose_name_plural': 'jejak permintaan',
                        'db_table': 'pengaduan_jejakpermintaan',
                        'indexes': [models.Index(fields=['kunci', 'tindakan', 'waktu'], name='jejak_kunci_waktu')],
                    },
                ),
                migrations.CreateModel(
                    name='KunciPembatas',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kunci', models.CharField(max_length=64, verbose_name='kunci')),
                        ('tindakan', models.CharField(max_length=20, verbose_name='tindakan')),
                    ],
                    options={
                        'verbose_name': 'kunci pembatas',
                        'verbose_name_plural': 'kunci pembatas',
                        'db_table': 'pengaduan_kuncipembatas',
                        'constraints': [models.UniqueConstraint(fields=('kunci', 'tindakan'), name='kunci_pembatas_unik')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
