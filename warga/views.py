"""The citizen's pages: login by code or e-mail link, their page, the upload
of missing documents and the download of their letters. Every page after the
login reads only through warga.selectors / rujukan.services.warga, which
filter by the citizen's verified contact."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from layanan import pembatas
from layanan.masukan import angka_id
from layanan.unggahan import BatasUnggahan, BerkasDitolak, pasang_batas, tandai_ditolak
from notifikasi.selectors import pilihan_kabar_warga
from notifikasi.services import preferensi_kontak_simpan
from rujukan.errors import RujukanError, TidakDitemukan
from rujukan.services.warga import MAKS_BERKAS, lengkapi_berkas, unduh_surat
from warga import selectors, services, sesi
from warga.errors import GagalMasuk
from warga.forms import KabarForm, KodeForm, MasukForm
from warga.kontak import EMAIL, TELEPON
from warga.models import KodeMasuk


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def masuk(request: HttpRequest) -> HttpResponse:
    if sesi.warga(request) is not None:
        return redirect("warga:beranda")
    form = MasukForm(request.POST or None)
    galat, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            kontak = form.cleaned_data["kontak"]
            try:
                terkirim = services.minta_kode(
                    kontak=kontak,
                    kanal=form.cleaned_data["kanal"],
                    alamat_kunci=pembatas.client_key(request),
                )
            except GagalMasuk as exc:
                galat, status = exc.pesan, exc.status_code
            else:
                if kontak.jenis == EMAIL:
                    return render(
                        request,
                        "warga/cek_email.html",
                        {"tujuan": kontak.tersamar(), "menit": services.batas("BERLAKU_MENIT")},
                    )
                sesi.simpan_menunggu(request, kontak, terkirim.kanal)
                return redirect("warga:kode")
        else:
            status = 400
    return render(request, "warga/masuk.html", {"form": form, "galat": galat}, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def kode(request: HttpRequest) -> HttpResponse:
    menunggu = sesi.menunggu(request)
    if menunggu is None:
        return redirect("warga:masuk")
    kontak, kanal = menunggu
    form = KodeForm(request.POST or None)
    galat, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.periksa_kode(
                    kontak=kontak,
                    kode=form.cleaned_data["kode"],
                    alamat_kunci=pembatas.client_key(request),
                )
            except GagalMasuk as exc:
                galat, status = exc.pesan, exc.status_code
            else:
                sesi.masuk(request, kontak)
                return redirect("warga:beranda")
        else:
            status = 400
    elif galat := services.pesan_kunci(kontak):
        status = 429  # still locked: the message again, no form to guess into
    return render(
        request,
        "warga/kode.html",
        {
            "form": form,
            "galat": galat,
            "tujuan": kontak.tersamar(),
            "kanal": KodeMasuk.Kanal(kanal).label if kanal in KodeMasuk.Kanal.values else "",
            "menit": services.batas("BERLAKU_MENIT"),
            "terkunci": status == 429,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def tautan(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mail link asks for one click: a mail scanner opening the link
    (GET) must not use it up."""
    if request.method == "POST":
        try:
            kontak = services.buka_tautan(token=token)
        except GagalMasuk as exc:
            return render(
                request, "warga/tautan.html", {"galat": exc.pesan}, status=exc.status_code
            )
        sesi.masuk(request, kontak)
        return redirect("warga:beranda")
    return render(request, "warga/tautan.html", {})


@require_POST
def keluar(request: HttpRequest) -> HttpResponse:
    sesi.keluar(request)
    messages.info(request, _("Anda sudah keluar."))
    return redirect("warga:masuk")


def _alamat(kontak) -> dict[str, str]:
    """The proven contact as the notification service's arguments."""
    return {"telepon": kontak.nilai} if kontak.jenis == TELEPON else {"email": kontak.nilai}


def _konteks_beranda(request: HttpRequest, kabar: KabarForm | None = None) -> dict:
    kontak = request.warga
    if kabar is None:
        kabar = KabarForm(
            telepon=kontak.jenis == TELEPON,
            initial={"kanal": pilihan_kabar_warga(**_alamat(kontak))},
        )
    return {
        "kontak": kontak.tersamar(),
        "telepon": kontak.jenis == TELEPON,
        "kabar": kabar,
        "permohonan": selectors.permohonan(kontak),
        "aduan": selectors.aduan(kontak),
        "maks_berkas": MAKS_BERKAS,
    }


