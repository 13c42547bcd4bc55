from django.urls import path

from layanan import views

app_name = "layanan"
urlpatterns = [
    path("", views.katalog, name="katalog"),
]
