"""Admin of the DTKS/DTSEN extract (rujukan.models.DataDTKS; its CSV import
is lapangan's): listed with the NIK masked, scoped to the staff member's
office, imported from CSV through an upload page (all lines checked first;
one transaction)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lapangan.forms import ImporDTKSForm
from lapangan.services import dtks_impor
from layanan.models import Instansi
from rujukan.errors import RujukanError
from rujukan.models import DataDTKS


@admin.register(DataDTKS)
class DataDTKSAdmin(admin.ModelAdmin):
    list_display = ["nama", "nik_tersamar", "desil", "tanggal_data", "instansi"]
    list_filter = ["desil", "tanggal_data"]
    search_fields = ["nama"]
    readonly_fields = ["diimpor_pada", "diimpor_oleh"]
    change_list_template = "admin/rujukan/datadtks/change_list.html"

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("instansi")
        if request.user.is_superuser:
            return qs
        pegawai = getattr(request.user, "pegawai", None)
        return qs.filter(instansi_id=pegawai.instansi_id) if pegawai else qs.none()

    def get_list_filter(self, request):
        return ["instansi", *self.list_filter] if request.user.is_superuser else self.list_filter

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "instansi" and not request.user.is_superuser:
            pegawai = getattr(request.user, "pegawai", None)
            kwargs["queryset"] = Instansi.objects.filter(
                pk=pegawai.instansi_id if pegawai else None
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self):
        return [
            path(
                "impor/",
                self.admin_site.admin_view(self.impor_view),
                name="rujukan_datadtks_impor",
            ),
            *super().get_urls(),
        ]

    def impor_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        instansi_qs = Instansi.objects.all()
        if not request.user.is_superuser:
            pegawai = getattr(request.user, "pegawai", None)
            if pegawai is None:
                raise PermissionDenied
            instansi_qs = instansi_qs.filter(pk=pegawai.instansi_id)
        form = ImporDTKSForm(request.POST or None, request.FILES or None)
        pilihan = list(instansi_qs)
        galat, status = [], 200
        if request.method == "POST" and form.is_valid():
            try:
                instansi = instansi_qs.get(pk=request.POST.get("instansi") or pilihan[0].pk)
            except (Instansi.DoesNotExist, ValueError, IndexError):
                raise PermissionDenied from None
            try:
                hasil = dtks_impor(
                    instansi=instansi, berkas=form.cleaned_data["berkas"], by=request.user
                )
            except RujukanError as exc:
                galat, status = [exc.pesan], exc.status_code
            else:
                if hasil.galat:
                    galat, status = hasil.galat, 400
                else:
                    self.message_user(
                        request,
                        _("Impor DTKS %(i)s: %(b)s baru, %(u)s diperbarui, %(t)s tidak berubah.")
                        % {
                            "i": instansi,
                            "b": hasil.dibuat,
                            "u": hasil.diperbarui,
                            "t": hasil.tidak_berubah,
                        },
                        messages.SUCCESS,
                    )
                    return redirect(reverse("admin:rujukan_datadtks_changelist"))
        elif request.method == "POST":
            status = 400
        ctx = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext_lazy("Impor data DTKS/DTSEN dari CSV"),
            "form": form,
            "instansi_pilihan": pilihan,
            "galat": galat,
        }
        return TemplateResponse(request, "admin/rujukan/datadtks/impor.html", ctx, status=status)
