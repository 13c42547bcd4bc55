"""Public pages: the catalog of offices and services, search, an office's home,
the service-standard page and its printable PDF, for the version in force
and each earlier version. No login needed. Every page but the search is
rendered once per version of the public data (layanan.cache_publik)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from layanan import selectors
from layanan.cache_publik import halaman_publik
from layanan.documents import standar_pdf


@require_safe
@halaman_publik()
def katalog(request: HttpRequest) -> HttpResponse:
    daftar = list(selectors.instansi_list_with_layanan())
    jumlah = sum(len(i.layanan_terbit) for i in daftar)
    return render(
        request, "layanan/katalog.html", {"daftar_instansi": daftar, "jumlah_layanan": jumlah}
    )


@require_safe
def cari(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    context: dict = {"q": q, "hasil": [], "pesan": ""}
    status = 200
    if not q:
        context["pesan"] = _("Tulis kata yang dicari, misalnya “lansia”, “KTP” atau “rekomendasi”.")
    elif len(q) > selectors.CARI_PANJANG_MAKS:
        context["pesan"] = _(
            "Kata pencarian terlalu panjang. Gunakan paling banyak %(n)s huruf."
        ) % {"n": selectors.CARI_PANJANG_MAKS}
        context["q"] = q[: selectors.CARI_PANJANG_MAKS]
        status = 400
    elif not selectors.kata_kunci(q):
        context["pesan"] = _("Gunakan huruf atau angka untuk mencari.")
    else:
        hasil = list(selectors.layanan_search(q=q))
        cocok = selectors.cocok_per_layanan(layanan_ids=[lay.pk for lay in hasil], q=q)
        context["hasil"] = [(lay, cocok.get(lay.pk, [])) for lay in hasil]
    return render(request, "layanan/cari.html", context, status=status)


@require_safe
@halaman_publik()
def instansi(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        obj = selectors.instansi_get_with_layanan(slug=slug)
    except selectors.Instansi.DoesNotExist:
        raise Http404(_("Instansi tidak ditemukan.")) from None
    return render(request, "layanan/instansi.html", {"instansi": obj})


def _standar_or_404(instansi_slug: str, slug: str):
    try:
        return selectors.layanan_standar_get(instansi_slug=instansi_slug, slug=slug)
    except selectors.Layanan.DoesNotExist:
        raise Http404(_("Standar pelayanan tidak ditemukan.")) from None


def _versi_or_404(instansi_slug: str, slug: str, versi: int):
    try:
        return selectors.layanan_versi_get(instansi_slug=instansi_slug, slug=slug, versi=versi)
    except selectors.Layanan.DoesNotExist:
        raise Http404(_("Versi standar pelayanan ini tidak ditemukan.")) from None


def _halaman_standar(request: HttpRequest, layanan) -> HttpResponse:
    """The standard page of one version: the one in force, or an earlier one."""
    daftar_versi = layanan.daftar_versi
    return render(
        request,
        "layanan/detail.html",
        {
            "layanan": layanan,
            "instansi": layanan.instansi,
            "syarat": selectors.susunan_persyaratan(layanan),
            "daftar_versi": daftar_versi,
            "versi_berlaku": next((v for v in daftar_versi if v.aktif), None),
        },
    )


def _pdf_standar(request: HttpRequest, layanan, *, nama_berkas: str) -> HttpResponse:
    page_url = request.build_absolute_uri(layanan.get_absolute_url())
    content = standar_pdf(layanan=layanan, page_url=page_url)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{nama_berkas}"'
    patch_cache_control(response, public=True, max_age=600)
    return response


@require_safe
@halaman_publik()
def detail(request: HttpRequest, instansi: str, slug: str) -> HttpResponse:
    return _halaman_standar(request, _standar_or_404(instansi, slug))


@require_safe
@halaman_publik(per_hari=True)
def pdf(request: HttpRequest, instansi: str, slug: str) -> HttpResponse:
    layanan = _standar_or_404(instansi, slug)
    return _pdf_standar(request, layanan, nama_berkas=f"standar-{layanan.slug}.pdf")


@require_safe
@halaman_publik()
def versi_detail(request: HttpRequest, instansi: str, slug: str, versi: int) -> HttpResponse:
    """An earlier version of a standard, readable as it was published (the
    version in force has its own page)."""
    layanan = _versi_or_404(instansi, slug, versi)
    if layanan.aktif:
        return redirect("layanan:detail", instansi=instansi, slug=slug)
    return _halaman_standar(request, layanan)


@require_safe
@halaman_publik(per_hari=True)
def versi_pdf(request: HttpRequest, instansi: str, slug: str, versi: int) -> HttpResponse:
    layanan = _versi_or_404(instansi, slug, versi)
    if layanan.aktif:
        return redirect("layanan:pdf", instansi=instansi, slug=slug)
    return _pdf_standar(
        request, layanan, nama_berkas=f"standar-{layanan.slug}-versi-{layanan.versi}.pdf"
    )
