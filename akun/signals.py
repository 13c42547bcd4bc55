"""Receivers of accounts: a login starts the idle clock and settles whether it
needs the second factor."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from akun.sesi import tandai_masuk


@receiver(user_logged_in, dispatch_uid="akun.tandai_masuk")
def _tandai_masuk(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        tandai_masuk(request, user)
