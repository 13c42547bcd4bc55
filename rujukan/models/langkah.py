"""Where a case stands on its standard's own procedure steps.

Each case gets one row per published step of the standard version it was
registered under (LangkahKasus). A row is waiting, current, done (by whom,
when, with what note) or skipped (with the reason). The current rows are the
case's turn: the staff homes read them, the checklist shows them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from layanan.models import LangkahProsedur


class StatusLangkah(models.TextChoices):
    MENUNGGU = "menunggu", _("akan datang")
    BERJALAN = "berjalan", _("sedang berjalan")
    SELESAI = "selesai", _("selesai")
    DILEWATI = "dilewati", _("tidak dilalui")


class LangkahKasus(models.Model):
    rujukan = models.ForeignKey(
        "rujukan.Rujukan",
        verbose_name=_("rujukan"),
        on_delete=models.CASCADE,
        related_name="langkah_kasus",
    )
    langkah = models.ForeignKey(
        LangkahProsedur,
        verbose_name=_("langkah prosedur"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    urutan = models.PositiveSmallIntegerField(_("urutan"))
    status = models.CharField(
        _("status"), max_length=10, choices=StatusLangkah.choices, default=StatusLangkah.MENUNGGU
    )
    mulai_pada = models.DateTimeField(_("mulai"), null=True, blank=True)
    selesai_pada = models.DateTimeField(_("selesai"), null=True, blank=True)
    selesai_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diselesaikan oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    catatan = models.TextField(_("catatan / alasan"), blank=True)

    class Meta:
        verbose_name = _("langkah rujukan")
        verbose_name_plural = _("langkah rujukan")
        ordering = ["urutan", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rujukan", "langkah"], name="langkah_kasus_unik"),
        ]
        indexes = [
            models.Index(fields=["status", "rujukan"], name="langkah_kasus_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.rujukan_id}#{self.urutan} {self.status}"

    @property
    def selesai(self) -> bool:
        return self.status in (StatusLangkah.SELESAI, StatusLangkah.DILEWATI)
