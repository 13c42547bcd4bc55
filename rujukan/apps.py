from django.apps import AppConfig
from django.core import checks
from django.core.signals import request_finished
from django.utils.translation import gettext_lazy as _


class RujukanConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rujukan"
    verbose_name = _("Rujukan klien")

    def ready(self) -> None:
        # imported in ready() (Django's place for connecting signals and checks): these
        # import the models, which load only once the app registry is ready
        from rujukan import notifikasi, verifikasi
        from rujukan.services import issuing

        checks.register(verifikasi.periksa_portal_url, checks.Tags.security, deploy=True)
        # files written by a transaction that rolled back are deleted once
        # the request is over (see rujukan.services.issuing)
        request_finished.connect(issuing.sapu_berkas_batal, dispatch_uid="rujukan.sapu_berkas")
        # who hears what about a case (issue 12): queued after the commit
        notifikasi.hubungkan()
