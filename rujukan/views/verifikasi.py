"""The public verification of issued documents (no login).

`/verifikasi/<token>/` — the address in a letter's QR code — shows what a
verifier needs and nothing else (rujukan.verifikasi.VerifikasiPublik), and
compares a PDF the visitor uploads with the SHA-256 of the issued bytes.
`/verifikasi/` takes the short code printed beside the QR; failed look-ups
are slowed down by the portal's rate limit (layanan.pembatas, the bucket the
tracking pages use for wrong codes).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from layanan import pembatas
from rujukan.forms import KodeVerifikasiForm
from rujukan.verifikasi import (
    BerkasTidakSah,
    batas_unggah_bita,
    cocokkan_berkas,
    dokumen_dari_kode,
    dokumen_dari_token,
    verifikasi_publik,
)

# room for the multipart envelope around the file itself
_AMPLOP = 64 * 1024


def _tanpa_jejak(response: HttpResponse) -> HttpResponse:
    """Verification pages are not indexed. (Their address, a secret, is not
    sent to other sites either: the portal's Referrer-Policy is same-origin.)"""
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def cari(request: HttpRequest) -> HttpResponse:
    """Type the short code printed on the document."""
    form = KodeVerifikasiForm(request.POST or None)
    galat, status = "", 200
    if request.method == "POST":
        kunci = pembatas.client_key(request)
        galat = pembatas.alasan_tolak(kunci, pembatas.LACAK_GAGAL)
        if galat:
            status = 429
        elif form.is_valid():
            dokumen = dokumen_dari_kode(form.cleaned_data["kode"])
            if dokumen is not None:
                return redirect("verifikasi:dokumen", token=dokumen.token)
            galat = _(
                "Kode verifikasi tidak dikenal. Periksa kembali kode di samping kode QR "
                "pada dokumen."
            )
            status = 404
            pembatas.catat_gagal(kunci, pembatas.LACAK_GAGAL)
        else:
            status = 400
    response = render(
        request, "rujukan/verifikasi_cari.html", {"form": form, "galat": galat}, status=status
    )
    return _tanpa_jejak(response)


# An upload is only hashed and compared, never stored: no state changes, so a
# forged cross-site post can learn nothing and change nothing. Without the
# CSRF check the size is refused before the body is parsed (the check would
# read it first), and the page works in a phone browser that blocks cookies.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def dokumen(request: HttpRequest, token: str) -> HttpResponse:
    """A document's verification page; a PDF posted here is compared with it."""
    obj = dokumen_dari_token(token)
    if obj is None:
        response = render(
            request,
            "rujukan/verifikasi_cari.html",
            {
                "form": KodeVerifikasiForm(),
                "galat": _(
                    "Dokumen tidak ditemukan. Periksa alamat dari kode QR, atau masukkan kode "
                    "verifikasi yang tercetak pada dokumen."
                ),
            },
            status=404,
        )
        return _tanpa_jejak(response)
    hasil, galat, status = None, "", 200
    if request.method == "POST":
        try:
            panjang = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            panjang = 0
        try:
            if panjang > batas_unggah_bita() + _AMPLOP:
                raise BerkasTidakSah(
                    _("Berkas terlalu besar (paling besar %(mb)s MB).")
                    % {"mb": batas_unggah_bita() // (1024 * 1024)},
                    413,
                )
            hasil = cocokkan_berkas(obj, request.FILES.get("berkas"))
        except BerkasTidakSah as exc:
            galat, status = exc.pesan, exc.status_code
    context = {
        "v": verifikasi_publik(obj),
        "hasil": hasil,
        "galat": galat,
        "batas_mb": batas_unggah_bita() // (1024 * 1024),
    }
    return _tanpa_jejak(render(request, "rujukan/verifikasi.html", context, status=status))
