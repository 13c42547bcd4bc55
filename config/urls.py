from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from kinerja import urls as kinerja_urls
from lapangan.views import bersihkan_perangkat
from rujukan.views import beranda

admin.site.site_header = "Portal Layanan Dinas Sosial"
admin.site.site_title = "Portal Dinsos"
admin.site.index_title = "Pengelolaan data"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="layanan:katalog", permanent=False)),
    path("layanan/", include("layanan.urls")),
    path("lacak/", TemplateView.as_view(template_name="layanan/lacak.html"), name="lacak"),
    path("rujukan/", include("rujukan.urls")),
    path("pengaduan/", include("pengaduan.urls")),
    path("lapangan/", include("lapangan.urls")),
    path("kinerja/", include("kinerja.urls")),
    path("transparansi/", include(kinerja_urls.urlpatterns_publik)),
    path("survei/", include("survei.urls")),
    path("warga/", include("warga.urls")),
    path("verifikasi/", include("rujukan.urls_verifikasi")),
    path(
        "masuk/",
        auth_views.LoginView.as_view(template_name="registration/login.html"),
        name="login",
    ),
    # logging out clears the phone: the field pages kept offline and their queue
    path("keluar/", bersihkan_perangkat(auth_views.LogoutView.as_view()), name="logout"),
    path("", include("akun.urls")),  # /masuk/kode/ and /akun/
    path("", include("notifikasi.urls")),  # /akun/notifikasi/
    path("staf/", include(([path("", beranda.beranda, name="beranda")], "staf"))),
    path("admin/", admin.site.urls),
]
