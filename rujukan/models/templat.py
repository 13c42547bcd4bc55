"""An office's own wording of a document kind's body (issue #9, item 1).

Each save is a new version (versi 1, 2, …) of one instansi's template for
one kind; a version is never changed after it is written, so a letter keeps
pointing at the exact wording it was issued with (Dokumen.templat). The
newest version is the one in force; without any, the portal's default
wording (rujukan/data/templat_bawaan/) is used. The fields a body may name
and how it is rendered are decided in rujukan.templat."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layanan.models import Instansi
from rujukan.models.proses import JenisDokumen


class TemplatSuratQuerySet(models.QuerySet):
    def milik(self, instansi: Instansi) -> TemplatSuratQuerySet:
        return self.filter(instansi=instansi)


class TemplatSurat(models.Model):
    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="templat_surat"
    )
    jenis = models.CharField(_("jenis dokumen"), max_length=20, choices=JenisDokumen.choices)
    versi = models.PositiveSmallIntegerField(_("versi"))
    isi = models.TextField(
        _("isi surat"),
        help_text=_(
            "Teks biasa. Paragraf dipisahkan satu baris kosong; kolom ditulis seperti "
            "{{ klien_nama }}. Baris yang diawali '# ' menjadi judul bagian."
        ),
    )
    catatan = models.CharField(
        _("catatan perubahan"),
        max_length=300,
        blank=True,
        help_text=_("Apa yang diubah pada versi ini dan mengapa."),
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    dibuat_pada = models.DateTimeField(_("dibuat pada"), default=timezone.now)

    objects = TemplatSuratQuerySet.as_manager()

    class Meta:
        verbose_name = _("templat surat")
        verbose_name_plural = _("templat surat")
        ordering = ["instansi", "jenis", "-versi"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "jenis", "versi"], name="templat_surat_versi_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} v{self.versi}"

    def save(self, *args, **kwargs):
        """A version is written once: a change is a new version."""
        if not self._state.adding:
            raise ValueError("Versi templat surat tidak diubah: simpan sebagai versi baru.")
        super().save(*args, **kwargs)
