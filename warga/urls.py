from django.urls import path

from warga import views, views_permohonan

app_name = "warga"

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("masuk/", views.masuk, name="masuk"),
    path("masuk/kode/", views.kode, name="kode"),
    path("masuk/tautan/<str:token>/", views.tautan, name="tautan"),
    path("keluar/", views.keluar, name="keluar"),
    path("kabar/", views.kabar, name="kabar"),
    path("permohonan/<int:pk>/lengkapi/", views.lengkapi, name="lengkapi"),
    path("surat/<int:pk>/", views.surat, name="surat"),
    path("pengaduan/<int:pk>/", views.pengaduan, name="pengaduan"),
    # a request submitted by the citizen (the kelurahan operator's form and service)
    path("ajukan/", views_permohonan.pilih, name="ajukan"),
    path("ajukan/<int:layanan>/", views_permohonan.formulir, name="ajukan_formulir"),
    path("ajukan/<int:layanan>/<int:sub>/", views_permohonan.formulir, name="ajukan_formulir_sub"),
]
