from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RujukanConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rujukan"
    verbose_name = _("Rujukan klien")
