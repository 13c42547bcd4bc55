"""The complaint and its state machine."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description

from layanan.models import Instansi, Layanan, SaluranPengaduan, SatuanWaktu
from pengaduan import permissions


def _boleh_tangani(instance: Pengaduan, user) -> bool:
    return permissions.boleh_tangani(user, instance)


def _boleh_disposisi(instance: Pengaduan, user) -> bool:
    return permissions.boleh_disposisi(user, instance)


def _dalam_jendela_balasan(instance: Pengaduan) -> bool:
    return instance.batas_balasan is None or timezone.now() <= instance.batas_balasan


def _jendela_balasan_lewat(instance: Pengaduan) -> bool:
    return instance.batas_balasan is not None and timezone.now() > instance.batas_balasan


def _transisi(field: FSMField, **kwargs: Any) -> Callable[[Callable[..., None]], Any]:
    """One edge of the machine (django-fsm's `transition`), logged once by
    django-fsm-log: who took it (`by=`) and its `description=`, which the
    services fill with the history's code and data (pengaduan.jejak)."""

    def decorator(method: Callable[..., None]) -> Any:
        return fsm_log_by(fsm_log_description(transition(field, **kwargs)(method)))

    return decorator


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
    # States with an answer given (waiting for the citizen's word, or closed).
    TERJAWAB = (Status.DIJAWAB, Status.SELESAI)
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

    @property
    def menunggu_konfirmasi(self) -> bool:
        """Answered: the citizen may confirm or reopen within the reply window."""
        return self.status == self.Status.DIJAWAB

    @property
    def terjawab(self) -> bool:
        return self.status in self.TERJAWAB

    @property
    def nada_status(self) -> str:
        """The tone of the state's badge: ok, warn, bad or info (badge-<nada>)."""
        if self.terjawab:
            return "ok"
        if self.dijeda:
            return "warn"
        if self.status == self.Status.TIDAK_DAPAT_DITINDAKLANJUTI:
            return "bad"
        return "info"

    def lewat_waktu(self, now) -> bool:
        return self.aktif and now > self.batas_waktu

    @property
    def dijawab_tepat_waktu(self) -> bool | None:
        if self.dijawab_pertama_pada is None:
            return None
        return self.dijawab_pertama_pada <= self.batas_waktu

    # -- transitions (the services call these; never set status by hand) ----
    @_transisi(
        status, source=Status.DITERIMA, target=Status.CEK_ADMINISTRASI, permission=_boleh_tangani
    )
    def mulai_cek(self, by=None, description=None) -> None:
        """Administrative check: complete? within the office's authority?"""

    @_transisi(
        status,
        source=list(AKTIF),
        target=Status.MENUNGGU_PELAPOR,
        permission=_boleh_tangani,
    )
    def minta_kelengkapan(self, by=None, description=None) -> None:
        """Ask the citizen for more; the clock pauses."""

    @_transisi(
        status,
        source=Status.MENUNGGU_PELAPOR,
        target=Status.CEK_ADMINISTRASI,
        permission=_boleh_tangani,
    )
    def lanjutkan(self, by=None, description=None) -> None:
        """An officer resumes (the citizen answered by phone, at the counter…)."""

    @_transisi(
        status,
        source=Status.MENUNGGU_PELAPOR,
        target=Status.CEK_ADMINISTRASI,
        custom={"pelapor": True},
    )
    def dilengkapi_pelapor(self, by=None, description=None) -> None:
        """The citizen replied through the tracking page; authorised by the tracking code."""

    @_transisi(
        status,
        source=list(AKTIF),
        target=Status.KOORDINASI,
        permission=_boleh_disposisi,
    )
    def koordinasikan(self, by=None, description=None) -> None:
        """Internal disposition to a bidang/officer, or coordination with another agency."""

    @_transisi(
        status,
        source=list(AKTIF),
        target=Status.DIJAWAB,
        permission=_boleh_tangani,
    )
    def jawab(self, by=None, description=None) -> None:
        """A public answer to the citizen; the response clock stops."""

    @_transisi(status, source=Status.DIJAWAB, target=Status.SELESAI, permission=_boleh_tangani)
    def tutup(self, by=None, description=None) -> None:
        """An officer closes an answered complaint."""

    @_transisi(
        status,
        source=Status.DIJAWAB,
        target=Status.SELESAI,
        conditions=[_jendela_balasan_lewat],
        custom={"sistem": True},
    )
    def tutup_otomatis(self, by=None, description=None) -> None:
        """The reply window passed without the citizen reopening."""

    @_transisi(status, source=Status.DIJAWAB, target=Status.SELESAI, custom={"pelapor": True})
    def dikonfirmasi_pelapor(self, by=None, description=None) -> None:
        """The citizen says the matter is settled."""

    @_transisi(
        status,
        source=Status.DIJAWAB,
        target=Status.CEK_ADMINISTRASI,
        conditions=[_dalam_jendela_balasan],
        custom={"pelapor": True},
    )
    def buka_kembali(self, by=None, description=None) -> None:
        """The citizen reopens with a reason, within the reply window."""

    @_transisi(
        status,
        source=[Status.DITERIMA, Status.CEK_ADMINISTRASI],
        target=Status.DUPLIKAT,
        permission=_boleh_tangani,
    )
    def tandai_duplikat(self, by=None, description=None) -> None:
        """The same matter is already handled under another ticket."""

    @_transisi(
        status,
        source=list(AKTIF),
        target=Status.DITERUSKAN,
        permission=_boleh_disposisi,
    )
    def teruskan(self, by=None, description=None) -> None:
        """Not within the office's authority: forwarded to the responsible agency."""

    @_transisi(
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
