"""The field worker's records that are not the case itself: the office's
imported DTKS/DTSEN extract, and the photos and videos taken in the field
(attached to an assessment or an activity of a case)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layanan.models import Instansi
from rujukan.models import Asesmen, Kegiatan, Rujukan
from rujukan.models.klien import NomorIdentitasField
from rujukan.validators import validate_nik

User = settings.AUTH_USER_MODEL


class DataDTKSQuerySet(models.QuerySet):
    def milik(self, instansi: Instansi) -> DataDTKSQuerySet:
        return self.filter(instansi=instansi)

    def dengan_nik(self, nik: str) -> DataDTKSQuerySet:
        """The one lookup by NIK (the value is normalised by the field type)."""
        from rujukan.validators import normalisasi_nomor

        nik = normalisasi_nomor(nik)
        return self.filter(nik=nik) if nik else self.none()


class DataDTKS(models.Model):
    """One person of the office's extract of the national social-welfare data
    (DTKS, now DTSEN with its welfare decile), imported from CSV."""

    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="+"
    )
    nik = NomorIdentitasField(_("NIK"), jenis="nik", validators=[validate_nik], blank=False)
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
        User,
        verbose_name=_("diimpor oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = DataDTKSQuerySet.as_manager()

    class Meta:
        verbose_name = _("data DTKS/DTSEN")
        verbose_name_plural = _("data DTKS/DTSEN")
        ordering = ["nama", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "nik"], name="dtks_nik_unik"),
            models.CheckConstraint(
                condition=models.Q(desil__isnull=True) | models.Q(desil__gte=1, desil__lte=10),
                name="dtks_desil_1_10",
            ),
        ]

    def __str__(self) -> str:
        return self.nama

    @property
    def nik_tersamar(self) -> str:
        return f"{self.nik[:6]}********{self.nik[-2:]}" if self.nik else ""


def path_dokumentasi(instance, filename: str) -> str:
    """A non-guessable storage path that never carries the uploaded name."""
    ext = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "bin"
    return f"lapangan/{instance.rujukan.instansi_id}/{uuid.uuid4().hex}.{ext}"


class Dokumentasi(models.Model):
    """A photo (resized, without location metadata) or a short video taken in
    the field, attached to an assessment or an activity of a case."""

    class Jenis(models.TextChoices):
        FOTO = "foto", _("Foto")
        VIDEO = "video", _("Video")

    rujukan = models.ForeignKey(
        Rujukan, verbose_name=_("rujukan"), on_delete=models.CASCADE, related_name="dokumentasi"
    )
    asesmen = models.ForeignKey(
        Asesmen,
        verbose_name=_("asesmen"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dokumentasi",
    )
    kegiatan = models.ForeignKey(
        Kegiatan,
        verbose_name=_("kegiatan"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dokumentasi",
    )
    jenis = models.CharField(_("jenis"), max_length=5, choices=Jenis.choices)
    berkas = models.FileField(_("berkas"), upload_to=path_dokumentasi, max_length=200)
    kecil = models.FileField(
        _("gambar kecil"), upload_to=path_dokumentasi, max_length=200, blank=True
    )
    mime = models.CharField(_("jenis isi"), max_length=40)
    ukuran = models.PositiveIntegerField(_("ukuran (bita)"))
    lebar = models.PositiveIntegerField(_("lebar (piksel)"), null=True, blank=True)
    tinggi = models.PositiveIntegerField(_("tinggi (piksel)"), null=True, blank=True)
    diunggah_oleh = models.ForeignKey(
        User, verbose_name=_("diunggah oleh"), on_delete=models.PROTECT, related_name="+"
    )
    diunggah_pada = models.DateTimeField(_("diunggah pada"), default=timezone.now)

    class Meta:
        verbose_name = _("dokumentasi lapangan")
        verbose_name_plural = _("dokumentasi lapangan")
        ordering = ["diunggah_pada", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(asesmen__isnull=False) | models.Q(kegiatan__isnull=False),
                name="dokumentasi_punya_induk",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.rujukan}"
