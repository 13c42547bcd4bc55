"""The client's consent to share their data with a panti or another office
(UU 27/2022): given by the client, or for a child or a person who cannot
consent by a parent, guardian or the family who cares for them — or, where
the law allows sharing without it, an official's recorded exception."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rujukan.models.rujukan import Rujukan

User = settings.AUTH_USER_MODEL


class PersetujuanKlien(models.Model):
    class Jenis(models.TextChoices):
        DIBERIKAN = "diberikan", _("Persetujuan diberikan")
        PENGECUALIAN = "pengecualian", _("Dibagikan tanpa persetujuan (pengecualian)")

    class Hubungan(models.TextChoices):
        KLIEN = "klien", _("Klien sendiri")
        ORANG_TUA = "orang_tua", _("Orang tua")
        WALI = "wali", _("Wali")
        KELUARGA = "keluarga", _("Keluarga yang merawat")

    class Cara(models.TextChoices):
        TERTULIS = "tertulis", _("Tertulis, ditandatangani")
        CAP_JEMPOL = "cap_jempol", _("Tertulis, dengan cap jempol")
        LISAN = "lisan", _("Lisan, disaksikan petugas")
        ELEKTRONIK = "elektronik", _("Elektronik, dinyatakan di portal")

    class Cakupan(models.TextChoices):
        PEMBAGIAN = "pembagian", _("Membagikan data ke panti/instansi lain")
        PENGOLAHAN = "pengolahan", _("Mengolah data untuk permohonan layanan")

    rujukan = models.ForeignKey(
        Rujukan,
        verbose_name=_("rujukan"),
        on_delete=models.CASCADE,
        related_name="persetujuan_klien",
    )
    jenis = models.CharField(_("jenis"), max_length=14, choices=Jenis.choices)
    cakupan = models.CharField(
        _("cakupan"), max_length=10, choices=Cakupan.choices, default=Cakupan.PEMBAGIAN
    )
    pemberi = models.CharField(_("nama pemberi persetujuan"), max_length=150, blank=True)
    hubungan = models.CharField(
        _("hubungan dengan klien"), max_length=10, choices=Hubungan.choices, blank=True
    )
    cara = models.CharField(_("cara"), max_length=10, choices=Cara.choices, blank=True)
    alasan = models.TextField(
        _("alasan"),
        blank=True,
        help_text=_(
            "Mengapa bukan klien sendiri yang memberi persetujuan, atau dasar "
            "membagikan data tanpa persetujuan."
        ),
    )
    dicatat_oleh = models.ForeignKey(
        User,
        verbose_name=_("dicatat oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Kosong bila warga sendiri menyatakannya di portal."),
    )
    dicatat_pada = models.DateTimeField(_("dicatat pada"), default=timezone.now)

    class Meta:
        verbose_name = _("persetujuan klien atas pembagian data")
        verbose_name_plural = _("persetujuan klien atas pembagian data")
        ordering = ["dicatat_pada", "pk"]

    def __str__(self) -> str:
        return f"{self.rujukan} · {self.get_jenis_display()}"
