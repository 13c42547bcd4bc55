from django.urls import path

from layanan import views

app_name = "layanan"
urlpatterns = [
    path("", views.katalog, name="katalog"),
    path("cari/", views.cari, name="cari"),
    path("<slug:slug>/", views.instansi, name="instansi"),
    path("<slug:instansi>/<slug:slug>/", views.detail, name="detail"),
    path("<slug:instansi>/<slug:slug>/standar.pdf", views.pdf, name="pdf"),
    path("<slug:instansi>/<slug:slug>/versi/<int:versi>/", views.versi_detail, name="versi"),
    path(
        "<slug:instansi>/<slug:slug>/versi/<int:versi>/standar.pdf",
        views.versi_pdf,
        name="versi_pdf",
    ),
]
