"""An official revokes or re-issues an issued document of a case: GET shows
the document and the form (or, when not allowed, why), POST asks the
password again, then calls the one service and goes back to the case."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from layanan.pengguna import Pengguna, PermintaanMasuk
from rujukan import services as s
from rujukan.aksi import DAFTAR_AKSI
from rujukan.errors import RujukanError
from rujukan.forms import UbahDokumenForm
from rujukan.models import Dokumen
from rujukan.verifikasi import periksa_ubah_dokumen
from rujukan.views._umum import muat_rujukan, pastikan_kata_sandi

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _cabut(dokumen: Dokumen, by: Pengguna, alasan: str) -> str:
    s.dokumen_revoke(dokumen=dokumen, by=by, alasan=alasan)
    return _("Dokumen %(nomor)s dicabut.") % {"nomor": dokumen.nomor}


def _terbitkan_ulang(dokumen: Dokumen, by: Pengguna, alasan: str) -> str:
    baru = s.dokumen_reissue(dokumen=dokumen, by=by, alasan=alasan)
    return _("Dokumen diterbitkan ulang dengan nomor %(nomor)s.") % {"nomor": baru.nomor}


@dataclass(frozen=True)
class _Ubah:
    kode: str  # the action's code in rujukan.aksi.DAFTAR_AKSI (its title, its sentence)
    label_alasan: StrOrPromise
    jalankan: Callable[[Dokumen, Pengguna, str], str]  # calls the service, returns the message


# per URL slug: the two changes an issued document knows
_UBAH = {
    "cabut": _Ubah("rujukan.document_revoked", _lazy("Alasan pencabutan"), _cabut),
    "terbitkan-ulang": _Ubah(
        "rujukan.document_reissued",
        _lazy("Alasan diterbitkan ulang (apa yang diperbaiki)"),
        _terbitkan_ulang,
    ),
}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def ubah(request: PermintaanMasuk, pk: int, dokumen: int, kode: str) -> HttpResponse:
    rujukan = muat_rujukan(request, pk)
    perubahan = _UBAH.get(kode)
    if perubahan is None:
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
    form = UbahDokumenForm(request.POST or None, label_alasan=perubahan.label_alasan)
    galat, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            try:
                pastikan_kata_sandi(request.user, form.cleaned_data["kata_sandi"])
                pesan = perubahan.jalankan(obj, request.user, form.cleaned_data["alasan"])
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
        "aksi": DAFTAR_AKSI.dari_kode(perubahan.kode),
        "judul": DAFTAR_AKSI.label(perubahan.kode),
        "form": form,
        "galat": galat,
    }
    return render(request, "rujukan/verifikasi_ubah.html", context, status=status)
