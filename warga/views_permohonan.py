"""A citizen submits a request online (issue 12, item 1), logged in with the
phone number they proved by a one-time code: the same form and the same
service as the kelurahan operator and the front desk
(rujukan.services.online.rujukan_submit_online, sumber online_warga). The
case lands in the front desk's queue at the standard's first step and shows
on the citizen's own page, found by that number."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from layanan import pembatas
from layanan.models import Layanan, SubLayanan
from rujukan import services as s
from rujukan.forms import batas_unggahan_teks
from rujukan.forms_online import PengajuanOnlineForm
from rujukan.models import Sumber
from rujukan.views.intake import formset_anggota, permohonan_dari_form, sub_layanan_atau_404
from rujukan.views.online import kabarkan_terkirim
from warga import sesi
from warga.kontak import TELEPON


def _layanan(layanan_pk: int, sub_pk: int | None) -> tuple[Layanan, SubLayanan | None]:
    layanan = Layanan.objects.select_related("instansi").filter(pk=layanan_pk, aktif=True).first()
    if layanan is None:
        raise Http404(_("Layanan tidak ditemukan atau tidak sedang diterbitkan."))
    return layanan, sub_layanan_atau_404(layanan, sub_pk)


@never_cache
@require_http_methods(["GET", "HEAD"])
@sesi.wajib_masuk
def pilih(request: HttpRequest) -> HttpResponse:
    daftar = (
        Layanan.objects.filter(aktif=True)
        .select_related("instansi")
        .prefetch_related("sub_layanan")
        .order_by("instansi__nama", "urutan", "nama")
    )
    return render(
        request,
        "warga/permohonan_pilih.html",
        {"daftar": daftar, "telepon": request.warga.jenis == TELEPON},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@sesi.wajib_masuk
def formulir(request: HttpRequest, layanan: int, sub: int | None = None) -> HttpResponse:
    kontak = request.warga
    if kontak.jenis != TELEPON:
        messages.info(
            request,
            _("Untuk mengajukan permohonan, masuk dengan nomor telepon/WhatsApp Anda."),
        )
        return redirect("warga:ajukan")
    layanan_obj, sub_obj = _layanan(layanan, sub)
    if sub_obj is None and layanan_obj.sub_layanan.exists():
        return redirect("warga:ajukan")
    persyaratan = s.persyaratan_untuk(layanan_obj, sub_obj)
    kirim = request.method == "POST"
    anggota_form = formset_anggota(layanan_obj, request.POST if kirim else None)
    form = PengajuanOnlineForm(
        request.POST if kirim else None,
        request.FILES if kirim else None,
        persyaratan=persyaratan,
        jenis_subjek=layanan_obj.jenis_subjek,
        warga=True,
    )
    galat, status = "", 200
    if kirim:
        status = 400
        if form.is_valid() and (anggota_form is None or anggota_form.is_valid()):
            permohonan = permohonan_dari_form(
                request, form, anggota_form, layanan=layanan_obj, sub_layanan=sub_obj
            )
            try:
                pembatas.check(kontak.sidik, pembatas.AJUKAN_WARGA)
                hasil = s.rujukan_submit_online(
                    by=None,
                    sumber=Sumber.ONLINE_WARGA,
                    warga_telepon=kontak.nilai,
                    permohonan=permohonan,
                    persetujuan=form.persetujuan(),
                    kunci=form.cleaned_data["kunci"],
                )
            except s.RujukanError as exc:
                galat, status = exc.pesan, exc.status_code
            except pembatas.TerlaluBanyak as exc:
                galat, status = str(exc), 429
            else:
                if not hasil.ulang:  # at most five new requests a day from one number
                    with contextlib.suppress(pembatas.TerlaluBanyak):  # a race: it is saved
                        pembatas.record(kontak.sidik, pembatas.AJUKAN_WARGA)
                kabarkan_terkirim(
                    request,
                    hasil,
                    _(
                        "Permohonan %(nomor)s terkirim ke %(instansi)s. Kode lacak: %(kode)s. "
                        "Tahapnya tampil di halaman ini."
                    ),
                )
                return redirect("warga:beranda")
    return render(
        request,
        "warga/permohonan_formulir.html",
        {
            "layanan": layanan_obj,
            "sub": sub_obj,
            "instansi": layanan_obj.instansi,
            "form": form,
            "anggota_form": anggota_form,
            "galat": galat,
            "kontak": kontak.tersamar(),
            "batas_unggahan": batas_unggahan_teks(),
            "berkas_perlu_dipilih_ulang": form.is_bound and form.ada_berkas_dipilih(),
        },
        status=status,
    )
