"""Names vulture reports as unused that are used (`make lint`, [tool.vulture]).

Each group says why its names are used where vulture cannot see it: by a
setting or a dotted path, by Django's or a library's protocol, by a template,
or from a model module (left out of the scan, see pyproject.toml). Review an
entry before adding it: a name that only the tests use is dead code, not an
exception. This file is read by vulture, never imported.
"""

# -- named in settings or by a dotted path in a registry ------------------------------------------
alamat_klien  # AXES_CLIENT_IP_CALLABLE
KataLokalValidator  # AUTH_PASSWORD_VALIDATORS
_.validate  # ... and the password-validator protocol
PelaksanaBackend  # AUTHENTICATION_BACKENDS
application  # config/wsgi.py and asgi.py: WSGI_APPLICATION, the servers
SitusAdmin  # akun.admin_apps.AdminAkunConfig.default_site
default_site  # ... read by django.contrib.admin's AdminConfig
ROLE_PERMISSIONS  # layanan.roles.ROLE_PERMISSION_SOURCES
LAYANAN_PERMISSIONS  # ... the same
role_permissions  # ... the same (pengaduan), and pengaduan's migration 0002
grant  # the apps' data migrations (not scanned)
enkripsi_kolom  # the migrations that encrypt existing columns (not scanned)
AKSES_DATA  # layanan.akses_log.AKSES_DATA_SOURCES
JENIS  # layanan.retensi's list of retention sources

# -- Django's protocols ---------------------------------------------------------------------------
_.site_header  # AdminSite texts (config/urls.py)
_.site_title
_.index_title
_.view_on_site  # ModelAdmin
_.process_exception  # middleware hook
_.pre_save  # Field API (layanan.enkripsi)
descriptor_class  # Field API: the attribute's descriptor
owner  # descriptor protocol: __get__(self, instance, owner)
input_type  # Widget attribute
allow_multiple_selected  # ClearableFileInput attribute for several files
_.receive_data_chunk  # FileUploadHandler API (layanan.unggahan)
_.file_complete
file_size  # ... its argument
arity  # Func/Aggregate attributes (kinerja.waktu)
arg_joiner
function
_.function
allow_distinct
_.as_sqlite  # the per-vendor SQL hook
_.finalize  # sqlite3 aggregate protocol (create_aggregate)
_.models_module  # AppConfig attribute set for a migration-time app registry
credentials  # django-axes lockout-callable arguments
original_response
formsets  # ModelAdmin.save_related(request, form, formsets, change)
frame  # signal.signal handler arguments (jadwal)
signum

# -- libraries' attributes set on their objects ---------------------------------------------------
_.csp_nonce  # request.csp_nonce, read by the templates' nonce and by django-csp
_._messages  # request._messages, django.contrib.messages' storage
_.confirmed  # django-otp's TOTPDevice
_.first_name  # auth.User
_.MAX_IMAGE_PIXELS  # Pillow's decompression-bomb limit
_.image  # Django's ImageField reads File.image
_.font  # openpyxl cells and sheets (exports)
_.alignment
_.number_format
_.freeze_panes

# -- model fields written by services (the model modules are not scanned) -------------------------
_.diimpor_oleh
_.diimpor_pada
_.galat_terakhir
_.terkirim_pada
_.dibuka_kembali_kali
_.duplikat_dari
_.diakhiri_oleh
_.alasan_pencabutan
_.dicabut_oleh
_.ukuran_berkas
_.diputus_oleh
_.diputus_pada
_.catatan_pengembalian
_.tanggal_jawaban
_.dijawab_oleh
_.diserahkan_pada
_.rujukan_terbuka  # an attribute a view sets on the intake form, read by its template
bentuk_hukum  # keys of the intake's typed values, stored as model fields
nomor_legalitas
npwp
tempat_lahir

# -- called from model modules (not scanned) ------------------------------------------------------
LogoField  # layanan.models.Instansi.logo
tanpa_sidik_sumber_diperiksa  # rujukan.models (validate_constraints)
tautan_daftar  # layanan.models.SaluranPengaduan
ikon_saluran  # ... the same
boleh_menyetujui  # rujukan.models.rujukan: the transitions' permission
fakta_belum_terpenuhi  # rujukan.models.rujukan: the transitions' conditions
fakta_menghalangi_berkas
_._penguruslembaga  # kinerja.volume: hooks found with getattr("_" + model name)
_._rujukan
_._dokumen
_._undangansurvei
_._statelog
_._pelapor
skala  # kinerja.volume._ulang: the scale every caller passes

# -- form fields, read by the form machinery and the templates ------------------------------------
identitas_catatan
kondisi_fisik
kondisi_mental
kondisi_ekonomi
situasi_keluarga
kondisi_tempat_tinggal
risiko
kesimpulan
situs_web  # the honeypot field
tampilan  # a django-filter field
pemohon_jenis
pemohon_nama
pemohon_hubungan
pemohon_lembaga
pemohon_telepon
pemohon_whatsapp
pemohon_alamat
konfirmasi_kasus_terbuka
persetujuan_pemberi
persetujuan_hubungan
persetujuan_cara
persetujuan_alasan

# -- read by templates only -----------------------------------------------------------------------
paginator  # a page's paginator: rujukan.selectors_daftar.HalamanDaftar, read like Django's Page
_.has_other_pages  # ... its Page methods, read by the pagination templates
_.next_page_number
_.previous_page_number
_.fakta_fields  # lapangan/asesmen form
_.unsur_fields  # survei form
_.baris_persyaratan  # rujukan intake form
_.baris_pengurus
_.nama_ke  # rujukan/_langkah
verifikasi_bersyarat  # rujukan detail
_.web  # layanan links
dasar_tenggat  # layanan preview
gaya  # pengaduan action buttons
_.penjelasan  # an action's explanation (layanan.aksi.Aksi), on its confirmation page
_.menyusun_konsep  # rujukan.aksi.AksiRujukan: what its confirmation page shows
_.tombol_kirim
y_masuk  # kinerja charts
t_masuk
y_selesai
t_selesai
p90  # kinerja dashboards
_.satuan_label
_.persen_tepat
_.lewat_baku
status_label
median_jam_kerja
_.jumlah_kasus
tenggat_teks  # lapangan work list
waktu_baku  # rujukan case times
menit_aktual
_.status_label
perkiraan_selesai
tanda_tangan  # rujukan approval inbox
cq  # rujukan recap
catatan_kembali  # warga's own cases
_.dikembalikan
sidik_jari_sha256  # rujukan verification page
penandatangan_nama
penandatangan_jabatan
pengganti_nomor
pengganti_tanggal
penerbit  # the signing certificate's issuer, kept with its other facts on the signature record

# -- limits read by name through warga.services.batas (overridable in settings) -----------------
BERLAKU_MENIT
MAKS_SALAH
KUNCI_MENIT
KIRIM_PER_KONTAK
KIRIM_PER_ALAMAT
SALAH_PER_ALAMAT
_.per_label  # kinerja.volume.Penyalin: set, never read; goes when that file's open change lands
