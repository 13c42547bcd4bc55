"""The admin of a standard's versions, mixed into LayananAdmin.

What may change in place: a draft is edited freely but published only
through "Terbitkan"; an archived version is read-only; the version in force
keeps its steps, requirements, products and workflow fields read-only once a
case was registered under it (TerkunciSaatDipakai). A new standard added in
the admin starts as a draft.

- "Buat draf versi baru" (a version in force): a confirmation page, then
  layanan_create_draft.
- "Terbitkan" (a draft): the SK form with every problem periksa_standar
  finds, then layanan_publish (which refuses while a problem remains).
- "Ekspor (JSON)": the version as a standard file.
- "Impor standar (JSON)" and "Salin dari standar instansi lain": a new draft
  in the admin's own office.

Each page has the scope of the change page (another office's standard
answers 404) and the permission of what it does (403 otherwise); a GET never
writes. The services check the same permission again.
"""

from __future__ import annotations

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from layanan import services
from layanan.errors import LayananError
from layanan.forms import ImporForm, SalinForm, TerbitkanForm
from layanan.models import Instansi, Layanan, RiwayatStandar, StatusVersi
from layanan.permissions import instansi_pegawai
from layanan.publikasi import periksa_standar

# Fields a case reads from its version: fixed, like the steps, once a case runs on it.
KOLOM_ALUR = (
    "waktu_nilai",
    "waktu_satuan",
    "jenis_subjek",
    "penandatangan_peran",
    "perlu_konfirmasi_panti",
)


def isi_terkunci(layanan: Layanan) -> bool:
    """Whether the version's structure is fixed: an archived version, or the
    version in force once a case was registered under it (cached on the row
    for the page, which asks once per inline)."""
    if layanan.pk is None or layanan.status_versi == StatusVersi.DRAF:
        return False
    if layanan.status_versi == StatusVersi.ARSIP:
        return True
    if not hasattr(layanan, "_dipakai_kasus"):
        layanan._dipakai_kasus = layanan.dipakai_kasus()
    return layanan._dipakai_kasus


