"""Where a case stands on its standard's own procedure steps.

Each case gets one row per published step of the standard version it was
registered under (LangkahKasus). A row is waiting, current, done (by whom,
when, with what note) or skipped (with the reason). The current rows are the
case's turn: the staff homes read them, the checklist shows them."""

from __future__ import annotations

import datetime as dt

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
    # working minutes from start to done on the office's calendar, stored when
    # the step is done (menit_kerja_antara) so the dashboard only aggregates
    menit_kerja = models.FloatField(_("lama (menit kerja)"), null=True, blank=True)

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

    def ukur(self, kal) -> None:
        """Store the step's working minutes when it is done, forget them otherwise."""
        self.menit_kerja = (
            menit_kerja_antara(kal, self.mulai_pada, self.selesai_pada)
            if self.status == StatusLangkah.SELESAI
            else None
        )


def menit_kerja_antara(kal, mulai: dt.datetime | None, selesai: dt.datetime | None) -> float | None:
    """Working minutes from `mulai` to `selesai` on the office's calendar
    (`layanan.calendar.Kalender`): its week and hours, national holidays,
    cuti bersama and its own closures. Fractional, as kinerja.waktu.MenitKerja
    measures the same span in SQL; 0 when `selesai` is not later, None when
    either is missing."""
    if mulai is None or selesai is None:
        return None
    if selesai <= mulai:
        return 0.0
    m, s = mulai.astimezone(kal.tz), selesai.astimezone(kal.tz)
    detik = 0.0
    hari = m.date()
    while hari <= s.date():
        if kal.is_working_day(hari):
            buka = dt.datetime.combine(hari, kal.opens, tzinfo=kal.tz)
            tutup = dt.datetime.combine(hari, kal.closes, tzinfo=kal.tz)
            lo, hi = max(buka, m), min(tutup, s)
            if hi > lo:
                detik += (hi - lo).total_seconds()
        hari += dt.timedelta(days=1)
    return detik / 60
