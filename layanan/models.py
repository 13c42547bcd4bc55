"""The offices (instansi) and their published service standards (layanan).

Each component of a Standar Pelayanan is a row, not prose: the public page,
the workflow of a case and the dashboards all read the same rows.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from layanan import links
from layanan.teks import gabung_atau
from layanan.unggahan import LogoField


class ZonaWaktu(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (Waktu Indonesia Barat)")
    WITA = "Asia/Makassar", _("WITA (Waktu Indonesia Tengah)")
    WIT = "Asia/Jayapura", _("WIT (Waktu Indonesia Timur)")


class SatuanWaktu(models.TextChoices):
    MENIT = "menit", _("menit")
    JAM = "jam", _("jam")
    HARI_KERJA = "hari_kerja", _("hari kerja")
    HARI = "hari", _("hari")
    MINGGU = "minggu", _("minggu")
    BULAN = "bulan", _("bulan")


class Peran(models.TextChoices):
    """The roles of the portal; each is a Django group of the same label."""

    PETUGAS_LOKET = "petugas_loket", _("Petugas Loket")
    PEKERJA_SOSIAL = "pekerja_sosial", _("Pekerja Sosial")
    KOORDINATOR = "koordinator", _("Koordinator")
    KEPALA_BIDANG = "kepala_bidang", _("Kepala Bidang")
    KEPALA_DINAS = "kepala_dinas", _("Kepala Dinas")
    ADMIN_INSTANSI = "admin_instansi", _("Admin Instansi")
    PANTI = "panti", _("Panti")
    OPERATOR_KELURAHAN = "operator_kelurahan", _("Operator Kelurahan/Desa")


class Tahap(models.TextChoices):
    """The stages of a case; every procedure step belongs to one of them."""

    PERMOHONAN = "permohonan", _("Permohonan dan registrasi")
    PEMERIKSAAN_BERKAS = "pemeriksaan_berkas", _("Pemeriksaan berkas dan data")
    VERIFIKASI = "verifikasi", _("Verifikasi lapangan dan asesmen")
    PENANGANAN = "penanganan", _("Rehabilitasi, bimbingan, penelusuran atau pendampingan")
    PENGAJUAN_PANTI = "pengajuan_panti", _("Pengajuan berkas ke panti/lembaga")
    PENYUSUNAN = "penyusunan", _("Penyusunan produk layanan")
    PERSETUJUAN = "persetujuan", _("Persetujuan pejabat")
    PENYERAHAN = "penyerahan", _("Penyerahan produk / pengantaran klien")
    PENGARSIPAN = "pengarsipan", _("Pengarsipan")


class JenisLangkah(models.TextChoices):
    """What a procedure step does; the kind decides which work the case page
    offers at that step and what finishing it means."""

    TERIMA = "terima", _("Penerimaan permohonan / registrasi")
    DISPOSISI = "disposisi", _("Disposisi / penugasan")
    PERIKSA_BERKAS = "periksa_berkas", _("Pemeriksaan berkas")
    PERIKSA_FAKTA = "periksa_fakta", _("Pemeriksaan data kelayakan")
    KUNJUNGAN = "kunjungan", _("Verifikasi lapangan / kunjungan")
    ASESMEN = "asesmen", _("Asesmen")
    PENANGANAN = "penanganan", _("Bimbingan, penelusuran atau pendampingan")
    AJUKAN_PANTI = "ajukan_panti", _("Pengajuan ke panti/lembaga")
    KONFIRMASI_PANTI = "konfirmasi_panti", _("Konfirmasi panti/lembaga")
    SUSUN = "susun", _("Penyusunan konsep produk")
    PARAF = "paraf", _("Paraf")
    TANDA_TANGAN = "tanda_tangan", _("Tanda tangan")
    TERBIT_LOKET = "terbit_loket", _("Penerbitan di loket")
    REGISTRASI = "registrasi", _("Pencatatan dalam register")
    SERAHKAN = "serahkan", _("Penyerahan produk / barang / klien")
    INSTANSI_LAIN = "instansi_lain", _("Tindakan instansi lain")
    ARSIP = "arsip", _("Pengarsipan")
    LAINNYA = "lainnya", _("Pekerjaan lain")


class JenisProduk(models.TextChoices):
    """The kind of a product decides which steps a case needs."""

    SURAT_PERSETUJUAN = "surat_persetujuan", _("Surat melalui persetujuan pejabat")
    SURAT_LOKET = "surat_loket", _("Surat / sertifikat diterbitkan di loket")
    REGISTRASI = "registrasi", _("Pencatatan dalam register")
    BARANG_JASA = "barang_jasa", _("Barang / jasa diserahkan dengan berita acara")
    LAPORAN = "laporan", _("Laporan")


class SyaratLangkah(models.TextChoices):
    """When a step whose standard names a condition is run (LangkahProsedur.hanya_bila):
    the portal acts on this choice, never on the condition's wording."""

    SELALU = "", _("Selalu dijalankan")
    BELUM_DTKS = "belum_dtks", _("Hanya bila pemohon belum terdaftar DTKS/DTSEN")
    PERTIMBANGAN = "pertimbangan", _("Bila petugas menilai perlu (dengan alasan tertulis)")


