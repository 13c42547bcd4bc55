"""Admin of the DTKS/DTSEN extract (rujukan.models.DataDTKS; its CSV import
is lapangan's): listed with the NIK masked, scoped to the staff member's
office like every admin page (layanan.admin_scope), imported from CSV
through an upload page (all lines checked first; one transaction)."""

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
from layanan.admin_scope import InstansiScopedAdmin, instansi_of, semua_instansi
from layanan.models import Instansi
from rujukan.errors import RujukanError
from rujukan.models import DataDTKS


@admin.register(DataDTKS)
class DataDTKSAdmin(InstansiScopedAdmin):
    list_display = ["nama", "nik_tersamar", "desil", "tanggal_data", "instansi"]
    list_filter = ["desil", "tanggal_data"]
    search_fields = ["nama"]
    readonly_fields = ["diimpor_pada", "diimpor_oleh"]
    change_list_template = "admin/rujukan/datadtks/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("instansi")

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        return ["instansi", *filters] if semua_instansi(request) else filters

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
        if not semua_instansi(request):
            instansi = instansi_of(request)
            if instansi is None:
                raise PermissionDenied
            instansi_qs = instansi_qs.filter(pk=instansi.pk)
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
