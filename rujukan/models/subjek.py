"""Who a case is about, beyond its one klien: the other people of a family or
of a group of disaster victims (`AnggotaRujukan`), and the named officers of
an organisation (`PengurusLembaga`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rujukan.models.klien import JenisKlien, Klien, NomorIdentitasField
from rujukan.models.rujukan import Rujukan
from rujukan.validators import validate_nik


class AnggotaRujukan(models.Model):
    """One more person a case is about (a family member, another victim). The
    case's `klien` is the first of them (head of the family, first victim)."""

    rujukan = models.ForeignKey(
        Rujukan, verbose_name=_("rujukan"), on_delete=models.CASCADE, related_name="anggota"
    )
    klien = models.ForeignKey(
        Klien,
        verbose_name=_("klien"),
        on_delete=models.PROTECT,
        related_name="keanggotaan",
        limit_choices_to={"jenis": JenisKlien.ORANG},
    )
    hubungan = models.CharField(
        _("hubungan"),
        max_length=100,
        blank=True,
        help_text=_("Dengan klien utama, misalnya: istri, anak, korban."),
    )
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("anggota rujukan")
        verbose_name_plural = _("anggota rujukan")
        ordering = ["urutan", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rujukan", "klien"], name="anggota_rujukan_unik")
        ]

    def __str__(self) -> str:
        return f"{self.klien} ({self.hubungan})" if self.hubungan else str(self.klien)


class PengurusLembaga(models.Model):
    """A named officer of an organisation klien (the SIOP file asks for the
    KTP of its Ketua, Sekretaris and Bendahara)."""

    class Jabatan(models.TextChoices):
        KETUA = "ketua", _("Ketua")
        SEKRETARIS = "sekretaris", _("Sekretaris")
        BENDAHARA = "bendahara", _("Bendahara")

    lembaga = models.ForeignKey(
        Klien,
        verbose_name=_("lembaga"),
        on_delete=models.CASCADE,
        related_name="pengurus",
        limit_choices_to={"jenis": JenisKlien.LEMBAGA},
    )
    jabatan = models.CharField(_("jabatan"), max_length=12, choices=Jabatan.choices)
    nama = models.CharField(_("nama"), max_length=150)
    nik = NomorIdentitasField(_("NIK"), jenis="nik", validators=[validate_nik])

    class Meta:
        verbose_name = _("pengurus lembaga")
        verbose_name_plural = _("pengurus lembaga")
        # Ketua, Sekretaris, Bendahara: the order of the organisation's own papers
        ordering = [
            "lembaga",
            models.Case(
                *(
                    models.When(jabatan=value, then=models.Value(i))
                    for i, value in enumerate(["ketua", "sekretaris", "bendahara"])
                ),
                output_field=models.IntegerField(),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["lembaga", "jabatan"], name="pengurus_jabatan_unik")
        ]

    def __str__(self) -> str:
        return f"{self.get_jabatan_display()}: {self.nama}"
