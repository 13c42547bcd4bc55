from django.urls import path

from pengaduan import views, views_staf

app_name = "pengaduan"
urlpatterns = [
    # Public: the form, the receipt, tracking.
    path("baru/", views.baru, name="baru"),
    path("tanda-terima/<str:nomor>/", views.tanda_terima, name="tanda_terima"),
    path("lacak/", views.lacak, name="lacak"),
    path("lacak/keluar/", views.lacak_keluar, name="lacak_keluar"),
    path("lacak/<str:nomor>/", views.lacak_detail, name="lacak_detail"),
    path("lacak/<str:nomor>/balas/", views.lacak_balas, name="lacak_balas"),
    path("lacak/<str:nomor>/buka-kembali/", views.lacak_buka_kembali, name="lacak_buka_kembali"),
    path("lacak/<str:nomor>/selesai/", views.lacak_selesai, name="lacak_selesai"),
    path("lacak/<str:nomor>/nilai/", views.lacak_nilai, name="lacak_nilai"),
    # Staff.
    path("staf/", views_staf.daftar, name="daftar"),
    path("staf/catat/", views_staf.catat, name="catat"),
    path("staf/<int:pk>/", views_staf.detail, name="detail"),
    path("staf/<int:pk>/<slug:slug>/", views_staf.aksi, name="aksi"),
    path("staf/lampiran/<int:pk>/", views_staf.lampiran, name="lampiran"),
    path("staf/templat/", views_staf.templat_daftar, name="templat_daftar"),
    path("staf/templat/baru/", views_staf.templat_ubah, name="templat_baru"),
    path("staf/templat/<int:pk>/", views_staf.templat_ubah, name="templat_ubah"),
]
