"""Django admin for complaint settings and templates, scoped to the user's
office like every admin page (layanan.admin_scope). Complaints themselves are
handled through the staff pages (permission- and instansi-checked); the admin
shows them read-only, to a superuser, without the reporter's identity."""

from django.contrib import admin

from layanan.admin_scope import InstansiScopedAdmin
from pengaduan.models import Pengaduan, PengaturanPengaduan, TemplatBalasan


@admin.register(PengaturanPengaduan)
class PengaturanPengaduanAdmin(InstansiScopedAdmin):
    list_display = ["instansi", "respons_nilai", "respons_satuan", "jendela_balasan_hari_kerja"]


@admin.register(TemplatBalasan)
class TemplatBalasanAdmin(InstansiScopedAdmin):
    list_display = ["judul", "instansi", "status", "aktif"]
    list_filter = ["instansi", "status", "aktif"]


@admin.register(Pengaduan)
class PengaduanAdmin(InstansiScopedAdmin):
    list_display = [
        "nomor",
        "instansi",
        "jenis",
        "saluran",
        "status",
        "diterima_pada",
        "batas_waktu",
    ]
    list_filter = ["instansi", "status", "saluran", "jenis"]
    search_fields = ["nomor", "nomor_referensi"]
    fields = [
        "nomor",
        "instansi",
        "layanan",
        "jenis",
        "saluran",
        "nomor_referensi",
        "status",
        "judul",
        "diterima_pada",
        "batas_waktu",
        "dijawab_pada",
        "selesai_pada",
        "petugas",
        "bidang",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_view_permission(self, request, obj=None):
        # Staff work on complaints through the staff pages, which keep the
        # reporter's identity to those allowed; the admin list is a superuser's.
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
