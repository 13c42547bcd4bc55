"""Django admin for complaint settings and templates. Complaints themselves are
handled through the staff pages (permission- and instansi-checked); the admin
shows them read-only without the reporter's identity."""

from django.contrib import admin

from pengaduan.models import Pengaduan, PengaturanPengaduan, TemplatBalasan


@admin.register(PengaturanPengaduan)
class PengaturanPengaduanAdmin(admin.ModelAdmin):
    list_display = ["instansi", "respons_nilai", "respons_satuan", "jendela_balasan_hari_kerja"]


@admin.register(TemplatBalasan)
class TemplatBalasanAdmin(admin.ModelAdmin):
    list_display = ["judul", "instansi", "status", "aktif"]
    list_filter = ["instansi", "status", "aktif"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        pegawai = getattr(request.user, "pegawai", None)
        return qs.filter(instansi_id=pegawai.instansi_id if pegawai else None)


@admin.register(Pengaduan)
class PengaduanAdmin(admin.ModelAdmin):
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
        # Staff work on complaints through the instansi-scoped staff pages; the admin
        # list crosses offices, so only superusers see it.
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
