from django.urls import path

from survei import views

app_name = "survei"

urlpatterns = [
    path("loket/", views.loket, name="loket"),
    path("loket/<int:pk>/", views.loket_undangan, name="loket_undangan"),
    path("laporan/", views.laporan, name="laporan"),
    path("laporan/unduh.xlsx", views.laporan_xlsx, name="laporan_xlsx"),
    path("<str:token>/", views.isi, name="isi"),
]