class CaraPeriksa(models.TextChoices):
    """How an eligibility fact is checked."""

    USIA = "usia", _("Usia dari NIK terhadap ambang, pada tanggal permohonan")
    DOMISILI = "domisili", _("Domisili dari kode wilayah NIK/KK")
    DTKS = "dtks", _("Terdaftar dalam data DTKS/DTSEN instansi")
    BUKAN_DTKS = "bukan_dtks", _("Tidak terdaftar dalam data DTKS/DTSEN instansi")
    ATESTASI = "atestasi", _("Dinyatakan petugas dengan bukti (dokumen atau catatan)")


RESERVED_INSTANSI_SLUGS = frozenset({"cari"})


def validate_instansi_slug(value: str) -> None:
    if value in RESERVED_INSTANSI_SLUGS:
        raise ValidationError(
            _("Slug “%(slug)s” dipakai oleh halaman portal; pilih slug lain."),
            params={"slug": value},
        )


class Instansi(models.Model):
    """A dinas sosial office: everything in the portal belongs to one."""

    nama = models.CharField(_("nama instansi"), max_length=200)
    singkatan = models.CharField(_("nama singkat"), max_length=60, blank=True)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, validators=[validate_instansi_slug]
    )
    pemerintah_daerah = models.CharField(
        _("pemerintah daerah"), max_length=200, help_text=_("Misalnya: Pemerintah Kota Banjarmasin")
    )
    kode_wilayah = models.CharField(
        _("kode wilayah (Kemendagri)"),
        max_length=6,
        blank=True,
        validators=[
            RegexValidator(r"^\d{4}$|^\d{6}$", _("Kode wilayah terdiri dari 4 atau 6 angka."))
        ],
    )
    alamat = models.TextField(_("alamat"))
    kode_pos = models.CharField(_("kode pos"), max_length=5, blank=True)
    telepon = models.CharField(_("telepon"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = LogoField(_("logo / lambang daerah"), upload_to="instansi/logo/", blank=True)
    zona_waktu = models.CharField(
        _("zona waktu"), max_length=20, choices=ZonaWaktu.choices, default=ZonaWaktu.WIB
    )
    hari_kerja = models.CharField(
        _("hari kerja"),
        max_length=13,
        default="0,1,2,3,4",
        validators=[
            RegexValidator(
                r"^[0-6](,[0-6]){0,6}$",
                _("Tulis nomor hari dipisah koma: 0 = Senin … 6 = Minggu."),
            )
        ],
        help_text=_("Nomor hari kerja dipisah koma: 0 = Senin … 6 = Minggu."),
    )
    jam_buka = models.TimeField(_("jam buka"), default="08:00")
    jam_tutup = models.TimeField(_("jam tutup"), default="16:00")
    format_nomor_surat = models.CharField(
        _("format nomor surat"),
        max_length=120,
        default="400.9/{urut:04d}/{kode_unit}/{tahun}",
        help_text=_(
            "Tempat isian: {urut} nomor urut tahunan, {kode_unit}, {tahun}, {bulan_romawi}."
        ),
    )
    kode_unit = models.CharField(_("kode unit surat"), max_length=40, default="Dinsos")
    kepala_nama = models.CharField(_("nama kepala dinas"), max_length=150, blank=True)
    kepala_nip = models.CharField(_("NIP kepala dinas"), max_length=25, blank=True)
    kepala_pangkat = models.CharField(
        _("pangkat/golongan kepala dinas"), max_length=100, blank=True
    )
    kontak_darurat = models.CharField(
        _("kontak darurat"),
        max_length=200,
        blank=True,
        help_text=_("Nomor yang dihubungi warga untuk keadaan darurat (selain 112)."),
    )

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["nama"]

    def __str__(self) -> str:
        return self.singkatan or self.nama

    def get_absolute_url(self) -> str:
        return reverse("layanan:instansi", kwargs={"slug": self.slug})

    def kop_kurang(self) -> list[str]:
        """What the letterhead and signature block of this office's letters
        lack (labels for the admin): an office fills these before it issues."""
        kolom = ("alamat", "kode_pos", "telepon", "email", "logo", "kepala_nama", "kepala_nip")
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in kolom
            if not str(getattr(self, name) or "").strip()
        ]

    @property
    def hari_kerja_set(self) -> frozenset[int]:
        return frozenset(int(d) for d in self.hari_kerja.split(",") if d != "")

    @property
    def zona_waktu_singkat(self) -> str:
        return {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}[
            self.zona_waktu
        ]


class Jabatan(models.Model):
    """An official the office names in its standards (Jabatan Fungsional,
    Verifikator, Kepala Seksi, Sekretaris, …). Each grants one of the portal's
    capability roles; staff hold one or more jabatan."""

    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="jabatan"
    )
    nama = models.CharField(_("nama jabatan"), max_length=150)
    peran = models.CharField(
        _("peran di portal"),
        max_length=20,
        choices=Peran.choices,
        help_text=_("Kewenangan yang diberikan jabatan ini di portal."),
    )
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        ordering = ["instansi__nama", "urutan", "nama"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "nama"], name="jabatan_nama_unik"),
        ]

    def __str__(self) -> str:
        return self.nama


