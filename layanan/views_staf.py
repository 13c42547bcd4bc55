"""The staff home: where a logged-in officer lands."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path


@login_required
def beranda(request):
    pegawai = getattr(request.user, "pegawai", None)
    return render(request, "staf/beranda.html", {"pegawai": pegawai})


urlpatterns = [path("", beranda, name="beranda")]
