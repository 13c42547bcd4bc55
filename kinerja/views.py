"""The office's dashboard (staff) and the public transparency pages."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kinerja import grafik, selectors
from kinerja.forms import FilterDasbor
from kinerja.permissions import instansi_dasbor
from layanan import selectors as layanan_selectors
from layanan.models import Instansi, Layanan


def _tautan_kasus(**params) -> str:
    """The case list filtered to the cases behind a figure."""
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{reverse('rujukan:daftar')}?{urlencode(params)}"


@login_required
@require_safe
def dasbor(request: HttpRequest) -> HttpResponse:
    instansi = instansi_dasbor(request.user)
    if instansi is None:
        raise PermissionDenied(_("Dasbor kinerja hanya untuk pejabat dan admin instansi."))
    pilihan = selectors.layanan_pilihan(instansi)
    form = FilterDasbor(request.GET or None, layanan_pilihan=pilihan)
    layanan = None
    kode, dari, sampai = "30hari", None, None
    if form.is_bound and form.is_valid():
        layanan = form.cleaned_data["layanan"]
        kode = form.cleaned_data["periode"] or "30hari"
        dari, sampai = form.cleaned_data["dari"], form.cleaned_data["sampai"]
    per = selectors.periode(instansi=instansi, kode=kode, dari=dari, sampai=sampai)
    data = selectors.dasbor(instansi=instansi, periode=per, layanan=layanan, pilihan=pilihan)
    rentang = {"dari": per.dari.isoformat(), "sampai": per.sampai.isoformat()}
    id_layanan = layanan.pk if layanan else ""
    status = grafik.batang(
        [
            (
                s.label,
                s.jumlah,
                _tautan_kasus(tampilan="semua", status=s.status, layanan=id_layanan, **rentang),
            )
            for s in data.per_status
        ]
    )
    per_layanan = [
        {
            "baris": b,
            "url": _tautan_kasus(tampilan="semua", layanan=b.layanan_id, **rentang),
            "url_terbuka": _tautan_kasus(tampilan="terbuka", layanan=b.layanan_id, **rentang),
            "url_terlambat": _tautan_kasus(tampilan="terlambat", layanan=b.layanan_id, **rentang),
        }
        for b in data.per_layanan
    ]
    waktu_layanan = [
        {
            "baris": w,
            "url": _tautan_kasus(
                tampilan="selesai", layanan=w.layanan_id, urutan="dibuat_pada", **rentang
            ),
        }
        for w in data.waktu_layanan
    ]
    waktu_langkah = [
        {"baris": w, "url": _tautan_kasus(tampilan="semua", layanan=w.layanan_id, **rentang)}
        for w in data.waktu_langkah
    ]
    saluran = grafik.batang([(j.label, j.jumlah, "") for j in data.pengaduan.per_saluran])
    jenis = grafik.batang([(j.label, j.jumlah, "") for j in data.pengaduan.per_jenis])
    return render(
        request,
        "kinerja/dasbor.html",
        {
            "form": form,
            "d": data,
            "status": status,
            "per_layanan": per_layanan,
            "waktu_layanan": waktu_layanan,
            "waktu_langkah": waktu_langkah,
            "saluran": saluran,
            "jenis": jenis,
            "tren": grafik.kolom_tren(data.tren),
            "url_terlambat": _tautan_kasus(
                tampilan="terlambat", layanan=id_layanan, urutan="tenggat"
            ),
            "url_pengaduan": reverse("pengaduan:daftar"),
        },
    )


def _publik(request: HttpRequest, instansi: Instansi, layanan: Layanan | None) -> HttpResponse:
    # the figures and the survey's index (Permenpan RB 14/2017) over the last
    # twelve months, kept a few minutes for anonymous visitors; staff see them live
    angka = selectors.transparansi_publik(
        instansi=instansi,
        layanan=layanan,
        terbit=instansi.layanan_terbit,
        segar=request.user.is_authenticated,
    )
    data = angka.data
    menurut_id = {w.layanan_id: w for w in data.waktu_layanan}
    daftar = _layanan_publik(instansi, layanan)
    baris = [{"layanan": la, "waktu": menurut_id.get(la.pk)} for la in daftar]
    response = render(
        request,
        "kinerja/transparansi.html",
        {
            "instansi": instansi,
            "layanan": layanan,
            "d": data,
            "baris": baris,
            "ikm": angka.ikm,
            "dihitung_pada": angka.dihitung_pada,
            "dari_cache": angka.dari_cache,
        },
    )
    patch_cache_control(response, public=True, max_age=selectors.TTL_TRANSPARANSI)
    return response


def _layanan_publik(instansi: Instansi, layanan: Layanan | None) -> list[Layanan]:
    """The published services the page lists (a withdrawn one shows no figures)."""
    terbit = instansi.layanan_terbit
    return [la for la in terbit if layanan is None or la.pk == layanan.pk]


def _instansi_publik(slug: str) -> Instansi:
    try:
        return layanan_selectors.instansi_get_with_layanan(slug=slug)
    except Instansi.DoesNotExist:
        raise Http404(_("Instansi tidak ditemukan.")) from None


@require_safe
def transparansi(request: HttpRequest, instansi: str) -> HttpResponse:
    return _publik(request, _instansi_publik(instansi), None)


@require_safe
def transparansi_layanan(request: HttpRequest, instansi: str, slug: str) -> HttpResponse:
    obj = _instansi_publik(instansi)
    layanan = next((la for la in obj.layanan_terbit if la.slug == slug), None)
    if layanan is None:
        raise Http404(_("Standar pelayanan tidak ditemukan."))
    return _publik(request, obj, layanan)
