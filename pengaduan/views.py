"""Public pages: the complaint form, the receipt, and the tracking page.

A citizen has no account: the ticket number plus the secret tracking code open
one ticket, and this browser session then remembers which tickets it opened.
"""

from __future__ import annotations

from functools import wraps
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from layanan import pembatas, sesi
from layanan.masukan import angka_id
from layanan.models import Instansi, Layanan
from layanan.unggahan import BatasUnggahan, pasang_batas, tandai_ditolak
from pengaduan import riwayat, selectors, services
from pengaduan.berkas import MAX_FILES
from pengaduan.forms import (
    BalasForm,
    BukaKembaliForm,
    LacakForm,
    NilaiForm,
    PengaduanPublikForm,
)
from pengaduan.models import Pengaduan, Penilaian

SESSION_AKSES = "pengaduan_akses"
SESSION_KODE = "pengaduan_kode_baru"
MAX_AKSES = 20


# -- helpers ---------------------------------------------------------------------
def _too_big_page(request, template: str, context: dict):
    return render(request, template, context, status=413)


def tolerate_big_posts(template: str):
    """Turn an oversized or overstuffed POST into a clear Indonesian page (413), not a 500/400.

    Django refuses bodies over DATA_UPLOAD_MAX_MEMORY_SIZE while the CSRF
    middleware reads the form; this wrapper reads it first, then runs the
    view under the normal CSRF protection. Files are stopped while they stream
    once they pass MAX_UPLOAD_MB (or MAX_FILES files): an oversized anonymous
    upload never fills memory or disk, and the form says why beside its field.
    """

    def decorator(view):
        protected = csrf_protect(view)

        @csrf_exempt
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                pasang_batas(request, BatasLampiran)
                try:
                    request.POST  # noqa: B018 — parse now, inside the try
                    request.FILES  # noqa: B018
                except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
                    _drain(request)
                    return _too_big_page(
                        request,
                        template,
                        {
                            "terlalu_besar": True,
                            "pesan_galat": _(
                                "Isian terlalu panjang atau terlalu banyak. Persingkat uraian "
                                "(paling banyak %(n)s karakter) lalu kirim lagi."
                            )
                            % {"n": "5.000"},
                        },
                    )
                tandai_ditolak(request)
            return protected(request, *args, **kwargs)

        return wrapped

    return decorator


class BatasLampiran(BatasUnggahan):
    """Attachments of a complaint or a reply: MAX_UPLOAD_MB each, MAX_FILES at most."""

    maks_berkas = MAX_FILES


def _drain(request) -> None:
    """Read what is left of a refused body so the browser gets our answer, not a reset."""
    try:
        while request.read(64 * 1024):
            pass
    except Exception:  # noqa: S110 — best effort only
        pass


def _beri_akses(request, p: Pengaduan) -> None:
    akses = [pk for pk in request.session.get(SESSION_AKSES, []) if pk != p.pk]
    request.session[SESSION_AKSES] = ([p.pk, *akses])[:MAX_AKSES]


def _pengaduan_berakses(request, nomor: str) -> Pengaduan | None:
    """The ticket if this session opened it with its code; else None (same for unknown numbers)."""
    p = Pengaduan.objects.filter(nomor=services.normalisasi_nomor(nomor)).only("pk").first()
    if p is None or p.pk not in request.session.get(SESSION_AKSES, []):
        return None
    return selectors.pengaduan_publik(pk=p.pk)


def _tidak_ditemukan(request, form=None):
    form = form or LacakForm()
    return render(
        request,
        "pengaduan/lacak.html",
        {
            "form": form,
            "tidak_cocok": True,
        },
        status=404,
    )


def _zona(instansi: Instansi):
    return timezone.override(ZoneInfo(instansi.zona_waktu))


