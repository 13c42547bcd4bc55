"""Admin for the offices and their standards.

A superuser sees every instansi. An Admin Instansi (a staff user with a
Pegawai profile) sees and edits only his own office's rows, through the one
scope of every admin page (layanan.admin_scope): querysets, choice lists,
filters and actions limited to his instansi, and a row of another office
answers 404. Shared rows (cuti bersama for every office, PPKS categories,
the role groups) are read-only for him.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group, User
from django.db import models
from django.db.models import Count, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layanan.admin_scope import (
    DataBersamaAdmin,
    InstansiScopedAdmin,
    PilihanInstansiInline,
    instansi_of,
    semua_instansi,
)
from layanan.admin_versi import TerkunciSaatDipakai, VersiStandarAdmin
from layanan.forms import LayananForm
from layanan.models import (
    FaseWaktu,
    HariLibur,
    Instansi,
    Jabatan,
    KategoriPPKS,
    Kelurahan,
    LangkahProsedur,
    Layanan,
    Panti,
    Pegawai,
    PenunjukanPelaksana,
    Persyaratan,
    Produk,
    SaluranPengaduan,
    SubLayanan,
    TahapPengaduan,
    UnsurTerlibat,
)
from layanan.pratinjau import pratinjau_standar
from layanan.publikasi import periksa_standar
from layanan.roles import GROUP_NAMES

_SMALL_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}


# -- Instansi and its jabatan --------------------------------------------------


def _jabatan_of(request, instansi: Instansi | None = None):
    """The jabatan a form may offer: those of `instansi` when it is known, else
    of the user's own office; every office's only for a superuser."""
    if instansi is not None:
        return Jabatan.objects.filter(instansi=instansi).order_by("urutan", "nama")
    if semua_instansi(request):
        return Jabatan.objects.select_related("instansi")
    return Jabatan.objects.filter(instansi=instansi_of(request)).order_by("urutan", "nama")


class JabatanInline(PilihanInstansiInline, admin.TabularInline):
    model = Jabatan
    extra = 0
    fields = ("urutan", "nama", "peran")
    ordering = ("urutan", "nama")


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
    inlines = [JabatanInline]
    formfield_overrides = {**_SMALL_TEXT, models.URLField: {"assume_scheme": "https"}}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if request.method == "GET" and obj is not None and (kurang := obj.kop_kurang()):
            messages.warning(
                request,
                _(
                    "Kop dan tanda tangan surat belum lengkap: %(daftar)s. Surat tetap dapat "
                    "diterbitkan, tetapi bagian itu kosong."
                )
                % {"daftar": ", ".join(kurang)},
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if semua_instansi(request) else {}

    def get_readonly_fields(self, request, obj=None):
        return () if semua_instansi(request) else ("slug",)

    def has_add_permission(self, request):
        return semua_instansi(request) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return semua_instansi(request) and super().has_delete_permission(request, obj)


@admin.register(Jabatan)
class JabatanAdmin(InstansiScopedAdmin):
    """The officials an office names in its standards, each granting a role."""

    formfield_overrides = _SMALL_TEXT
    list_display = ("nama", "peran", "instansi", "urutan", "jumlah_pemegang")
    list_filter = ("instansi", "peran")
    list_select_related = ("instansi",)
    search_fields = ("nama",)
    fields = ("instansi", "nama", "peran", "urutan", "pemegang_tampil")
    readonly_fields = ("pemegang_tampil",)
    ordering = ("instansi__nama", "urutan", "nama")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _jumlah_pemegang=Count(
                    "pemegang",
                    filter=Q(pemegang__instansi=models.F("instansi")),
                    distinct=True,
                )
            )
        )

    @admin.display(description=_("pemegang"), ordering="_jumlah_pemegang")
    def jumlah_pemegang(self, obj: Jabatan) -> int:
        return obj._jumlah_pemegang

    @admin.display(description=_("dipegang oleh"))
    def pemegang_tampil(self, obj: Jabatan) -> str:
        if obj.pk is None:
            return "—"
        names = obj.pemegang.filter(instansi_id=obj.instansi_id).values_list("nama", flat=True)
        return ", ".join(names) or _("belum ada pegawai")


class PenunjukanPelaksanaForm(forms.ModelForm):
    class Meta:
        model = PenunjukanPelaksana
        fields = ("instansi", "jabatan", "pegawai", "jenis", "mulai", "selesai", "dasar")

    def clean(self):
        data = super().clean()
        jabatan = data.get("jabatan")
        if jabatan is not None:
            # two admins appointing to one jabatan at once: the second waits here,
            # then sees the first's appointment in the overlap check (model clean)
            list(Jabatan.objects.select_for_update().filter(pk=jabatan.pk).values_list("pk"))
        return data


@admin.register(PenunjukanPelaksana)
class PenunjukanPelaksanaAdmin(InstansiScopedAdmin):
    """Plt/Plh appointments: the acting official stands in for the jabatan
    from `mulai` to `selesai`; the appointment ends by itself after that day."""

    form = PenunjukanPelaksanaForm
    list_display = ("jabatan", "jenis", "pegawai", "mulai", "selesai", "berlaku_hari_ini", "dasar")
    list_filter = ("instansi", "jenis")
    list_select_related = ("jabatan", "pegawai", "instansi")
    search_fields = ("jabatan__nama", "pegawai__nama", "dasar")
    readonly_fields = ("dibuat_oleh", "dibuat_pada")
    ordering = ("-mulai",)
    date_hierarchy = "mulai"

    @admin.display(description=_("berlaku hari ini"), boolean=True)
    def berlaku_hari_ini(self, obj: PenunjukanPelaksana) -> bool:
        return obj.berlaku()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.dibuat_oleh = request.user
        super().save_model(request, obj, form, change)


# -- Layanan and its ordered components -------------------------------------


class OrderedInline(PilihanInstansiInline):
    """An inline whose rows are shown and edited in `urutan` order. It keeps
    the standard being edited on the request (None on the add page), so
    choices can be limited to that standard and its office."""

    extra = 0
    ordering = ("urutan", "pk")
    formfield_overrides = _SMALL_TEXT

    def get_formset(self, request, obj=None, **kwargs):
        request._admin_layanan = obj
        return super().get_formset(request, obj, **kwargs)


def _langkah_of(request):
    """Steps a row may point at: those of the standard being edited only."""
    layanan = getattr(request, "_admin_layanan", None)
    if layanan is None:
        return LangkahProsedur.objects.none()
    return LangkahProsedur.objects.filter(layanan=layanan).order_by("urutan", "pk")


class SubLayananInline(TerkunciSaatDipakai, OrderedInline, admin.TabularInline):
    model = SubLayanan
    fields = ("urutan", "nama")


def _sub_layanan_of(request) -> models.QuerySet:
    """Sub-services a row may belong to: those of the standard being edited only."""
    layanan = getattr(request, "_admin_layanan", None)
    return SubLayanan.objects.filter(layanan=layanan) if layanan else SubLayanan.objects.none()


class PersyaratanInline(TerkunciSaatDipakai, OrderedInline, admin.StackedInline):
    model = Persyaratan
    fields = (
        ("urutan", "sub_layanan"),
        "teks",
        ("jenis", "wajib", "kondisi"),
        "surat_kelurahan",
        ("fakta", "cara_periksa", "langkah_periksa"),
        ("nilai_ambang", "nilai_maksimal"),
    )
    ordering = ("sub_layanan__urutan", "urutan", "pk")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "sub_layanan":
            kwargs["queryset"] = _sub_layanan_of(request)
        elif db_field.name == "langkah_periksa":
            kwargs["queryset"] = _langkah_of(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class LangkahProsedurInline(TerkunciSaatDipakai, OrderedInline, admin.StackedInline):
    model = LangkahProsedur
    fields = (
        ("urutan", "jenis", "tahap"),
        "teks",
        ("jabatan", "boleh_diwakilkan"),
        ("pelaksana", "peran", "instansi_luar"),
        ("durasi_nilai", "durasi_satuan", "durasi_catatan"),
        ("mulai_waktu", "jeda_waktu", "bersamaan"),
        ("persyaratan_teks", "output"),
        ("kembali_ke", "kondisi", "hanya_bila", "reunifikasi"),
        "jenis_persetujuan",
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "kembali_ke":
            kwargs["queryset"] = _langkah_of(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "jabatan":
            layanan = getattr(request, "_admin_layanan", None)
            kwargs["queryset"] = _jabatan_of(request, layanan.instansi if layanan else None)
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class FaseWaktuInline(TerkunciSaatDipakai, OrderedInline, admin.TabularInline):
    model = FaseWaktu
    fields = ("urutan", "nama", "nilai", "nilai_sampai", "satuan", "catatan", "tahap")


class ProdukInline(TerkunciSaatDipakai, OrderedInline, admin.TabularInline):
    model = Produk
    fields = ("urutan", "nama", "sub_layanan", "jenis_dokumen", "jenis")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "sub_layanan":
            kwargs["queryset"] = _sub_layanan_of(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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
class LayananAdmin(VersiStandarAdmin, InstansiScopedAdmin):
    form = LayananForm
    list_display = (
        "nama",
        "instansi",
        "versi",
        "status_versi",
        "waktu_nilai",
        "waktu_satuan",
        "aktif",
        "diperbarui",
    )
    list_filter = ("instansi", "status_versi", "aktif")
    list_select_related = ("instansi",)
    search_fields = ("nama", "nomor_sk")
    prepopulated_fields = {"slug": ("nama",)}
    fieldsets = (
        (None, {"fields": ("instansi", "nama", "slug", "urutan", "aktif")}),
        (
            _("Versi dan SK"),
            {
                "fields": (
                    ("versi", "status_versi"),
                    "nomor_sk",
                    ("tanggal_sk", "berlaku_mulai"),
                    "asal_tampil",
                )
            },
        ),
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
        (
            _("Alur kerja"),
            {"fields": ("jenis_subjek", "penandatangan_peran", "perlu_konfirmasi_panti")},
        ),
        (
            _("Komponen pengelolaan pelayanan (Permenpan RB No. 15 Tahun 2014)"),
            {
                "fields": Layanan.KOMPONEN_PENGELOLAAN,
                "description": _(
                    "Komponen yang diisi tampil di halaman standar dan PDF-nya; "
                    "yang kosong tidak ditampilkan."
                ),
            },
        ),
    )
    change_form_template = "layanan/admin/layanan_change_form.html"
    change_list_template = "layanan/admin/layanan_change_list.html"
    actions = ["periksa_dan_pratinjau", "buat_draf_versi_baru"]
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

    # -- "Periksa dan pratinjau": the checks and a sample case, read-only -------

    def get_urls(self):
        return [
            path(
                "<path:object_id>/periksa/",
                self.admin_site.admin_view(self.periksa_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_periksa",
            ),
            *super().get_urls(),
        ]

    @admin.action(description=_("Periksa dan pratinjau"), permissions=["view"])
    def periksa_dan_pratinjau(self, request, queryset):
        pilihan = list(queryset.values_list("pk", flat=True)[:2])
        if len(pilihan) != 1:
            self.message_user(
                request, _("Pilih satu layanan untuk diperiksa."), level=messages.WARNING
            )
            return None
        return redirect(reverse("admin:layanan_layanan_periksa", args=[pilihan[0]]))

    def periksa_view(self, request, object_id):
        """Every problem periksa_standar finds, and how a sample case would run.
        Same scope as the change page: another office's standard answers 404."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        obj = self.objek_dalam_lingkup(request, object_id, boleh=self.has_view_or_change_permission)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "layanan": obj,
            "instansi": obj.instansi,
            "title": _("Periksa dan pratinjau: %(nama)s") % {"nama": obj.nama},
            "masalah": periksa_standar(obj),
            "pratinjau": pratinjau_standar(obj, sekarang=timezone.now()),
            "has_change_permission": self.has_change_permission(request, obj),
        }
        return TemplateResponse(request, "layanan/admin/periksa.html", context)