@never_cache
@require_http_methods(["GET", "HEAD"])
@sesi.wajib_masuk
def beranda(request: HttpRequest) -> HttpResponse:
    return render(request, "warga/beranda.html", _konteks_beranda(request))


@never_cache
@sesi.wajib_masuk
@require_POST
def kabar(request: HttpRequest) -> HttpResponse:
    """The citizen's choice of channel for news of their cases and complaints."""
    kontak = request.warga
    form = KabarForm(request.POST, telepon=kontak.jenis == TELEPON)
    if not form.is_valid():
        return render(request, "warga/beranda.html", _konteks_beranda(request, form), status=400)
    preferensi_kontak_simpan(kanal=form.cleaned_data["kanal"], **_alamat(kontak))
    messages.success(request, _("Pilihan Anda disimpan."))
    return redirect(reverse("warga:beranda") + "#kabar")


class BatasBerkasWarga(BatasUnggahan):
    maks_berkas = MAKS_BERKAS


def _terima_unggahan(view):
    """Stop oversized files while they stream (the page says why), then CSRF."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            pasang_batas(request, BatasBerkasWarga)
            try:
                request.POST  # noqa: B018 — parse now, inside the try
                request.FILES  # noqa: B018
            except (RequestDataTooBig, TooManyFieldsSent):
                return HttpResponse(_("Kiriman terlalu besar."), status=413)
            tandai_ditolak(request)
        return protected(request, *args, **kwargs)

    return wrapped


@never_cache
@require_POST
@_terima_unggahan
@sesi.wajib_masuk
def lengkapi(request: HttpRequest, pk: int) -> HttpResponse:
    """The missing documents of one of the citizen's returned cases."""
    berkas = {}
    galat = ""
    for nama, f in request.FILES.items():
        if not nama.startswith("berkas_"):
            continue
        item = angka_id(nama.removeprefix("berkas_"))
        if isinstance(f, BerkasDitolak):
            galat = f.pesan
        elif item is not None:
            berkas[item] = f
    if not galat:
        try:
            lengkapi_berkas(rujukan=pk, telepon=_telepon(request), berkas=berkas)
        except TidakDitemukan:
            raise Http404 from None
        except RujukanError as exc:
            galat = exc.pesan
            status = exc.status_code
        else:
            messages.success(
                request,
                _("Berkas diterima. Petugas loket akan memeriksanya; pantau tahapnya di sini."),
            )
            return redirect("warga:beranda")
    else:
        status = 413
    konteks = _konteks_beranda(request)
    konteks["galat_unggah"] = galat
    return render(request, "warga/beranda.html", konteks, status=status)


def _telepon(request: HttpRequest) -> str:
    return request.warga.nilai if request.warga.jenis == TELEPON else ""


@never_cache
@require_http_methods(["GET"])
@sesi.wajib_masuk
def surat(request: HttpRequest, pk: int) -> HttpResponse:
    """A letter of the citizen's case that is theirs to keep (404 for any other)."""
    try:
        d = unduh_surat(dokumen=pk, telepon=_telepon(request))
    except TidakDitemukan:
        raise Http404 from None
    nama = f"{d.get_jenis_display()} {d.nomor or d.pk}".replace("/", "-").strip()
    return FileResponse(d.berkas.open("rb"), as_attachment=True, filename=f"{nama}.pdf")


@never_cache
@require_http_methods(["GET"])
@sesi.wajib_masuk
def pengaduan(request: HttpRequest, pk: int) -> HttpResponse:
    """One of the citizen's own named complaints, opened on the complaint's own
    tracking page (reply, reopen, confirm, rate) without its code: the
    verified number stands for it. Anyone else's, or an anonymous one: 404."""
    p = selectors.pengaduan_warga(request.warga).filter(pk=pk).only("pk", "nomor").first()
    if p is None:
        raise Http404
    sesi.buka_pengaduan(request, p.pk)
    return redirect("pengaduan:lacak_detail", nomor=p.nomor)
