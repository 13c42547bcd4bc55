from django.urls import path

from warga import views

app_name = "warga"

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("masuk/", views.masuk, name="masuk"),
    path("masuk/kode/", views.kode, name="kode"),
    path("masuk/tautan/<str:token>/", views.tautan, name="tautan"),
    path("keluar/", views.keluar, name="keluar"),
    path("permohonan/<int:pk>/lengkapi/", views.lengkapi, name="lengkapi"),
    path("surat/<int:pk>/", views.surat, name="surat"),
]
