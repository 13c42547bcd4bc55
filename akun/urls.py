"""Account pages, included at the root by config/urls.py: the code step sits
beside the login (/masuk/kode/), the rest under /akun/."""

from django.urls import path

from akun import views

app_name = "akun"

urlpatterns = [
    path("masuk/kode/", views.kode, name="kode"),
    path("akun/", views.halaman, name="halaman"),
    path("akun/sandi/", views.ganti_sandi, name="ganti_sandi"),
    path("akun/faktor/", views.faktor, name="faktor"),
    path("akun/faktor/atur-ulang/", views.atur_ulang, name="atur_ulang"),
]
