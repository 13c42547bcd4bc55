from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PengaduanConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pengaduan"
    verbose_name = _("Pengaduan")
