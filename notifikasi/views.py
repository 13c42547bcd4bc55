"""The staff member's notification page (/akun/notifikasi/): the channel they
want, their WhatsApp/HP number, and their last messages with their status."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from notifikasi import selectors, services
from notifikasi.forms import PreferensiForm


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferensi(request: HttpRequest) -> HttpResponse:
    user = request.user
    pref = selectors.preferensi_dari(user=user)
    if request.method == "POST":
        form = PreferensiForm(request.POST, email=user.email)
        if form.is_valid():
            services.preferensi_simpan(
                user=user,
                kanal=form.cleaned_data["kanal"],
                telepon=form.cleaned_data["telepon"],
                aktif=form.cleaned_data["aktif"],
            )
            messages.success(request, _("Pilihan notifikasi disimpan."))
            return redirect("notifikasi:preferensi")
        status = 400
    else:
        awal = {"kanal": pref.kanal, "telepon": pref.telepon, "aktif": pref.aktif}
        form = PreferensiForm(initial=awal, email=user.email)
        status = 200
    konteks = {"form": form, "pesan": selectors.pesan_terakhir(user=user), "email": user.email}
    return render(request, "notifikasi/preferensi.html", konteks, status=status)
