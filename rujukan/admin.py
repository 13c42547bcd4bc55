"""Admin for the case app: read-mostly. Cases move only through the services
(the state field is protected), so the admin shows them and lets a
superuser correct client data; it never offers a state change. Every page
is scoped to the user's office (layanan.admin_scope)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from layanan.admin_scope import InstansiScopedAdmin, PilihanInstansiInline
from rujukan import admin_templat  # noqa: F401 - registers the letter templates' admin
from rujukan.models import (
    BerkasItem,
    Dokumen,
    Klien,
    Konsep,
    PengajuanPanti,
    Penomoran,
    Persetujuan,
    Rujukan,
)


@admin.register(Klien)
class KlienAdmin(InstansiScopedAdmin):
    list_display = ["nama", "nik_tersamar", "jenis_kelamin", "tanggal_lahir", "instansi"]
    list_filter = ["instansi", "jenis_kelamin"]
    search_fields = ["nama"]
    readonly_fields = ["dibuat_pada", "diperbarui"]


class BerkasInline(PilihanInstansiInline, admin.TabularInline):
    model = BerkasItem
    extra = 0
    fields = ["persyaratan", "berlaku", "terpenuhi", "catatan", "tipe_berkas", "ukuran_berkas"]
    readonly_fields = fields
    can_delete = False


class DokumenInline(PilihanInstansiInline, admin.TabularInline):
    model = Dokumen
    extra = 0
    fields = ["jenis", "nomor", "tanggal", "sha256", "diterbitkan_pada"]
    readonly_fields = fields
    can_delete = False


@admin.register(Rujukan)
class RujukanAdmin(InstansiScopedAdmin):
    list_display = ["nomor_registrasi", "layanan", "status", "dibuat_pada", "tenggat", "dijeda"]
    list_filter = ["instansi", "status", "layanan"]
    search_fields = ["nomor_registrasi", "klien__nama"]
    inlines = [BerkasInline, DokumenInline]
    readonly_fields = [
        "instansi",
        "layanan",
        "sub_layanan",
        "klien",
        "pemohon",
        "nomor_registrasi",
        "tahun",
        "nomor_urut",
        "status",
        "tenggat",
        "tenggat_tahap",
        "dijeda",
        "dibuat_oleh",
        "dibuat_pada",
        "selesai_pada",
    ]
    exclude = ["kode_lacak_hash"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Konsep)
class KonsepAdmin(InstansiScopedAdmin):
    instansi_lookup = "rujukan__instansi"
    list_display = ["rujukan", "versi", "status", "perihal", "dibuat_pada"]
    readonly_fields = [f.name for f in Konsep._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Persetujuan)
class PersetujuanAdmin(InstansiScopedAdmin):
    instansi_lookup = "konsep__rujukan__instansi"
    list_display = ["konsep", "urutan", "jenis", "peran", "oleh", "pada"]
    readonly_fields = [f.name for f in Persetujuan._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(PengajuanPanti)
class PengajuanPantiAdmin(InstansiScopedAdmin):
    instansi_lookup = "rujukan__instansi"
    list_display = ["rujukan", "panti", "jawaban", "dikirim_pada", "tanggal_jawaban"]
    readonly_fields = [f.name for f in PengajuanPanti._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Penomoran)
class PenomoranAdmin(InstansiScopedAdmin):
    list_display = ["instansi", "jenis", "tahun", "terakhir"]
    readonly_fields = ["instansi", "jenis", "tahun", "terakhir"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("nomor terakhir"))
    def terakhir_tampil(self, obj):
        return obj.terakhir