# -- the form ------------------------------------------------------------------
@tolerate_big_posts("pengaduan/baru.html")
def baru(request):
    """The public complaint form; ?instansi=<slug>&layanan=<pk> preselect."""
    instansi = _instansi_terpilih(request)
    context = {"instansi_terpilih": instansi, "kontak_darurat": _kontak_darurat(instansi)}
    if request.method == "POST":
        form = PengaduanPublikForm(request.POST, request.FILES, instansi=instansi)
        if form.bot:
            return render(
                request,
                "pengaduan/baru.html",
                {**context, "form": form, "pesan_galat": _("Formulir tidak dapat diproses.")},
                status=400,
            )
        if not form.is_valid():
            context["pilih_ulang"] = bool(request.FILES)
            return render(request, "pengaduan/baru.html", {**context, "form": form}, status=400)
        data = form.cleaned_data
        try:
            p, kode = services.pengaduan_submit(
                kunci_klien=pembatas.client_key(request),
                instansi=data["instansi"],
                isian=services.IsianPengaduan.dari_form(data),
            )
        except pembatas.TerlaluBanyak as exc:
            return render(
                request,
                "pengaduan/baru.html",
                {**context, "form": form, "pesan_galat": str(exc)},
                status=429,
            )
        except services.PengaduanError as exc:
            return render(
                request,
                "pengaduan/baru.html",
                {**context, "form": form, "pesan_galat": exc.pesan},
                status=exc.status_code,
            )
        _beri_akses(request, p)
        sesi.simpan_rahasia(request.session, SESSION_KODE, {"nomor": p.nomor, "kode": kode})
        return redirect("pengaduan:tanda_terima", nomor=p.nomor)
    initial = {}
    if instansi is not None:
        initial["instansi"] = instansi.slug
    layanan_pk = angka_id(request.GET.get("layanan", ""))
    if instansi is not None and layanan_pk is not None:
        initial["layanan"] = layanan_pk
    form = PengaduanPublikForm(initial=initial, instansi=instansi)
    return render(request, "pengaduan/baru.html", {**context, "form": form})


def _instansi_terpilih(request) -> Instansi | None:
    source = request.POST if request.method == "POST" else request.GET
    slug = source.get("instansi", "")
    if slug:
        found = Instansi.objects.filter(slug=slug[:80]).first()
        if found is not None:
            return found
    layanan_pk = angka_id(request.GET.get("layanan", ""))
    if layanan_pk is not None:
        layanan = Layanan.objects.filter(pk=layanan_pk, aktif=True).select_related("instansi")
        if (found := layanan.first()) is not None:
            return found.instansi
    only = list(Instansi.objects.all()[:2])
    return only[0] if len(only) == 1 else None


def _kontak_darurat(instansi: Instansi | None) -> list[Instansi]:
    if instansi is not None:
        return [instansi] if instansi.kontak_darurat else []
    return list(Instansi.objects.exclude(kontak_darurat="").order_by("nama"))


def tanda_terima(request, nomor: str):
    """The receipt right after filing: ticket number and the code, shown in this session."""
    baru_ = sesi.baca_rahasia(request.session, SESSION_KODE) or {}
    p = _pengaduan_berakses(request, nomor)
    if p is None or baru_.get("nomor") != p.nomor:
        return _tidak_ditemukan(request)
    with _zona(p.instansi):
        return render(request, "pengaduan/tanda_terima.html", {"p": p, "kode": baru_["kode"]})


# -- tracking ------------------------------------------------------------------
def lacak(request):
    """Ticket number + tracking code → the ticket. Wrong combinations get a 404, no hint."""
    if request.method == "POST":
        form = LacakForm(request.POST)
        kunci = pembatas.client_key(request)
        if alasan := pembatas.alasan_tolak(kunci, pembatas.LACAK_GAGAL):
            return render(
                request, "pengaduan/lacak.html", {"form": form, "pesan_galat": alasan}, status=429
            )
        if not form.is_valid():
            return render(request, "pengaduan/lacak.html", {"form": form}, status=400)
        p = selectors.pengaduan_lacak(
            nomor=form.cleaned_data["nomor"], kode=form.cleaned_data["kode"]
        )
        if p is None:
            pembatas.catat_gagal(kunci, pembatas.LACAK_GAGAL)
            return _tidak_ditemukan(
                request, LacakForm(initial={"nomor": form.cleaned_data["nomor"]})
            )
        _beri_akses(request, p)
        return redirect("pengaduan:lacak_detail", nomor=p.nomor)
    form = LacakForm(initial={"nomor": request.GET.get("nomor", "")[:30]})
    return render(request, "pengaduan/lacak.html", {"form": form})


