"""What a case accumulates as it is worked: berkas, asesmen, kegiatan, the
panti proposal, drafts and their approvals, issued documents, the clock, and
the events that are not state changes."""

from __future__ import annotations

import secrets
import uuid
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layanan.kode_lacak import acak
from layanan.models import Instansi, LangkahProsedur, Panti, Peran, Persyaratan, Produk, Tahap
from rujukan.models.rujukan import Rujukan

User = settings.AUTH_USER_MODEL


def _path(prefix: str, instance: Any, filename: str) -> str:
    """A non-guessable storage path that never carries the uploaded name."""
    ext = PurePosixPath(filename).suffix.lower()[:8]
    instansi_id = getattr(instance, "instansi_id", None) or instance.rujukan.instansi_id
    return f"rujukan/{instansi_id}/{prefix}/{uuid.uuid4().hex}{ext}"


def path_berkas(instance: Any, filename: str) -> str:
    return _path("berkas", instance, filename)


def path_dokumen(instance: Any, filename: str) -> str:
    return _path("dokumen", instance, filename)


def path_surat_panti(instance: Any, filename: str) -> str:
    return _path("panti", instance, filename)


class DenganLokasi(models.Model):
    """Where a field record was made, when the browser was allowed to tell."""

    lintang = models.DecimalField(
        _("lintang lokasi"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    bujur = models.DecimalField(
        _("bujur lokasi"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    akurasi_meter = models.PositiveIntegerField(_("akurasi lokasi (meter)"), null=True, blank=True)

    class Meta:
        abstract = True


class BerkasItem(models.Model):
    """One requirement of the standard, as checked for one case."""

    rujukan = models.ForeignKey(
        Rujukan, verbose_name=_("rujukan"), on_delete=models.CASCADE, related_name="berkas"
    )
    persyaratan = models.ForeignKey(
        Persyaratan, verbose_name=_("persyaratan"), on_delete=models.PROTECT, related_name="+"
    )
    berlaku = models.BooleanField(
        _("berlaku untuk klien ini"),
        default=True,
        help_text=_(
            "Persyaratan bersyarat (misalnya KIA untuk ibu melahirkan) bisa tidak berlaku."
        ),
    )
    terpenuhi = models.BooleanField(_("terpenuhi"), default=False)
    catatan = models.CharField(_("catatan"), max_length=300, blank=True)
    berkas = models.FileField(_("berkas"), upload_to=path_berkas, blank=True, max_length=200)
    tipe_berkas = models.CharField(_("jenis berkas"), max_length=60, blank=True)
    ukuran_berkas = models.PositiveIntegerField(_("ukuran berkas (bita)"), null=True, blank=True)
    berkas_dihapus_pada = models.DateTimeField(
        _("berkas dihapus menurut jadwal retensi pada"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Diisi oleh perintah terapkan_retensi; baris persyaratannya tetap disimpan."),
    )
    diperiksa_oleh = models.ForeignKey(
        User,
        verbose_name=_("diperiksa oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    diperiksa_pada = models.DateTimeField(_("diperiksa pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("berkas persyaratan")
        verbose_name_plural = _("berkas persyaratan")
        ordering = ["persyaratan__sub_layanan__urutan", "persyaratan__urutan", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rujukan", "persyaratan"], name="berkas_unik"),
        ]

    def __str__(self) -> str:
        return self.persyaratan.teks[:80]

    @property
    def boleh_tidak_berlaku(self) -> bool:
        """May the officer mark this requirement "not applicable"? A conditional
        or optional one, yes; a mandatory document only as the documented
        exception of a klien found without any identity document (the reason
        is the klien's, recorded at intake)."""
        p = self.persyaratan
        if p.kondisi or not p.wajib:
            return True
        klien = self.rujukan.klien
        return (
            p.jenis == Persyaratan.Jenis.DOKUMEN
            and not klien.nik
            and bool(klien.alasan_tanpa_identitas.strip())
        )


class Asesmen(DenganLokasi):
    """The social worker's assessment: the structured lembar asesmen (identity,
    condition, family, housing, needs, risks, the standard's eligibility facts
    with evidence), its conclusion and recommendation."""

    rujukan = models.ForeignKey(
        Rujukan, verbose_name=_("rujukan"), on_delete=models.CASCADE, related_name="asesmen"
    )
    kondisi = models.TextField(_("kondisi klien (fisik, mental, sosial, ekonomi)"))
    permasalahan = models.TextField(_("permasalahan"), blank=True)
    kesimpulan_layak = models.BooleanField(_("klien layak dilayani"))
    alasan = models.TextField(_("alasan kesimpulan"), blank=True)
    rekomendasi = models.TextField(_("rekomendasi"), blank=True)
    # the structured instrument (lembar asesmen, issue #4); all optional so a
    # short assessment recorded at the front desk stays valid
    identitas_sesuai = models.BooleanField(_("identitas sesuai dokumen"), null=True, blank=True)
    identitas_catatan = models.TextField(_("catatan pemeriksaan identitas"), blank=True)
    kondisi_fisik = models.TextField(_("kondisi fisik dan kesehatan"), blank=True)
    kondisi_mental = models.TextField(_("kondisi mental dan psikologis"), blank=True)
    kondisi_ekonomi = models.TextField(_("kondisi ekonomi"), blank=True)
    situasi_keluarga = models.TextField(_("situasi keluarga dan pengasuhan"), blank=True)
    kondisi_tempat_tinggal = models.TextField(_("kondisi tempat tinggal"), blank=True)
    kebutuhan = models.TextField(_("kebutuhan klien"), blank=True)
    risiko = models.TextField(_("risiko"), blank=True)
    fakta_kelayakan = models.JSONField(
        _("fakta kelayakan dan buktinya"),
        default=list,
        blank=True,
        help_text=_("Satu baris per fakta kelayakan standar: teks, terpenuhi, bukti."),
    )
    panti_rekomendasi = models.ForeignKey(
        Panti,
        verbose_name=_("panti/lembaga yang direkomendasikan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    oleh = models.ForeignKey(
        User, verbose_name=_("asesor"), on_delete=models.PROTECT, related_name="+"
    )
    dibuat_pada = models.DateTimeField(_("dibuat pada"), default=timezone.now)

    class Meta:
        verbose_name = _("asesmen")
        verbose_name_plural = _("asesmen")
        ordering = ["-dibuat_pada", "-pk"]

    def __str__(self) -> str:
        return f"Asesmen {self.rujukan}"


class Kegiatan(DenganLokasi):
    """A dated activity on the case: home visit, guidance, tracing, accompaniment."""

    class Jenis(models.TextChoices):
        KUNJUNGAN_RUMAH = "kunjungan_rumah", _("Kunjungan rumah (home visit)")
        BIMBINGAN = "bimbingan", _("Bimbingan fisik, mental, spiritual dan sosial")
        PENELUSURAN_KELUARGA = "penelusuran_keluarga", _("Penelusuran keluarga")
        REUNIFIKASI = "reunifikasi", _("Reunifikasi keluarga")
        PENDAMPINGAN = "pendampingan", _("Pendampingan")
        PENGANTARAN = "pengantaran", _("Pengantaran klien")
        KOORDINASI = "koordinasi", _("Koordinasi dengan instansi lain")

    rujukan = models.ForeignKey(
        Rujukan, verbose_name=_("rujukan"), on_delete=models.CASCADE, related_name="kegiatan"
    )

    class Bentuk(models.TextChoices):
        """The form of a guidance or an accompaniment (SI LARAS MANIS, Banjar)."""

        BIMBINGAN_FISIK = "bimbingan_fisik", _("Bimbingan fisik")
        BIMBINGAN_MENTAL = "bimbingan_mental", _("Bimbingan mental")
        BIMBINGAN_SPIRITUAL = "bimbingan_spiritual", _("Bimbingan spiritual")
        BIMBINGAN_SOSIAL = "bimbingan_sosial", _("Bimbingan sosial")
        TRC = "trc", _("Transportasi TRC (antar-jemput)")
        RUMAH_SAKIT = "rumah_sakit", _("Pendampingan di rumah sakit")
        RUMAH_SINGGAH = "rumah_singgah", _("Rumah singgah")
        KEBERSIHAN = "kebersihan", _("Pembersihan rumah lansia yang tinggal sendiri")
        PENUNGGU_PASIEN = "penunggu_pasien", _("Penunggu pasien")

    jenis = models.CharField(_("jenis kegiatan"), max_length=25, choices=Jenis.choices)
    bentuk = models.CharField(
        _("bentuk bimbingan/pendampingan"), max_length=20, choices=Bentuk.choices, blank=True
    )
    tanggal = models.DateField(_("tanggal"))
    tempat = models.CharField(_("tempat"), max_length=200, blank=True)
    uraian = models.TextField(_("uraian kegiatan"))
    hasil = models.TextField(_("hasil"), blank=True)
    unsur_terlibat = models.CharField(_("unsur yang terlibat"), max_length=500, blank=True)
    oleh = models.ForeignKey(
        User, verbose_name=_("petugas"), on_delete=models.PROTECT, related_name="+"
    )
    dibuat_pada = models.DateTimeField(_("dicatat pada"), default=timezone.now)

    class Meta:
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")
        ordering = ["tanggal", "pk"]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.tanggal:%d-%m-%Y}"


class PengajuanPanti(models.Model):
    """A proposal of the klien to one panti, and its answer."""

    class Jawaban(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu jawaban")
        DITERIMA = "diterima", _("Diterima")
        DITOLAK = "ditolak", _("Ditolak")

    rujukan = models.ForeignKey(
        Rujukan, verbose_name=_("rujukan"), on_delete=models.CASCADE, related_name="pengajuan_panti"
    )
    panti = models.ForeignKey(
        Panti, verbose_name=_("panti/lembaga"), on_delete=models.PROTECT, related_name="pengajuan"
    )
    dokumen = models.ForeignKey(
        "rujukan.Dokumen",
        verbose_name=_("surat pengajuan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    dikirim_oleh = models.ForeignKey(
        User, verbose_name=_("dikirim oleh"), on_delete=models.PROTECT, related_name="+"
    )
    dikirim_pada = models.DateTimeField(_("dikirim pada"), default=timezone.now)
    lampiran = models.ManyToManyField(
        BerkasItem,
        verbose_name=_("lampiran surat"),
        blank=True,
        related_name="+",
        help_text=_(
            "Berkas yang disebut sebagai lampiran surat pengajuan: hanya ini yang "
            "dapat dibuka panti."
        ),
    )
    jawaban = models.CharField(
        _("jawaban"), max_length=10, choices=Jawaban.choices, default=Jawaban.MENUNGGU
    )
    tanggal_jawaban = models.DateField(_("tanggal jawaban"), null=True, blank=True)
    narahubung = models.CharField(_("narahubung panti"), max_length=150, blank=True)
    surat_jawaban = models.FileField(
        _("surat jawaban panti"), upload_to=path_surat_panti, blank=True, max_length=200
    )
    catatan = models.TextField(_("catatan"), blank=True)
    dijawab_oleh = models.ForeignKey(
        User,
        verbose_name=_("dicatat oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    dijawab_pada = models.DateTimeField(_("dicatat pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengajuan ke panti")
        verbose_name_plural = _("pengajuan ke panti")
        ordering = ["dikirim_pada", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rujukan"],
                condition=Q(jawaban="menunggu"),
                name="pengajuan_panti_satu_menunggu",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rujukan} → {self.panti}"


class UsulanPanti(models.Model):
    """The proposal to a panti as drafted by the officer, waiting for the
    signature of the official who signs the office's letters. Nothing goes to
    the panti until that official signs (then a PengajuanPanti is sent, with
    the numbered, signed letter) or returns it with a note."""

    class StatusUsulan(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu tanda tangan")
        DITANDATANGANI = "ditandatangani", _("Ditandatangani dan dikirim")
        DIKEMBALIKAN = "dikembalikan", _("Dikembalikan untuk diperbaiki")

    rujukan = models.ForeignKey(
        Rujukan, verbose_name=_("rujukan"), on_delete=models.CASCADE, related_name="usulan_panti"
    )
    panti = models.ForeignKey(
        Panti, verbose_name=_("panti/lembaga"), on_delete=models.PROTECT, related_name="+"
    )
    catatan = models.TextField(_("catatan pengusul"), blank=True)
    dibuat_oleh = models.ForeignKey(
        User, verbose_name=_("diusulkan oleh"), on_delete=models.PROTECT, related_name="+"
    )
    dibuat_pada = models.DateTimeField(_("diusulkan pada"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=16, choices=StatusUsulan.choices, default=StatusUsulan.MENUNGGU
    )
    diputus_oleh = models.ForeignKey(
        User,
        verbose_name=_("ditandatangani/dikembalikan oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    diputus_pada = models.DateTimeField(_("diputus pada"), null=True, blank=True)
    catatan_pengembalian = models.TextField(_("catatan pengembalian"), blank=True)
    pengajuan = models.OneToOneField(
        PengajuanPanti,
        verbose_name=_("pengajuan terkirim"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="usulan",
    )

    class Meta:
        verbose_name = _("usulan ke panti")
        verbose_name_plural = _("usulan ke panti")
        ordering = ["dibuat_pada", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rujukan"],
                condition=Q(status="menunggu"),
                name="usulan_panti_satu_menunggu",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rujukan} → {self.panti} ({self.get_status_display()})"


class Konsep(models.Model):
    """A draft of the case's products; each return makes a new version."""

    class StatusKonsep(models.TextChoices):
        DIAJUKAN = "diajukan", _("Diajukan untuk persetujuan")
        DIKEMBALIKAN = "dikembalikan", _("Dikembalikan untuk diperbaiki")
        DISETUJUI = "disetujui", _("Disetujui")

    rujukan = models.ForeignKey(
        Rujukan, verbose_name=_("rujukan"), on_delete=models.CASCADE, related_name="konsep"
    )
    versi = models.PositiveSmallIntegerField(_("versi"))
    kepada = models.CharField(_("kepada (Yth.)"), max_length=250)
    perihal = models.CharField(_("hal"), max_length=250)
    isi = models.TextField(
        _("isi tambahan"), blank=True, help_text=_("Paragraf tambahan dalam surat, bila perlu.")
    )
    tembusan = models.TextField(_("tembusan"), blank=True, help_text=_("Satu baris satu tujuan."))
    status = models.CharField(
        _("status"), max_length=12, choices=StatusKonsep.choices, default=StatusKonsep.DIAJUKAN
    )
    catatan_pengembalian = models.TextField(_("catatan pengembalian"), blank=True)
    dibuat_oleh = models.ForeignKey(
        User, verbose_name=_("disusun oleh"), on_delete=models.PROTECT, related_name="+"
    )
    dibuat_pada = models.DateTimeField(_("disusun pada"), default=timezone.now)

    class Meta:
        verbose_name = _("konsep produk")
        verbose_name_plural = _("konsep produk")
        ordering = ["rujukan", "versi"]
        constraints = [
            models.UniqueConstraint(fields=["rujukan", "versi"], name="konsep_versi_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.rujukan} konsep v{self.versi}"

    @property
    def tembusan_list(self) -> list[str]:
        return [line.strip() for line in self.tembusan.splitlines() if line.strip()]


class Persetujuan(models.Model):
    """One paraf or signature of one draft version by one step of the chain."""

    konsep = models.ForeignKey(
        Konsep, verbose_name=_("konsep"), on_delete=models.CASCADE, related_name="persetujuan"
    )
    urutan = models.PositiveSmallIntegerField(_("urutan dalam rantai"))
    peran = models.CharField(_("peran"), max_length=20, choices=Peran.choices)
    jenis = models.CharField(
        _("jenis persetujuan"), max_length=12, choices=LangkahProsedur.JenisPersetujuan.choices
    )
    langkah = models.ForeignKey(
        LangkahProsedur,
        verbose_name=_("langkah prosedur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    oleh = models.ForeignKey(
        User, verbose_name=_("oleh"), on_delete=models.PROTECT, related_name="+"
    )
    pada = models.DateTimeField(_("pada"), default=timezone.now)
    catatan = models.TextField(_("catatan"), blank=True)
    sebagai = models.JSONField(
        _("sebagai pelaksana"),
        default=dict,
        blank=True,
        help_text=_(
            "Bila diberikan oleh Plt./Plh.: penunjukannya, jabatan yang dilaksanakan "
            "dan pejabat yang digantikan."
        ),
    )

    class Meta:
        verbose_name = _("persetujuan")
        verbose_name_plural = _("persetujuan")
        ordering = ["konsep", "urutan"]
        constraints = [
            models.UniqueConstraint(fields=["konsep", "urutan"], name="persetujuan_sekali"),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.get_peran_display()}"


class JenisDokumen(models.TextChoices):
    TANDA_TERIMA = "tanda_terima", _("Tanda Terima Permohonan")
    SURAT_REKOMENDASI = Produk.JenisDokumen.SURAT_REKOMENDASI.value, _("Surat Rekomendasi")
    SURAT_RUJUKAN = Produk.JenisDokumen.SURAT_RUJUKAN.value, _("Surat Rujukan Klien")
    LAPORAN_SOSIAL = Produk.JenisDokumen.LAPORAN_SOSIAL.value, _("Laporan Sosial")
    PENGAJUAN_PANTI = (
        Produk.JenisDokumen.PENGAJUAN_PANTI.value,
        _("Pengajuan Berkas Usulan ke Panti"),
    )
    LAPORAN_KEGIATAN = Produk.JenisDokumen.LAPORAN_KEGIATAN.value, _("Laporan Kegiatan")
    SURAT_KETERANGAN = "surat_keterangan", _("Surat Keterangan")
    BUKTI_REGISTRASI = "bukti_registrasi", _("Bukti Registrasi")
    BERITA_ACARA = "berita_acara", _("Berita Acara Serah Terima")
    SURAT_PENOLAKAN = "surat_penolakan", _("Surat Pemberitahuan Penolakan")


def buat_token_verifikasi() -> str:
    """The secret of a document's public verification address: 256 random
    bits, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


# The short code printed under the QR code, typed by a reader who cannot scan
# it: ten characters of the portal's read-aloud alphabet (no 0/O, 1/I), ≈50 bits.
PANJANG_KODE_VERIFIKASI = 10


def buat_kode_verifikasi() -> str:
    return acak(PANJANG_KODE_VERIFIKASI)


class Dokumen(models.Model):
    """An issued document: its bytes are stored once and never re-rendered.

    After issue only its status changes: revoked (with the reason, who and
    when) or replaced by a newer Dokumen issued under a new number, which
    points back at it (`menggantikan`; the old one reaches it as `pengganti`).
    Anyone holding the letter checks it at its public verification page (an
    unguessable `token`, or the short `kode_verifikasi` printed beside the QR)."""

    class Status(models.TextChoices):
        BERLAKU = "berlaku", _("Berlaku")
        DICABUT = "dicabut", _("Dicabut")
        DIGANTI = "diganti", _("Diganti dengan dokumen baru")

    # what was issued; never changed after the row is written (see save())
    ISI_TERBIT = frozenset(
        {
            "instansi",
            "rujukan",
            "jenis",
            "judul",
            "nomor",
            "tahun",
            "nomor_urut",
            "tanggal",
            "berkas",
            "sha256",
            "ukuran",
            "konsep",
            "penandatangan",
            "penandatangan_info",
            "sertifikat",
            "token",
            "kode_verifikasi",
            "menggantikan",
            "alasan_terbit_ulang",
            "templat",
            "diterbitkan_oleh",
            "diterbitkan_pada",
        }
    )

    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="+"
    )
    rujukan = models.ForeignKey(
        Rujukan, verbose_name=_("rujukan"), on_delete=models.PROTECT, related_name="dokumen"
    )
    jenis = models.CharField(_("jenis dokumen"), max_length=20, choices=JenisDokumen.choices)
    judul = models.CharField(_("judul"), max_length=250)
    nomor = models.CharField(_("nomor surat"), max_length=120, blank=True)
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    nomor_urut = models.PositiveIntegerField(_("nomor urut surat"), null=True, blank=True)
    tanggal = models.DateField(_("tanggal surat"))
    berkas = models.FileField(_("berkas PDF"), upload_to=path_dokumen, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    ukuran = models.PositiveIntegerField(_("ukuran (bita)"))
    konsep = models.ForeignKey(
        Konsep,
        verbose_name=_("konsep"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dokumen",
    )
    penandatangan = models.ForeignKey(
        User,
        verbose_name=_("penanda tangan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    penandatangan_info = models.JSONField(_("blok tanda tangan"), default=dict, blank=True)
    diterbitkan_oleh = models.ForeignKey(
        User, verbose_name=_("diterbitkan oleh"), on_delete=models.PROTECT, related_name="+"
    )
    diterbitkan_pada = models.DateTimeField(_("diterbitkan pada"), default=timezone.now)
    sertifikat = models.JSONField(
        _("sertifikat tanda tangan elektronik"),
        default=dict,
        blank=True,
        help_text=_("Ringkasan sertifikat yang menandatangani berkas (PAdES); kosong bila tidak."),
    )
    token = models.CharField(
        _("token verifikasi"),
        max_length=64,
        unique=True,
        default=buat_token_verifikasi,
        editable=False,
    )
    kode_verifikasi = models.CharField(
        _("kode verifikasi"),
        max_length=16,
        unique=True,
        default=buat_kode_verifikasi,
        editable=False,
    )
    status = models.CharField(
        _("status dokumen"), max_length=10, choices=Status.choices, default=Status.BERLAKU
    )
    alasan_pencabutan = models.TextField(_("alasan pencabutan"), blank=True)
    dicabut_oleh = models.ForeignKey(
        User,
        verbose_name=_("dicabut oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    dicabut_pada = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    menggantikan = models.OneToOneField(
        "self",
        verbose_name=_("menggantikan dokumen"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pengganti",
    )
    alasan_terbit_ulang = models.TextField(_("alasan diterbitkan ulang"), blank=True)
    templat = models.ForeignKey(
        "rujukan.TemplatSurat",
        verbose_name=_("versi templat surat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dokumen",
        help_text=_("Versi templat instansi yang dipakai; kosong bila memakai templat bawaan."),
    )

    class Meta:
        verbose_name = _("dokumen terbit")
        verbose_name_plural = _("dokumen terbit")
        ordering = ["diterbitkan_pada", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "tahun", "nomor_urut"],
                condition=Q(nomor_urut__isnull=False),
                name="dokumen_nomor_unik",
            ),
            models.CheckConstraint(
                condition=~Q(status="dicabut")
                | Q(dicabut_pada__isnull=False, dicabut_oleh__isnull=False),
                name="dokumen_dicabut_lengkap",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.nomor}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        """An issued document is written once; afterwards only its status
        fields may be saved, named in update_fields."""
        if not self._state.adding:
            fields = kwargs.get("update_fields")
            if fields is None or self.ISI_TERBIT & set(fields):
                raise ValueError(
                    "Dokumen yang sudah terbit tidak diubah isinya: cabut atau terbitkan ulang."
                )
        super().save(*args, **kwargs)

    @property
    def kode_tampil(self) -> str:
        """'ABCDE-FGHJK', as printed under the QR code."""
        k = self.kode_verifikasi
        return f"{k[:5]}-{k[5:]}" if len(k) == PANJANG_KODE_VERIFIKASI else k

    @property
    def berlaku(self) -> bool:
        return self.status == self.Status.BERLAKU


class Penomoran(models.Model):
    """A yearly counter of one instansi (registrations, letters): the row is
    locked while a number is taken, so numbers never repeat or skip."""

    class Jenis(models.TextChoices):
        REGISTRASI = "registrasi", _("Nomor registrasi rujukan")
        SURAT = "surat", _("Nomor surat")

    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="+"
    )
    jenis = models.CharField(_("jenis"), max_length=12, choices=Jenis.choices)
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    terakhir = models.PositiveIntegerField(_("nomor terakhir"), default=0)

    class Meta:
        verbose_name = _("penomoran")
        verbose_name_plural = _("penomoran")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "jenis", "tahun"], name="penomoran_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.instansi} {self.jenis} {self.tahun}: {self.terakhir}"


class TahapWaktu(models.Model):
    """One visit of a case to a stage of the standard, with its due moment."""

    rujukan = models.ForeignKey(
        Rujukan, verbose_name=_("rujukan"), on_delete=models.CASCADE, related_name="tahap_waktu"
    )
    tahap = models.CharField(_("tahap"), max_length=20, choices=Tahap.choices)
    mulai = models.DateTimeField(_("mulai"))
    selesai = models.DateTimeField(_("selesai"), null=True, blank=True)
    tenggat = models.DateTimeField(_("tenggat"), null=True, blank=True)
    menit_baku = models.PositiveIntegerField(_("waktu baku (menit kerja)"), null=True, blank=True)
    menit_jeda = models.PositiveIntegerField(_("waktu dijeda (menit kerja)"), default=0)

    class Meta:
        verbose_name = _("waktu tahap")
        verbose_name_plural = _("waktu tahap")
        ordering = ["mulai", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rujukan"],
                condition=Q(selesai__isnull=True),
                name="tahap_waktu_satu_terbuka",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rujukan} {self.tahap}"


class JedaWaktu(models.Model):
    """A pause of the clock while the case waits on someone outside the office."""

    class Alasan(models.TextChoices):
        MENUNGGU_PEMOHON = "menunggu_pemohon", _("Menunggu kelengkapan berkas dari pemohon")
        MENUNGGU_PANTI = "menunggu_panti", _("Menunggu jawaban panti/lembaga")
        PEJABAT_TIDAK_DI_TEMPAT = (
            "pejabat_tidak_di_tempat",
            _("Pejabat yang berwenang tidak berada di tempat"),
        )
        MENUNGGU_INSTANSI_LAIN = (
            "menunggu_instansi_lain",
            _("Menunggu dokumen atau tindakan instansi lain"),
        )
        LAINNYA = "lainnya", _("Alasan lain di luar kendali kantor")

    rujukan = models.ForeignKey(
        Rujukan, verbose_name=_("rujukan"), on_delete=models.CASCADE, related_name="jeda"
    )
    alasan = models.CharField(_("alasan"), max_length=30, choices=Alasan.choices)
    keterangan = models.CharField(_("keterangan"), max_length=300, blank=True)
    mulai = models.DateTimeField(_("mulai"))
    selesai = models.DateTimeField(_("selesai"), null=True, blank=True)
    menit_kerja = models.PositiveIntegerField(_("lama (menit kerja)"), null=True, blank=True)
    dimulai_oleh = models.ForeignKey(
        User, verbose_name=_("dijeda oleh"), on_delete=models.PROTECT, related_name="+"
    )
    diakhiri_oleh = models.ForeignKey(
        User,
        verbose_name=_("dilanjutkan oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("jeda waktu")
        verbose_name_plural = _("jeda waktu")
        ordering = ["mulai", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rujukan"], condition=Q(selesai__isnull=True), name="jeda_satu_terbuka"
            ),
        ]

    def __str__(self) -> str:
        return self.get_alasan_display()


class Kejadian(models.Model):
    """An event on a case that is not a state change (upload, panti chosen,
    clock paused…), with a dotted action code shown through rujukan.riwayat."""

    rujukan = models.ForeignKey(
        Rujukan, verbose_name=_("rujukan"), on_delete=models.CASCADE, related_name="kejadian"
    )
    kode = models.CharField(_("kode tindakan"), max_length=60)
    oleh = models.ForeignKey(
        User,
        verbose_name=_("oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    pada = models.DateTimeField(_("pada"), default=timezone.now)
    catatan = models.TextField(_("catatan"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("kejadian")
        verbose_name_plural = _("kejadian")
        ordering = ["pada", "pk"]

    def __str__(self) -> str:
        return self.kode