# -- Panti, holidays, categories --------------------------------------------


@admin.register(Panti)
class PantiAdmin(InstansiScopedAdmin):
    formfield_overrides = _SMALL_TEXT
    list_display = ("nama", "jenis", "kabupaten_kota", "instansi", "telepon", "aktif")
    list_filter = ("instansi", "jenis", "aktif")
    list_select_related = ("instansi",)
    search_fields = ("nama", "alamat", "menerima")
    filter_horizontal = ("kategori",)


@admin.register(Kelurahan)
class KelurahanAdmin(InstansiScopedAdmin):
    """The kelurahan/desa of the office's area whose operators submit requests online."""

    list_display = ("nama", "kecamatan", "kode_wilayah", "instansi", "aktif")
    list_filter = ("instansi", "aktif")
    list_select_related = ("instansi",)
    search_fields = ("nama", "kecamatan", "kode_wilayah")


@admin.register(HariLibur)
class HariLiburAdmin(InstansiScopedAdmin):
    """Local closures. Rows without instansi (cuti bersama for all offices)
    are visible to every Admin Instansi but only a superuser changes them."""

    list_display = ("tanggal", "jenis", "keterangan", "instansi")
    list_filter = ("jenis", "instansi")
    list_select_related = ("instansi",)
    date_hierarchy = "tanggal"
    search_fields = ("keterangan",)

    formfield_overrides = _SMALL_TEXT
    baris_bersama = True


