"""The public questionnaire (by token), the counter page and the report."""

from __future__ import annotations

import io

import segno
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from openpyxl import Workbook
from openpyxl.styles import Font

from survei import permissions, selectors, services
from survei.forms import LaporanForm, LoketForm, SurveiForm
from survei.models import UndanganSurvei
from survei.tautan import dengan_status, sudah_dibuka


# -- the citizen -----------------------------------------------------------------------------------
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def isi(request: HttpRequest, token: str) -> HttpResponse:
    undangan = (
        dengan_status(UndanganSurvei.objects.select_related("instansi", "layanan"))
        .filter(token=token)
        .first()
    )
    if undangan is None:
        raise Http404(_("Tautan survei tidak dikenal."))
    if undangan.used_at is not None:
        return _sudah_diisi(request, undangan)
    if not sudah_dibuka(undangan):
        # the link of a receipt, scanned before the service is done
        return render(
            request,
            "survei/belum_dibuka.html",
            {"undangan": undangan},
            status=409 if request.method == "POST" else 200,
        )
    form = SurveiForm(request.POST or None, instansi=undangan.instansi, layanan=undangan.layanan)
    status, galat = 200, ""
    if request.method == "POST":
        if form.is_valid():
            try:
                services.respons_simpan(token=token, jawaban=form.jawaban())
            except services.SudahDiisi:
                return _sudah_diisi(request, undangan)
            except services.BelumDibuka:
                return render(
                    request, "survei/belum_dibuka.html", {"undangan": undangan}, status=409
                )
            except services.SurveiError as exc:
                status, galat = exc.status_code, exc.pesan
            else:
                return redirect("survei:isi", token=token)
        else:
            status = 400
            galat = _("Ada jawaban yang belum diisi atau tidak sah. Periksa bagian yang ditandai.")
    return render(
        request,
        "survei/isi.html",
        {"form": form, "undangan": undangan, "galat": galat},
        status=status,
    )


def _sudah_diisi(request: HttpRequest, undangan: UndanganSurvei) -> HttpResponse:
    return render(request, "survei/sudah_diisi.html", {"undangan": undangan})


# -- the counter -----------------------------------------------------------------------------------
@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def loket(request: HttpRequest) -> HttpResponse:
    instansi = permissions.instansi_loket(request.user)
    if instansi is None:
        raise PermissionDenied
    form = LoketForm(request.POST or None, instansi=instansi)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            undangan = services.undangan_buka_loket(
                by=request.user, layanan=form.cleaned_data["layanan"]
            )
            return redirect("survei:loket_undangan", pk=undangan.pk)
        status = 400
    return render(request, "survei/loket.html", {"form": form, "instansi": instansi}, status=status)


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def loket_undangan(request: HttpRequest, pk: int) -> HttpResponse:
    instansi = permissions.instansi_loket(request.user)
    if instansi is None:
        raise PermissionDenied
    undangan = get_object_or_404(
        UndanganSurvei.objects.select_related("layanan"),
        pk=pk,
        instansi=instansi,
        asal=UndanganSurvei.Asal.LOKET,
    )
    tautan = request.build_absolute_uri(reverse("survei:isi", kwargs={"token": undangan.token}))
    qr = segno.make(tautan, error="m").svg_data_uri(scale=6, border=2)
    return render(
        request,
        "survei/loket_undangan.html",
        {"undangan": undangan, "tautan": tautan, "qr": qr},
    )


