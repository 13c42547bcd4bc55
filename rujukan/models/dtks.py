"""The office's imported extract of the national social-welfare data (DTKS,
now DTSEN): the case's eligibility reads it (rujukan.kelayakan, through
rujukan.dtks), the field pages look NIKs up in it and lapangan imports it.

The model moved here from lapangan without touching the database: its table
keeps the name `lapangan_datadtks` (rujukan migration 0006)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layanan.enkripsi import SidikField, tanpa_sidik_sumber_diperiksa
from layanan.models import Instansi
from rujukan.models.klien import NomorIdentitasField
from rujukan.validators import validate_nik


class DataDTKSQuerySet(models.QuerySet):
    def milik(self, instansi: Instansi) -> DataDTKSQuerySet:
        return self.filter(instansi=instansi)

    def dengan_nik(self, nik: str) -> DataDTKSQuerySet:
        """The one lookup by NIK: through its keyed hash (the NIK is encrypted)."""
        sidik = self.model._meta.get_field("nik").sidik_dari(nik)
        return self.filter(nik_sidik=sidik) if sidik else self.none()


class DataDTKS(models.Model):
    """One person of the office's extract of the national social-welfare data
    (DTKS, now DTSEN with its welfare decile), imported from CSV."""

    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="+"
    )
    nik = NomorIdentitasField(_("NIK"), jenis="nik", validators=[validate_nik], blank=False)
    nik_sidik = SidikField(sumber="nik")
    nama = models.CharField(_("nama"), max_length=150)
    alamat = models.CharField(_("alamat"), max_length=300, blank=True)
    desil = models.PositiveSmallIntegerField(
        _("desil kesejahteraan"),
        null=True,
        blank=True,
        help_text=_("Desil 1 (paling miskin) sampai 10 menurut DTSEN; kosong bila tidak ada."),
    )
    tanggal_data = models.DateField(_("tanggal data"))
    diimpor_pada = models.DateTimeField(_("diimpor pada"), default=timezone.now)
    diimpor_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diimpor oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = DataDTKSQuerySet.as_manager()

    class Meta:
        db_table = "lapangan_datadtks"  # the table it had in lapangan, kept with its data
        verbose_name = _("data DTKS/DTSEN")
        verbose_name_plural = _("data DTKS/DTSEN")
        ordering = ["nama", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "nik_sidik"],
                name="dtks_nik_unik",
                violation_error_message=_("NIK ini sudah ada di data DTKS/DTSEN instansi."),
            ),
            models.CheckConstraint(
                condition=models.Q(desil__isnull=True) | models.Q(desil__gte=1, desil__lte=10),
                name="dtks_desil_1_10",
            ),
        ]

    def __str__(self) -> str:
        return self.nama

    def validate_constraints(self, exclude=None) -> None:
        # one NIK per office is checked whenever the NIK is (its sidik is in no form)
        super().validate_constraints(tanpa_sidik_sumber_diperiksa(self, exclude))

    @property
    def nik_tersamar(self) -> str:
        return f"{self.nik[:6]}********{self.nik[-2:]}" if self.nik else ""
