"""Admin for the offices and their standards.

A superuser sees every instansi. An Admin Instansi (a staff user with a
Pegawai profile) sees and edits only his own office's rows: querysets are
limited to his instansi, foreign-key choices too, and a row of another
office answers 404. Shared rows (cuti bersama for every office, PPKS
categories) are read-only for him.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from layanan.models import (
    FaseWaktu,
    HariLibur,
    Instansi,
    KategoriPPKS,
    LangkahProsedur,
    Layanan,
    Panti,
    Pegawai,
    Persyaratan,
    Produk,
    SaluranPengaduan,
    SubLayanan,
    TahapPengaduan,
    UnsurTerlibat,
)
from layanan.roles import GROUP_NAMES

_SMALL_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}


def instansi_of(request) -> Instansi | None:
    """The office of the logged-in staff user (None if he has no Pegawai profile)."""
    pegawai = getattr(request, "_admin_pegawai", None)
    if pegawai is None:
        pegawai = Pegawai.objects.select_related("instansi").filter(user_id=request.user.pk).first()
        request._admin_pegawai = pegawai or False
    return pegawai.instansi if pegawai else None


def _all_offices(request) -> bool:
    return request.user.is_superuser


class InstansiScopedAdmin(admin.ModelAdmin):
    """Rows are limited to the user's instansi through `instansi_lookup`."""

    instansi_lookup = "instansi"
    formfield_overrides = _SMALL_TEXT

    def scope_filter(self, instansi: Instansi) -> Q:
        return Q(**{self.instansi_lookup: instansi})

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if _all_offices(request):
            return qs
        instansi = instansi_of(request)
        if instansi is None:
            return qs.none()
        return qs.filter(self.scope_filter(instansi))

    def _require_in_scope(self, request, object_id) -> None:
        if object_id is None:
            return
        try:
            found = self.get_queryset(request).filter(pk=unquote(object_id)).exists()
        except (ValueError, ValidationError):
            found = False
        if not found:
            raise Http404(_("Data tidak ditemukan atau bukan milik instansi Anda."))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._require_in_scope(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "instansi" and not _all_offices(request):
            instansi = instansi_of(request)
            kwargs["queryset"] = Instansi.objects.filter(pk=getattr(instansi, "pk", None))
            kwargs["required"] = True
            kwargs["empty_label"] = None
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        instansi = instansi_of(request)
        if instansi is not None and "instansi" not in initial:
            initial["instansi"] = instansi.pk
        return initial

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if not _all_offices(request):
            filters = [f for f in filters if f != "instansi"]
        return filters


# -- Instansi ---------------------------------------------------------------


@admin.register(Instansi)
class InstansiAdmin(InstansiScopedAdmin):
    list_display = ("nama", "pemerintah_daerah", "zona_waktu", "telepon", "email")
    search_fields = ("nama", "singkatan", "pemerintah_daerah")
    prepopulated_fields = {"slug": ("nama",)}
    fieldsets = (
        (
            None,
            {"fields": ("nama", "singkatan", "slug", "pemerintah_daerah", "kode_wilayah", "logo")},
        ),
        (
            _("Alamat dan kontak"),
            {"fields": ("alamat", "kode_pos", "telepon", "email", "website", "kontak_darurat")},
        ),
        (_("Waktu kerja"), {"fields": ("zona_waktu", "hari_kerja", "jam_buka", "jam_tutup")}),
        (_("Surat"), {"fields": ("format_nomor_surat", "kode_unit")}),
        (_("Kepala dinas"), {"fields": ("kepala_nama", "kepala_nip", "kepala_pangkat")}),
    )

    def scope_filter(self, instansi: Instansi) -> Q:
        return Q(pk=instansi.pk)

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if _all_offices(request) else {}

    def get_readonly_fields(self, request, obj=None):
        return () if _all_offices(request) else ("slug",)

    def has_add_permission(self, request):
        return _all_offices(request) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return _all_offices(request) and super().has_delete_permission(request, obj)


# -- Layanan and its ordered components -------------------------------------


class OrderedInline:
    """An inline whose rows are shown and edited in `urutan` order."""

    extra = 0
    ordering = ("urutan", "pk")
    formfield_overrides = _SMALL_TEXT


class SubLayananInline(OrderedInline, admin.TabularInline):
    model = SubLayanan
    fields = ("urutan", "nama")


class PersyaratanInline(OrderedInline, admin.StackedInline):
    model = Persyaratan
    fields = (
        ("urutan", "sub_layanan"),
        "teks",
        ("jenis", "wajib", "kondisi"),
        ("fakta", "nilai_ambang"),
    )
    ordering = ("sub_layanan__urutan", "urutan", "pk")

    def get_formset(self, request, obj=None, **kwargs):
        request._admin_layanan = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "sub_layanan":
            layanan = getattr(request, "_admin_layanan", None)
            kwargs["queryset"] = (
                SubLayanan.objects.filter(layanan=layanan) if layanan else SubLayanan.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class LangkahProsedurInline(OrderedInline, admin.StackedInline):
    model = LangkahProsedur
    fields = (
        ("urutan", "tahap"),
        "teks",
        ("pelaksana", "peran"),
        ("durasi_nilai", "durasi_satuan", "durasi_catatan"),
        ("persyaratan_teks", "output"),
        ("jenis_persetujuan", "kondisi", "reunifikasi"),
    )


class FaseWaktuInline(OrderedInline, admin.TabularInline):
    model = FaseWaktu
    fields = ("urutan", "nama", "nilai", "nilai_sampai", "satuan", "catatan", "tahap")


class ProdukInline(OrderedInline, admin.TabularInline):
    model = Produk
    fields = ("urutan", "nama", "jenis_dokumen")


class SaluranPengaduanInline(OrderedInline, admin.TabularInline):
    model = SaluranPengaduan
    fields = ("urutan", "jenis", "label", "alamat")


class TahapPengaduanInline(OrderedInline, admin.TabularInline):
    model = TahapPengaduan
    fields = ("urutan", "teks")


class UnsurTerlibatInline(OrderedInline, admin.TabularInline):
    model = UnsurTerlibat
    fields = ("urutan", "nama")


@admin.register(Layanan)
class LayananAdmin(InstansiScopedAdmin):
    list_display = ("nama", "instansi", "waktu_nilai", "waktu_satuan", "aktif", "diperbarui")
    list_filter = ("instansi", "aktif")
    list_select_related = ("instansi",)
    search_fields = ("nama", "nomor_sk")
    prepopulated_fields = {"slug": ("nama",)}
    fieldsets = (
        (None, {"fields": ("instansi", "nama", "slug", "nomor_sk", "urutan", "aktif")}),
        (_("Isi standar"), {"fields": ("pengertian", "keterangan", "tim_pelaksana")}),
        (
            _("Waktu penyelesaian dan biaya"),
            {
                "fields": (
                    ("waktu_nilai", "waktu_satuan"),
                    "waktu_catatan",
                    ("biaya", "biaya_rupiah"),
                )
            },
        ),
        (
            _("Pengaduan"),
            {
                "fields": (
                    "penanganan_pengaduan",
                    ("respons_pengaduan_nilai", "respons_pengaduan_satuan"),
                    "respons_pengaduan_dari_standar",
                )
            },
        ),
        (_("Alur kerja"), {"fields": ("penandatangan_peran", "perlu_konfirmasi_panti")}),
    )
    formfield_overrides = {
        **_SMALL_TEXT,
        models.CharField: {"widget": forms.TextInput(attrs={"size": 60})},
    }
    inlines = [
        SubLayananInline,
        PersyaratanInline,
        LangkahProsedurInline,
        FaseWaktuInline,
        ProdukInline,
        SaluranPengaduanInline,
        TahapPengaduanInline,
        UnsurTerlibatInline,
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "biaya":
            # A standard that does not state its cost (SI LARAS MANIS) keeps it
            # empty instead of an invented value; the model field lacks blank=True.
            kwargs["required"] = False
        return super().formfield_for_dbfield(db_field, request, **kwargs)


# -- Panti, holidays, categories --------------------------------------------


@admin.register(Panti)
class PantiAdmin(InstansiScopedAdmin):
    list_display = ("nama", "jenis", "instansi", "telepon", "aktif")
    list_filter = ("instansi", "jenis", "aktif")
    list_select_related = ("instansi",)
    search_fields = ("nama", "alamat", "menerima")
    filter_horizontal = ("kategori",)


@admin.register(HariLibur)
class HariLiburAdmin(InstansiScopedAdmin):
    """Local closures. Rows without instansi (cuti bersama for all offices)
    are visible to every Admin Instansi but only a superuser changes them."""

    list_display = ("tanggal", "jenis", "keterangan", "instansi")
    list_filter = ("jenis", "instansi")
    list_select_related = ("instansi",)
    date_hierarchy = "tanggal"
    search_fields = ("keterangan",)

    def scope_filter(self, instansi: Instansi) -> Q:
        return Q(instansi=instansi) | Q(instansi__isnull=True)

    def _shared_row(self, request, obj) -> bool:
        return obj is not None and obj.instansi_id is None and not _all_offices(request)

    def has_change_permission(self, request, obj=None):
        if self._shared_row(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._shared_row(request, obj):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(KategoriPPKS)
class KategoriPPKSAdmin(admin.ModelAdmin):
    """One list shared by every office: only a superuser changes it."""

    list_display = ("nama", "kode", "urutan", "aktif")
    list_editable = ("urutan", "aktif")
    prepopulated_fields = {"kode": ("nama",)}
    ordering = ("urutan", "nama")

    def has_add_permission(self, request):
        return _all_offices(request)

    def has_change_permission(self, request, obj=None):
        return _all_offices(request)

    def has_delete_permission(self, request, obj=None):
        return _all_offices(request)


# -- Staff --------------------------------------------------------------------


def _limit_staff_choices(db_field, request, kwargs) -> None:
    if _all_offices(request):
        return
    instansi = instansi_of(request)
    if db_field.name == "panti":
        kwargs["queryset"] = Panti.objects.filter(instansi=instansi)
    elif db_field.name == "user":
        kwargs["queryset"] = User.objects.filter(
            Q(pegawai__instansi=instansi) | Q(pegawai__isnull=True), is_superuser=False
        )


@admin.register(Pegawai)
class PegawaiAdmin(InstansiScopedAdmin):
    list_display = ("nama", "jabatan", "nip", "instansi", "user")
    list_filter = ("instansi",)
    list_select_related = ("instansi", "user")
    search_fields = ("nama", "jabatan", "nip", "user__username")
    fields = ("user", "instansi", "nama", "jabatan", "nip", "pangkat", "panti")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        _limit_staff_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PegawaiInline(admin.StackedInline):
    model = Pegawai
    can_delete = False
    fields = ("instansi", "nama", "jabatan", "nip", "pangkat", "panti")
    verbose_name_plural = _("profil pegawai")

    def get_formset(self, request, obj=None, **kwargs):
        if not _all_offices(request):
            # An Admin Instansi's user always belongs to his office.
            kwargs.update(min_num=1, validate_min=True)
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        _limit_staff_choices(db_field, request, kwargs)
        if db_field.name == "instansi" and not _all_offices(request):
            kwargs["queryset"] = Instansi.objects.filter(
                pk=getattr(instansi_of(request), "pk", None)
            )
            kwargs["required"] = True
            kwargs["empty_label"] = None
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(InstansiScopedAdmin, BaseUserAdmin):
    """Accounts with their staff profile. An Admin Instansi manages only the
    accounts of his office, and cannot grant superuser or loose permissions."""

    inlines = [PegawaiInline]
    instansi_lookup = "pegawai__instansi"
    list_display = ("username", "first_name", "last_name", "is_staff", "is_active")
    list_select_related = ()
    limited_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Data pribadi"), {"fields": ("first_name", "last_name", "email")}),
        (_("Akses"), {"fields": ("is_active", "is_staff", "groups")}),
        (_("Tanggal penting"), {"fields": ("last_login", "date_joined")}),
    )

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if not _all_offices(request):
            qs = qs.filter(is_superuser=False)
        return qs

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not _all_offices(request):
            return self.limited_fieldsets
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if _all_offices(request):
            return ()
        return ("last_login", "date_joined")

    def get_list_filter(self, request):
        if _all_offices(request):
            return ("is_staff", "is_superuser", "is_active", "groups")
        return ("is_staff", "is_active", "groups")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not _all_offices(request):
            kwargs["queryset"] = Group.objects.filter(name__in=GROUP_NAMES.values())
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def user_change_password(self, request, id, form_url=""):
        self._require_in_scope(request, id)
        return super().user_change_password(request, id, form_url)
