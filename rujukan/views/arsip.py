"""The register of outgoing letters (agenda surat keluar): by year, kind and
date; searched by number, registration number or client name (the term is
posted and kept in the session, never put in a URL); exported as CSV or XLSX
by the roles that hold `rujukan.ekspor_arsip`."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from layanan.cari import baca_cari, cari_dikirim, saring_url
from rujukan import arsip
from rujukan.forms import CariRujukanForm
from rujukan.models import JenisDokumen
from rujukan.views._umum import pastikan_staf

PER_HALAMAN = 50
SESI_CARI = "arsip_cari"
FILTER_URL = ("tahun", "jenis", "dari", "sampai")
IZIN_EKSPOR = "rujukan.ekspor_arsip"


class ArsipForm(forms.Form):
    tahun = forms.TypedChoiceField(label=gettext_lazy("Tahun"), coerce=int, required=False)
    jenis = forms.ChoiceField(label=gettext_lazy("Jenis dokumen"), required=False)
    dari = forms.DateField(
        label=gettext_lazy("Dari tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    sampai = forms.DateField(
        label=gettext_lazy("Sampai tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, tahun: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = [("", _("Semua tahun"))] + [(t, t) for t in tahun]
        self.fields["jenis"].choices = [("", _("Semua jenis"))] + [
            (j.value, j.label) for j in JenisDokumen if j != JenisDokumen.TANDA_TERIMA
        ]

    def clean(self):
        data = super().clean()
        if data.get("dari") and data.get("sampai") and data["dari"] > data["sampai"]:
            self.add_error("sampai", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data


def _saringan(request: HttpRequest, instansi) -> tuple[ArsipForm, arsip.SaringanArsip, str]:
    ident = request.GET.get("cari", "")
    q = baca_cari(request, SESI_CARI, ident) or ""
    form = ArsipForm(saring_url(request.GET, FILTER_URL), tahun=arsip.tahun_tersedia(instansi))
    if not form.is_valid():
        return form, arsip.SaringanArsip(q=q), q
    d = form.cleaned_data
    return (
        form,
        arsip.SaringanArsip(
            tahun=d.get("tahun") or None,
            jenis=d.get("jenis", ""),
            dari=d.get("dari"),
            sampai=d.get("sampai"),
            q=q,
        ),
        q,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def daftar(request: HttpRequest) -> HttpResponse:
    instansi = pastikan_staf(request)
    filter_url = saring_url(request.GET, FILTER_URL)
    status = 200
    if request.method == "POST":
        cari_form = CariRujukanForm(request.POST)
        if cari_form.is_valid():
            term = cari_form.cleaned_data["q"]
            return cari_dikirim(request, SESI_CARI, term, reverse("rujukan:arsip"), filter_url)
        status = 400
    form, saringan, q = _saringan(request, instansi)
    cari_hilang = bool(request.GET.get("cari")) and not q
    if request.method != "POST":
        cari_form = CariRujukanForm(initial={"q": q})
    if form.errors:
        status = 400
    qs = (
        arsip.surat_keluar(instansi, saringan)
        if not form.errors
        else arsip.surat_keluar(instansi, arsip.SaringanArsip()).none()
    )
    halaman = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("halaman"))
    params = filter_url.copy()
    if q:
        params["cari"] = request.GET["cari"]
    return render(
        request,
        "rujukan/arsip.html",
        {
            "instansi": instansi,
            "form": form,
            "cari_form": cari_form,
            "q": q,
            "cari_hilang": cari_hilang,
            "halaman": halaman,
            "params": params.urlencode(),
            "params_filter": filter_url.urlencode(),
            "boleh_ekspor": request.user.has_perm(IZIN_EKSPOR),
        },
        status=status,
    )


@login_required
@require_safe
def ekspor(request: HttpRequest, format: str) -> HttpResponse:
    instansi = pastikan_staf(request)
    if not request.user.has_perm(IZIN_EKSPOR):
        raise PermissionDenied(_("Peran Anda tidak berwenang mengekspor agenda surat keluar."))
    form, saringan, _q = _saringan(request, instansi)
    if form.errors:
        return HttpResponse(
            _("Saringan tidak sah: %(galat)s") % {"galat": form.errors.as_text()},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    dokumen = arsip.surat_keluar(instansi, saringan)
    nama = f"surat-keluar-{instansi.slug}-{saringan.tahun or 'semua'}"
    if format == "csv":
        isi, tipe = arsip.ekspor_csv(dokumen.iterator()), "text/csv; charset=utf-8"
    else:
        judul = _("Agenda surat keluar %(instansi)s, %(tahun)s, diekspor %(waktu)s") % {
            "instansi": instansi.nama,
            "tahun": saringan.tahun or _("semua tahun"),
            "waktu": timezone.localtime().strftime("%d-%m-%Y %H:%M"),
        }
        isi = arsip.ekspor_xlsx(dokumen.iterator(), judul=judul)
        tipe = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(isi, content_type=tipe)
    response["Content-Disposition"] = f'attachment; filename="{nama}.{format}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