def _detail_context(p: Pengaduan, **forms) -> dict:
    penilaian = Penilaian.objects.filter(pengaduan=p).first()
    now = timezone.now()
    context = {
        "p": p,
        "pesan": list(p.tanggapan.all()),
        "riwayat": riwayat.riwayat_pengaduan(p, public=True),
        "penilaian": penilaian,
        "lewat_waktu": p.lewat_waktu(now),
        "boleh_balas": p.status not in Pengaduan.AKHIR,
        "boleh_buka_kembali": p.status == Pengaduan.Status.DIJAWAB
        and (p.batas_balasan is None or now <= p.batas_balasan),
        "boleh_selesai": p.status == Pengaduan.Status.DIJAWAB,
        "boleh_nilai": p.status in services.BISA_DINILAI and penilaian is None,
        "balas_form": BalasForm(),
        "buka_form": BukaKembaliForm(),
        "nilai_form": NilaiForm(),
    }
    context.update(forms)
    return context


def lacak_detail(request, nomor: str):
    p = _pengaduan_berakses(request, nomor)
    if p is None:
        return _tidak_ditemukan(request, LacakForm(initial={"nomor": nomor[:30]}))
    with _zona(p.instansi):
        return render(request, "pengaduan/lacak_detail.html", _detail_context(p))


def _citizen_action(form_class, run, success: str, form_key: str, *, files: bool = False):
    """A POST from the tracking page: validate, run one service, redirect back (PRG)."""

    def view(request, nomor: str):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        p = _pengaduan_berakses(request, nomor)
        if p is None:
            return _tidak_ditemukan(request)
        form = form_class(request.POST, request.FILES) if files else form_class(request.POST)
        status, pesan_galat = 400, None
        if form.is_valid():
            try:
                run(p, form.cleaned_data)
            except services.PengaduanError as exc:
                status, pesan_galat = exc.status_code, exc.pesan
            else:
                messages.success(request, success)
                return redirect(reverse("pengaduan:lacak_detail", kwargs={"nomor": p.nomor}))
        p = selectors.pengaduan_publik(pk=p.pk)
        with _zona(p.instansi):
            return render(
                request,
                "pengaduan/lacak_detail.html",
                _detail_context(p, pesan_galat=pesan_galat, **{form_key: form}),
                status=status,
            )

    return view


lacak_balas = tolerate_big_posts("pengaduan/lacak.html")(
    _citizen_action(
        BalasForm,
        lambda p, d: services.pelapor_balas(pengaduan=p, isi=d["isi"], berkas=d["lampiran"]),
        _("Pesan Anda terkirim."),
        "balas_form",
        files=True,
    )
)
lacak_buka_kembali = _citizen_action(
    BukaKembaliForm,
    lambda p, d: services.pelapor_buka_kembali(pengaduan=p, alasan=d["alasan"]),
    _("Pengaduan dibuka kembali. Petugas akan menanggapi lagi."),
    "buka_form",
)
lacak_nilai = _citizen_action(
    NilaiForm,
    lambda p, d: services.pelapor_nilai(pengaduan=p, nilai=d["nilai"], komentar=d["komentar"]),
    _("Terima kasih atas penilaian Anda."),
    "nilai_form",
)


@require_POST
def lacak_selesai(request, nomor: str):
    p = _pengaduan_berakses(request, nomor)
    if p is None:
        return _tidak_ditemukan(request)
    try:
        services.pelapor_konfirmasi_selesai(pengaduan=p)
    except services.PengaduanError as exc:
        with _zona(p.instansi):
            return render(
                request,
                "pengaduan/lacak_detail.html",
                _detail_context(p, pesan_galat=exc.pesan),
                status=exc.status_code,
            )
    messages.success(request, _("Terima kasih. Pengaduan ditutup; mohon beri penilaian Anda."))
    return redirect("pengaduan:lacak_detail", nomor=p.nomor)


@require_POST
def lacak_keluar(request):
    """Forget the tickets this browser opened (for shared phones)."""
    request.session.pop(SESSION_AKSES, None)
    request.session.pop(SESSION_KODE, None)
    messages.info(request, _("Anda sudah keluar dari halaman pelacakan."))
    return redirect("pengaduan:lacak")
