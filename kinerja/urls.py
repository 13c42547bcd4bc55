from django.urls import path

from kinerja import views

app_name = "kinerja"
urlpatterns = [
    path("", views.dasbor, name="dasbor"),
]

urlpatterns_publik = (
    [
        path("<slug:instansi>/", views.transparansi, name="instansi"),
        path("<slug:instansi>/<slug:slug>/", views.transparansi_layanan, name="layanan"),
    ],
    "transparansi",
)
