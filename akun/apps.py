from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AkunConfig(AppConfig):
    """Staff accounts: login throttling (django-axes), password rules, the second
    factor (django-otp TOTP), idle sessions and the account page."""

    name = "akun"
    verbose_name = _("Akun petugas")

    def ready(self) -> None:
        # imported in ready(), Django's place for connecting signal receivers: importing
        # the module connects the login receiver
        from akun import signals  # noqa: F401
