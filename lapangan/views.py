"""The field pages, for a phone: my work, assignment, a case's field record,
the lembar asesmen, an activity with photos/video, the DTKS check, and
downloads of the documentation. Each view checks the one policy
(lapangan.permissions), parses a form, calls one service and redirects."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lapangan import media, services
from lapangan import selectors as sel
from lapangan.forms import UNSUR_BAWAAN, CariDTKSForm
from lapangan.media import BatasUnggahan
from lapangan.models import Dokumentasi, KirimanLuring
from lapangan.permissions import boleh_tugaskan, boleh_tulis, pastikan_buka
from layanan.models import Panti
from rujukan import dtks
from rujukan import services as rs
from rujukan.documents import waktu_lokal
from rujukan.errors import RujukanError
from rujukan.forms_pekerjaan import (
    AsesmenForm,
    KegiatanForm,
    KegiatanLapangan,
    LembarAsesmen,
    TugaskanForm,
)
from rujukan.models import JenisDokumen, Rujukan, Status
from rujukan.permissions import (
    boleh_lihat_dtks,
    boleh_periksa_dtks,
    instansi_dari,
    pegawai_dari,
    sama_instansi,
)
from rujukan.selectors import rujukan_get
from rujukan.views._umum import pastikan_kata_sandi


def _instansi(request):
    instansi = instansi_dari(request.user)
    if instansi is None or not request.user.has_perm("rujukan.view_rujukan"):
        raise PermissionDenied(_("Halaman ini untuk petugas instansi."))
    return instansi


def _kasus(request, pk: int):
    return pastikan_buka(user=request.user, rujukan=rujukan_get(pk=pk, lapangan=True))


def _hanya_baca(request, r) -> HttpResponse:
    """The 403 page for a user who may only read the case's field record (the
    case page offers them no write button, so only a typed URL gets here)."""
    return _galat(
        request,
        rs.IzinDitolak(
            _(
                "Catatan lapangan rujukan ini hanya dapat Anda baca; asesmen dan kegiatan "
                "dicatat oleh pekerja sosial yang ditugaskan."
            )
        ),
        r,
    )


def _galat(request, exc: RujukanError, rujukan=None) -> HttpResponse:
    if _antrean(request):
        return _json_galat(exc.pesan, exc.status_code)
    return render(
        request,
        "lapangan/galat.html",
        {"galat": exc.pesan, "rujukan": rujukan},
        status=exc.status_code,
    )


# -- the offline queue (static/js/lapangan-antrean.js) -------------------------------------------
# A form kept on the phone is sent by the script with the header
# X-Kunci-Kiriman (its idempotency key) and gets JSON back; the same key in
# the form field `kunci_kiriman` protects a plain form post from a double send.


# The shell the service worker keeps (the stylesheet first: its offline notice uses it).
ASET_LURING = (
    "css/portal.css",
    "css/lapangan.css",
    "js/lapangan.js",
    "js/lapangan-antrean.js",
)


def _antrean(request) -> bool:
    return bool(request.headers.get("X-Kunci-Kiriman"))


def _kunci(request) -> uuid.UUID | None:
    """The idempotency key of a POST, or None; a malformed one is bad input."""
    teks = request.headers.get("X-Kunci-Kiriman") or request.POST.get("kunci_kiriman", "")
    if not teks:
        return None
    try:
        return uuid.UUID(teks.strip())
    except ValueError:
        raise rs.DataTidakValid(_("Kunci kiriman tidak dikenal.")) from None


def _json_galat(pesan: str, status: int, galat: dict | None = None) -> JsonResponse:
    return JsonResponse(
        {
            "status": "konflik" if status == 409 else "ditolak",
            "pesan": pesan,
            "galat": galat or {},
        },
        status=status,
    )


def _galat_form(form) -> dict:
    out = {}
    for nama, daftar in form.errors.items():
        label = form.fields[nama].label if nama in form.fields else ""
        out[str(label or _("Umum"))] = [str(m) for m in daftar]
    return out


def _tersimpan(request, r, *, pesan: str, ulang: bool, jenis: str, catatan) -> HttpResponse:
    """The answer to a saved (or replayed) form: JSON for the queue, else the case page."""
    url = reverse("lapangan:kasus", args=[r.pk])
    if ulang:
        pesan = _("Kiriman ini sudah tersimpan sebelumnya; tidak dicatat dua kali. %(p)s") % {
            "p": pesan
        }
    if _antrean(request):
        return JsonResponse(
            {
                "status": "tersimpan",
                "ulang": ulang,
                "pesan": pesan,
                "url": url,
                jenis: catatan.pk if catatan is not None else None,
                "foto": catatan.dokumentasi.count() if catatan is not None else 0,
            },
            status=200 if ulang else 201,
        )
    messages.success(request, pesan)
    return redirect(f"{url}?tersimpan={jenis}")


def _dasar(request) -> services.DasarFormulir | None:
    tahap = request.POST.get("dasar_tahap", "")
    if not tahap:
        return None
    try:
        terakhir = int(request.POST.get("dasar_asesmen") or 0) or None
    except ValueError:
        raise rs.DataTidakValid(_("Isian formulir tidak dikenal.")) from None
    return services.DasarFormulir(tahap=tahap, asesmen_terakhir=terakhir)


def bersihkan_perangkat(view):
    """Logging out clears what the browser keeps for this site: the field
    pages the service worker kept, the offline queue and the drafts
    (Clear-Site-Data), so no personal data stays on a shared phone."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        resp = view(request, *args, **kwargs)
        if request.method == "POST":
            resp["Clear-Site-Data"] = '"cache", "storage"'
        return resp

    return wrapper