@admin.register(KategoriPPKS)
class KategoriPPKSAdmin(DataBersamaAdmin):
    """One list shared by every office: only a superuser changes it."""

    list_display = ("nama", "kode", "urutan", "aktif")
    list_editable = ("urutan", "aktif")
    prepopulated_fields = {"kode": ("nama",)}
    ordering = ("urutan", "nama")


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DataBersamaAdmin, BaseGroupAdmin):
    """The portal's role groups, kept by migrations (layanan.roles): one set
    for every office, changed by a superuser only."""


# -- Staff --------------------------------------------------------------------


def _limit_jabatan_portal(db_field, request, kwargs) -> None:
    if db_field.name == "jabatan_portal":
        kwargs["queryset"] = _jabatan_of(request)
        kwargs["widget"] = forms.CheckboxSelectMultiple


class PegawaiForm(forms.ModelForm):
    """A staff member holds only jabatan of his own office."""

    def clean(self):
        cleaned = super().clean()
        instansi = cleaned.get("instansi") or getattr(self.instance, "instansi", None)
        jabatan = cleaned.get("jabatan_portal")
        if instansi is not None and jabatan:
            asing = [j.nama for j in jabatan if j.instansi_id != instansi.pk]
            if asing:
                self.add_error(
                    "jabatan_portal",
                    _("Jabatan %(nama)s bukan jabatan instansi pegawai ini.")
                    % {"nama": ", ".join(asing)},
                )
        return cleaned


