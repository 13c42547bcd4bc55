"""Office settings and templates, and the database-backed rate-limit counters."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from layanan.models import Instansi, SatuanWaktu
from pengaduan.models.pengaduan import Pengaduan


class TemplatBalasan(models.Model):
    """A reply template of an office, offered in the state it fits."""

    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="+"
    )
    judul = models.CharField(_("judul"), max_length=120)
    status = models.CharField(
        _("dipakai pada status"),
        max_length=20,
        choices=Pengaduan.Status.choices,
        blank=True,
        help_text=_("Kosongkan bila templat boleh dipakai pada status apa pun."),
    )
    isi = models.TextField(
        _("isi"),
        help_text=_("Tempat isian: {nomor}, {instansi}, {batas_waktu}."),
    )
    aktif = models.BooleanField(_("aktif"), default=True)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("templat balasan")
        verbose_name_plural = _("templat balasan")
        ordering = ["urutan", "judul"]

    def __str__(self) -> str:
        return self.judul


class PengaturanPengaduan(models.Model):
    """An office's complaint settings; a complaint about a service uses the service's time."""

    instansi = models.OneToOneField(
        Instansi,
        verbose_name=_("instansi"),
        on_delete=models.CASCADE,
        related_name="pengaturan_pengaduan",
    )
    respons_nilai = models.PositiveSmallIntegerField(_("batas waktu respons"), default=3)
    respons_satuan = models.CharField(
        _("satuan"), max_length=12, choices=SatuanWaktu.choices, default=SatuanWaktu.HARI_KERJA
    )
    jendela_balasan_hari_kerja = models.PositiveSmallIntegerField(
        _("masa tanggapan pelapor (hari kerja)"),
        default=5,
        help_text=_("Setelah dijawab, pelapor dapat membuka kembali selama masa ini."),
    )
    pengingat_hari_kerja = models.PositiveSmallIntegerField(
        _("pengingat sebelum batas waktu (hari kerja)"), default=1
    )

    class Meta:
        verbose_name = _("pengaturan pengaduan")
        verbose_name_plural = _("pengaturan pengaduan")

    def __str__(self) -> str:
        return str(self.instansi)
