"""Admin for the case app: read-mostly. Cases move only through the services
(the state field is protected), so the admin shows them and lets a
superuser correct client data; it never offers a state change."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

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


class _InstansiScoped(admin.ModelAdmin):
    """Staff that are not superusers see only their own instansi's rows."""

    instansi_lookup = "instansi"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        pegawai = getattr(request.user, "pegawai", None)
        if pegawai is None:
            return qs.none()
        return qs.filter(**{self.instansi_lookup: pegawai.instansi_id})


@admin.register(Klien)
class KlienAdmin(_InstansiScoped):
    list_display = ["nama", "nik_tersamar", "jenis_kelamin", "tanggal_lahir", "instansi"]
    list_filter = ["instansi", "jenis_kelamin"]
    search_fields = ["nama"]
    readonly_fields = ["dibuat_pada", "diperbarui"]


class BerkasInline(admin.TabularInline):
    model = BerkasItem
    extra = 0
    fields = ["persyaratan", "berlaku", "terpenuhi", "catatan", "tipe_berkas", "ukuran_berkas"]
    readonly_fields = fields
    can_delete = False


class DokumenInline(admin.TabularInline):
    model = Dokumen
    extra = 0
    fields = ["jenis", "nomor", "tanggal", "sha256", "diterbitkan_pada"]
    readonly_fields = fields
    can_delete = False


@admin.register(Rujukan)
class RujukanAdmin(_InstansiScoped):
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
class KonsepAdmin(_InstansiScoped):
    instansi_lookup = "rujukan__instansi"
    list_display = ["rujukan", "versi", "status", "perihal", "dibuat_pada"]
    readonly_fields = [f.name for f in Konsep._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Persetujuan)
class PersetujuanAdmin(_InstansiScoped):
    instansi_lookup = "konsep__rujukan__instansi"
    list_display = ["konsep", "urutan", "jenis", "peran", "oleh", "pada"]
    readonly_fields = [f.name for f in Persetujuan._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(PengajuanPanti)
class PengajuanPantiAdmin(_InstansiScoped):
    instansi_lookup = "rujukan__instansi"
    list_display = ["rujukan", "panti", "jawaban", "dikirim_pada", "tanggal_jawaban"]
    readonly_fields = [f.name for f in PengajuanPanti._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Penomoran)
class PenomoranAdmin(_InstansiScoped):
    list_display = ["instansi", "jenis", "tahun", "terakhir"]
    readonly_fields = ["instansi", "jenis", "tahun", "terakhir"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("nomor terakhir"))
    def terakhir_tampil(self, obj):
        return obj.terakhir