class TerkunciSaatDipakai:
    """For the inlines of the rows a case runs on (sub-services, requirements,
    steps, phases, products): read-only once a case was registered under the
    version, so a running case never sees its steps change. A change is a
    new version."""

    def _terkunci(self, obj) -> bool:
        return isinstance(obj, Layanan) and isi_terkunci(obj)

    def has_add_permission(self, request, obj):
        return not self._terkunci(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._terkunci(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._terkunci(obj) and super().has_delete_permission(request, obj)


def _galat(exc: LayananError) -> dict:
    return {"galat": exc.pesan, "galat_daftar": getattr(exc, "daftar", [])}


class VersiStandarAdmin:
    """Pages and context of a standard's versions for LayananAdmin, and what
    of a version may change in place."""

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("impor/", wrap(self.impor_view), name=f"{info}_impor"),
            path("salin/", wrap(self.salin_view), name=f"{info}_salin"),
            path(
                "<path:object_id>/buat-draf/", wrap(self.buat_draf_view), name=f"{info}_buat_draf"
            ),
            path(
                "<path:object_id>/terbitkan/", wrap(self.terbitkan_view), name=f"{info}_terbitkan"
            ),
            path("<path:object_id>/ekspor/", wrap(self.ekspor_view), name=f"{info}_ekspor"),
            *super().get_urls(),
        ]

    # -- versions: what may change in place, and where a new standard starts --

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return fieldsets
        # A new standard starts as a draft (version 1), published with its SK.
        return [
            (name, {**opts, "fields": tuple(f for f in opts["fields"] if f != "aktif")})
            for name, opts in fieldsets
            if "nomor_sk" not in opts["fields"]
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        fields = ["versi", "status_versi", "asal_tampil"]
        if obj.status_versi == StatusVersi.DRAF:
            # Published only through "Terbitkan", with the SK given there.
            fields += ["aktif", "nomor_sk", "tanggal_sk", "berlaku_mulai"]
        if isi_terkunci(obj):
            fields += KOLOM_ALUR
        if isi_terkunci(obj) or obj.versi_lain().exclude(pk=obj.pk).exists():
            fields += ["instansi", "slug"]  # what ties the versions together
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if obj is None else {}

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status_versi == StatusVersi.ARSIP:
            return False  # an earlier version is a record: read-only
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status_versi == StatusVersi.ARSIP:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.versi = 1
            obj.status_versi = StatusVersi.DRAF
            obj.aktif = False
        super().save_model(request, obj, form, change)

    def view_on_site(self, obj):
        """The public page of a version citizens may read; none for a draft."""
        if obj.aktif or obj.status_versi == StatusVersi.ARSIP:
            return obj.get_absolute_url()
        return None

    @admin.display(description=_lazy("disalin dari"))
    def asal_tampil(self, obj: Layanan) -> str:
        asal = obj.versi_asal
        if asal is None:
            return "—"
        if asal.instansi_id == obj.instansi_id and asal.slug == obj.slug:
            return _("versi %(n)s") % {"n": asal.versi}
        return _("%(nama)s — %(instansi)s, versi %(n)s") % {
            "nama": asal.nama,
            "instansi": asal.instansi.nama,
            "n": asal.versi,
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self.konteks_versi(request, obj))
            context["isi_terkunci"] = isi_terkunci(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.action(description=_lazy("Buat draf versi baru"), permissions=["add"])
    def buat_draf_versi_baru(self, request, queryset):
        pilihan = list(queryset.values_list("pk", flat=True)[:2])
        if len(pilihan) != 1:
            self.message_user(
                request, _("Pilih satu layanan yang berlaku."), level=messages.WARNING
            )
            return None
        return redirect(reverse("admin:layanan_layanan_buat_draf", args=[pilihan[0]]))

    # -- helpers ---------------------------------------------------------------

    def _layanan_in_scope(self, request, object_id) -> Layanan:
        return self.objek_dalam_lingkup(request, object_id)

    def _instansi_tujuan(self, request) -> Instansi | None:
        """The office a new draft lands in: the admin's own (a superuser
        without an office picks one in the form)."""
        return instansi_pegawai(request.user)

    def _halaman(self, request, template: str, title: str, status: int = 200, **context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            **context,
        }
        return TemplateResponse(request, template, context, status=status)

    def _ke_ubah(self, layanan: Layanan):
        return redirect(reverse("admin:layanan_layanan_change", args=[layanan.pk]))

    def konteks_versi(self, request, obj: Layanan) -> dict:
        """What the change page shows of the standard's versions."""
        versi = list(obj.versi_lain())
        return {
            "daftar_versi": versi,
            "draf_standar": next((v for v in versi if v.status_versi == StatusVersi.DRAF), None),
            "riwayat_standar": list(
                RiwayatStandar.objects.filter(layanan__in=versi).select_related(
                    "layanan", "oleh__pegawai"
                )[:20]
            ),
            "boleh_buat_versi": self.has_add_permission(request),
        }

    # -- a new draft from the version in force ---------------------------------

    def buat_draf_view(self, request, object_id):
        obj = self._layanan_in_scope(request, object_id)
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {"layanan": obj, "original": obj, **self.konteks_versi(request, obj)}
        status = 200
        if request.method == "POST":
            try:
                draf = services.layanan_create_draft(layanan=obj, by=request.user)
            except LayananError as exc:
                context.update(_galat(exc))
                status = exc.status_code
            else:
                messages.success(
                    request,
                    _(
                        "Draf versi %(n)s dibuat. Ubah draf ini, periksa, lalu terbitkan dengan "
                        "SK-nya; versi %(lama)s tetap berlaku sampai itu."
                    )
                    % {"n": draf.versi, "lama": obj.versi},
                )
                return self._ke_ubah(draf)
        elif request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        return self._halaman(
            request,
            "layanan/admin/buat_draf.html",
            _("Buat draf versi baru: %(nama)s") % {"nama": obj.nama},
            status=status,
            **context,
        )

    # -- publishing a draft ----------------------------------------------------

    def terbitkan_view(self, request, object_id):
        obj = self._layanan_in_scope(request, object_id)
        if not self.has_change_permission(request):
            raise PermissionDenied
        status = 200
        galat: dict = {}
        if request.method == "POST":
            form = TerbitkanForm(request.POST)
            if form.is_valid():
                try:
                    services.layanan_publish(layanan=obj, by=request.user, **form.cleaned_data)
                except LayananError as exc:
                    galat, status = _galat(exc), exc.status_code
                else:
                    messages.success(
                        request,
                        _("Versi %(n)s diterbitkan dan mulai berlaku.") % {"n": obj.versi},
                    )
                    return self._ke_ubah(obj)
            else:
                status = 400
        elif request.method in ("GET", "HEAD"):
            form = TerbitkanForm()
        else:
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        obj.refresh_from_db()
        return self._halaman(
            request,
            "layanan/admin/terbitkan.html",
            _("Terbitkan: %(nama)s") % {"nama": obj.nama},
            status=status,
            layanan=obj,
            original=obj,
            form=form,
            masalah=periksa_standar(obj) if obj.is_draf else [],
            **galat,
            **self.konteks_versi(request, obj),
        )

    # -- export ----------------------------------------------------------------

    def ekspor_view(self, request, object_id):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        obj = self._layanan_in_scope(request, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        isi = json.dumps(services.layanan_export(obj), ensure_ascii=False, indent=2)
        response = HttpResponse(isi + "\n", content_type="application/json; charset=utf-8")
        nama = f"standar-{obj.instansi.slug}-{obj.slug}-versi-{obj.versi}.json"
        response["Content-Disposition"] = f'attachment; filename="{nama}"'
        response["Cache-Control"] = "private, no-store"
        return response

    # -- import and copy: a new draft in the admin's office --------------------

    def _draf_baru(self, request, form_class, template: str, title: str, buat, form_kwargs):
        if not self.has_add_permission(request):
            raise PermissionDenied
        instansi = self._instansi_tujuan(request)
        if instansi is None:
            # A superuser without an office: there is no office to land in.
            raise PermissionDenied
        status = 200
        galat: dict = {}
        if request.method == "POST":
            form = form_class(request.POST, request.FILES, **form_kwargs(instansi))
            if form.is_valid():
                try:
                    draf = buat(form, instansi)
                except LayananError as exc:
                    galat, status = _galat(exc), exc.status_code
                else:
                    messages.success(
                        request,
                        _(
                            "Draf versi %(n)s “%(nama)s” dibuat. Periksa dan sesuaikan, lalu "
                            "terbitkan dengan SK-nya."
                        )
                        % {"n": draf.versi, "nama": draf.nama},
                    )
                    return self._ke_ubah(draf)
            else:
                status = 400
        elif request.method in ("GET", "HEAD"):
            form = form_class(**form_kwargs(instansi))
        else:
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        return self._halaman(
            request, template, title, status=status, form=form, instansi=instansi, **galat
        )

    def impor_view(self, request):
        return self._draf_baru(
            request,
            ImporForm,
            "layanan/admin/impor.html",
            _("Impor standar (JSON)"),
            lambda form, instansi: services.layanan_import(
                data=form.cleaned_data["berkas"],
                instansi=instansi,
                by=request.user,
                nama_berkas=form.nama_berkas,
            ),
            form_kwargs=lambda instansi: {},
        )

    def salin_view(self, request):
        return self._draf_baru(
            request,
            SalinForm,
            "layanan/admin/salin.html",
            _("Salin dari standar instansi lain"),
            lambda form, instansi: services.layanan_copy(
                sumber=form.cleaned_data["sumber"],
                instansi=instansi,
                by=request.user,
                slug=form.cleaned_data["slug"] or None,
            ),
            form_kwargs=lambda instansi: {"instansi": instansi},
        )
