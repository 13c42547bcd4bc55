"""An official revokes or re-issues an issued document of a case: GET shows
the document and the form (or, when not allowed, why), POST asks the
password again, then calls the one service and goes back to the case."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rujukan import services as s
from rujukan.aksi import DAFTAR_AKSI
from rujukan.errors import RujukanError
from rujukan.forms import UbahDokumenForm
from rujukan.models import Dokumen
from rujukan.verifikasi import AKSI_DOKUMEN, periksa_ubah_dokumen
from rujukan.views._umum import muat_rujukan, pastikan_kata_sandi


def _label_alasan(kode: str) -> str:
    if kode == "cabut":
        return _("Alasan pencabutan")
    return _("Alasan diterbitkan ulang (apa yang diperbaiki)")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def ubah(request: HttpRequest, pk: int, dokumen: int, kode: str) -> HttpResponse:
    rujukan = muat_rujukan(request, pk)
    if kode not in AKSI_DOKUMEN:
        raise Http404(_("Tindakan tidak dikenal."))
    obj = (
        Dokumen.objects.select_related("pengganti", "dicabut_oleh__pegawai")
        .filter(pk=dokumen, rujukan=rujukan)
        .first()
    )
    if obj is None:
        raise Http404(_("Dokumen tidak ditemukan."))
    obj.rujukan = rujukan
    izin = periksa_ubah_dokumen(obj, user=request.user)
    if not izin.boleh:
        return render(
            request,
            "rujukan/galat.html",
            {"galat": izin.alasan, "rujukan": rujukan},
            status=izin.status_code,
        )
    form = UbahDokumenForm(request.POST or None, label_alasan=_label_alasan(kode))
    galat, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            try:
                pastikan_kata_sandi(request.user, form.cleaned_data["kata_sandi"])
                if kode == "cabut":
                    s.dokumen_revoke(
                        dokumen=obj, by=request.user, alasan=form.cleaned_data["alasan"]
                    )
                    pesan = _("Dokumen %(nomor)s dicabut.") % {"nomor": obj.nomor}
                else:
                    baru = s.dokumen_reissue(
                        dokumen=obj, by=request.user, alasan=form.cleaned_data["alasan"]
                    )
                    pesan = _("Dokumen diterbitkan ulang dengan nomor %(nomor)s.") % {
                        "nomor": baru.nomor
                    }
            except RujukanError as exc:
                galat, status = exc.pesan, exc.status_code
            else:
                messages.success(request, pesan)
                return redirect(reverse("rujukan:detail", args=[rujukan.pk]) + "#dokumen")
        else:
            status = 400
    context = {
        "rujukan": rujukan,
        "instansi": rujukan.instansi,
        "dokumen": obj,
        "aksi": DAFTAR_AKSI.dari_kode(AKSI_DOKUMEN[kode]),
        "judul": DAFTAR_AKSI.label(AKSI_DOKUMEN[kode]),
        "form": form,
        "galat": galat,
    }
    return render(request, "rujukan/verifikasi_ubah.html", context, status=status)