# A staff profile's fields, on its own page and inline on the user's page.
ISIAN_PEGAWAI = (
    "instansi",
    "nama",
    "jabatan",
    "jabatan_portal",
    "nip",
    "pangkat",
    "panti",
    "kelurahan",
)


@admin.register(Pegawai)
class PegawaiAdmin(InstansiScopedAdmin):
    form = PegawaiForm
    formfield_overrides = _SMALL_TEXT
    list_display = ("nama", "jabatan", "nip", "instansi", "user")
    list_filter = ("instansi",)
    list_select_related = ("instansi", "user")
    search_fields = ("nama", "jabatan", "nip", "user__username")
    fields = ("user", *ISIAN_PEGAWAI)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        _limit_jabatan_portal(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class PegawaiInline(PilihanInstansiInline, admin.StackedInline):
    model = Pegawai
    form = PegawaiForm
    can_delete = False
    fields = ISIAN_PEGAWAI
    verbose_name_plural = _("profil pegawai")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        _limit_jabatan_portal(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        if not semua_instansi(request):
            # An Admin Instansi's user always belongs to his office.
            kwargs.update(min_num=1, validate_min=True)
        return super().get_formset(request, obj, **kwargs)


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
        if not semua_instansi(request):
            qs = qs.filter(is_superuser=False)
        return qs

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not semua_instansi(request):
            return self.limited_fieldsets
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if semua_instansi(request):
            return ()
        return ("last_login", "date_joined")

    def get_list_filter(self, request):
        if semua_instansi(request):
            return ("is_staff", "is_superuser", "is_active", "groups")
        return ("is_staff", "is_active", "groups")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not semua_instansi(request):
            kwargs["queryset"] = Group.objects.filter(name__in=GROUP_NAMES.values())
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def user_change_password(self, request, id, form_url=""):
        self._require_in_scope(request, id)
        return super().user_change_password(request, id, form_url)
