"""The public verification pages of issued documents (no login): /verifikasi/."""

from django.urls import path

from rujukan.views import verifikasi

app_name = "verifikasi"
urlpatterns = [
    path("", verifikasi.cari, name="cari"),
    path("<str:token>/", verifikasi.dokumen, name="dokumen"),
]
