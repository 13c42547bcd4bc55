"""The field worker's records that are not the case itself: the photos and
videos taken in the field (attached to an assessment or an activity of a
case). The office's DTKS/DTSEN extract, which the case's eligibility reads,
lives in rujukan (rujukan.models.DataDTKS); its CSV import is lapangan's
(services.dtks_impor, the admin page and the `impor_dtks` command)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rujukan.models import Asesmen, Kegiatan, Rujukan

User = settings.AUTH_USER_MODEL


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


class KirimanLuring(models.Model):
    """One field record sent with an idempotency key (an assessment or an
    activity kept on the phone while there was no signal, or any form sent
    by the field pages' script). A second request with the same key answers
    the first result and records nothing again."""

    class Jenis(models.TextChoices):
        ASESMEN = "asesmen", _("Asesmen")
        KEGIATAN = "kegiatan", _("Kegiatan")

    kunci = models.UUIDField(_("kunci kiriman"), unique=True, editable=False)
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices)
    rujukan = models.ForeignKey(
        Rujukan, verbose_name=_("rujukan"), on_delete=models.CASCADE, related_name="+"
    )
    oleh = models.ForeignKey(
        User, verbose_name=_("oleh"), on_delete=models.PROTECT, related_name="+"
    )
    asesmen = models.ForeignKey(
        Asesmen, verbose_name=_("asesmen"), on_delete=models.CASCADE, null=True, related_name="+"
    )
    kegiatan = models.ForeignKey(
        Kegiatan, verbose_name=_("kegiatan"), on_delete=models.CASCADE, null=True, related_name="+"
    )
    pesan = models.CharField(_("pesan"), max_length=300, blank=True)
    diterima_pada = models.DateTimeField(_("diterima pada"), default=timezone.now)

    class Meta:
        verbose_name = _("kiriman luring")
        verbose_name_plural = _("kiriman luring")
        ordering = ["diterima_pada", "pk"]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.kunci}"
