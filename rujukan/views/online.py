"""Requests submitted online by a kelurahan/desa operator (issue 12): his home
(the requests he submitted: step, deadline, the letters issued to the
applicant), the choice of service, the form (the front desk's intake form
and service with another source), and the downloads of his own documents.

The operator reads nothing else of the office: no other case, no klien
search, no DTKS extract."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from layanan.models import Layanan
from rujukan import selectors_online
from rujukan import services as s
from rujukan.forms import batas_unggahan_teks
from rujukan.forms_online import PengajuanOnlineForm
from rujukan.permissions import boleh_ajukan_online, pegawai_dari
from rujukan.views._umum import kirim_berkas, pastikan_kata_sandi
from rujukan.views.intake import (
    formset_anggota,
    permohonan_dari_form,
    selectors_alur,
    sub_layanan_atau_404,
)


def _operator(request: HttpRequest):
    """The operator's staff profile with his kelurahan; 403 with the reason."""
    pegawai = pegawai_dari(request.user)
    if pegawai is None or not request.user.has_perm("rujukan.ajukan_online"):
        raise PermissionDenied(_("Halaman ini untuk operator kelurahan/desa."))
    return pegawai


def _siap(request: HttpRequest, pegawai) -> str:
    """Why this operator cannot submit now ('' when he can)."""
    if boleh_ajukan_online(user=request.user, instansi=pegawai.instansi):
        return ""
    if pegawai.kelurahan_id is None:
        return _(
            "Akun Anda belum terhubung dengan kelurahan/desa. Minta Admin Instansi "
            "%(instansi)s menautkannya."
        ) % {"instansi": pegawai.instansi.nama}
    return _("Kelurahan/desa akun Anda tidak aktif atau tidak berada di wilayah %(instansi)s.") % {
        "instansi": pegawai.instansi.nama
    }


@login_required
@require_safe
def beranda(request: HttpRequest) -> HttpResponse:
    pegawai = _operator(request)
    baris = selectors_online.pengajuan_operator(user=request.user)
    return render(
        request,
        "rujukan/online/beranda.html",
        {"pegawai": pegawai, "baris": baris, "alasan": _siap(request, pegawai)},
    )


@login_required
@require_safe
def pilih(request: HttpRequest) -> HttpResponse:
    pegawai = _operator(request)
    alasan = _siap(request, pegawai)
    daftar = (
        []
        if alasan
        else Layanan.objects.filter(instansi=pegawai.instansi, aktif=True)
        .prefetch_related("sub_layanan")
        .order_by("urutan", "nama")
    )
    return render(
        request,
        "rujukan/online/pilih.html",
        {"pegawai": pegawai, "daftar": daftar, "alasan": alasan},
    )


def _layanan(pegawai, layanan_pk: int, sub_pk: int | None):
    layanan = Layanan.objects.filter(pk=layanan_pk, instansi=pegawai.instansi).first()
    if layanan is None:
        raise Http404(_("Layanan tidak ditemukan di instansi Anda."))
    return layanan, sub_layanan_atau_404(layanan, sub_pk)


def kabarkan_terkirim(request: HttpRequest, hasil: s.HasilRegistrasi, teks_baru: str) -> None:
    """The message after an online request: `teks_baru` (with %(nomor)s,
    %(instansi)s and %(kode)s) for a new case, or that the same form was
    already sent (nothing was sent twice)."""
    nomor = hasil.rujukan.nomor_registrasi
    if hasil.ulang:
        messages.info(
            request,
            _("Permohonan %(nomor)s sudah terkirim sebelumnya; tidak dikirim dua kali.")
            % {"nomor": nomor},
        )
        return
    messages.success(
        request,
        teks_baru
        % {"nomor": nomor, "instansi": hasil.rujukan.instansi.nama, "kode": hasil.kode_lacak},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def formulir(request: HttpRequest, layanan: int, sub: int | None = None) -> HttpResponse:
    pegawai = _operator(request)
    alasan = _siap(request, pegawai)
    if alasan:
        return render(
            request,
            "rujukan/online/pilih.html",
            {"pegawai": pegawai, "daftar": [], "alasan": alasan},
            status=403,
        )
    layanan_obj, sub_obj = _layanan(pegawai, layanan, sub)
    if not layanan_obj.aktif:
        return render(
            request,
            "rujukan/galat.html",
            {"galat": _("Standar layanan ini tidak sedang diterbitkan; pilih layanan lain.")},
            status=409,
        )
    if sub_obj is None and layanan_obj.sub_layanan.exists():
        return redirect("rujukan:online_baru")
    persyaratan = s.persyaratan_untuk(layanan_obj, sub_obj)
    kirim = request.method == "POST"
    anggota_form = formset_anggota(layanan_obj, request.POST if kirim else None)
    galat, status = "", 200
    form = PengajuanOnlineForm(
        request.POST if kirim else None,
        request.FILES if kirim else None,
        persyaratan=persyaratan,
        jenis_subjek=layanan_obj.jenis_subjek,
        kelurahan=pegawai.kelurahan,
    )
    if kirim:
        status = 400
        anggota_sah = anggota_form is None or anggota_form.is_valid()
        if form.is_valid() and anggota_sah:
            try:
                hasil = _ajukan(request, form, layanan_obj, sub_obj, anggota_form)
            except s.RujukanError as exc:
                galat, status = exc.pesan, exc.status_code
            else:
                kabarkan_terkirim(
                    request,
                    hasil,
                    _(
                        "Permohonan %(nomor)s terkirim ke loket %(instansi)s. Kode lacak untuk "
                        "pemohon: %(kode)s (juga tercetak pada tanda terima)."
                    ),
                )
                return redirect("rujukan:online")
    context = {
        "pegawai": pegawai,
        "instansi": pegawai.instansi,
        "layanan": layanan_obj,
        "sub": sub_obj,
        "form": form,
        "anggota_form": anggota_form,
        "galat": galat,
        "batas_unggahan": batas_unggahan_teks(),
        "berkas_perlu_dipilih_ulang": form.is_bound and form.ada_berkas_dipilih(),
        "alur": selectors_alur(layanan_obj, sub_obj),
    }
    return render(request, "rujukan/online/formulir.html", context, status=status)


def _ajukan(request, form: PengajuanOnlineForm, layanan, sub, anggota_form):
    d = form.cleaned_data
    surat = None
    if form.surat_di_portal():
        pastikan_kata_sandi(request.user, d.get("kata_sandi", ""))
        surat = s.DataSuratPortal(
            nomor=d["surat_nomor"], perihal=d["surat_perihal"], isi=d["surat_isi"]
        )
    return s.rujukan_submit_online(
        by=request.user,
        permohonan=permohonan_dari_form(
            request, form, anggota_form, layanan=layanan, sub_layanan=sub
        ),
        persetujuan=form.persetujuan(),
        kunci=d["kunci"],
        surat_portal=surat,
    )


@login_required
@require_safe
def unduh(request: HttpRequest, pk: int, dokumen: int) -> HttpResponse:
    _operator(request)
    dok = selectors_online.dokumen_untuk_operator(
        user=request.user, rujukan_pk=pk, dokumen_pk=dokumen
    )
    if dok is None:
        raise Http404(_("Dokumen tidak ditemukan."))
    nama = f"{dok.get_jenis_display()} {dok.rujukan.nomor_registrasi}.pdf".replace("/", "-")
    return kirim_berkas(dok.berkas, nama=nama, mime="application/pdf", inline=False)
