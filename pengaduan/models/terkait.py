"""What hangs off a complaint: identity, messages, files, history, reminders, rating."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from layanan.enkripsi import SidikField, TeksTerenkripsiField
from pengaduan.models.pengaduan import Pengaduan


def lampiran_upload_to(instance: Lampiran, filename: str) -> str:
    """A non-guessable path; the citizen's file name is kept only in the row."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"pengaduan/{uuid.uuid4().hex}/{uuid.uuid4().hex}{suffix}"


class Pelapor(models.Model):
    """The reporter's identity, kept apart from the complaint; phone and e-mail
    encrypted at rest (layanan.enkripsi)."""

    pengaduan = models.OneToOneField(
        Pengaduan, verbose_name=_("pengaduan"), on_delete=models.CASCADE, related_name="pelapor"
    )
    nama = models.CharField(_("nama"), max_length=150, blank=True)
    telepon = TeksTerenkripsiField(_("telepon/WhatsApp"), jenis="telepon", max_length=20)
    # staff find a reporter by phone through its keyed hash (the number is encrypted)
    telepon_sidik = SidikField(sumber="telepon")
    email = TeksTerenkripsiField(_("email"), jenis="email", max_length=254)
    # the citizen's page finds the complaints of a proven e-mail address by it
    email_sidik = SidikField(sumber="email")

    class Meta:
        verbose_name = _("pelapor")
        verbose_name_plural = _("pelapor")

    def __str__(self) -> str:
        return self.nama or str(_("(tanpa nama)"))


class Tanggapan(models.Model):
    """A message on a complaint: a public reply, an internal note, or the citizen's words."""

    class Jenis(models.TextChoices):
        BALASAN = "balasan", _("Balasan kepada pelapor")
        CATATAN = "catatan", _("Catatan internal")
        PELAPOR = "pelapor", _("Pesan dari pelapor")

    pengaduan = models.ForeignKey(
        Pengaduan, verbose_name=_("pengaduan"), on_delete=models.CASCADE, related_name="tanggapan"
    )
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices)
    isi = models.TextField(_("isi"))
    penulis = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penulis"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    dibuat = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("tanggapan")
        verbose_name_plural = _("tanggapan")
        ordering = ["dibuat", "pk"]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.pengaduan_id}"

    @property
    def publik(self) -> bool:
        return self.jenis in (self.Jenis.BALASAN, self.Jenis.PELAPOR)

    @property
    def dari_pelapor(self) -> bool:
        return self.jenis == self.Jenis.PELAPOR

    @property
    def internal(self) -> bool:
        """An internal note, never shown to the citizen."""
        return self.jenis == self.Jenis.CATATAN


class Lampiran(models.Model):
    """A file sent with a complaint or a reply; downloaded only through a checked view."""

    pengaduan = models.ForeignKey(
        Pengaduan, verbose_name=_("pengaduan"), on_delete=models.CASCADE, related_name="lampiran"
    )
    tanggapan = models.ForeignKey(
        Tanggapan,
        verbose_name=_("tanggapan"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lampiran",
    )
    berkas = models.FileField(_("berkas"), upload_to=lampiran_upload_to, max_length=200)
    nama_asli = models.CharField(_("nama berkas asli"), max_length=150)
    tipe_konten = models.CharField(_("tipe"), max_length=60)
    ukuran = models.PositiveIntegerField(_("ukuran (byte)"))
    dari_pelapor = models.BooleanField(_("dari pelapor"), default=True)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    dibuat = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.nama_asli

    @property
    def gambar(self) -> bool:
        return self.tipe_konten.startswith("image/")


class Kejadian(models.Model):
    """One event of the history that is not a transition (filed, a note, a
    message, the citizen's reply, a rating, a reminder, files removed): who did
    what and when, with a dotted action code. Transitions are StateLog rows
    (`pengaduan.jejak`).

    Sentences come from `pengaduan.aksi`; `data` holds small,
    non-personal details (a state, a unit name), never the reporter's identity.
    """

    pengaduan = models.ForeignKey(
        Pengaduan, verbose_name=_("pengaduan"), on_delete=models.CASCADE, related_name="kejadian"
    )
    aksi = models.CharField(_("aksi"), max_length=60)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    waktu = models.DateTimeField(_("waktu"))
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("riwayat pengaduan")
        verbose_name_plural = _("riwayat pengaduan")
        ordering = ["waktu", "pk"]

    def __str__(self) -> str:
        return f"{self.aksi} {self.pengaduan_id}"


class Pengingat(models.Model):
    """A reminder sent once per complaint, kind, recipient and deadline."""

    class Jenis(models.TextChoices):
        MENDEKATI = "mendekati", _("Mendekati batas waktu")
        LEWAT = "lewat", _("Lewat batas waktu")
        ESKALASI = "eskalasi", _("Eskalasi ke Kepala Bidang")

    pengaduan = models.ForeignKey(
        Pengaduan, verbose_name=_("pengaduan"), on_delete=models.CASCADE, related_name="pengingat"
    )
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices)
    penerima = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penerima"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    batas_waktu = models.DateTimeField(_("batas waktu yang diingatkan"))
    dikirim_pada = models.DateTimeField(_("dikirim pada"))

    class Meta:
        verbose_name = _("pengingat")
        verbose_name_plural = _("pengingat")
        constraints = [
            models.UniqueConstraint(
                fields=["pengaduan", "jenis", "penerima", "batas_waktu"],
                name="pengingat_sekali",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.pengaduan_id}"


class Penilaian(models.Model):
    """The citizen's satisfaction with the handling, 1–4, given once after closing."""

    class Nilai(models.IntegerChoices):
        TIDAK_PUAS = 1, _("Tidak puas")
        KURANG_PUAS = 2, _("Kurang puas")
        PUAS = 3, _("Puas")
        SANGAT_PUAS = 4, _("Sangat puas")

    pengaduan = models.OneToOneField(
        Pengaduan, verbose_name=_("pengaduan"), on_delete=models.CASCADE, related_name="penilaian"
    )
    nilai = models.PositiveSmallIntegerField(
        _("nilai"),
        choices=Nilai.choices,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    komentar = models.TextField(_("komentar"), blank=True)
    dibuat = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("penilaian kepuasan")
        verbose_name_plural = _("penilaian kepuasan")
        constraints = [
            models.CheckConstraint(
                condition=Q(nilai__gte=1, nilai__lte=4), name="penilaian_nilai_1_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pengaduan_id}: {self.nilai}"
