from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WargaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "warga"
    verbose_name = _("Warga")
