"""The staff case list: all, per state, per layanan, overdue, mine; search by
NIK, name or registration number. Instansi-scoped; a fixed number of queries."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from rujukan.filters import TAMPILAN, RujukanFilter
from rujukan.models import Rujukan
from rujukan.views._umum import pastikan_staf

PER_HALAMAN = 25


@login_required
@require_safe
def daftar(request: HttpRequest) -> HttpResponse:
    instansi = pastikan_staf(request)
    filterset = RujukanFilter(request.GET, request=request)
    status = 200
    if filterset.is_valid():
        qs = filterset.qs
    else:
        qs = Rujukan.objects.none()
        status = 400
    halaman = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("halaman"))
    baris = list(halaman.object_list)
    terlambat = set(
        Rujukan.objects.filter(pk__in=[r.pk for r in baris])
        .terlambat()
        .values_list("pk", flat=True)
    )
    params = request.GET.copy()
    params.pop("halaman", None)
    return render(
        request,
        "rujukan/daftar.html",
        {
            "instansi": instansi,
            "filter": filterset,
            "halaman": halaman,
            "baris": baris,
            "terlambat": terlambat,
            "params": params.urlencode(),
            "tampilan_pilihan": TAMPILAN,
        },
        status=status,
    )