@login_required
@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The field pages' service worker (served under /lapangan/ so that its
    scope covers them): the shell's static files and the URLs it needs."""
    _instansi(request)  # for those who open the field pages, as "my work"
    aset = [static(p) for p in ASET_LURING]
    resp = render(
        request,
        "lapangan/sw.js",
        {
            "aset_json": json.dumps(aset),
            "antrean_json": json.dumps(static("js/lapangan-antrean.js")),
            # a new worker (and a fresh copy of the shell) when a file changes
            "versi_json": json.dumps(hashlib.sha256("|".join(aset).encode()).hexdigest()[:12]),
        },
        content_type="text/javascript; charset=utf-8",
    )
    resp["Cache-Control"] = "no-cache"
    return resp


# -- my work and assignment ------------------------------------------------------------------
@login_required
@require_safe
def saya(request: HttpRequest) -> HttpResponse:
    _instansi(request)
    return render(
        request,
        "lapangan/saya.html",
        {
            "tugas": sel.pekerjaan_saya(user=request.user),
            "boleh_tugaskan": boleh_tugaskan(user=request.user),
        },
    )


@login_required
@require_safe
def penugasan(request: HttpRequest) -> HttpResponse:
    instansi = _instansi(request)
    if not boleh_tugaskan(user=request.user):
        raise PermissionDenied(_("Hanya Koordinator atau Kepala Bidang yang menugaskan peksos."))
    peksos = list(sel.peksos_instansi(instansi=instansi))
    return render(
        request,
        "lapangan/penugasan.html",
        {"kasus": list(sel.rujukan_penugasan(user=request.user)[:100]), "peksos": peksos},
    )


