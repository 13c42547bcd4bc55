"""The app keeps no data of its own: its figures are read from the cases and
complaints. The one unmanaged model below only carries the permission to
open the office's dashboard, so the role groups can hold it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Dasbor(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = _("dasbor kinerja")
        permissions = [("lihat_dasbor", _("Dapat melihat dasbor kinerja instansinya"))]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
