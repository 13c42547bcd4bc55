"""The staff case list: all, per state, per layanan, overdue, mine; search by
NIK, name or registration number. Instansi-scoped; a fixed number of queries.

The search term never travels in a URL: the search box posts it, the view keeps
it in the session and redirects to the list with `?cari=<opaque id>` (see
layanan.cari). The other filters carry no personal data and stay GET."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from layanan.cari import baca_cari, cari_dikirim, saring_url
from rujukan.filters import TAMPILAN, RujukanFilter
from rujukan.forms import CariRujukanForm
from rujukan.models import Rujukan
from rujukan.selectors_daftar import halaman_daftar
from rujukan.views._umum import pastikan_staf

SESI_CARI = "rujukan_cari"
# no personal data: kept in the URL
FILTER_URL = ("tampilan", "status", "layanan", "sumber", "urutan")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def daftar(request: HttpRequest) -> HttpResponse:
    instansi = pastikan_staf(request)
    filter_url = saring_url(request.GET, FILTER_URL)
    q, cari_hilang, status = "", False, 200
    if request.method == "POST":
        cari_form = CariRujukanForm(request.POST)
        if cari_form.is_valid():
            term = cari_form.cleaned_data["q"]
            return cari_dikirim(request, SESI_CARI, term, reverse("rujukan:daftar"), filter_url)
        status = 400
    else:
        ident = request.GET.get("cari", "")
        q = baca_cari(request, SESI_CARI, ident) or ""
        cari_hilang = bool(ident) and not q
        cari_form = CariRujukanForm(initial={"q": q})
    data = filter_url.copy()
    if q:
        data["q"] = q
    filterset = RujukanFilter(data, request=request)
    if filterset.is_valid():
        qs, urutan = filterset.qs, filterset.form.cleaned_data["urutan"]
    else:
        qs, urutan = Rujukan.objects.none(), ""
        status = 400
    halaman = halaman_daftar(
        qs, urutan=urutan, halaman=request.GET.get("halaman"), instansi=instansi
    )
    baris = halaman.object_list
    terlambat = {r.pk for r in baris if r.terlambat_}
    params = filter_url.copy()
    if q:
        params["cari"] = request.GET["cari"]
    return render(
        request,
        "rujukan/daftar.html",
        {
            "instansi": instansi,
            "filter": filterset,
            "cari_form": cari_form,
            "q": q,
            "cari_id": params.get("cari", ""),
            "cari_hilang": cari_hilang,
            "halaman": halaman,
            "baris": baris,
            "terlambat": terlambat,
            "params": params.urlencode(),
            "params_filter": filter_url.urlencode(),
            "tampilan_pilihan": TAMPILAN,
        },
        status=status,
    )