@login_required
@require_http_methods(["GET", "POST"])
def tugaskan(request: HttpRequest, pk: int) -> HttpResponse:
    r = rujukan_get(pk=pk, lapangan=True)
    if r is None or not sama_instansi(request.user, r):
        raise Http404(_("Rujukan tidak ditemukan."))
    if not boleh_tugaskan(user=request.user):
        raise PermissionDenied(_("Hanya Koordinator atau Kepala Bidang yang menugaskan peksos."))
    form = TugaskanForm(
        request.POST or None,
        queryset=sel.peksos_instansi(instansi=r.instansi),
        empty_label=_("— pilih pekerja sosial —"),
        initial={"peksos": r.peksos_id},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                rs.rujukan_assign_peksos(
                    rujukan=r, by=request.user, peksos=form.cleaned_data["peksos"]
                )
            except RujukanError as exc:
                if _antrean(request):
                    return _json_galat(exc.pesan, exc.status_code)
                form.add_error(None, exc.pesan)
                status = exc.status_code
            else:
                messages.success(
                    request,
                    _("%(nama)s ditugaskan pada %(reg)s.")
                    % {"nama": form.cleaned_data["peksos"].pegawai.nama, "reg": r.nomor_registrasi},
                )
                if request.POST.get("kembali") == "daftar":
                    return redirect("lapangan:penugasan")
                return redirect("lapangan:kasus", r.pk)
        else:
            status = 400
    return render(request, "lapangan/tugaskan.html", {"rujukan": r, "form": form}, status=status)


# -- a case's field record ---------------------------------------------------------------------
@login_required
@require_safe
def kasus(request: HttpRequest, pk: int) -> HttpResponse:
    r = _kasus(request, pk)
    pegawai = pegawai_dari(request.user)
    if pegawai is not None and pegawai.instansi_id == r.instansi_id:
        pegawai.instansi = r.instansi  # the header's office: the case's, already read
    tulis_asesmen = boleh_tulis(user=request.user, rujukan=r, izin="verifikasi")
    tulis_kegiatan = boleh_tulis(user=request.user, rujukan=r, izin="tangani")
    return render(
        request,
        "lapangan/kasus.html",
        {
            "rujukan": r,
            "tugas": sel.tugas_berikut(r),
            **sel.tenggat_untuk(r),
            "dtks": dtks.dtks_klien(klien=r.klien, instansi=r.instansi),
            "asesmen": sel.asesmen_terakhir(r),
            "kegiatan": sel.kegiatan_dengan_dokumentasi(r),
            "boleh_asesmen": _boleh_asesmen(r) and tulis_asesmen,
            "boleh_kegiatan": r.terbuka and tulis_kegiatan,
            "boleh_lapor": r.status == Status.PENANGANAN
            and r.alur.laporan_kegiatan
            and tulis_kegiatan,
            "hanya_baca": not (tulis_asesmen or tulis_kegiatan),
            "boleh_tugaskan": boleh_tugaskan(user=request.user),
            "dokumen": list(r.dokumen.order_by("pk")),
            "usia": r.klien.usia(),
        },
    )


def _boleh_asesmen(r) -> bool:
    return r.status in (Status.VERIFIKASI, Status.PENANGANAN)


def _dengan_batas_unggahan(view):
    """Stop oversized files while they stream (before CSRF reads the body)."""

    protected = csrf_protect(view)

    @csrf_exempt
    def wrapper(request, *args, **kwargs):
        if request.method == "POST":
            request.upload_handlers.insert(0, BatasUnggahan(request))
        return protected(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _tolakan(request, form) -> int | None:
    """Add the files the upload handler stopped to the form; 413 if any."""
    ditolak = getattr(request, "unggahan_ditolak", [])
    for field, _nama, pesan in ditolak:
        form.add_error(field if field in form.fields else None, pesan)
    return 413 if ditolak else None


def _kiriman(request: HttpRequest, r: Rujukan, jenis: str):
    """A POST's key from the phone's offline queue and what was saved under it
    before (a resend of the same form): (None, None) for a GET or a form sent
    without a key. RujukanError for a key that is not one."""
    if request.method != "POST":
        return None, None
    kunci = _kunci(request)
    if not kunci:
        return kunci, None
    return kunci, services.kiriman_terdahulu(kunci=kunci, by=request.user, rujukan=r, jenis=jenis)


def _kirim(
    request: HttpRequest,
    form: forms.Form,
    simpan: Callable[[dict[str, Any]], HttpResponse],
    *,
    belum: str,
) -> HttpResponse | int:
    """A posted field form: the files the upload handler stopped, the form's
    checks, then `simpan` (the service and the answer to a saved form). What
    refuses it answers the phone's queue in JSON (`belum`: "… not saved: %(g)s");
    for the page, the status to show the form again with, its errors added."""
    status = _tolakan(request, form) or 200
    if form.is_valid() and status == 200:
        try:
            return simpan(form.cleaned_data)
        except RujukanError as exc:
            if _antrean(request):
                return _json_galat(exc.pesan, exc.status_code)
            form.add_error(None, exc.pesan)
            status = exc.status_code
    elif status == 200:
        status = 400
    if _antrean(request):
        galat = _galat_form(form)
        return _json_galat(
            belum % {"g": " ".join(" ".join(v) for v in galat.values())}, status, galat
        )
    return status


def _formulir_luring(jenis: str, *, ulang: Callable[[KirimanLuring], tuple[str, Any]]):
    """A field form the phone may keep and send later (the lembar asesmen, an
    activity): GET shows it, POST saves it. Opens the case the user may see,
    stops oversized uploads while they stream, and answers a resend of a form
    already saved under the same key with the first result (`ulang`: its
    message and record), recording nothing again. The view is called as
    view(request, rujukan, kunci)."""

    def decorate(view):
        @login_required
        @require_http_methods(["GET", "POST"])
        @_dengan_batas_unggahan
        @wraps(view)
        def wrapper(request: HttpRequest, pk: int) -> HttpResponse:
            r = _kasus(request, pk)
            try:
                kunci, lama = _kiriman(request, r, jenis)
            except RujukanError as exc:
                return _galat(request, exc, r)
            if lama:
                pesan, catatan = ulang(lama)
                return _tersimpan(request, r, pesan=pesan, ulang=True, jenis=jenis, catatan=catatan)
            return view(request, r, kunci)

        return wrapper

    return decorate


@_formulir_luring("asesmen", ulang=lambda lama: (lama.pesan, lama.asesmen))
def asesmen(request: HttpRequest, r: Rujukan, kunci: uuid.UUID | None) -> HttpResponse:
    """The lembar asesmen: saving it drives the case on (see lapangan_save_assessment)."""
    if not boleh_tulis(user=request.user, rujukan=r, izin="verifikasi"):
        return _hanya_baca(request, r)
    if not _boleh_asesmen(r):
        return _galat(
            request,
            rs.TransisiTidakSah(
                _(
                    "Asesmen dicatat pada tahap verifikasi atau penanganan; rujukan ini pada tahap "
                    "“%(t)s”."
                )
                % {"t": r.get_status_display()}
            ),
            r,
        )
    lembar = LembarAsesmen(
        fakta=sel.fakta_kelayakan(r),
        panti=Panti.objects.filter(instansi=r.instansi, aktif=True),
        boleh_ajukan=(
            r.status == Status.VERIFIKASI
            and r.alur.tahap_berikut("verifikasi") == "penyusunan"
            and request.user.has_perm("rujukan.susun_konsep")
        ),
        batas=media.batas_dokumentasi(),
    )
    form = AsesmenForm(
        request.POST or None,
        request.FILES or None,
        lembar=lembar,
        initial={"permasalahan": r.ringkasan},
    )
    status = 200
    if request.method == "POST":

        def simpan(d: dict[str, Any]) -> HttpResponse:
            data = services.DataAsesmen(
                kesimpulan_layak=d["kesimpulan"] == "layak",
                alasan=d["alasan"],
                instrumen=form.instrumen(),
                identitas_sesuai={"ya": True, "tidak": False}.get(d["identitas_sesuai"]),
                permasalahan=d["permasalahan"],
                rekomendasi=d["rekomendasi"],
                fakta_kelayakan=form.fakta_kelayakan(),
                panti_rekomendasi=d["panti_rekomendasi"],
                lokasi=form.lokasi(),
            )
            hasil = services.lapangan_save_assessment(
                rujukan=r,
                by=request.user,
                data=data,
                foto=d["foto"],
                ajukan_konsep=bool(d.get("ajukan_konsep")),
                kunci=kunci,
                dasar=_dasar(request),
            )
            return _tersimpan(
                request,
                r,
                pesan=hasil.pesan,
                ulang=hasil.ulang,
                jenis="asesmen",
                catatan=hasil.asesmen,
            )

        jawab = _kirim(request, form, simpan, belum=_("Asesmen belum tersimpan: %(g)s"))
        if isinstance(jawab, HttpResponse):
            return jawab
        status = jawab
    terakhir = sel.asesmen_terakhir(r)
    return render(
        request,
        "lapangan/asesmen.html",
        {
            "rujukan": r,
            "form": form,
            "dtks": dtks.dtks_klien(klien=r.klien, instansi=r.instansi),
            "usia": r.klien.usia(),
            "batas": media.batas_dokumentasi(),
            "dasar_asesmen": terakhir.pk if terakhir else "",
        },
        status=status,
    )


@_formulir_luring("kegiatan", ulang=lambda lama: (_pesan_kegiatan(lama.kegiatan), lama.kegiatan))
def kegiatan(request: HttpRequest, r: Rujukan, kunci: uuid.UUID | None) -> HttpResponse:
    """Record a visit, guidance, tracing, reunification or accompaniment."""
    if not boleh_tulis(user=request.user, rujukan=r, izin="tangani"):
        return _hanya_baca(request, r)
    if not r.terbuka:
        return _galat(request, rs.TransisiTidakSah(_("Rujukan sudah ditutup.")), r)
    unsur = [u.nama for u in r.layanan.unsur_terlibat.all()] or UNSUR_BAWAAN
    boleh_reunifikasi = r.status == Status.PENANGANAN and r.alur.reunifikasi
    jenis_awal = request.GET.get("jenis", "")
    form = KegiatanForm(
        request.POST or None,
        request.FILES or None,
        lapangan=KegiatanLapangan(
            unsur=unsur,
            hari_ini=waktu_lokal(r.instansi).date(),
            boleh_reunifikasi=boleh_reunifikasi,
            terbit_laporan=JenisDokumen.LAPORAN_SOSIAL in r.alur.produk_disetujui,
            batas=media.batas_dokumentasi(),
        ),
        initial={"jenis": jenis_awal} if jenis_awal else None,
    )
    status = 200
    if request.method == "POST":

        def simpan(d: dict[str, Any]) -> HttpResponse:
            data = services.DataKegiatan(
                jenis=d["jenis"],
                tanggal=d["tanggal"],
                uraian=d["uraian"],
                hasil=d["hasil"],
                bentuk=d["bentuk"],
                tempat=d["tempat"],
                unsur=tuple(d["unsur"]),
                unsur_lain=d["unsur_lain"],
                lokasi=form.lokasi(),
            )
            if d.get("akhiri_reunifikasi") and "kata_sandi" in form.fields:
                pastikan_kata_sandi(request.user, d["kata_sandi"])
            k = services.lapangan_record_activity(
                rujukan=r,
                by=request.user,
                data=data,
                foto=d["foto"],
                video=d["video"],
                akhiri_reunifikasi=bool(d.get("akhiri_reunifikasi")),
                kunci=kunci,
            )
            return _tersimpan(
                request, r, pesan=_pesan_kegiatan(k), ulang=False, jenis="kegiatan", catatan=k
            )

        jawab = _kirim(request, form, simpan, belum=_("Kegiatan belum tersimpan: %(g)s"))
        if isinstance(jawab, HttpResponse):
            return jawab
        status = jawab
    return render(
        request,
        "lapangan/kegiatan.html",
        {
            "rujukan": r,
            "form": form,
            "batas": media.batas_dokumentasi(),
            "boleh_reunifikasi": boleh_reunifikasi,
        },
        status=status,
    )


def _pesan_kegiatan(k) -> str:
    if k is None:
        return _("Kegiatan tersimpan.")
    return _("%(j)s tanggal %(t)s tersimpan.") % {
        "j": k.get_jenis_display(),
        "t": k.tanggal.strftime("%d-%m-%Y"),
    }


@login_required
@require_POST
def lapor_pendampingan(request: HttpRequest, pk: int) -> HttpResponse:
    """Accompaniment done: issue the Laporan Kegiatan (with the photos)."""
    r = _kasus(request, pk)
    if not boleh_tulis(user=request.user, rujukan=r, izin="tangani"):
        return _hanya_baca(request, r)
    try:
        # the report is issued and signed in the social worker's name: the
        # password again, as for every signature
        pastikan_kata_sandi(request.user, request.POST.get("kata_sandi", ""))
        rs.rujukan_report_accompaniment(
            rujukan=r, by=request.user, catatan=request.POST.get("catatan", "")
        )
    except RujukanError as exc:
        return _galat(request, exc, r)
    messages.success(request, _("Laporan kegiatan diterbitkan."))
    return redirect("lapangan:kasus", r.pk)


@login_required
@require_safe
def dokumentasi(request: HttpRequest, pk: int, dok: int, ukuran: str = "besar") -> FileResponse:
    """A photo or video of the case, for those who may open its field pages."""
    r = _kasus(request, pk)
    d = get_object_or_404(Dokumentasi, pk=dok, rujukan=r)
    if not d.berkas:
        raise Http404(_("Berkas dihapus sesuai jadwal retensi."))
    berkas = d.kecil if ukuran == "kecil" and d.kecil else d.berkas
    mime = "image/jpeg" if berkas is d.kecil else d.mime
    resp = FileResponse(berkas.open("rb"), content_type=mime)
    resp["Cache-Control"] = "private, no-store"
    resp["Content-Disposition"] = "inline"
    return resp


# -- DTKS ------------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def periksa_dtks(request: HttpRequest, pk: int) -> HttpResponse:
    """The standard's DTKS check on a case at the file-check stage: GET shows
    the answer from the imported extract, POST takes the path it decides."""
    r = rujukan_get(pk=pk, lapangan=True)
    if r is None or not sama_instansi(request.user, r):
        raise Http404(_("Rujukan tidak ditemukan."))
    if not boleh_periksa_dtks(user=request.user, rujukan=r):
        raise PermissionDenied(_("Peran Anda tidak memeriksa berkas rujukan."))
    cek = dtks.dtks_klien(klien=r.klien, instansi=r.instansi)
    if request.method == "POST":
        try:
            r = services.lapangan_check_dtks(rujukan=r, by=request.user)
        except RujukanError as exc:
            return _galat(request, exc, r)
        messages.success(
            request,
            _("%(k)s Tahap sekarang: %(t)s.") % {"k": cek.keterangan, "t": r.get_status_display()},
        )
        detail = reverse("rujukan:detail", args=[r.pk])
        return redirect(detail)
    return render(
        request,
        "lapangan/dtks_periksa.html",
        {
            "rujukan": r,
            "dtks": cek,
            "bisa": r.status == Status.PEMERIKSAAN_BERKAS and r.alur.verifikasi_kecuali_dtks,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cari_dtks(request: HttpRequest) -> HttpResponse:
    """Look a NIK up in the office's DTKS/DTSEN extract (e.g. at intake). The
    NIK is posted and the answer rendered at once: it never appears in a URL."""
    instansi = _instansi(request)
    if not boleh_lihat_dtks(user=request.user):
        raise PermissionDenied(_("Peran Anda tidak dapat melihat data DTKS."))
    form = CariDTKSForm(request.POST if request.method == "POST" else None)
    hasil, dicari = None, False
    if form.is_valid():
        dicari = True
        hasil = dtks.dtks_cari(instansi=instansi, nik=form.cleaned_data["nik"])
    return render(
        request,
        "lapangan/dtks_cari.html",
        {
            "form": form,
            "hasil": hasil,
            "dicari": dicari,
            "ringkasan": dtks.dtks_ringkasan(instansi=instansi),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
