"""Letters as the office writes them (issue #9, item 1): TemplatSurat, one
versioned body per instansi and document kind; Dokumen.templat, the version
a letter was issued with (empty: the portal's default wording); the new kind
"Surat Pemberitahuan Penolakan". The Admin Instansi's permissions on the
templates are granted by layanan.roles.sync_roles after migrate."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('layanan', '0012_panti_kabupaten_kota'),
        ('rujukan', '0010_dokumen_verifikasi'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='dokumen',
            name='jenis',
            field=models.CharField(choices=[('tanda_terima', 'Tanda Terima Permohonan'), ('surat_rekomendasi', 'Surat Rekomendasi'), ('surat_rujukan', 'Surat Rujukan Klien'), ('laporan_sosial', 'Laporan Sosial'), ('pengajuan_panti', 'Pengajuan Berkas Usulan ke Panti'), ('laporan_kegiatan', 'Laporan Kegiatan'), ('surat_keterangan', 'Surat Keterangan'), ('bukti_registrasi', 'Bukti Registrasi'), ('berita_acara', 'Berita Acara Serah Terima'), ('surat_penolakan', 'Surat Pemberitahuan Penolakan')], max_length=20, verbose_name='jenis dokumen'),
        ),
        migrations.CreateModel(
            name='TemplatSurat',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('jenis', models.CharField(choices=[('tanda_terima', 'Tanda Terima Permohonan'), ('surat_rekomendasi', 'Surat Rekomendasi'), ('surat_rujukan', 'Surat Rujukan Klien'), ('laporan_sosial', 'Laporan Sosial'), ('pengajuan_panti', 'Pengajuan Berkas Usulan ke Panti'), ('laporan_kegiatan', 'Laporan Kegiatan'), ('surat_keterangan', 'Surat Keterangan'), ('bukti_registrasi', 'Bukti Registrasi'), ('berita_acara', 'Berita Acara Serah Terima'), ('surat_penolakan', 'Surat Pemberitahuan Penolakan')], max_length=20, verbose_name='jenis dokumen')),
                ('versi', models.PositiveSmallIntegerField(verbose_name='versi')),
                ('isi', models.TextField(help_text="Teks biasa. Paragraf dipisahkan satu baris kosong; kolom ditulis seperti {{ klien_nama }}. Baris yang diawali '# ' menjadi judul bagian.", verbose_name='isi surat')),
                ('catatan', models.CharField(blank=True, help_text='Apa yang diubah pada versi ini dan mengapa.', max_length=300, verbose_name='catatan perubahan')),
                ('dibuat_pada', models.DateTimeField(default=django.utils.timezone.now, verbose_name='dibuat pada')),
                ('dibuat_oleh', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='dibuat oleh')),
                ('instansi', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='templat_surat', to='layanan.instansi', verbose_name='instansi')),
            ],
            options={
                'verbose_name': 'templat surat',
                'verbose_name_plural': 'templat surat',
                'ordering': ['instansi', 'jenis', '-versi'],
            },
        ),
        migrations.AddField(
            model_name='dokumen',
            name='templat',
            field=models.ForeignKey(blank=True, help_text='Versi templat instansi yang dipakai; kosong bila memakai templat bawaan.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='dokumen', to='rujukan.templatsurat', verbose_name='versi templat surat'),
        ),
        migrations.AddConstraint(
            model_name='templatsurat',
            constraint=models.UniqueConstraint(fields=('instansi', 'jenis', 'versi'), name='templat_surat_versi_unik'),
        ),
    ]
