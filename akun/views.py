"""Account pages: the second-factor code step after the password, the account
page (password change, second factor), enrolment and reset, and the page of a
locked login (django-axes' AXES_LOCKOUT_CALLABLE)."""

from __future__ import annotations

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from akun import services
from akun.errors import AkunError
from akun.forms import GantiSandiForm, KataSandiForm, KodeForm
from akun.permissions import wajib_faktor_kedua
from akun.sesi import KUNCI_WAJIB
from layanan.pengguna import PermintaanMasuk
from layanan.roles import pegawai_dari


def _next(request: HttpRequest, bawaan: str = "") -> str:
    tujuan = request.POST.get("next") or request.GET.get("next") or ""
    if tujuan and url_has_allowed_host_and_scheme(
        tujuan, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return tujuan
    return bawaan or reverse(settings.LOGIN_REDIRECT_URL)


def _dengan_next(nama: str, request: HttpRequest) -> str:
    return f"{reverse(nama)}?{urlencode({'next': _next(request)})}"


def terkunci(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """A login (password or code) locked by django-axes: why, and for how long."""
    menit = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "akun/terkunci.html",
        {"menit": menit, "batas": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def kode(request: PermintaanMasuk) -> HttpResponse:
    """The second step of a login that needs the second factor."""
    if services.terverifikasi(request.user):
        return redirect(_next(request))
    device = services.perangkat_aktif(request.user)
    if device is None:
        return redirect(_dengan_next("akun:faktor", request))
    kredensial = {"username": request.user.get_username()}
    if AxesProxyHandler.is_locked(request, kredensial):
        logout(request)
        return terkunci(request)
    form = KodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and services.kode_cocok(device=device, kode=form.cleaned_data["kode"]):
            django_otp.login(request, device)
            return redirect(_next(request))
        # a wrong code counts like a wrong password (django-axes)
        user_login_failed.send(sender=__name__, credentials=kredensial, request=request)
        if getattr(request, "axes_locked_out", False):
            logout(request)
            return terkunci(request)
        if form.is_valid():
            form.add_error(
                "kode",
                _(
                    "Kode salah atau sudah kedaluwarsa. Ketik kode yang tampil sekarang di "
                    "aplikasi autentikator (berganti setiap 30 detik)."
                ),
            )
        status = 400
    return render(request, "akun/kode.html", {"form": form, "next": _next(request)}, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def faktor(request: PermintaanMasuk) -> HttpResponse:
    """Enrolment: a new secret as a QR code and as text, confirmed by one code."""
    user = request.user
    if services.perangkat_aktif(user) is not None:
        if services.terverifikasi(user):
            messages.info(request, _("Aplikasi autentikator Anda sudah aktif."))
            return redirect("akun:halaman")
        return redirect(_dengan_next("akun:kode", request))
    form = KodeForm(request.POST if request.POST.get("aksi") == "konfirmasi" else None)
    status = 200
    if request.method == "POST":
        if request.POST.get("aksi") == "mulai":
            services.totp_mulai(user=user)
            return redirect(_dengan_next("akun:faktor", request))
        if form.is_valid():
            try:
                device = services.totp_konfirmasi(user=user, kode=form.cleaned_data["kode"])
            except AkunError as exc:
                form.add_error("kode", exc.pesan)
            else:
                django_otp.login(request, device)
                request.session[KUNCI_WAJIB] = True
                messages.success(
                    request,
                    _(
                        "Verifikasi dua langkah aktif. Setiap kali masuk, Anda akan diminta "
                        "kode dari aplikasi autentikator."
                    ),
                )
                return redirect(_next(request, reverse("akun:halaman")))
        status = 400
    device = services.perangkat_baru(user)
    context = {
        "form": form,
        "next": _next(request, reverse("akun:halaman")),
        "device": device,
        "qr": services.qr_data_uri(device) if device else "",
        "rahasia": services.rahasia_teks(device) if device else "",
        "wajib": wajib_faktor_kedua(user),
    }
    return render(request, "akun/faktor.html", context, status=status)


@login_required
@require_POST
def atur_ulang(request: PermintaanMasuk) -> HttpResponse:
    """A lost or new phone: remove the device (after the password), enrol again."""
    form = KataSandiForm(request.POST)
    if form.is_valid():
        try:
            services.totp_atur_ulang(user=request.user, kata_sandi=form.cleaned_data["kata_sandi"])
        except AkunError as exc:
            return _halaman(request, reset_form=form, galat_reset=exc.pesan, status=exc.status_code)
        messages.success(
            request,
            _("Aplikasi autentikator lama dilepas. Daftarkan aplikasi di ponsel Anda sekarang."),
        )
        return redirect("akun:faktor")
    return _halaman(request, reset_form=form, status=400)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def ganti_sandi(request: PermintaanMasuk) -> HttpResponse:
    """A new password; every other session of this user ends, this one stays."""
    form = GantiSandiForm(request.user, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = form.save()
            update_session_auth_hash(request, user)
            messages.success(
                request,
                _("Kata sandi diganti. Sesi Anda di perangkat lain telah diakhiri."),
            )
            return redirect("akun:halaman")
        return _halaman(request, sandi_form=form, status=400)
    return _halaman(request, sandi_form=form)


@login_required
def halaman(request: PermintaanMasuk) -> HttpResponse:
    return _halaman(request)


def _halaman(
    request: PermintaanMasuk,
    *,
    sandi_form: GantiSandiForm | None = None,
    reset_form: KataSandiForm | None = None,
    galat_reset: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request.user
    context = {
        "pegawai": pegawai_dari(user),
        "grup": list(user.groups.values_list("name", flat=True)),
        "perangkat": services.perangkat_aktif(user),
        "wajib": wajib_faktor_kedua(user),
        "sandi_form": sandi_form or GantiSandiForm(user),
        "reset_form": reset_form or KataSandiForm(),
        "galat_reset": galat_reset,
    }
    return render(request, "akun/akun.html", context, status=status)
