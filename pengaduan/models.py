"""Complaints, suggestions and appreciation (pengaduan) from every channel.

A Pengaduan runs its own small state machine: diterima → cek administrasi →
koordinasi → dijawab → selesai, with the side exits menunggu pelapor (the clock
pauses), duplikat, diteruskan and tidak dapat ditindaklanjuti. Who may take an
edge is decided by `pengaduan.permissions`; the use cases live in
`pengaduan.services`, which check `can_proceed` and `has_transition_perm`
themselves and record every change as a Kejadian (and django-fsm-log StateLog).

The reporter's identity lives apart, in Pelapor, so it is read in few, named
places and can be hidden from staff who may not see it.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description

from layanan.models import Instansi, Layanan, SaluranPengaduan, SatuanWaktu


def _boleh_tangani(instance: Pengaduan, user) -> bool:
    from pengaduan import permissions

    return permissions.can_handle(user, instance)


def _boleh_disposisi(instance: Pengaduan, user) -> bool:
    from pengaduan import permissions

    return permissions.can_dispose(user, instance)


def _dalam_jendela_balasan(instance: Pengaduan) -> bool:
    from django.utils import timezone

    return instance.batas_balasan is None or timezone.now() <= instance.batas_balasan


def _jendela_balasan_lewat(instance: Pengaduan) -> bool:
    from django.utils import timezone

    return instance.batas_balasan is not None and timezone.now() > instance.batas_balasan


def lampiran_upload_to(instance: Lampiran, filename: str) -> str:
    """A non-guessable path; the citizen's file name is kept only in the row."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"pengaduan/{uuid.uuid4().hex}/{uuid.uuid4().hex}{suffix}"


