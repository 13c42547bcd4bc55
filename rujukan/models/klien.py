"""The klien (who a case is about: a person, or an organisation such as an
LKS) and the pemohon (who asked: the klien, family, a desa, another agency).

Identity numbers — NIK, No. KK, phone — live only in `NomorIdentitasField`,
encrypted at rest (layanan.enkripsi), and are looked up only through
`KlienQuerySet.dengan_nik`/`dengan_kk`, which compare the keyed hash kept
beside them (`nik_sidik`, `no_kk_sidik`). In Python the attribute holds the
clear number, so eligibility (age and region from the NIK) reads it as before.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layanan.enkripsi import SidikField, TeksTerenkripsiField, tanpa_sidik_sumber_diperiksa
from layanan.models import Instansi
from rujukan.validators import (
    normalisasi_nomor,
    normalisasi_telepon,
    urai_nik,
    usia_pada,
    validate_nik,
    validate_no_kk,
)


class NomorIdentitasField(TeksTerenkripsiField):
    """The one field type for identity numbers (NIK, No. KK, phone), stored
    encrypted.

    Values are normalised on the way in (so a lookup with spaces still
    matches); `jenis="telepon"` normalises to 62… form. A number that is
    looked up has a `SidikField(sumber=...)` beside it.
    """

    description = _("Nomor identitas (dilindungi)")

    def __init__(self, *args, jenis: str = "nik", **kwargs):
        kwargs.setdefault("max_length", 20 if jenis == "telepon" else 16)
        super().__init__(*args, jenis=jenis, **kwargs)

    def normal(self, value) -> str:
        if value is None:
            return ""
        if self.jenis == "telepon":
            return normalisasi_telepon(str(value))
        return normalisasi_nomor(str(value))


class JenisKelamin(models.TextChoices):
    LAKI_LAKI = "L", _("Laki-laki")
    PEREMPUAN = "P", _("Perempuan")


class JenisKlien(models.TextChoices):
    ORANG = "orang", _("Perorangan")
    LEMBAGA = "lembaga", _("Lembaga / organisasi sosial")


class BentukHukum(models.TextChoices):
    BERBADAN_HUKUM = "berbadan_hukum", _("Berbadan hukum (akta notaris, disahkan Kemenkumham)")
    TIDAK_BERBADAN_HUKUM = "tidak_berbadan_hukum", _("Tidak berbadan hukum (surat pendirian)")


class KlienQuerySet(models.QuerySet):
    def milik(self, instansi: Instansi) -> KlienQuerySet:
        return self.filter(instansi=instansi)

    def dengan_nik(self, nik: str) -> KlienQuerySet:
        sidik = self.model._meta.get_field("nik").sidik_dari(nik)
        return self.filter(nik_sidik=sidik) if sidik else self.none()

    def dengan_kk(self, no_kk: str) -> KlienQuerySet:
        sidik = self.model._meta.get_field("no_kk").sidik_dari(no_kk)
        return self.filter(no_kk_sidik=sidik) if sidik else self.none()


class Klien(models.Model):
    """A person in need of social-welfare services (PPKS) known to one instansi."""

    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="klien"
    )
    jenis = models.CharField(
        _("jenis klien"), max_length=8, choices=JenisKlien.choices, default=JenisKlien.ORANG
    )
    nama = models.CharField(_("nama lengkap"), max_length=150)
    nik = NomorIdentitasField(_("NIK"), jenis="nik", validators=[validate_nik])
    nik_sidik = SidikField(sumber="nik")
    no_kk = NomorIdentitasField(_("nomor KK"), jenis="kk", validators=[validate_no_kk])
    no_kk_sidik = SidikField(sumber="no_kk")
    alasan_tanpa_identitas = models.TextField(
        _("alasan tidak ada dokumen identitas"),
        blank=True,
        help_text=_("Wajib diisi bila klien tidak memiliki NIK (misalnya ditemukan terlantar)."),
    )
    tempat_lahir = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    tanggal_lahir = models.DateField(_("tanggal lahir"), null=True, blank=True)
    tanggal_lahir_perkiraan = models.BooleanField(
        _("tanggal lahir perkiraan"),
        default=False,
        help_text=_("Dicentang bila tanggal lahir hanya perkiraan petugas."),
    )
    jenis_kelamin = models.CharField(
        _("jenis kelamin"), max_length=1, choices=JenisKelamin.choices, blank=True
    )
    alamat = models.TextField(_("alamat / tempat ditemukan"), blank=True)
    kelurahan = models.CharField(_("kelurahan/desa"), max_length=100, blank=True)
    kecamatan = models.CharField(_("kecamatan"), max_length=100, blank=True)
    kabupaten_kota = models.CharField(_("kabupaten/kota asal"), max_length=100, blank=True)
    # an organisation (jenis lembaga) instead of a person
    bentuk_hukum = models.CharField(
        _("bentuk hukum"), max_length=24, choices=BentukHukum.choices, blank=True
    )
    nomor_legalitas = models.CharField(
        _("nomor akta / surat pendirian"),
        max_length=150,
        blank=True,
        help_text=_("Akta notaris dan pengesahan Kemenkumham, atau surat pendirian."),
    )
    npwp = models.CharField(_("NPWP lembaga"), max_length=25, blank=True)
    dibuat_pada = models.DateTimeField(_("dibuat pada"), default=timezone.now)
    diperbarui = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = KlienQuerySet.as_manager()

    class Meta:
        verbose_name = _("klien")
        verbose_name_plural = _("klien")
        ordering = ["nama", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "nik_sidik"],
                condition=~Q(nik_sidik=""),
                name="klien_nik_unik",
                violation_error_message=_("Klien dengan NIK ini sudah terdaftar di instansi."),
            ),
        ]
        indexes = [models.Index(fields=["instansi", "nama"], name="klien_nama_idx")]

    def __str__(self) -> str:
        return self.nama

    @property
    def lembaga(self) -> bool:
        return self.jenis == JenisKlien.LEMBAGA

    def validate_constraints(self, exclude=None) -> None:
        # one NIK per office is checked whenever the NIK is (its sidik is in no form)
        super().validate_constraints(tanpa_sidik_sumber_diperiksa(self, exclude))

    def clean(self) -> None:
        if self.lembaga:
            self._clean_lembaga()
            return
        errors: dict[str, str] = {}
        for name in ("bentuk_hukum", "nomor_legalitas", "npwp"):
            if getattr(self, name):
                errors[name] = _("Hanya untuk klien berupa lembaga.")
        if not self.nik and not self.alasan_tanpa_identitas.strip():
            errors["alasan_tanpa_identitas"] = _(
                "Tuliskan alasan klien tidak memiliki NIK, atau isi NIK-nya."
            )
        if self.nik:
            try:
                data = urai_nik(self.nik)
            except ValidationError:
                pass  # reported by the field validator
            else:
                if self.tanggal_lahir and (
                    (self.tanggal_lahir.day, self.tanggal_lahir.month)
                    != (data.tanggal_lahir.day, data.tanggal_lahir.month)
                    or self.tanggal_lahir.year % 100 != data.tanggal_lahir.year % 100
                ):
                    errors["tanggal_lahir"] = _(
                        "Tanggal lahir tidak sesuai dengan NIK (%(nik)s)."
                    ) % {"nik": data.tanggal_lahir.strftime("%d-%m-%Y")}
                if self.jenis_kelamin and self.jenis_kelamin != data.jenis_kelamin:
                    errors["jenis_kelamin"] = _("Jenis kelamin tidak sesuai dengan NIK.")
        if errors:
            raise ValidationError(errors)

    def _clean_lembaga(self) -> None:
        """An organisation has a legal form, not a NIK, birth date or sex."""
        errors: dict[str, str] = {}
        pribadi = ("nik", "no_kk", "tempat_lahir", "tanggal_lahir", "jenis_kelamin")
        for name in pribadi:
            if getattr(self, name):
                errors[name] = _("Lembaga tidak memiliki %(kolom)s.") % {
                    "kolom": self._meta.get_field(name).verbose_name
                }
        if not self.bentuk_hukum:
            errors["bentuk_hukum"] = _("Pilih bentuk hukum lembaga.")
        if errors:
            raise ValidationError(errors)

    def isi_dari_nik(self) -> None:
        """Fill birth date and sex from the NIK (the officer's year wins if it
        only corrects the century)."""
        if not self.nik:
            return
        data = urai_nik(self.nik)
        if not (
            self.tanggal_lahir
            and self.tanggal_lahir.year % 100 == data.tanggal_lahir.year % 100
            and (self.tanggal_lahir.month, self.tanggal_lahir.day)
            == (data.tanggal_lahir.month, data.tanggal_lahir.day)
        ):
            self.tanggal_lahir = data.tanggal_lahir
        self.tanggal_lahir_perkiraan = False
        self.jenis_kelamin = data.jenis_kelamin

    def usia(self, pada: dt.date | None = None) -> int | None:
        if not self.tanggal_lahir:
            return None
        return usia_pada(self.tanggal_lahir, pada or timezone.localdate())

    @property
    def nik_tersamar(self) -> str:
        """The NIK for lists: only the region code and the last two digits."""
        if not self.nik:
            return ""
        return f"{self.nik[:6]}********{self.nik[-2:]}"


class Pemohon(models.Model):
    """Who brought the case to the office: an RT/RW head, a kelurahan officer,
    family, a community member or the klien themself."""

    class Jenis(models.TextChoices):
        RT_RW = "rt_rw", _("Ketua RT/RW")
        KELURAHAN = "kelurahan", _("Petugas desa/kelurahan")
        KELUARGA = "keluarga", _("Keluarga klien")
        MASYARAKAT = "masyarakat", _("Anggota masyarakat")
        KLIEN = "klien", _("Klien sendiri")
        INSTANSI = "instansi", _("Instansi pemerintah lain")
        LAINNYA = "lainnya", _("Lainnya (lembaga, pilar sosial, aparat)")

    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="pemohon"
    )
    jenis = models.CharField(_("pemohon"), max_length=12, choices=Jenis.choices)
    nama = models.CharField(_("nama pemohon"), max_length=150)
    hubungan = models.CharField(
        _("hubungan dengan klien"),
        max_length=100,
        blank=True,
        help_text=_("Misalnya: anak, tetangga."),
    )
    lembaga = models.CharField(
        _("jabatan / lembaga"), max_length=150, blank=True, help_text=_("Misalnya: Ketua RT 05.")
    )
    telepon = NomorIdentitasField(_("telepon / WhatsApp"), jenis="telepon")
    # the citizen's page (warga) finds a pemohon's cases by this keyed hash
    telepon_sidik = SidikField(sumber="telepon")
    telepon_whatsapp = models.BooleanField(_("nomor ini memakai WhatsApp"), default=True)
    alamat = models.TextField(_("alamat pemohon"), blank=True)
    dibuat_pada = models.DateTimeField(_("dibuat pada"), default=timezone.now)

    class Meta:
        verbose_name = _("pemohon")
        verbose_name_plural = _("pemohon")
        ordering = ["-dibuat_pada", "pk"]

    def __str__(self) -> str:
        return self.nama
