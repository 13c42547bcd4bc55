"""The outbox: one row per message to one person on one channel.

A row is written in the caller's transaction (so a rolled-back action sends
nothing) and sent later by a task on the queue (`notifikasi.tasks`). The
address and the text are personal data: stored encrypted
(`layanan.enkripsi`), never logged in clear (`notifikasi.kanal.samarkan`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layanan.enkripsi import SidikField, TeksTerenkripsiField


class Kanal(models.TextChoices):
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")
    LOG = "log", _("Log (pengembangan)")


class Pesan(models.Model):
    class Status(models.TextChoices):
        ANTRE = "antre", _("Dalam antrean")
        MENGIRIM = "mengirim", _("Sedang dikirim")
        TERKIRIM = "terkirim", _("Terkirim")
        GAGAL = "gagal", _("Gagal")

    instansi = models.ForeignKey(
        "layanan.Instansi", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Who it is for: a staff user, or a reference such as "rujukan.pemohon:12".
    penerima_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    penerima_ref = models.CharField(_("penerima"), max_length=80, blank=True)
    kanal = models.CharField(_("kanal"), max_length=10, choices=Kanal.choices)
    tujuan = TeksTerenkripsiField(_("tujuan"), jenis="kontak", max_length=254)
    tujuan_sidik = SidikField(sumber="tujuan")
    acara = models.CharField(_("acara"), max_length=60, db_index=True)
    subjek = models.CharField(_("subjek"), max_length=200, blank=True)
    teks = TeksTerenkripsiField(_("teks"), jenis="teks")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ANTRE, db_index=True
    )
    percobaan = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    maks_percobaan = models.PositiveSmallIntegerField(_("maks. percobaan"), default=5)
    jeda_detik = models.JSONField(_("jeda antarpercobaan (detik)"), default=list, blank=True)
    berikutnya_pada = models.DateTimeField(_("percobaan berikutnya"), default=timezone.now)
    galat_terakhir = models.CharField(_("galat terakhir"), max_length=200, blank=True)
    dibuat_pada = models.DateTimeField(_("dibuat"), auto_now_add=True)
    diambil_pada = models.DateTimeField(_("diambil worker"), null=True, blank=True)
    terkirim_pada = models.DateTimeField(_("terkirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("pesan notifikasi")
        verbose_name_plural = _("pesan notifikasi")
        ordering = ["-dibuat_pada", "-pk"]
        indexes = [models.Index(fields=["status", "berikutnya_pada"])]

    def __str__(self) -> str:
        return f"Pesan {self.pk} {self.kanal} {self.acara} ({self.status})"


class PreferensiNotifikasi(models.Model):
    """A staff member's choice of channel, and their WhatsApp/SMS number."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferensi_notifikasi"
    )
    kanal = models.CharField(
        _("kirim notifikasi lewat"),
        max_length=10,
        choices=[c for c in Kanal.choices if c[0] != Kanal.LOG],
        default=Kanal.EMAIL,
    )
    telepon = TeksTerenkripsiField(_("nomor WhatsApp/HP"), jenis="telepon", max_length=20)
    aktif = models.BooleanField(_("terima notifikasi"), default=True)

    class Meta:
        verbose_name = _("preferensi notifikasi")
        verbose_name_plural = _("preferensi notifikasi")

    def __str__(self) -> str:
        return f"Preferensi notifikasi user {self.user_id}"


class PreferensiKontak(models.Model):
    """A citizen's choice of channel for news of their cases and complaints,
    made on their page (/warga/) after proving the contact. Keyed by the
    contact's keyed hash only (`notifikasi.services.sidik_kontak`): no address
    is stored here."""

    class Pilihan(models.TextChoices):
        WHATSAPP = Kanal.WHATSAPP.value, _("WhatsApp")
        SMS = Kanal.SMS.value, _("SMS")
        EMAIL = Kanal.EMAIL.value, _("Email")
        TIDAK = "tidak", _("Jangan kirim kabar")

    sidik = models.CharField(_("sidik kontak"), max_length=64, unique=True)
    kanal = models.CharField(_("kabar dikirim lewat"), max_length=10, choices=Pilihan.choices)
    diubah_pada = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("preferensi kabar warga")
        verbose_name_plural = _("preferensi kabar warga")

    def __str__(self) -> str:
        return f"Preferensi kabar {self.pk} ({self.kanal})"
