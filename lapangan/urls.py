from django.urls import path

from lapangan import views

app_name = "lapangan"
urlpatterns = [
    path("", views.saya, name="saya"),
    path("sw.js", views.service_worker, name="sw"),
    path("penugasan/", views.penugasan, name="penugasan"),
    path("dtks/", views.cari_dtks, name="cari_dtks"),
    path("<int:pk>/", views.kasus, name="kasus"),
    path("<int:pk>/tugaskan/", views.tugaskan, name="tugaskan"),
    path("<int:pk>/asesmen/", views.asesmen, name="asesmen"),
    path("<int:pk>/kegiatan/", views.kegiatan, name="kegiatan"),
    path("<int:pk>/laporan-kegiatan/", views.lapor_pendampingan, name="lapor_pendampingan"),
    path("<int:pk>/dtks/", views.periksa_dtks, name="periksa_dtks"),
    path("<int:pk>/dokumentasi/<int:dok>/", views.dokumentasi, name="dokumentasi"),
    path(
        "<int:pk>/dokumentasi/<int:dok>/kecil/",
        views.dokumentasi,
        {"ukuran": "kecil"},
        name="dokumentasi_kecil",
    ),
]