# -- the report ------------------------------------------------------------------------------------
def _laporan(request: HttpRequest):
    instansi = permissions.instansi_laporan(request.user)
    if instansi is None:
        raise PermissionDenied
    form = LaporanForm(request.GET or None, instansi=instansi)
    if request.GET and not form.is_valid():
        return instansi, form, None
    if not request.GET:
        form = LaporanForm({"jenis": "tahun"}, instansi=instansi)
        form.is_valid()
    periode = form.cleaned_data["periode"]
    hasil = selectors.ikm_hitung(
        instansi=instansi,
        layanan=form.cleaned_data.get("layanan"),
        mulai=periode.mulai,
        sampai=periode.sampai,
    )
    return instansi, form, (periode, hasil)


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def laporan(request: HttpRequest) -> HttpResponse:
    instansi, form, isi_laporan = _laporan(request)
    periode, hasil = isi_laporan or (None, None)
    return render(
        request,
        "survei/laporan.html",
        {"form": form, "instansi": instansi, "periode": periode, "hasil": hasil},
        status=200 if hasil else 400,
    )


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def laporan_xlsx(request: HttpRequest) -> HttpResponse:
    instansi, form, isi_laporan = _laporan(request)
    if isi_laporan is None:
        return render(
            request,
            "survei/laporan.html",
            {"form": form, "instansi": instansi, "periode": None, "hasil": None},
            status=400,
        )
    periode, hasil = isi_laporan
    data = buku_laporan(hasil, periode.label)
    resp = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    nama = f"ikm-{instansi.slug}-{periode.mulai:%Y%m%d}-{periode.sampai:%Y%m%d}.xlsx"
    resp["Content-Disposition"] = f'attachment; filename="{nama}"'
    return resp


def buku_laporan(hasil: selectors.HasilIKM, label_periode: str) -> bytes:
    """The report as a workbook: the element table, the IKM and the profile."""
    wb = Workbook()
    ws = wb.active
    ws.title = "IKM"
    tebal = Font(bold=True)
    ws.append([_("Laporan Survei Kepuasan Masyarakat (Permenpan RB 14/2017)")])
    ws["A1"].font = tebal
    ws.append([_("Unit pelayanan"), hasil.instansi.nama])
    ws.append([_("Layanan"), hasil.layanan.nama if hasil.layanan else _("Semua layanan")])
    ws.append([_("Periode"), label_periode])
    ws.append([_("Jumlah responden"), hasil.jumlah_responden])
    ws.append([])
    ws.append(
        [
            _("Kode"),
            _("Unsur pelayanan"),
            _("Jumlah nilai"),
            _("Responden menjawab"),
            _("NRR per unsur"),
            _("NRR tertimbang"),
        ]
    )
    for cell in ws[ws.max_row]:
        cell.font = tebal
    for u in hasil.unsur:
        ws.append(
            [
                u.label,
                u.nama,
                u.jumlah_nilai,
                u.jumlah_jawaban,
                float(u.nrr) if u.nrr is not None else _("tidak ada jawaban"),
                float(u.nrr_tertimbang) if u.nrr_tertimbang is not None else "",
            ]
        )
    ws.append([])
    ws.append(
        [
            _("NRR tertimbang (jumlah)"),
            float(hasil.nrr_tertimbang) if hasil.nrr_tertimbang is not None else "",
        ]
    )
    ws.append([_("IKM"), float(hasil.ikm) if hasil.ikm is not None else ""])
    ws.append([_("Mutu pelayanan"), hasil.mutu.huruf if hasil.mutu else ""])
    ws.append([_("Kinerja unit pelayanan"), hasil.mutu.kinerja if hasil.mutu else ""])
    if hasil.unsur_tanpa_jawaban:
        ws.append(
            [
                _("Catatan"),
                _("Unsur tanpa jawaban: %(u)s; IKM dihitung dari unsur yang dijawab.")
                % {"u": ", ".join(hasil.unsur_tanpa_jawaban)},
            ]
        )
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 45

    profil = wb.create_sheet(_("Profil responden"))
    for judul, baris in hasil.profil.items():
        profil.append([judul, _("Jumlah")])
        for cell in profil[profil.max_row]:
            cell.font = tebal
        for b in baris:
            profil.append([b.label, b.jumlah])
        profil.append([])
    profil.column_dimensions["A"].width = 28
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
