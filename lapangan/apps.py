from django.apps import AppConfig


class LapanganConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "lapangan"