class HariLibur(models.Model):
    """A day the office is closed beyond the national holidays: cuti bersama
    not yet in the holidays package, or a local closure."""

    class Jenis(models.TextChoices):
        CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
        LIBUR_DAERAH = "libur_daerah", _("Libur daerah / penutupan kantor")

    instansi = models.ForeignKey(
        Instansi,
        verbose_name=_("instansi"),
        on_delete=models.CASCADE,
        related_name="hari_libur",
        null=True,
        blank=True,
        help_text=_("Kosongkan bila berlaku untuk semua instansi (misalnya cuti bersama)."),
    )
    tanggal = models.DateField(_("tanggal"))
    jenis = models.CharField(_("jenis"), max_length=20, choices=Jenis.choices)
    keterangan = models.CharField(_("keterangan"), max_length=200)

    class Meta:
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")
        ordering = ["tanggal"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "tanggal"], name="hari_libur_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.tanggal:%Y-%m-%d} {self.keterangan}"


class KategoriPPKS(models.Model):
    """Category of a person in need of social-welfare services (PPKS)."""

    kode = models.SlugField(_("kode"), max_length=60, unique=True)
    nama = models.CharField(_("nama"), max_length=150)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("kategori PPKS")
        verbose_name_plural = _("kategori PPKS")
        ordering = ["urutan", "nama"]

    def __str__(self) -> str:
        return self.nama


class JenisSubjek(models.TextChoices):
    """Who a case is about."""

    PERORANGAN = "perorangan", _("Perorangan")
    KELUARGA = "keluarga", _("Keluarga / beberapa orang")
    ORGANISASI = "organisasi", _("Organisasi / lembaga")


class StatusVersi(models.TextChoices):
    DRAF = "draf", _("Draf")
    BERLAKU = "berlaku", _("Berlaku")
    ARSIP = "arsip", _("Tidak berlaku lagi")