class Pengaduan(ConcurrentTransitionMixin, models.Model):
    class Jenis(models.TextChoices):
        PENGADUAN = "pengaduan", _("Pengaduan")
        SARAN = "saran", _("Saran")
        MASUKAN = "masukan", _("Masukan")
        APRESIASI = "apresiasi", _("Apresiasi")

    Saluran = SaluranPengaduan.Jenis

    class Status(models.TextChoices):
        DITERIMA = "diterima", _("Diterima")
        CEK_ADMINISTRASI = "cek_administrasi", _("Cek administrasi")
        KOORDINASI = "koordinasi", _("Koordinasi")
        MENUNGGU_PELAPOR = "menunggu_pelapor", _("Menunggu kelengkapan dari pelapor")
        DIJAWAB = "dijawab", _("Dijawab")
        SELESAI = "selesai", _("Selesai")
        DUPLIKAT = "duplikat", _("Duplikat")
        DITERUSKAN = "diteruskan", _("Diteruskan ke instansi lain")
        TIDAK_DAPAT_DITINDAKLANJUTI = "tidak_dapat", _("Tidak dapat ditindaklanjuti")

    class JenisKoordinasi(models.TextChoices):
        INTERNAL = "internal", _("Internal (disposisi ke bidang/petugas)")
        EKSTERNAL = "eksternal", _("Eksternal (dikoordinasikan dengan instansi lain)")

    # States in which the response clock runs.
    AKTIF = (Status.DITERIMA, Status.CEK_ADMINISTRASI, Status.KOORDINASI)
    # States with no way forward.
    AKHIR = (
        Status.SELESAI,
        Status.DUPLIKAT,
        Status.DITERUSKAN,
        Status.TIDAK_DAPAT_DITINDAKLANJUTI,
    )

    nomor = models.CharField(_("nomor tiket"), max_length=20, unique=True)
    kode_lacak_hash = models.CharField(_("kode pelacakan (tersandi)"), max_length=128)
    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="pengaduan"
    )
    layanan = models.ForeignKey(
        Layanan,
        verbose_name=_("layanan"),
        on_delete=models.PROTECT,
        related_name="pengaduan",
        null=True,
        blank=True,
    )
    jenis = models.CharField(_("jenis"), max_length=12, choices=Jenis.choices)
    saluran = models.CharField(_("saluran"), max_length=15, choices=Saluran.choices)
    nomor_referensi = models.CharField(
        _("nomor/ID dari saluran"),
        max_length=60,
        blank=True,
        help_text=_("Misalnya ID pelacakan SP4N-LAPOR!"),
    )
    judul = models.CharField(_("judul"), max_length=150)
    uraian = models.TextField(_("uraian"))
    harapan = models.TextField(_("yang diharapkan pelapor"), blank=True)
    waktu_kejadian = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    lokasi_kejadian = models.CharField(_("lokasi kejadian"), max_length=200, blank=True)
    anonim = models.BooleanField(
        _("anonim"),
        default=False,
        help_text=_("Identitas pelapor dirahasiakan dari unit yang diadukan dan dari publikasi."),
    )
    rahasia = models.BooleanField(
        _("rahasia"), default=False, help_text=_("Isi pengaduan tidak pernah dipublikasikan.")
    )

    status = FSMField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DITERIMA,
        protected=True,
    )

    # The clock.
    diterima_pada = models.DateTimeField(
        _("diterima pada"), help_text=_("Saat pengaduan benar-benar diterima; jam mulai berjalan.")
    )
    respons_nilai = models.DecimalField(_("waktu respons"), max_digits=6, decimal_places=2)
    respons_satuan = models.CharField(
        _("satuan waktu respons"), max_length=12, choices=SatuanWaktu.choices
    )
    batas_waktu = models.DateTimeField(_("batas waktu respons"))
    dijeda_pada = models.DateTimeField(_("dijeda sejak"), null=True, blank=True)
    menit_jeda = models.PositiveIntegerField(_("total jeda (menit kerja)"), default=0)
    dijawab_pertama_pada = models.DateTimeField(_("pertama dijawab"), null=True, blank=True)
    dijawab_pada = models.DateTimeField(_("dijawab pada"), null=True, blank=True)
    batas_balasan = models.DateTimeField(_("batas tanggapan pelapor"), null=True, blank=True)
    selesai_pada = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    dibuka_kembali_kali = models.PositiveSmallIntegerField(_("dibuka kembali"), default=0)

    # Handling.
    petugas = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("petugas penanganan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pengaduan_ditangani",
    )
    bidang = models.CharField(_("bidang/unit penanganan"), max_length=150, blank=True)
    jenis_koordinasi = models.CharField(
        _("jenis koordinasi"), max_length=10, choices=JenisKoordinasi.choices, blank=True
    )
    instansi_tujuan = models.CharField(
        _("instansi tujuan"),
        max_length=200,
        blank=True,
        help_text=_("Instansi yang diajak berkoordinasi atau yang menerima penerusan."),
    )
    duplikat_dari = models.ForeignKey(
        "self",
        verbose_name=_("duplikat dari"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplikat",
    )
    alasan = models.TextField(_("alasan status terakhir"), blank=True)

    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    dibuat = models.DateTimeField(_("dicatat pada"), auto_now_add=True)
    diperbarui = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        ordering = ["-diterima_pada", "-pk"]
        permissions = [
            ("tangani_pengaduan", _("Dapat menangani pengaduan (cek, jawab, catatan)")),
            ("disposisi_pengaduan", _("Dapat mendisposisikan, meneruskan dan menghentikan")),
            ("lihat_identitas_pelapor", _("Dapat melihat identitas pelapor anonim")),
        ]
        indexes = [
            models.Index(fields=["instansi", "status"], name="pengaduan_instansi_status"),
            models.Index(fields=["status", "batas_waktu"], name="pengaduan_status_batas"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "saluran", "nomor_referensi"],
                condition=~Q(nomor_referensi=""),
                name="pengaduan_referensi_unik",
            ),
        ]

    def __str__(self) -> str:
        return self.nomor

    # -- derived ------------------------------------------------------------
    @property
    def aktif(self) -> bool:
        return self.status in self.AKTIF

    @property
    def dijeda(self) -> bool:
        return self.status == self.Status.MENUNGGU_PELAPOR

    def lewat_waktu(self, now) -> bool:
        return self.aktif and now > self.batas_waktu

    @property
    def dijawab_tepat_waktu(self) -> bool | None:
        if self.dijawab_pertama_pada is None:
            return None
        return self.dijawab_pertama_pada <= self.batas_waktu

    # -- transitions (the services call these; never set status by hand) ----
    @fsm_log_by
    @fsm_log_description
    @transition(
        status, source=Status.DITERIMA, target=Status.CEK_ADMINISTRASI, permission=_boleh_tangani
    )
    def mulai_cek(self, by=None, description=None) -> None:
        """Administrative check: complete? within the office's authority?"""

    @fsm_log_by
    @fsm_log_description
    @transition(
        status,
        source=[Status.DITERIMA, Status.CEK_ADMINISTRASI, Status.KOORDINASI],
        target=Status.MENUNGGU_PELAPOR,
        permission=_boleh_tangani,
    )
    def minta_kelengkapan(self, by=None, description=None) -> None:
        """Ask the citizen for more; the clock pauses."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        status,
        source=Status.MENUNGGU_PELAPOR,
        target=Status.CEK_ADMINISTRASI,
        permission=_boleh_tangani,
    )
    def lanjutkan(self, by=None, description=None) -> None:
        """An officer resumes (the citizen answered by phone, at the counter…)."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        status,
        source=Status.MENUNGGU_PELAPOR,
        target=Status.CEK_ADMINISTRASI,
        custom={"pelapor": True},
    )
    def dilengkapi_pelapor(self, by=None, description=None) -> None:
        """The citizen replied through the tracking page; authorised by the tracking code."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        status,
        source=[Status.DITERIMA, Status.CEK_ADMINISTRASI, Status.KOORDINASI],
        target=Status.KOORDINASI,
        permission=_boleh_disposisi,
    )
    def koordinasikan(self, by=None, description=None) -> None:
        """Internal disposition to a bidang/officer, or coordination with another agency."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        status,
        source=[Status.DITERIMA, Status.CEK_ADMINISTRASI, Status.KOORDINASI],
        target=Status.DIJAWAB,
        permission=_boleh_tangani,
    )
    def jawab(self, by=None, description=None) -> None:
        """A public answer to the citizen; the response clock stops."""

    @fsm_log_by
    @fsm_log_description
    @transition(status, source=Status.DIJAWAB, target=Status.SELESAI, permission=_boleh_tangani)
    def tutup(self, by=None, description=None) -> None:
        """An officer closes an answered complaint."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        status,
        source=Status.DIJAWAB,
        target=Status.SELESAI,
        conditions=[_jendela_balasan_lewat],
        custom={"sistem": True},
    )
    def tutup_otomatis(self, by=None, description=None) -> None:
        """The reply window passed without the citizen reopening."""

    @fsm_log_by
    @fsm_log_description
    @transition(status, source=Status.DIJAWAB, target=Status.SELESAI, custom={"pelapor": True})
    def dikonfirmasi_pelapor(self, by=None, description=None) -> None:
        """The citizen says the matter is settled."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        status,
        source=Status.DIJAWAB,
        target=Status.CEK_ADMINISTRASI,
        conditions=[_dalam_jendela_balasan],
        custom={"pelapor": True},
    )
    def buka_kembali(self, by=None, description=None) -> None:
        """The citizen reopens with a reason, within the reply window."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        status,
        source=[Status.DITERIMA, Status.CEK_ADMINISTRASI],
        target=Status.DUPLIKAT,
        permission=_boleh_tangani,
    )
    def tandai_duplikat(self, by=None, description=None) -> None:
        """The same matter is already handled under another ticket."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        status,
        source=[Status.DITERIMA, Status.CEK_ADMINISTRASI, Status.KOORDINASI],
        target=Status.DITERUSKAN,
        permission=_boleh_disposisi,
    )
    def teruskan(self, by=None, description=None) -> None:
        """Not within the office's authority: forwarded to the responsible agency."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        status,
        source=[
            Status.DITERIMA,
            Status.CEK_ADMINISTRASI,
            Status.KOORDINASI,
            Status.MENUNGGU_PELAPOR,
        ],
        target=Status.TIDAK_DAPAT_DITINDAKLANJUTI,
        permission=_boleh_disposisi,
    )
    def hentikan(self, by=None, description=None) -> None:
        """Cannot be followed up (e.g. no reply to a request for more, no substance)."""


class Pelapor(models.Model):
    """The reporter's identity, kept apart from the complaint."""

    pengaduan = models.OneToOneField(
        Pengaduan, verbose_name=_("pengaduan"), on_delete=models.CASCADE, related_name="pelapor"
    )
    nama = models.CharField(_("nama"), max_length=150, blank=True)
    telepon = models.CharField(_("telepon/WhatsApp"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)

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
    """One audit entry: who did what and when, with a dotted action code.

    Sentences come from `pengaduan.logdisplay`; `data` holds small,
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


class JejakPermintaan(models.Model):
    """One accepted request from a client, for rate limiting across app servers.

    `kunci` is an HMAC of the client address keyed with SECRET_KEY: the raw
    address is never stored.
    """

    kunci = models.CharField(_("kunci"), max_length=64)
    tindakan = models.CharField(_("tindakan"), max_length=20)
    waktu = models.DateTimeField(_("waktu"))

    class Meta:
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
        verbose_name = _("kunci pembatas")
        verbose_name_plural = _("kunci pembatas")
        constraints = [
            models.UniqueConstraint(fields=["kunci", "tindakan"], name="kunci_pembatas_unik"),
        ]

    def __str__(self) -> str:
        return self.tindakan
