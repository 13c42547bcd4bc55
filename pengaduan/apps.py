from django.apps import AppConfig


class PengaduanConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'pengaduan'