class Layanan(models.Model):
    """One version of a Standar Pelayanan of an instansi.

    The versions of one standard share instansi and slug and are numbered by
    `versi`. A new version is edited as a draft (status draf, not published),
    copied from the version in force, and published with its SK
    (layanan.services): the version it replaces becomes arsip. `aktif` is True
    only for the version in force, so every query of published standards
    (`aktif=True`) sees exactly one version per standard; a case keeps
    pointing at the version it was registered under (rujukan.Rujukan.layanan).
    """

    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="layanan"
    )
    nama = models.CharField(_("nama layanan"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120)
    nomor_sk = models.CharField(_("nomor SK"), max_length=120, blank=True)
    pengertian = models.TextField(_("pengertian"), blank=True)
    keterangan = models.TextField(
        _("keterangan"), blank=True, help_text=_("Catatan lain yang diterbitkan dalam standar.")
    )
    waktu_nilai = models.DecimalField(
        _("waktu penyelesaian"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    waktu_satuan = models.CharField(
        _("satuan waktu penyelesaian"), max_length=12, choices=SatuanWaktu.choices, blank=True
    )
    waktu_catatan = models.CharField(
        _("catatan waktu penyelesaian"),
        max_length=300,
        blank=True,
        help_text=_("Misalnya: selama pejabat yang berwenang berada di tempat."),
    )
    biaya = models.CharField(
        _("biaya / tarif"), max_length=200, blank=True, default="Tidak dipungut biaya"
    )
    biaya_rupiah = models.PositiveIntegerField(_("biaya dalam rupiah"), default=0)
    penanganan_pengaduan = models.TextField(
        _("penyelesaian pengaduan"),
        blank=True,
        help_text=_("Bagaimana pengaduan diselesaikan, sebagaimana tertulis dalam standar."),
    )
    respons_pengaduan_nilai = models.PositiveSmallIntegerField(
        _("batas waktu respons pengaduan"), default=3
    )
    respons_pengaduan_satuan = models.CharField(
        _("satuan waktu respons pengaduan"),
        max_length=12,
        choices=SatuanWaktu.choices,
        default=SatuanWaktu.HARI_KERJA,
    )
    respons_pengaduan_dari_standar = models.BooleanField(
        _("waktu respons tertulis dalam standar"),
        default=False,
        help_text=_("Kosong bila standar tidak menyebutkannya dan nilai bawaan yang dipakai."),
    )
    tim_pelaksana = models.TextField(_("tim pelaksana"), blank=True)
    penandatangan_peran = models.CharField(
        _("peran penanda tangan produk"),
        max_length=20,
        choices=Peran.choices,
        default=Peran.KEPALA_DINAS,
        help_text=_("Pejabat yang tanda tangannya tercantum pada surat yang diterbitkan."),
    )
    perlu_konfirmasi_panti = models.BooleanField(
        _("perlu konfirmasi penerimaan dari panti"),
        default=False,
        help_text=_("Produk baru dibuat setelah panti/lembaga tujuan menyatakan menerima klien."),
    )
    jenis_subjek = models.CharField(
        _("subjek layanan"),
        max_length=12,
        choices=JenisSubjek.choices,
        default=JenisSubjek.PERORANGAN,
        help_text=_("Tentang siapa kasus layanan ini: satu orang, keluarga, atau lembaga."),
    )
    dasar_hukum = models.TextField(_("dasar hukum"), blank=True)
    sarana_prasarana = models.TextField(_("sarana, prasarana dan/atau fasilitas"), blank=True)
    kompetensi_pelaksana = models.TextField(_("kompetensi pelaksana"), blank=True)
    pengawasan_internal = models.TextField(_("pengawasan internal"), blank=True)
    jumlah_pelaksana = models.TextField(_("jumlah pelaksana"), blank=True)
    jaminan_pelayanan = models.TextField(_("jaminan pelayanan"), blank=True)
    jaminan_keamanan = models.TextField(_("jaminan keamanan dan keselamatan pelayanan"), blank=True)
    evaluasi_kinerja = models.TextField(_("evaluasi kinerja pelaksana"), blank=True)
    versi = models.PositiveSmallIntegerField(_("versi"), default=1)
    status_versi = models.CharField(
        _("status versi"), max_length=10, choices=StatusVersi.choices, default=StatusVersi.BERLAKU
    )
    tanggal_sk = models.DateField(_("tanggal SK"), null=True, blank=True)
    berlaku_mulai = models.DateField(_("berlaku mulai"), null=True, blank=True)
    versi_asal = models.ForeignKey(
        "self",
        verbose_name=_("disalin dari"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="salinan",
    )
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)
    aktif = models.BooleanField(_("diterbitkan"), default=True)
    diperbarui = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("layanan")
        verbose_name_plural = _("layanan")
        ordering = ["instansi__nama", "urutan", "nama"]
        constraints = [
            # A standard (instansi + slug) is a series of versions: drafts, the
            # version in force and the versions it replaced.
            models.UniqueConstraint(
                fields=["instansi", "slug", "versi"], name="layanan_versi_unik"
            ),
            # `aktif` keeps meaning "published": only the version in force, one per standard.
            models.UniqueConstraint(
                fields=["instansi", "slug"],
                condition=models.Q(aktif=True),
                name="layanan_berlaku_unik",
            ),
            models.UniqueConstraint(
                fields=["instansi", "slug"],
                condition=models.Q(status_versi="draf"),
                name="layanan_satu_draf",
            ),
            models.CheckConstraint(
                condition=models.Q(aktif=False) | models.Q(status_versi="berlaku"),
                name="layanan_terbit_hanya_berlaku",
            ),
        ]

    def __str__(self) -> str:
        return self.nama

    def get_absolute_url(self) -> str:
        """The public page of this version: the standard's own page for the
        version in force (and a draft, which that page does not show), the
        page of an earlier version for an archived one."""
        if self.status_versi == StatusVersi.ARSIP:
            return reverse(
                "layanan:versi",
                kwargs={"instansi": self.instansi.slug, "slug": self.slug, "versi": self.versi},
            )
        return reverse("layanan:detail", kwargs={"instansi": self.instansi.slug, "slug": self.slug})

    @property
    def is_draf(self) -> bool:
        return self.status_versi == StatusVersi.DRAF

    @property
    def is_berlaku(self) -> bool:
        return self.status_versi == StatusVersi.BERLAKU

    @property
    def is_arsip(self) -> bool:
        return self.status_versi == StatusVersi.ARSIP

    def versi_lain(self) -> "models.QuerySet[Layanan]":
        """Every version of the same standard (this one included), newest first."""
        return Layanan.objects.filter(instansi_id=self.instansi_id, slug=self.slug).order_by(
            "-versi"
        )

    def dipakai_kasus(self) -> bool:
        """Whether a case was registered under this version: its steps and
        requirements are then the record of that case and stay as they are.
        (`rujukan` is the reverse name of rujukan.Rujukan.layanan.)"""
        return self.pk is not None and self.rujukan.exists()

    # The components of a standard on the management of the service
    # (Permenpan RB 15/2014, "komponen proses pengelolaan pelayanan di internal
    # organisasi"), in the regulation's order; the delivery components
    # (persyaratan … penanganan pengaduan) are rows and fields of their own.
    KOMPONEN_PENGELOLAAN = (
        "dasar_hukum",
        "sarana_prasarana",
        "kompetensi_pelaksana",
        "pengawasan_internal",
        "jumlah_pelaksana",
        "jaminan_pelayanan",
        "jaminan_keamanan",
        "evaluasi_kinerja",
    )

    @property
    def komponen_pengelolaan(self) -> list[tuple[str, str]]:
        """The management components the office filled in, as (heading, text)
        in the regulation's order; empty ones are left out."""
        out = []
        for name in self.KOMPONEN_PENGELOLAAN:
            teks = (getattr(self, name) or "").strip()
            if teks:
                out.append((capfirst(self._meta.get_field(name).verbose_name), teks))
        return out


class SubLayanan(models.Model):
    """A sub-service with its own requirements (Depok: kesehatan, pendidikan, BPNT)."""

    layanan = models.ForeignKey(
        Layanan, verbose_name=_("layanan"), on_delete=models.CASCADE, related_name="sub_layanan"
    )
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)
    nama = models.CharField(_("nama"), max_length=200)

    class Meta:
        verbose_name = _("sub-layanan")
        verbose_name_plural = _("sub-layanan")
        ordering = ["urutan", "pk"]

    def __str__(self) -> str:
        return self.nama


class Persyaratan(models.Model):
    class Jenis(models.TextChoices):
        DOKUMEN = "dokumen", _("Dokumen yang diunggah")
        FAKTA = "fakta", _("Fakta yang diperiksa")
        FORMULIR = "formulir", _("Formulir yang dibuat dalam proses")

    class Fakta(models.TextChoices):
        """Eligibility facts the workflow can check by itself."""

        USIA_MINIMAL = "usia_minimal", _("Usia minimal (tahun)")
        MISKIN_TERLANTAR = "miskin_terlantar", _("Miskin / terlantar")
        TERDAFTAR_DTKS = "terdaftar_dtks", _("Terdaftar dalam DTKS")
        PPKS = "ppks", _("Termasuk PPKS")
        ADUAN = "aduan", _("Ada aduan / laporan")

    layanan = models.ForeignKey(
        Layanan, verbose_name=_("layanan"), on_delete=models.CASCADE, related_name="persyaratan"
    )
    sub_layanan = models.ForeignKey(
        SubLayanan,
        verbose_name=_("sub-layanan"),
        on_delete=models.CASCADE,
        related_name="persyaratan",
        null=True,
        blank=True,
    )
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)
    teks = models.TextField(_("persyaratan"))
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices)
    wajib = models.BooleanField(_("wajib"), default=True)
    kondisi = models.CharField(
        _("berlaku bila"),
        max_length=200,
        blank=True,
        help_text=_("Untuk persyaratan bersyarat, misalnya: untuk ibu yang melahirkan."),
    )
    surat_kelurahan = models.BooleanField(
        _("surat dari desa/kelurahan"),
        default=False,
        help_text=_(
            "Centang bila dokumen ini surat dari desa/kelurahan: pada permohonan daring "
            "operator kelurahan boleh mengunggahnya atau menandatanganinya di portal."
        ),
    )
    fakta = models.CharField(_("fakta kelayakan"), max_length=20, choices=Fakta.choices, blank=True)
    nilai_ambang = models.PositiveSmallIntegerField(
        _("nilai ambang"), null=True, blank=True, help_text=_("Misalnya 60 untuk usia minimal.")
    )
    nilai_maksimal = models.PositiveSmallIntegerField(
        _("nilai paling tinggi"),
        null=True,
        blank=True,
        help_text=_("Untuk rentang, misalnya usia 30 sampai 55 tahun."),
    )
    cara_periksa = models.CharField(
        _("cara pemeriksaan"), max_length=12, choices=CaraPeriksa.choices, blank=True
    )
    langkah_periksa = models.ForeignKey(
        "LangkahProsedur",
        verbose_name=_("diperiksa pada langkah"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fakta_diperiksa",
        help_text=_("Kosongkan untuk pemeriksaan berkas."),
    )

    class Meta:
        verbose_name = _("persyaratan")
        verbose_name_plural = _("persyaratan")
        ordering = ["sub_layanan__urutan", "urutan", "pk"]

    def __str__(self) -> str:
        return self.teks


class LangkahProsedur(models.Model):
    """One step of the published procedure, tied to the stage of a case it belongs to."""

    class JenisPersetujuan(models.TextChoices):
        PARAF = "paraf", _("Paraf")
        TANDA_TANGAN = "tanda_tangan", _("Tanda tangan")

    layanan = models.ForeignKey(
        Layanan, verbose_name=_("layanan"), on_delete=models.CASCADE, related_name="langkah"
    )
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)
    teks = models.TextField(_("langkah"))
    pelaksana = models.CharField(_("pelaksana"), max_length=200, blank=True)
    peran = models.CharField(
        _("peran pelaksana di portal"), max_length=20, choices=Peran.choices, blank=True
    )
    durasi_nilai = models.DecimalField(
        _("waktu baku"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    durasi_satuan = models.CharField(
        _("satuan waktu baku"), max_length=12, choices=SatuanWaktu.choices, blank=True
    )
    durasi_catatan = models.CharField(_("catatan waktu"), max_length=200, blank=True)
    persyaratan_teks = models.CharField(_("syarat/kelengkapan"), max_length=300, blank=True)
    output = models.CharField(_("output"), max_length=300, blank=True)
    tahap = models.CharField(_("tahap"), max_length=20, choices=Tahap.choices)
    jenis_persetujuan = models.CharField(
        _("jenis persetujuan"),
        max_length=12,
        choices=JenisPersetujuan.choices,
        blank=True,
        help_text=_("Diisi untuk langkah persetujuan: paraf atau tanda tangan."),
    )
    kondisi = models.CharField(
        _("berlaku bila"),
        max_length=200,
        blank=True,
        help_text=_("Untuk langkah yang hanya dilalui pada jalur tertentu."),
    )
    hanya_bila = models.CharField(
        _("dijalankan"),
        max_length=16,
        choices=SyaratLangkah.choices,
        blank=True,
        default=SyaratLangkah.SELALU,
        help_text=_(
            "Bagaimana portal memutuskan langkah verifikasi boleh dilewati. Teks 'berlaku bila' "
            "hanya keterangan; yang dibaca portal adalah pilihan ini."
        ),
    )
    reunifikasi = models.BooleanField(
        _("langkah reunifikasi keluarga"),
        default=False,
        help_text=_("Kasus dapat berakhir pada langkah ini dengan klien kembali ke keluarganya."),
    )
    jenis = models.CharField(
        _("jenis langkah"), max_length=20, choices=JenisLangkah.choices, blank=True
    )
    jabatan = models.ManyToManyField(
        Jabatan,
        verbose_name=_("jabatan pelaksana"),
        blank=True,
        related_name="langkah",
        help_text=_("Lebih dari satu untuk pilihan, misalnya Kepala Dinas atau Kepala Bidang."),
    )
    boleh_diwakilkan = models.BooleanField(
        _("boleh diwakilkan"),
        default=False,
        help_text=_("“… atau pejabat yang mewakili”: pemegang peran yang sama boleh bertindak."),
    )
    kembali_ke = models.ForeignKey(
        "self",
        verbose_name=_("bila dikembalikan, kembali ke langkah"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    bersamaan = models.BooleanField(
        _("berjalan bersamaan dengan langkah sebelumnya"), default=False
    )
    mulai_waktu = models.BooleanField(
        _("waktu penyelesaian dihitung sejak langkah ini"),
        default=False,
        help_text=_("Misalnya “sejak berkas lengkap diterima”."),
    )
    jeda_waktu = models.BooleanField(
        _("waktu berhenti selama langkah ini"),
        default=False,
        help_text=_("Misalnya menunggu dokumen dari instansi lain."),
    )
    instansi_luar = models.CharField(_("instansi lain yang bertindak"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("langkah prosedur")
        verbose_name_plural = _("langkah prosedur")
        ordering = ["urutan", "pk"]

    def __str__(self) -> str:
        return f"{self.urutan}. {self.teks[:80]}"

    @property
    def pelaksana_tampil(self) -> str:
        """Who does the step, in the office's words: its jabatan, alternatives
        joined with "atau" ("Kepala Dinas atau Kepala Bidang"), a delegate as
        "… atau pejabat yang mewakili"; else the published pelaksana text.
        Prefetch `jabatan` when listing steps."""
        names = [j.nama for j in self.jabatan.all()]
        if not names:
            return self.pelaksana
        if self.boleh_diwakilkan:
            names.append(gettext_now("pejabat yang mewakili"))
        return gabung_atau(names)


class FaseWaktu(models.Model):
    """A phase of the completion time (Banjarmasin: 3 working days for the
    proposal, then 1 working day after the panti confirms)."""

    layanan = models.ForeignKey(
        Layanan, verbose_name=_("layanan"), on_delete=models.CASCADE, related_name="fase_waktu"
    )
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)
    nama = models.CharField(_("fase"), max_length=200)
    nilai = models.DecimalField(_("waktu"), max_digits=7, decimal_places=2, null=True, blank=True)
    nilai_sampai = models.DecimalField(
        _("waktu paling lama"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    satuan = models.CharField(_("satuan"), max_length=12, choices=SatuanWaktu.choices, blank=True)
    catatan = models.CharField(_("catatan"), max_length=300, blank=True)
    tahap = models.CharField(
        _("tahap yang diukur"), max_length=20, choices=Tahap.choices, blank=True
    )

    class Meta:
        verbose_name = _("fase waktu penyelesaian")
        verbose_name_plural = _("fase waktu penyelesaian")
        ordering = ["urutan", "pk"]

    def __str__(self) -> str:
        return self.nama


class Produk(models.Model):
    class JenisDokumen(models.TextChoices):
        SURAT_REKOMENDASI = "surat_rekomendasi", _("Surat Rekomendasi")
        SURAT_RUJUKAN = "surat_rujukan", _("Surat Rujukan Klien")
        LAPORAN_SOSIAL = "laporan_sosial", _("Laporan Sosial")
        PENGAJUAN_PANTI = "pengajuan_panti", _("Pengajuan Berkas Usulan ke Panti")
        LAPORAN_KEGIATAN = "laporan_kegiatan", _("Laporan Kegiatan")

    layanan = models.ForeignKey(
        Layanan, verbose_name=_("layanan"), on_delete=models.CASCADE, related_name="produk"
    )
    sub_layanan = models.ForeignKey(
        SubLayanan,
        verbose_name=_("sub-layanan"),
        on_delete=models.CASCADE,
        related_name="produk",
        null=True,
        blank=True,
        help_text=_("Isi bila produk ini hanya untuk satu sub-layanan; kosong: untuk semua."),
    )
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)
    nama = models.CharField(_("produk"), max_length=200)
    jenis_dokumen = models.CharField(
        _("jenis dokumen"),
        max_length=20,
        choices=JenisDokumen.choices,
        blank=True,
        help_text=_(
            "Untuk surat yang dibuat portal; kosongkan untuk barang/jasa, registrasi "
            "atau surat keterangan."
        ),
    )
    jenis = models.CharField(
        _("jenis produk"),
        max_length=20,
        choices=JenisProduk.choices,
        default=JenisProduk.SURAT_PERSETUJUAN,
    )

    class Meta:
        verbose_name = _("produk layanan")
        verbose_name_plural = _("produk layanan")
        ordering = ["urutan", "pk"]

    def __str__(self) -> str:
        return self.nama


class SaluranPengaduan(models.Model):
    class Jenis(models.TextChoices):
        LANGSUNG = "langsung", _("Langsung / loket")
        KOTAK_SARAN = "kotak_saran", _("Kotak saran")
        EMAIL = "email", _("Email")
        WEBSITE = "website", _("Website")
        WHATSAPP = "whatsapp", _("WhatsApp")
        TELEPON = "telepon", _("Telepon")
        SP4N_LAPOR = "sp4n_lapor", _("SP4N-LAPOR!")
        MEDIA_SOSIAL = "media_sosial", _("Media sosial")
        DARURAT_112 = "darurat_112", _("Layanan darurat 112")
        SIGAP = "sigap", _("SIGAP")
        SLRT = "slrt", _("SLRT")
        FAKS = "faks", _("Faksimile")
        SURAT = "surat", _("Surat tertulis")
        FACEBOOK = "facebook", _("Facebook")
        INSTAGRAM = "instagram", _("Instagram")
        TWITTER = "twitter", _("X / Twitter")

    layanan = models.ForeignKey(
        Layanan, verbose_name=_("layanan"), on_delete=models.CASCADE, related_name="saluran"
    )
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)
    jenis = models.CharField(_("jenis"), max_length=15, choices=Jenis.choices)
    label = models.CharField(_("label"), max_length=150, blank=True)
    alamat = models.CharField(
        _("alamat / nomor"), max_length=200, blank=True, help_text=_("Email, nomor, URL atau akun.")
    )

    class Meta:
        verbose_name = _("saluran pengaduan")
        verbose_name_plural = _("saluran pengaduan")
        ordering = ["urutan", "pk"]

    def __str__(self) -> str:
        return self.label or self.get_jenis_display()

    @property
    def tautan_daftar(self) -> list[links.Tautan]:
        """Every number or address of the channel as (label, href) pairs, one
        link per number ("0511-3252123 / 0812 5555 1234" → two tel: links);
        href is '' where the channel has no link (faks, kotak saran, loket).
        A national channel without an address links its well-known address,
        labelled with the channel's own label when it says more."""
        daftar = links.tautan_daftar(self.jenis, self.alamat, label=self.label)
        if not self.alamat.strip() and daftar and self.label_tambahan:
            return [links.Tautan(self.label_tambahan, daftar[0].href)]
        return daftar

    @property
    def tautan(self) -> str:
        """The channel's first working link (mailto, tel, wa.me, web), or ''."""
        return next((t.href for t in self.tautan_daftar if t.href), "")

    @property
    def ikon(self) -> str:
        return links.ikon_saluran(self.jenis, self.label)

    @property
    def label_tambahan(self) -> str:
        """The label when it says more than the kind and the address, else ''."""
        return links.label_tambahan(
            label=self.label, jenis_label=str(self.get_jenis_display()), alamat=self.alamat
        )


class TahapPengaduan(models.Model):
    """A published stage of complaint handling (cek administrasi, koordinasi…)."""

    layanan = models.ForeignKey(
        Layanan,
        verbose_name=_("layanan"),
        on_delete=models.CASCADE,
        related_name="tahap_pengaduan",
    )
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)
    teks = models.CharField(_("tahap"), max_length=300)

    class Meta:
        verbose_name = _("tahap penanganan pengaduan")
        verbose_name_plural = _("tahap penanganan pengaduan")
        ordering = ["urutan", "pk"]

    def __str__(self) -> str:
        return self.teks


class UnsurTerlibat(models.Model):
    layanan = models.ForeignKey(
        Layanan,
        verbose_name=_("layanan"),
        on_delete=models.CASCADE,
        related_name="unsur_terlibat",
    )
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)
    nama = models.CharField(_("unsur"), max_length=200)

    class Meta:
        verbose_name = _("unsur yang terlibat")
        verbose_name_plural = _("unsur yang terlibat")
        ordering = ["urutan", "pk"]

    def __str__(self) -> str:
        return self.nama


class RiwayatStandar(models.Model):
    """One entry of a standard's version history: who did what to which version."""

    class Kode(models.TextChoices):
        """The dotted action codes, with the sentence each is shown as."""

        DRAF_DIBUAT = "standar.draf_dibuat", _("Draf versi baru dibuat dari versi yang berlaku")
        DITERBITKAN = "standar.diterbitkan", _("Diterbitkan dan mulai berlaku")
        DIARSIPKAN = "standar.diarsipkan", _("Tidak berlaku lagi, diganti versi baru")
        DISALIN = "standar.disalin", _("Draf disalin dari standar instansi lain")
        DIIMPOR = "standar.diimpor", _("Draf diimpor dari berkas JSON")

    layanan = models.ForeignKey(
        Layanan, verbose_name=_("layanan"), on_delete=models.CASCADE, related_name="riwayat"
    )
    kode = models.CharField(_("tindakan"), max_length=40, choices=Kode.choices)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    pada = models.DateTimeField(_("pada"), auto_now_add=True)
    catatan = models.CharField(_("catatan"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("riwayat standar")
        verbose_name_plural = _("riwayat standar")
        ordering = ["-pada", "-pk"]

    def __str__(self) -> str:
        return f"{self.layanan_id} {self.kode}"


class Panti(models.Model):
    """A receiving institution: panti, balai, UPT, Sentra or LKS."""

    class Jenis(models.TextChoices):
        PANTI = "panti", _("Panti sosial")
        BALAI = "balai", _("Balai rehabilitasi")
        UPT = "upt", _("UPT provinsi")
        SENTRA = "sentra", _("Sentra Kementerian Sosial")
        LKS = "lks", _("Lembaga Kesejahteraan Sosial")
        RUMAH_SINGGAH = "rumah_singgah", _("Rumah singgah")

    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="panti"
    )
    nama = models.CharField(_("nama"), max_length=250)
    jenis = models.CharField(_("jenis"), max_length=15, choices=Jenis.choices)
    alamat = models.TextField(_("alamat"), blank=True)
    kabupaten_kota = models.CharField(
        _("kabupaten/kota"),
        max_length=100,
        blank=True,
        help_text=_(
            "Letak panti, misalnya: Kota Banjarbaru. Surat ke panti di luar kota instansi "
            "dialamatkan ke kota ini, bukan 'di Tempat'."
        ),
    )
    telepon = models.CharField(_("telepon"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    narahubung = models.CharField(_("narahubung"), max_length=150, blank=True)
    menerima = models.TextField(
        _("klien yang diterima"), blank=True, help_text=_("Kriteria klien yang diterima.")
    )
    kategori = models.ManyToManyField(
        KategoriPPKS, verbose_name=_("kategori PPKS yang diterima"), blank=True
    )
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("panti / lembaga")
        verbose_name_plural = _("panti / lembaga")
        ordering = ["nama"]

    def __str__(self) -> str:
        return self.nama


class Pegawai(models.Model):
    """The staff profile: ties a user to one instansi with jabatan, NIP and pangkat."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        on_delete=models.CASCADE,
        related_name="pegawai",
    )
    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="pegawai"
    )
    nama = models.CharField(_("nama lengkap dengan gelar"), max_length=150)
    jabatan = models.CharField(_("jabatan"), max_length=200)
    nip = models.CharField(
        _("NIP"),
        max_length=18,
        blank=True,
        validators=[RegexValidator(r"^\d{18}$", _("NIP terdiri dari 18 angka."))],
    )
    pangkat = models.CharField(_("pangkat/golongan"), max_length=100, blank=True)
    jabatan_portal = models.ManyToManyField(
        Jabatan,
        verbose_name=_("jabatan dalam standar"),
        blank=True,
        related_name="pemegang",
        help_text=_("Jabatan yang disebut langkah-langkah standar dan dipegang pegawai ini."),
    )
    panti = models.ForeignKey(
        Panti,
        verbose_name=_("panti"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Hanya untuk akun petugas panti/lembaga."),
    )
    kelurahan = models.ForeignKey(
        "Kelurahan",
        verbose_name=_("kelurahan/desa"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operator",
        help_text=_("Hanya untuk akun operator kelurahan/desa: kelurahan yang diwakilinya."),
    )

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["nama"]

    def __str__(self) -> str:
        return self.nama

    def clean(self):
        super().clean()
        kelurahan = self.kelurahan if self.kelurahan_id else None
        if kelurahan is not None and self.instansi_id and kelurahan.instansi_id != self.instansi_id:
            raise ValidationError(
                {"kelurahan": _("Kelurahan/desa ini tidak berada di wilayah instansi pegawai.")}
            )

    @property
    def nip_tampil(self) -> str:
        """NIP in its printed form: 19700503 199803 1 009."""
        n = self.nip
        if len(n) != 18:
            return n
        return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}"


class Kelurahan(models.Model):
    """A kelurahan/desa in an instansi's area whose operators submit requests
    online on its behalf (layanan.Pegawai.kelurahan)."""

    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="kelurahan"
    )
    nama = models.CharField(_("nama kelurahan/desa"), max_length=100)
    kecamatan = models.CharField(_("kecamatan"), max_length=100)
    kode_wilayah = models.CharField(
        _("kode wilayah"),
        max_length=13,
        blank=True,
        validators=[
            RegexValidator(r"^\d{2}(\.?\d{2}){2}(\.?\d{4})?$", _("Kode wilayah tidak sah."))
        ],
        help_text=_("Kode Kemendagri, misalnya 73.02.01.1001 (boleh kosong)."),
    )
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("kelurahan/desa")
        verbose_name_plural = _("kelurahan/desa")
        ordering = ["kecamatan", "nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "kecamatan", "nama"], name="kelurahan_unik_per_instansi"
            ),
        ]

    def __str__(self) -> str:
        return gettext_now("%(nama)s, Kec. %(kecamatan)s") % {
            "nama": self.nama,
            "kecamatan": self.kecamatan,
        }


# -- the rate limiter's counters (layanan.pembatas), shared by every app ----------
class JejakPermintaan(models.Model):
    """One accepted request from a client, for rate limiting across app servers.

    `kunci` is an HMAC of the client address keyed with SECRET_KEY: the raw
    address is never stored.
    """

    kunci = models.CharField(_("kunci"), max_length=64)
    tindakan = models.CharField(_("tindakan"), max_length=20)
    waktu = models.DateTimeField(_("waktu"))

    class Meta:
        db_table = "pengaduan_jejakpermintaan"  # moved from pengaduan; same table
        verbose_name = _("jejak permintaan")
        verbose_name_plural = _("jejak permintaan")
        indexes = [
            models.Index(fields=["kunci", "tindakan", "waktu"], name="jejak_kunci_waktu"),
        ]

    def __str__(self) -> str:
        return f"{self.tindakan} {self.waktu:%Y-%m-%d %H:%M}"


class KunciPembatas(models.Model):
    """A row to lock while counting one client's requests (serialises app servers)."""

    kunci = models.CharField(_("kunci"), max_length=64)
    tindakan = models.CharField(_("tindakan"), max_length=20)

    class Meta:
        db_table = "pengaduan_kuncipembatas"  # moved from pengaduan; same table
        verbose_name = _("kunci pembatas")
        verbose_name_plural = _("kunci pembatas")
        constraints = [
            models.UniqueConstraint(fields=["kunci", "tindakan"], name="kunci_pembatas_unik"),
        ]

    def __str__(self) -> str:
        return self.tindakan


# The access log of clients' data, in its own module (it is no part of the standards).
from layanan.models_akses import AksesData  # noqa: E402, F401

# Acting officials (Plt/Plh), in their own module.
from layanan.models_pelaksana import PenunjukanPelaksana  # noqa: E402, F401

# The version of what the public pages show (layanan.cache_publik), in its own module.
from layanan.models_publik import VersiPublik  # noqa: E402, F401
