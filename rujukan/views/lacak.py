"""The pemohon's tracking page (no login): registration number + tracking code
→ the current stage and the expected completion, nothing more. A wrong
combination answers 404 without saying which part was wrong; a client that
keeps guessing is slowed down by the portal's database-backed rate limit
(shared with the complaint tracking page)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from layanan import pembatas
from rujukan import selectors
from rujukan.forms import LacakForm


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def lacak(request: HttpRequest) -> HttpResponse:
    form = LacakForm(request.POST or None)
    hasil, galat, status = None, "", 200
    if request.method == "POST":
        kunci = pembatas.client_key(request)
        galat = pembatas.alasan_tolak(kunci, pembatas.LACAK_GAGAL)
        if galat:
            status = 429
        elif form.is_valid():
            hasil = selectors.lacak_publik(
                nomor_registrasi=form.cleaned_data["nomor"],
                kode_lacak=form.cleaned_data["kode"],
            )
            if hasil is None:
                galat = _(
                    "Data tidak ditemukan. Periksa kembali nomor registrasi dan kode lacak "
                    "pada tanda terima Anda."
                )
                status = 404
                pembatas.catat_gagal(kunci, pembatas.LACAK_GAGAL)
        else:
            status = 400
    return render(
        request, "rujukan/lacak.html", {"form": form, "hasil": hasil, "galat": galat}, status=status
    )
