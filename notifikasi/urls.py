"""Included at the root by config/urls.py: the page sits in the account area."""

from django.urls import path

from notifikasi import views

app_name = "notifikasi"

urlpatterns = [
    path("akun/notifikasi/", views.preferensi, name="preferensi"),
]
