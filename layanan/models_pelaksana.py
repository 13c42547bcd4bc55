"""Acting officials: an office appoints a Plt or Plh to stand in for a jabatan.

A Plt (pelaksana tugas) covers a post that is vacant or whose holder is away
for long; a Plh (pelaksana harian) covers a short absence. From `mulai` to
`selesai` (both inclusive, dates in the office's own time zone) the acting
official counts as a holder of the jabatan at every step and approval that
names it, and receives the jabatan's portal role; the next day the
appointment has ended by itself (it is read by date, nothing has to run).

Rules (checked by `full_clean`, so the admin form shows them):
- the acting official works for the same office as the jabatan, and does not
  hold that jabatan himself;
- no two appointments of one jabatan overlap;
- a Plh has an end date and lasts at most PLH_HARI_MAKS days; a Plt lasts at
  most PLT_HARI_MAKS days (a year: a longer vacancy is filled by a new
  appointment on a new SK, so the office looks at it again).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

PLT_HARI_MAKS = 365
PLH_HARI_MAKS = 30


def hari_ini(zona_waktu: str) -> dt.date:
    """Today's date in an office's time zone (Instansi.zona_waktu)."""
    return timezone.localtime(timezone.now(), ZoneInfo(zona_waktu)).date()


class PenunjukanPelaksanaQuerySet(models.QuerySet):
    def berlaku_pada(self, tanggal: dt.date):
        """The appointments in force on `tanggal` (a date of the office's zone)."""
        return self.filter(mulai__lte=tanggal, selesai__gte=tanggal)


class PenunjukanPelaksana(models.Model):
    """One Plt/Plh appointment of a member of staff to a jabatan of his office."""

    class Jenis(models.TextChoices):
        PLT = "plt", _("Plt. (pelaksana tugas)")
        PLH = "plh", _("Plh. (pelaksana harian)")

    instansi = models.ForeignKey(
        "layanan.Instansi",
        verbose_name=_("instansi"),
        on_delete=models.CASCADE,
        related_name="penunjukan_pelaksana",
    )
    jabatan = models.ForeignKey(
        "layanan.Jabatan",
        verbose_name=_("jabatan yang dilaksanakan"),
        on_delete=models.CASCADE,
        related_name="penunjukan",
    )
    pegawai = models.ForeignKey(
        "layanan.Pegawai",
        verbose_name=_("pelaksana"),
        on_delete=models.PROTECT,
        related_name="penunjukan_pelaksana",
        help_text=_("Pegawai instansi ini yang ditunjuk sebagai Plt./Plh."),
    )
    jenis = models.CharField(_("jenis"), max_length=3, choices=Jenis.choices)
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(
        _("selesai"),
        help_text=_(
            "Tanggal terakhir penunjukan berlaku (ikut dihitung). Plh. paling lama "
            "30 hari, Plt. paling lama 365 hari."
        ),
    )
    dasar = models.CharField(
        _("dasar penunjukan"),
        max_length=200,
        help_text=_("Nomor SK atau surat perintah penunjukan."),
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    dibuat_pada = models.DateTimeField(_("dibuat pada"), default=timezone.now, editable=False)

    objects = PenunjukanPelaksanaQuerySet.as_manager()

    class Meta:
        verbose_name = _("penunjukan Plt./Plh.")
        verbose_name_plural = _("penunjukan Plt./Plh.")
        ordering = ["-mulai"]
        indexes = [
            models.Index(fields=["pegawai", "selesai"], name="penunjukan_pegawai_selesai"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(selesai__gte=models.F("mulai")),
                name="penunjukan_selesai_setelah_mulai",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.awalan} {self.jabatan} — {self.pegawai}"

    @property
    def awalan(self) -> str:
        """The prefix printed before the jabatan: "Plt." or "Plh."."""
        return "Plt." if self.jenis == self.Jenis.PLT else "Plh."

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.mulai and self.selesai:
            hari = (self.selesai - self.mulai).days + 1
            batas = PLH_HARI_MAKS if self.jenis == self.Jenis.PLH else PLT_HARI_MAKS
            if hari > batas:
                errors.setdefault("selesai", []).append(
                    gettext_now("Penunjukan %(jenis)s paling lama %(batas)s hari.")
                    % {"jenis": self.awalan, "batas": batas}
                )
        if self.jabatan_id and self.instansi_id and self.jabatan.instansi_id != self.instansi_id:
            errors.setdefault("jabatan", []).append(
                gettext_now("Jabatan ini bukan milik instansi penunjukan.")
            )
        if self.pegawai_id and self.instansi_id and self.pegawai.instansi_id != self.instansi_id:
            errors.setdefault("pegawai", []).append(
                gettext_now("Pelaksana harus pegawai instansi yang sama.")
            )
        if (
            self.pegawai_id
            and self.jabatan_id
            and self.pegawai.jabatan_portal.filter(pk=self.jabatan_id).exists()
        ):
            errors.setdefault("pegawai", []).append(
                gettext_now(
                    "Pegawai ini pemegang jabatan tersebut; tunjuk pegawai lain sebagai pelaksana."
                )
            )
        if self.jabatan_id and self.mulai and self.selesai:
            tumpang = (
                PenunjukanPelaksana.objects.filter(
                    jabatan_id=self.jabatan_id, mulai__lte=self.selesai, selesai__gte=self.mulai
                )
                .exclude(pk=self.pk)
                .select_related("pegawai")
                .first()
            )
            if tumpang is not None:
                errors.setdefault("mulai", []).append(
                    gettext_now(
                        "Jabatan ini sudah memiliki %(jenis)s %(nama)s pada %(mulai)s s.d. "
                        "%(selesai)s; masa penunjukan tidak boleh tumpang tindih."
                    )
                    % {
                        "jenis": tumpang.awalan,
                        "nama": tumpang.pegawai.nama,
                        "mulai": f"{tumpang.mulai:%d-%m-%Y}",
                        "selesai": f"{tumpang.selesai:%d-%m-%Y}",
                    }
                )
        if errors:
            raise ValidationError(errors)

    def berlaku(self, tanggal: dt.date | None = None) -> bool:
        tanggal = tanggal or hari_ini(self.instansi.zona_waktu)
        return self.mulai <= tanggal <= self.selesai
