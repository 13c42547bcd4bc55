"""The version of what the public pages show (layanan.cache_publik).

One row. Its `kunci` is drawn anew, at random, each time a row that a public
page shows changes (an office, a standard or one of its components, a
jabatan named by a step), in the transaction of the change. Every app server
reads it, once per public page, from the shared database: a standard
published through one server is served by every other at once, whatever
cache each keeps. A random key rather than a counter: a rolled-back change or
a restored backup never brings back a key that pages were cached under.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The primary key of the one row.
SATU = 1


class VersiPublik(models.Model):
    kunci = models.CharField(_("kunci"), max_length=32)
    diubah_pada = models.DateTimeField(_("diubah pada"))

    class Meta:
        verbose_name = _("versi halaman publik")
        verbose_name_plural = _("versi halaman publik")

    def __str__(self) -> str:
        return self.kunci
