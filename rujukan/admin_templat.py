"""Admin of the office's letter wording (TemplatSurat), for its Admin Instansi.

Scoped like every office row (layanan.admin_scope.InstansiScopedAdmin): another
office's versions are not listed, answer 404, and cannot be picked. A saved
version is never changed or deleted — "Simpan" writes the next version
(rujukan.services.templat), in force for the letters issued from then on;
the letters already issued keep theirs. "Pratinjau" renders the wording
being edited as a PDF of a fictitious sample case (rujukan.templat_contoh)
without saving anything. The reference list of fields is on the page.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import HttpResponse, HttpResponseNotAllowed
from django.urls import path, reverse
from django.utils.translation import gettext_lazy

from layanan.admin_scope import InstansiScopedAdmin, instansi_of
from rujukan.errors import IzinDitolak
from rujukan.models import JenisDokumen, TemplatSurat
from rujukan.services.templat import templat_surat_create
from rujukan.templat import (
    JENIS_BERTEMPLAT,
    daftar_kolom,
    periksa_isi,
    teks_bawaan,
    templat_berlaku,
)
from rujukan.templat_contoh import pratinjau_pdf

BANTUAN = gettext_lazy(
    "Tulis teks biasa. Paragraf dipisahkan satu baris kosong. Kolom ditulis di antara kurung "
    "kurawal ganda, misalnya {{ klien_nama }}, dan diganti dengan data kasus. Kolom "
    "tabel/daftar ditulis sendirian dalam satu paragraf. Teks di antara [[ dan ]] hanya "
    "dicetak bila semua kolom di dalamnya berisi, misalnya "
    "[[, dengan panti/lembaga tujuan {{ panti }}]]. Baris yang diawali “# ” menjadi judul "
    "bagian. Perintah templat dan tanda HTML tidak diterima."
)


class TemplatSuratForm(forms.ModelForm):
    class Meta:
        model = TemplatSurat
        fields = ("instansi", "jenis", "isi", "catatan")
        widgets = {
            "isi": forms.Textarea(attrs={"rows": 26, "cols": 100, "class": "vLargeTextField"}),
            "catatan": forms.TextInput(attrs={"size": 80}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "jenis" in self.fields:
            self.fields["jenis"].choices = [(j, JenisDokumen(j).label) for j in JENIS_BERTEMPLAT]

    def clean_isi(self) -> str:
        isi = (self.cleaned_data.get("isi") or "").replace("\r\n", "\n").strip()
        galat = periksa_isi(isi)
        if galat:
            raise forms.ValidationError(galat)
        return isi


def _pdf(isi: bytes, nama: str) -> HttpResponse:
    response = HttpResponse(isi, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{nama}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@admin.register(TemplatSurat)
class TemplatSuratAdmin(InstansiScopedAdmin):
    form = TemplatSuratForm
    list_display = ("jenis", "versi", "berlaku", "catatan", "dibuat_oleh_nama", "dibuat_pada")
    list_filter = ("instansi", "jenis")
    list_select_related = ("instansi", "dibuat_oleh__pegawai")
    change_form_template = "rujukan/admin/templat_change_form.html"
    change_list_template = "rujukan/admin/templat_change_list.html"
    ordering = ("jenis", "-versi")

    # -- a version is written once -------------------------------------------------------------
    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("instansi", "jenis", "isi", "catatan")
        return ("instansi", "jenis", "versi", "isi", "catatan", "dibuat_oleh", "dibuat_pada")

    def get_list_display(self, request):
        tampil = list(super().get_list_display(request))
        return [*tampil, "instansi"] if request.user.is_superuser else tampil

    def get_queryset(self, request):
        terbaru = TemplatSurat.objects.filter(
            instansi=OuterRef("instansi"), jenis=OuterRef("jenis")
        ).order_by("-versi")
        qs = super().get_queryset(request)
        return qs.annotate(_terbaru=Subquery(terbaru.values("versi")[:1]))

    @admin.display(description=gettext_lazy("berlaku"), boolean=True)
    def berlaku(self, obj: TemplatSurat) -> bool:
        return obj.versi == obj._terbaru

    @admin.display(description=gettext_lazy("dibuat oleh"), ordering="dibuat_oleh__pegawai__nama")
    def dibuat_oleh_nama(self, obj: TemplatSurat) -> str:
        pegawai = getattr(obj.dibuat_oleh, "pegawai", None)
        return pegawai.nama if pegawai else obj.dibuat_oleh.get_username()

    # -- the add form: starts from the wording in force ------------------------------------------
    def _versi_dalam_cakupan(self, request, pk) -> TemplatSurat | None:
        try:
            return self.get_queryset(request).filter(pk=int(pk)).first()
        except (TypeError, ValueError):
            return None

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        instansi = instansi_of(request)
        dari = request.GET.get("dari")
        sumber = self._versi_dalam_cakupan(request, dari) if dari else None
        if sumber is not None:
            initial.update(instansi=sumber.instansi_id, jenis=sumber.jenis, isi=sumber.isi)
        elif request.GET.get("jenis") in JENIS_BERTEMPLAT:
            jenis = request.GET["jenis"]
            berlaku = templat_berlaku(instansi=instansi, jenis=jenis) if instansi else None
            initial.update(jenis=jenis, isi=berlaku.isi if berlaku else teks_bawaan(jenis))
        return initial

    def save_form(self, request, form, change):
        """The new version, numbered and written by the service."""
        data = form.cleaned_data
        try:
            return templat_surat_create(
                instansi=data["instansi"],
                jenis=data["jenis"],
                isi=data["isi"],
                catatan=data.get("catatan", ""),
                by=request.user,
            )
        except IzinDitolak as exc:
            raise PermissionDenied(exc.pesan) from exc

    def save_model(self, request, obj, form, change) -> None:
        """Written in save_form."""

    def save_related(self, request, form, formsets, change) -> None:
        """No related rows."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(kolom=daftar_kolom(), bantuan_templat=BANTUAN)
        # a refused POST answers 400 (InstansiScopedAdmin): nothing was saved
        return super().render_change_form(request, context, add, change, form_url, obj)

    def add_view(self, request, form_url="", extra_context=None):
        if request.method == "POST" and "_pratinjau" in request.POST:
            return self._pratinjau_isian(request, form_url, extra_context)
        return super().add_view(request, form_url, extra_context)

    # -- previews, never a write ---------------------------------------------------------------
    def _pratinjau_isian(self, request, form_url, extra_context):
        """The wording typed in the form, on the sample case, as a PDF.
        Invalid wording gets the form back with its errors (400)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form_class = self.get_form(request, None, change=False)
        form = form_class(request.POST)
        if not form.is_valid():
            # the same POST without the preview button: the admin shows the errors
            post = request.POST.copy()
            post.pop("_pratinjau", None)
            request.POST = post
            return super().add_view(request, form_url, extra_context)
        data = form.cleaned_data
        pdf = pratinjau_pdf(instansi=data["instansi"], jenis=data["jenis"], teks=data["isi"])
        return _pdf(pdf, f"pratinjau-{data['jenis']}.pdf")

    def get_urls(self):
        return [
            path(
                "<path:object_id>/pratinjau/",
                self.admin_site.admin_view(self.pratinjau_versi_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_pratinjau",
            ),
            *super().get_urls(),
        ]

    def pratinjau_versi_view(self, request, object_id):
        """A saved version on the sample case; same scope as its page."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        obj = self.objek_dalam_lingkup(request, object_id, boleh=self.has_view_permission)
        pdf = pratinjau_pdf(instansi=obj.instansi, jenis=obj.jenis, teks=obj.isi)
        return _pdf(pdf, f"pratinjau-{obj.jenis}-v{obj.versi}.pdf")

    # -- the list: every kind, with the version in force -----------------------------------------
    def changelist_view(self, request, extra_context=None):
        instansi = instansi_of(request)
        ringkasan = []
        if instansi is not None:
            berlaku = {
                t.jenis: t for t in TemplatSurat.objects.milik(instansi).order_by("jenis", "versi")
            }
            ringkasan = [
                {
                    "jenis": j,
                    "label": JenisDokumen(j).label,
                    "templat": berlaku.get(j),
                    "url_ubah": reverse("admin:rujukan_templatsurat_add") + f"?jenis={j}",
                }
                for j in JENIS_BERTEMPLAT
            ]
        extra_context = {**(extra_context or {}), "ringkasan_templat": ringkasan}
        return super().changelist_view(request, extra_context)
