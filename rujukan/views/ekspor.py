"""An access request of a klien (UU 27/2022): an official of the klien's own
instansi holding `rujukan.ekspor_data_klien` downloads everything held about
the klien as one ZIP (rujukan.ekspor_klien). GET shows what will be exported
and asks the basis of the request; POST records the export on each of the
klien's cases and serves the ZIP, privately. Another office's klien answers
404, a role without the permission 403."""

from __future__ import annotations

import tempfile

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from rujukan.ekspor_klien import MAKS_DASAR, kasus_klien, klien_export
from rujukan.errors import RujukanError
from rujukan.models import Klien
from rujukan.permissions import boleh_ekspor_data_klien, instansi_dari
from rujukan.views._umum import tampil_galat


class EksporKlienForm(forms.Form):
    dasar = forms.CharField(
        label=gettext_lazy("Dasar permintaan akses"),
        max_length=MAKS_DASAR,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Misalnya: surat permohonan klien/wali tanggal …, diterima di loket. "
            "Dicatat pada riwayat setiap rujukan klien."
        ),
    )


def _klien(request: HttpRequest, pk: int) -> Klien:
    klien = Klien.objects.select_related("instansi").filter(pk=pk).first()
    instansi = instansi_dari(request.user)
    if klien is None or instansi is None or klien.instansi_id != instansi.pk:
        raise Http404(_("Klien tidak ditemukan."))
    if not boleh_ekspor_data_klien(user=request.user, klien=klien):
        raise PermissionDenied(_("Peran Anda tidak berwenang mengekspor data klien."))
    return klien


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def ekspor_klien(request: HttpRequest, pk: int) -> HttpResponse:
    klien = _klien(request, pk)
    kasus = kasus_klien(klien)
    form = EksporKlienForm(request.POST or None)
    context = {"klien": klien, "kasus": kasus, "form": form, "instansi": klien.instansi}
    if request.method != "POST":
        return render(request, "rujukan/ekspor_klien.html", context)
    if not form.is_valid():
        return render(request, "rujukan/ekspor_klien.html", context, status=400)
    keluar = tempfile.TemporaryFile()  # noqa: SIM115 — closed by the FileResponse
    try:
        klien_export(klien=klien, by=request.user, dasar=form.cleaned_data["dasar"], keluar=keluar)
    except RujukanError as exc:
        keluar.close()
        return tampil_galat(request, exc)
    nama = f"data-klien-{klien.pk}-{timezone.localdate():%Y%m%d}.zip"
    response = FileResponse(
        keluar, as_attachment=True, filename=nama, content_type="application/zip"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
