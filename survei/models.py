"""The Survei Kepuasan Masyarakat (Permenpan RB 14/2017): an invitation with an
unguessable token, and one anonymous response per invitation.

A response holds no name, NIK, phone or e-mail: only the nine elements (U1–U9,
1–4, or empty for "tidak menjawab"), the respondent's profile the regulation
asks for, and an optional suggestion."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from layanan.models import Instansi, Layanan
from pengaduan.models import Pengaduan
from rujukan.models import Rujukan

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _token() -> str:
    return secrets.token_urlsafe(24)


# The nine elements and the four answers of each, as in the regulation's
# sample questionnaire (Lampiran Permenpan RB 14/2017), scored 1–4.
UNSUR: tuple[tuple[str, StrOrPromise, StrOrPromise, tuple[StrOrPromise, ...]], ...] = (
    (
        "u1",
        _("Persyaratan"),
        _(
            "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan "
            "jenis pelayanannya?"
        ),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    (
        "u2",
        _("Sistem, mekanisme, dan prosedur"),
        _("Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?"),
        (_("Tidak mudah"), _("Kurang mudah"), _("Mudah"), _("Sangat mudah")),
    ),
    (
        "u3",
        _("Waktu penyelesaian"),
        _("Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?"),
        (_("Tidak cepat"), _("Kurang cepat"), _("Cepat"), _("Sangat cepat")),
    ),
    (
        "u4",
        _("Biaya/tarif"),
        _("Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?"),
        (_("Sangat mahal"), _("Cukup mahal"), _("Murah"), _("Gratis")),
    ),
    (
        "u5",
        _("Produk spesifikasi jenis pelayanan"),
        _(
            "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang "
            "tercantum dalam standar pelayanan dengan hasil yang diberikan?"
        ),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    (
        "u6",
        _("Kompetensi pelaksana"),
        _("Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?"),
        (_("Tidak kompeten"), _("Kurang kompeten"), _("Kompeten"), _("Sangat kompeten")),
    ),
    (
        "u7",
        _("Perilaku pelaksana"),
        _(
            "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait "
            "kesopanan dan keramahan?"
        ),
        (
            _("Tidak sopan dan ramah"),
            _("Kurang sopan dan ramah"),
            _("Sopan dan ramah"),
            _("Sangat sopan dan ramah"),
        ),
    ),
    (
        "u8",
        _("Penanganan pengaduan, saran dan masukan"),
        _("Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?"),
        (
            _("Tidak ada"),
            _("Ada tetapi tidak berfungsi"),
            _("Berfungsi kurang maksimal"),
            _("Dikelola dengan baik"),
        ),
    ),
    (
        "u9",
        _("Sarana dan prasarana"),
        _("Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?"),
        (_("Buruk"), _("Cukup"), _("Baik"), _("Sangat baik")),
    ),
)
KODE_UNSUR: tuple[str, ...] = tuple(u[0] for u in UNSUR)


class UndanganSurvei(models.Model):
    """One invitation to answer the survey: made when a case or a complaint
    closes (one per case / ticket) or at the counter for a walk-in citizen."""

    class Asal(models.TextChoices):
        RUJUKAN = "rujukan", _("Permohonan layanan selesai")
        PENGADUAN = "pengaduan", _("Pengaduan selesai")
        LOKET = "loket", _("Loket")

    token = models.CharField(_("token"), max_length=64, unique=True, default=_token, editable=False)
    asal = models.CharField(_("asal"), max_length=10, choices=Asal.choices)
    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="+"
    )
    layanan = models.ForeignKey(
        Layanan,
        verbose_name=_("layanan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Kosong bila pengaduan tidak menyebut layanan: responden memilihnya."),
    )
    # SET_NULL: a case or ticket removed under the retention rules leaves the
    # anonymous answer in the figures.
    rujukan = models.OneToOneField(
        Rujukan,
        verbose_name=_("permohonan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="undangan_survei",
    )
    pengaduan = models.OneToOneField(
        Pengaduan,
        verbose_name=_("pengaduan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="undangan_survei",
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh petugas"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    used_at = models.DateTimeField(_("diisi pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("undangan survei")
        verbose_name_plural = _("undangan survei")
        permissions = [
            ("lihat_laporan", _("Dapat melihat laporan Survei Kepuasan Masyarakat")),
            ("buka_di_loket", _("Dapat membuka survei untuk warga di loket")),
        ]

    def __str__(self) -> str:
        return f"{self.get_asal_display()} {self.dibuat:%Y-%m-%d}"


class ResponSurvei(models.Model):
    """One anonymous answer. Each element is 1–4, or empty when the
    respondent chose "tidak menjawab"."""

    class JenisKelamin(models.TextChoices):
        LAKI_LAKI = "L", _("Laki-laki")
        PEREMPUAN = "P", _("Perempuan")

    class Pendidikan(models.TextChoices):
        SD = "sd", _("SD ke bawah")
        SMP = "smp", _("SMP")
        SMA = "sma", _("SMA")
        DIPLOMA = "diploma", _("D1-D3-D4")
        S1 = "s1", _("S1")
        S2 = "s2", _("S2 ke atas")

    class Pekerjaan(models.TextChoices):
        PNS = "pns", _("PNS")
        TNI = "tni", _("TNI")
        POLRI = "polri", _("POLRI")
        SWASTA = "swasta", _("Swasta")
        WIRAUSAHA = "wirausaha", _("Wirausaha")
        LAINNYA = "lainnya", _("Lainnya")

    undangan = models.OneToOneField(
        UndanganSurvei, verbose_name=_("undangan"), on_delete=models.PROTECT, related_name="respons"
    )
    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="+"
    )
    layanan = models.ForeignKey(
        Layanan, verbose_name=_("layanan yang diterima"), on_delete=models.PROTECT, related_name="+"
    )
    diisi = models.DateTimeField(_("diisi pada"), db_index=True)
    jenis_kelamin = models.CharField(_("jenis kelamin"), max_length=1, choices=JenisKelamin.choices)
    umur = models.PositiveSmallIntegerField(
        _("umur (tahun)"), validators=[MinValueValidator(10), MaxValueValidator(120)]
    )
    pendidikan = models.CharField(_("pendidikan"), max_length=10, choices=Pendidikan.choices)
    pekerjaan = models.CharField(_("pekerjaan"), max_length=10, choices=Pekerjaan.choices)
    u1 = models.PositiveSmallIntegerField(_("U1"), null=True, blank=True)
    u2 = models.PositiveSmallIntegerField(_("U2"), null=True, blank=True)
    u3 = models.PositiveSmallIntegerField(_("U3"), null=True, blank=True)
    u4 = models.PositiveSmallIntegerField(_("U4"), null=True, blank=True)
    u5 = models.PositiveSmallIntegerField(_("U5"), null=True, blank=True)
    u6 = models.PositiveSmallIntegerField(_("U6"), null=True, blank=True)
    u7 = models.PositiveSmallIntegerField(_("U7"), null=True, blank=True)
    u8 = models.PositiveSmallIntegerField(_("U8"), null=True, blank=True)
    u9 = models.PositiveSmallIntegerField(_("U9"), null=True, blank=True)
    saran = models.TextField(_("saran dan masukan"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("respons survei")
        verbose_name_plural = _("respons survei")
        indexes = [models.Index(fields=["instansi", "layanan", "diisi"], name="survei_respons_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"{k}__isnull": True}) | models.Q(**{f"{k}__range": (1, 4)}),
                name=f"survei_{k}_1_sampai_4",
            )
            for k in ("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9")
        ]

    def __str__(self) -> str:
        return f"{self.layanan} {self.diisi:%Y-%m-%d}"
