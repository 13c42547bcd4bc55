"""One-time login codes and the wrong answers typed to them.

Neither holds a phone number, an e-mail address or a code in clear: the
contact is kept as its keyed hash (`layanan.enkripsi.sidik`), the client's
address as the rate limiter's HMAC (`layanan.pembatas.client_key`) and the
code (or the secret of an e-mail link) as an HMAC keyed with SECRET_KEY.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class KodeMasuk(models.Model):
    """A code sent by WhatsApp/SMS, or the secret of a link sent by e-mail."""

    class Kanal(models.TextChoices):
        WHATSAPP = "whatsapp", _("WhatsApp")
        SMS = "sms", _("SMS")
        EMAIL = "email", _("Email")

    kontak_sidik = models.CharField(_("sidik kontak"), max_length=64, db_index=True)
    kanal = models.CharField(_("kanal"), max_length=10, choices=Kanal.choices)
    rahasia_hash = models.CharField(_("sidik kode"), max_length=64)
    alamat_kunci = models.CharField(_("kunci alamat klien"), max_length=64, db_index=True)
    dibuat_pada = models.DateTimeField(_("dibuat"), default=timezone.now, db_index=True)
    kedaluwarsa_pada = models.DateTimeField(_("berlaku sampai"))
    percobaan = models.PositiveSmallIntegerField(_("percobaan salah"), default=0)
    dipakai_pada = models.DateTimeField(_("dipakai"), null=True, blank=True)

    class Meta:
        verbose_name = _("kode masuk warga")
        verbose_name_plural = _("kode masuk warga")
        ordering = ["-dibuat_pada", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kanal_display()} {self.dibuat_pada:%Y-%m-%d %H:%M}"


class KodeSalah(models.Model):
    """One wrong code typed for a contact (five in the lock window lock it)."""

    kontak_sidik = models.CharField(_("sidik kontak"), max_length=64, db_index=True)
    alamat_kunci = models.CharField(_("kunci alamat klien"), max_length=64, db_index=True)
    waktu = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("kode salah")
        verbose_name_plural = _("kode salah")
        ordering = ["-waktu", "-pk"]

    def __str__(self) -> str:
        return f"{self.waktu:%Y-%m-%d %H:%M}"
