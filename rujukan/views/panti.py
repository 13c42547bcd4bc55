"""The panti's limited login: the proposals sent to their own panti, the
proposal letter, the klien's basic data, and accept / decline online."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from rujukan import services as s
from rujukan.errors import RujukanError
from rujukan.forms import JawabanPantiForm, batas_unggahan_teks
from rujukan.models import PengajuanPanti
from rujukan.permissions import boleh_menjawab_panti, pegawai_dari
from rujukan.views._umum import kirim_berkas
from rujukan.views.tindakan import jejak


def _panti_saya(request: HttpRequest):
    pegawai = pegawai_dari(request.user)
    if (
        pegawai is None
        or pegawai.panti_id is None
        or not request.user.has_perm("rujukan.jawab_pengajuan_panti")
    ):
        raise PermissionDenied(_("Halaman ini hanya untuk petugas panti/lembaga."))
    return pegawai.panti


@login_required
@require_safe
def panti_daftar(request: HttpRequest) -> HttpResponse:
    panti = _panti_saya(request)
    daftar = (
        PengajuanPanti.objects.filter(panti=panti)
        .select_related("rujukan__layanan", "rujukan__instansi", "rujukan__klien", "dokumen")
        .order_by("-dikirim_pada", "-pk")
    )
    menunggu = [p for p in daftar if p.jawaban == PengajuanPanti.Jawaban.MENUNGGU]
    lain = [p for p in daftar if p.jawaban != PengajuanPanti.Jawaban.MENUNGGU]
    return render(
        request, "rujukan/panti_daftar.html", {"panti": panti, "menunggu": menunggu, "lain": lain}
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def panti_detail(request: HttpRequest, pk: int) -> HttpResponse:
    panti = _panti_saya(request)
    pengajuan = (
        PengajuanPanti.objects.select_related(
            "rujukan__instansi",
            "rujukan__layanan",
            "rujukan__klien",
            "rujukan__kategori_ppks",
            "dokumen",
            "panti",
        )
        .filter(pk=pk, panti=panti)
        .first()
    )
    if pengajuan is None:
        raise Http404(_("Pengajuan tidak ditemukan."))
    rujukan = pengajuan.rujukan
    bisa_jawab = pengajuan.jawaban == PengajuanPanti.Jawaban.MENUNGGU and boleh_menjawab_panti(
        user=request.user, rujukan=rujukan
    )
    form = JawabanPantiForm(request.POST or None, request.FILES or None) if bisa_jawab else None
    galat, status = "", 200
    if request.method == "POST":
        if form is None:
            galat, status = _("Pengajuan ini sudah dijawab."), 409
        elif request.POST.get("jejak") != jejak(rujukan):
            galat, status = _("Pengajuan ini sudah dijawab atau diubah. Muat ulang halaman."), 409
        elif not form.is_valid():
            status = 400
        else:
            try:
                s.rujukan_panti_answer(rujukan=rujukan, by=request.user, **form.data_layanan())
            except RujukanError as exc:
                galat, status = exc.pesan, exc.status_code
            else:
                messages.success(
                    request,
                    _("Terima kasih. Jawaban Anda telah dikirim ke %(instansi)s.")
                    % {"instansi": rujukan.instansi.nama},
                )
                return redirect("rujukan:panti_detail", pk=pengajuan.pk)
    klien = rujukan.klien
    return render(
        request,
        "rujukan/panti_detail.html",
        {
            "panti": panti,
            "pengajuan": pengajuan,
            "rujukan": rujukan,
            "instansi": rujukan.instansi,
            "klien": klien,
            "usia": klien.usia(),
            "lampiran": list(pengajuan.lampiran.select_related("persyaratan").order_by("pk")),
            "form": form,
            "galat": galat,
            "jejak": jejak(rujukan),
            "batas_unggahan": batas_unggahan_teks(boleh_video=False),
        },
        status=status,
    )


@login_required
@require_safe
def panti_lampiran(request: HttpRequest, pk: int, item: int) -> FileResponse:
    """One attachment the proposal letter lists, for the panti it was sent to;
    any other file of the case answers 404."""
    panti = _panti_saya(request)
    pengajuan = PengajuanPanti.objects.filter(pk=pk, panti=panti).first()
    if pengajuan is None:
        raise Http404(_("Pengajuan tidak ditemukan."))
    berkas = pengajuan.lampiran.filter(pk=item).select_related("rujukan").first()
    if berkas is None or not berkas.berkas:
        raise Http404(_("Lampiran tidak ditemukan."))
    ext = berkas.berkas.name.rsplit(".", 1)[-1] if "." in berkas.berkas.name else "bin"
    return kirim_berkas(
        berkas.berkas,
        nama=f"{berkas.rujukan.nomor_registrasi}-lampiran-{berkas.pk}.{ext}",
        mime=berkas.tipe_berkas,
    )
