"""The case (Rujukan) and its state machine.

The legal edges below are a superset of every seed's path. Which of them a
given case may take is decided by conditions that read its Layanan's data
through `rujukan.alur` — never by the layanan's name. Who may take an edge is
decided by `permission=`, delegated to the one policy in
`rujukan.permissions`. Services (rujukan.services) call the transitions; a
transition method itself only changes the state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import GET_STATE, ConcurrentTransitionMixin, FSMField, transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description

from layanan.models import (
    Instansi,
    KategoriPPKS,
    Layanan,
    Panti,
    Persyaratan,
    SubLayanan,
    Tahap,
)
from rujukan.alur import LangkahRantai, alur_layanan
from rujukan.models.klien import Klien, Pemohon
from rujukan.permissions import (
    boleh_menandatangani_usulan,
    boleh_menjawab_panti,
    boleh_menyetujui,
    boleh_transisi,
)

if TYPE_CHECKING:
    # for annotations only: rujukan.models.proses imports this module (its rows point at a case)
    from rujukan.models.proses import Konsep, PengajuanPanti, UsulanPanti


class Status(models.TextChoices):
    DIAJUKAN = "diajukan", _("Diajukan")
    PEMERIKSAAN_BERKAS = "pemeriksaan_berkas", _("Pemeriksaan berkas")
    DIKEMBALIKAN = "dikembalikan", _("Dikembalikan ke pemohon (berkas belum lengkap)")
    VERIFIKASI = "verifikasi", _("Verifikasi lapangan dan asesmen")
    PENANGANAN = "penanganan", _("Penanganan: rehabilitasi, bimbingan, penelusuran, pendampingan")
    PENGAJUAN_PANTI = "pengajuan_panti", _("Pengajuan ke panti/lembaga")
    MENUNGGU_PANTI = "menunggu_panti", _("Menunggu konfirmasi panti/lembaga")
    PENYUSUNAN = "penyusunan", _("Penyusunan produk layanan")
    PERSETUJUAN = "persetujuan", _("Menunggu persetujuan pejabat")
    PRODUK_TERBIT = "produk_terbit", _("Produk layanan terbit")
    DISERAHKAN_PANTI = "diserahkan_panti", _("Klien diserahkan ke panti/lembaga")
    DISERAHKAN_PEMOHON = "diserahkan_pemohon", _("Produk diserahkan ke pemohon")
    REUNIFIKASI = "reunifikasi", _("Klien kembali ke keluarga (reunifikasi)")
    PENDAMPINGAN_DILAPORKAN = "pendampingan_dilaporkan", _("Pendampingan dilaporkan")
    SELESAI = "selesai", _("Selesai")
    TIDAK_MEMENUHI_SYARAT = "tidak_memenuhi_syarat", _("Tidak memenuhi syarat")
    DITARIK = "ditarik", _("Ditarik oleh pemohon")
    DIBATALKAN = "dibatalkan", _("Dibatalkan")


S = Status
STATUS_AKHIR = frozenset({S.SELESAI, S.TIDAK_MEMENUHI_SYARAT, S.DITARIK, S.DIBATALKAN})
STATUS_TERBUKA = tuple(s for s in Status.values if s not in STATUS_AKHIR)
STATUS_PENYERAHAN = (
    S.DISERAHKAN_PANTI,
    S.DISERAHKAN_PEMOHON,
    S.REUNIFIKASI,
    S.PENDAMPINGAN_DILAPORKAN,
)

# The stage of the standard (layanan.models.Tahap) each state belongs to.
STATUS_TAHAP: dict[str, str] = {
    S.DIAJUKAN: Tahap.PERMOHONAN,
    S.PEMERIKSAAN_BERKAS: Tahap.PEMERIKSAAN_BERKAS,
    S.DIKEMBALIKAN: Tahap.PEMERIKSAAN_BERKAS,
    S.VERIFIKASI: Tahap.VERIFIKASI,
    S.PENANGANAN: Tahap.PENANGANAN,
    S.PENGAJUAN_PANTI: Tahap.PENGAJUAN_PANTI,
    S.MENUNGGU_PANTI: Tahap.PENGAJUAN_PANTI,
    S.PENYUSUNAN: Tahap.PENYUSUNAN,
    S.PERSETUJUAN: Tahap.PERSETUJUAN,
    S.PRODUK_TERBIT: Tahap.PENYERAHAN,
    S.DISERAHKAN_PANTI: Tahap.PENGARSIPAN,
    S.DISERAHKAN_PEMOHON: Tahap.PENGARSIPAN,
    S.REUNIFIKASI: Tahap.PENGARSIPAN,
    S.PENDAMPINGAN_DILAPORKAN: Tahap.PENGARSIPAN,
}
# The state a case enters when it reaches a working stage.
TAHAP_STATUS: dict[str, str] = {
    Tahap.PEMERIKSAAN_BERKAS: S.PEMERIKSAAN_BERKAS,
    Tahap.VERIFIKASI: S.VERIFIKASI,
    Tahap.PENANGANAN: S.PENANGANAN,
    Tahap.PENGAJUAN_PANTI: S.PENGAJUAN_PANTI,
    Tahap.PENYUSUNAN: S.PENYUSUNAN,
}
_MAJU = [S.VERIFIKASI, S.PENANGANAN, S.PENGAJUAN_PANTI, S.PENYUSUNAN]


class Syarat:
    """A transition condition with the Indonesian message shown when it fails."""

    def __init__(self, fn: Callable[[Rujukan], bool], pesan: Callable[[Rujukan], str] | str):
        self.fn = fn
        self._pesan = pesan
        self.__name__ = fn.__name__

    def __call__(self, rujukan: Rujukan) -> bool:
        return bool(self.fn(rujukan))

    def pesan(self, rujukan: Rujukan) -> str:
        return str(self._pesan(rujukan) if callable(self._pesan) else self._pesan)


def _izin(kode: str) -> Callable:
    """The permission of a transition: delegated to the one policy."""

    def check(instance: Rujukan, user) -> bool:
        return boleh_transisi(user=user, rujukan=instance, izin=kode)

    check.__name__ = f"izin_{kode}"
    return check


def _izin_persetujuan(instance: Rujukan, user) -> bool:
    return boleh_menyetujui(user=user, rujukan=instance)


def _izin_tanda_tangan_usulan(instance: Rujukan, user) -> bool:
    return boleh_menandatangani_usulan(user=user, rujukan=instance)


def _izin_jawab_panti(instance: Rujukan, user) -> bool:
    return boleh_menjawab_panti(user=user, rujukan=instance)


# -- conditions --------------------------------------------------------------
def _berikut(tahap: str) -> Callable[[Rujukan], str | None]:
    def target(rujukan: Rujukan, *args, **kwargs) -> str | None:
        nxt = rujukan.alur.tahap_berikut(tahap)
        return TAHAP_STATUS.get(nxt) if nxt else None

    return target


def _ada_tahap_berikut(tahap: str) -> Syarat:
    def ada_tahap_berikut(rujukan: Rujukan) -> bool:
        return _berikut(tahap)(rujukan) is not None

    return Syarat(
        ada_tahap_berikut,
        _("Standar layanan ini tidak memiliki tahap lanjutan setelah tahap ini."),
    )


def _berkas_lengkap(rujukan: Rujukan) -> bool:
    return not rujukan.berkas_wajib_kurang()


syarat_berkas_lengkap = Syarat(
    _berkas_lengkap,
    lambda r: (
        _("Berkas wajib belum lengkap: %(daftar)s.")
        % {"daftar": "; ".join(b.persyaratan.teks[:60] for b in r.berkas_wajib_kurang())}
    ),
)


def _kelayakan(rujukan: Rujukan) -> bool:
    return not rujukan.fakta_belum_terpenuhi()


syarat_kelayakan = Syarat(
    _kelayakan,
    lambda r: (
        _("Klien belum memenuhi syarat: %(daftar)s.")
        % {"daftar": "; ".join(r.fakta_belum_terpenuhi())}
    ),
)


def _fakta_berkas(rujukan: Rujukan) -> bool:
    # rujukan.kelayakan reads the case's models: imported here, or the two import each other
    from rujukan.kelayakan import fakta_menghalangi_berkas

    return not fakta_menghalangi_berkas(rujukan)


def _pesan_fakta_berkas(rujukan: Rujukan) -> str:
    # rujukan.kelayakan reads the case's models: imported here, or the two import each other
    from rujukan.kelayakan import fakta_menghalangi_berkas

    return _(
        "Klien belum memenuhi syarat: %(daftar)s. Bila memang tidak memenuhi syarat, "
        "nyatakan tidak memenuhi syarat dengan alasannya."
    ) % {"daftar": "; ".join(fakta_menghalangi_berkas(rujukan))}


syarat_fakta_berkas = Syarat(_fakta_berkas, _pesan_fakta_berkas)


def _asesmen_layak(rujukan: Rujukan) -> bool:
    asesmen = rujukan.asesmen_terakhir()
    return bool(asesmen and asesmen.kesimpulan_layak)


syarat_asesmen = Syarat(
    _asesmen_layak,
    _("Asesmen dengan kesimpulan klien layak dilayani belum dicatat."),
)


def _verifikasi_bersyarat(rujukan: Rujukan) -> bool:
    return rujukan.alur.verifikasi_bersyarat


syarat_verifikasi_bersyarat = Syarat(
    _verifikasi_bersyarat,
    _("Menurut standar layanan ini verifikasi lapangan tidak boleh dilewati."),
)


def _boleh_reunifikasi(rujukan: Rujukan) -> bool:
    return rujukan.alur.reunifikasi


syarat_reunifikasi = Syarat(
    _boleh_reunifikasi, _("Standar layanan ini tidak memuat langkah reunifikasi keluarga.")
)


def _laporan_kegiatan(rujukan: Rujukan) -> bool:
    return rujukan.alur.laporan_kegiatan


syarat_laporan_kegiatan = Syarat(
    _laporan_kegiatan, _("Standar layanan ini tidak menghasilkan laporan kegiatan.")
)


def _ada_kegiatan(rujukan: Rujukan) -> bool:
    return rujukan.kegiatan.exists()


syarat_ada_kegiatan = Syarat(
    _ada_kegiatan, _("Catat dahulu kegiatan pendampingan yang telah dilakukan.")
)


def _ada_panti_tujuan(rujukan: Rujukan) -> bool:
    return rujukan.panti_tujuan_id is not None


syarat_panti_tujuan = Syarat(_ada_panti_tujuan, _("Panti/lembaga tujuan belum dipilih."))


def _pengajuan_menunggu(rujukan: Rujukan) -> bool:
    return rujukan.pengajuan_panti_aktif() is not None


syarat_pengajuan_menunggu = Syarat(
    _pengajuan_menunggu, _("Tidak ada pengajuan ke panti yang menunggu jawaban.")
)


def _persetujuan_klien(rujukan: Rujukan) -> bool:
    # the consent to share, not the consent to processing given with an online request
    return rujukan.persetujuan_klien.filter(cakupan="pembagian").exists()


syarat_persetujuan_klien = Syarat(
    _persetujuan_klien,
    _(
        "Catat dahulu persetujuan klien (atau orang tua/walinya) untuk membagikan datanya "
        "kepada panti/lembaga."
    ),
)


def _usulan_menunggu(rujukan: Rujukan) -> bool:
    return rujukan.usulan_panti_menunggu() is not None


syarat_usulan_menunggu = Syarat(
    _usulan_menunggu,
    _("Belum ada usulan ke panti yang diajukan untuk ditandatangani."),
)


def _ada_konsep(rujukan: Rujukan) -> bool:
    return rujukan.konsep_aktif() is not None


syarat_konsep = Syarat(_ada_konsep, _("Konsep produk belum disusun."))


def _langkah_persetujuan_ada(rujukan: Rujukan) -> bool:
    return rujukan.langkah_persetujuan_berikut() is not None


syarat_langkah_persetujuan = Syarat(
    _langkah_persetujuan_ada, _("Seluruh rantai persetujuan sudah memberi persetujuan.")
)


def _tanpa_langkah_manual(rujukan: Rujukan) -> bool:
    # rujukan.langkah reads the case's models: imported here, or the two import each other
    from rujukan.langkah import langkah_manual_tertunda

    return langkah_manual_tertunda(rujukan) is None


def _pesan_langkah_manual(rujukan: Rujukan) -> str:
    # rujukan.langkah reads the case's models: imported here, or the two import each other
    from rujukan.langkah import langkah_manual_tertunda, nama_langkah

    row = langkah_manual_tertunda(rujukan)
    if row is None:
        return ""
    return _("%(langkah)s belum diselesaikan.") % {"langkah": nama_langkah(row)}


syarat_langkah_manual = Syarat(_tanpa_langkah_manual, _pesan_langkah_manual)


def _produk_loket(rujukan: Rujukan) -> bool:
    return bool(rujukan.alur.produk_loket)


syarat_produk_loket = Syarat(
    _produk_loket,
    _("Produk standar layanan ini tidak diterbitkan di loket (melalui persetujuan pejabat)."),
)


def _tahap_terakhir(rujukan: Rujukan) -> bool:
    tahap = STATUS_TAHAP.get(rujukan.status)
    return tahap is not None and rujukan.alur.tahap_berikut(tahap) is None


syarat_tahap_terakhir = Syarat(
    _tahap_terakhir,
    _("Masih ada tahap standar yang harus dilalui sebelum produk diterbitkan."),
)


def _asesmen_bila_verifikasi(rujukan: Rujukan) -> bool:
    return rujukan.status != S.VERIFIKASI or _asesmen_layak(rujukan)


syarat_asesmen_bila_verifikasi = Syarat(_asesmen_bila_verifikasi, syarat_asesmen.pesan)


def _target_persetujuan(rujukan: Rujukan, *args, **kwargs) -> str:
    """After an approval is recorded: issued when the whole chain has approved."""
    return S.PERSETUJUAN if rujukan.langkah_persetujuan_berikut() else S.PRODUK_TERBIT


class RujukanQuerySet(models.QuerySet):
    def milik(self, instansi: Instansi) -> RujukanQuerySet:
        return self.filter(instansi=instansi)

    def terbuka(self) -> RujukanQuerySet:
        return self.filter(status__in=STATUS_TERBUKA)

    def terlambat(self, pada=None) -> RujukanQuerySet:
        pada = pada or timezone.now()
        return self.terbuka().filter(q_terlambat(pada))


def q_terlambat(pada: dt.datetime) -> Q:
    """Of the open cases, those overdue at `pada`: past the case's or its stage's
    deadline, not paused, and not delivered yet (then only the archiving is left).
    A plain condition on the row, so a list can test it inside its own query."""
    return (
        ~Q(status__in=STATUS_PENYERAHAN)
        & Q(dijeda=False)
        & (Q(tenggat__lt=pada) | Q(tenggat_tahap__lt=pada))
    )


class Sumber(models.TextChoices):
    """Where a case came in: at the front desk, or online (by a kelurahan/desa
    operator with an account, or by a citizen after a one-time code)."""

    LOKET = "loket", _("Loket")
    ONLINE_OPERATOR = "online_operator", _("Daring, operator kelurahan/desa")
    ONLINE_WARGA = "online_warga", _("Daring, warga")


SUMBER_ONLINE = frozenset({Sumber.ONLINE_OPERATOR, Sumber.ONLINE_WARGA})


class Rujukan(ConcurrentTransitionMixin, models.Model):
    """One case: a klien's request for a layanan, worked along its standard."""

    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="rujukan"
    )
    layanan = models.ForeignKey(
        Layanan, verbose_name=_("layanan"), on_delete=models.PROTECT, related_name="rujukan"
    )
    sub_layanan = models.ForeignKey(
        SubLayanan,
        verbose_name=_("sub-layanan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rujukan",
    )
    klien = models.ForeignKey(
        Klien, verbose_name=_("klien"), on_delete=models.PROTECT, related_name="rujukan"
    )
    pemohon = models.ForeignKey(
        Pemohon, verbose_name=_("pemohon"), on_delete=models.PROTECT, related_name="rujukan"
    )
    kategori_ppks = models.ForeignKey(
        KategoriPPKS,
        verbose_name=_("kategori PPKS"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ringkasan = models.TextField(
        _("ringkasan permasalahan"), blank=True, help_text=_("Apa yang dilaporkan pemohon.")
    )
    tahun = models.PositiveSmallIntegerField(_("tahun registrasi"))
    nomor_urut = models.PositiveIntegerField(_("nomor urut registrasi"))
    nomor_registrasi = models.CharField(_("nomor registrasi"), max_length=40)
    kode_lacak_hash = models.CharField(_("sidik kode lacak"), max_length=64, editable=False)
    status = FSMField(
        _("tahap"), max_length=30, choices=Status.choices, default=S.DIAJUKAN, protected=True
    )
    peksos = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pekerja sosial yang ditugaskan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rujukan_ditugaskan",
    )
    panti_tujuan = models.ForeignKey(
        Panti,
        verbose_name=_("panti/lembaga tujuan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rujukan",
    )
    terdaftar_dtks = models.BooleanField(_("terdaftar dalam DTKS"), null=True, blank=True)
    alasan_penutupan = models.TextField(
        _("alasan tidak memenuhi syarat / penarikan / pembatalan"), blank=True
    )
    diantar_oleh = models.CharField(
        _("klien diantar oleh"),
        max_length=10,
        blank=True,
        choices=[("dinas", _("Dinas Sosial")), ("pemohon", _("Pemohon"))],
    )
    diserahkan_pada = models.DateTimeField(_("diserahkan pada"), null=True, blank=True)
    # the clock (rujukan.clock keeps these in step with TahapWaktu and JedaWaktu)
    tenggat = models.DateTimeField(_("tenggat penyelesaian"), null=True, blank=True)
    tenggat_tahap = models.DateTimeField(_("tenggat tahap saat ini"), null=True, blank=True)
    dijeda = models.BooleanField(_("waktu dijeda"), default=False)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("didaftarkan oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Kosong bila diajukan sendiri oleh warga secara daring (tanpa akun)."),
    )
    dibuat_pada = models.DateTimeField(_("didaftarkan pada"), default=timezone.now)
    sumber = models.CharField(
        _("sumber permohonan"), max_length=16, choices=Sumber.choices, default=Sumber.LOKET
    )
    kunci_pengajuan = models.CharField(
        _("kunci pengajuan daring"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Satu formulir daring yang terkirim dua kali menjadi satu rujukan."),
    )
    diperbarui = models.DateTimeField(_("diperbarui"), auto_now=True)
    selesai_pada = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    # working minutes from registration to closing, stored when the case closes
    # (rujukan.clock.catat_perpindahan) so the dashboard only aggregates
    menit_kerja = models.FloatField(_("lama penyelesaian (menit kerja)"), null=True, blank=True)

    objects = RujukanQuerySet.as_manager()

    class Meta:
        verbose_name = _("rujukan")
        verbose_name_plural = _("rujukan")
        ordering = ["-dibuat_pada", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "tahun", "nomor_urut"], name="rujukan_nomor_unik"
            ),
            models.UniqueConstraint(
                fields=["instansi", "nomor_registrasi"], name="rujukan_registrasi_unik"
            ),
            models.UniqueConstraint(
                fields=["instansi", "kunci_pengajuan"],
                condition=~Q(kunci_pengajuan=""),
                name="rujukan_kunci_pengajuan_unik",
            ),
        ]
        # The staff list's filters and sorts (rujukan.selectors_daftar), each
        # checked with EXPLAIN at 100,000 cases: the office's cases newest
        # first, the open ones (a partial index: about 4 % of the rows), by
        # state, by service, by deadline, those submitted online.
        indexes = [
            models.Index(fields=["instansi", "-dibuat_pada", "-id"], name="rujukan_daftar_idx"),
            models.Index(
                fields=["instansi", "-dibuat_pada", "-id"],
                condition=Q(status__in=STATUS_TERBUKA),
                name="rujukan_terbuka_idx",
            ),
            models.Index(
                fields=["instansi", "status", "-dibuat_pada", "-id"], name="rujukan_status_tgl_idx"
            ),
            models.Index(
                fields=["instansi", "layanan", "-dibuat_pada", "-id"],
                name="rujukan_layanan_tgl_idx",
            ),
            models.Index(fields=["instansi", "tenggat", "-id"], name="rujukan_tenggat_idx"),
            models.Index(
                fields=["instansi", "-dibuat_pada", "-id"],
                condition=Q(sumber__in=sorted(SUMBER_ONLINE)),
                name="rujukan_daring_idx",
            ),
            models.Index(fields=["nomor_registrasi"], name="rujukan_registrasi_idx"),
        ]
        permissions = [
            ("periksa_berkas", _("Dapat memeriksa berkas rujukan")),
            ("verifikasi", _("Dapat melakukan verifikasi lapangan dan asesmen")),
            ("tangani", _("Dapat mencatat penanganan dan pendampingan klien")),
            ("ajukan_panti", _("Dapat mengajukan klien ke panti dan mencatat jawabannya")),
            ("jawab_pengajuan_panti", _("Dapat menjawab pengajuan sebagai panti")),
            ("susun_konsep", _("Dapat menyusun konsep produk layanan")),
            ("setujui", _("Dapat memberi paraf atau tanda tangan")),
            ("serahkan", _("Dapat mencatat penyerahan dan menutup rujukan")),
            ("tarik", _("Dapat mencatat penarikan permohonan")),
            ("batalkan", _("Dapat membatalkan rujukan")),
            ("jeda_waktu", _("Dapat menjeda dan melanjutkan waktu layanan")),
            ("tugaskan", _("Dapat menugaskan pekerja sosial")),
            ("ekspor_arsip", _("Dapat mengekspor agenda surat keluar")),
            (
                "bagikan_tanpa_persetujuan",
                _("Dapat membagikan data klien tanpa persetujuannya, dengan alasan tertulis"),
            ),
            (
                "ekspor_data_klien",
                _("Dapat mengekspor seluruh data seorang klien atas permintaan akses"),
            ),
            ("lihat_rekap", _("Dapat melihat dan mengunduh rekapitulasi layanan")),
            ("ajukan_online", _("Dapat mengajukan permohonan layanan secara daring")),
        ]

    def __str__(self) -> str:
        return self.nomor_registrasi

    # -- reading the standard ------------------------------------------------
    @cached_property
    def alur(self):
        return alur_layanan(self.layanan, self.sub_layanan_id)

    @property
    def tahap(self) -> str | None:
        return STATUS_TAHAP.get(self.status)

    @property
    def terbuka(self) -> bool:
        return self.status not in STATUS_AKHIR

    @property
    def daring(self) -> bool:
        """Submitted online (by a kelurahan operator or a citizen)."""
        return self.sumber in SUMBER_ONLINE

    def berkas_wajib_kurang(self) -> list:
        return [
            b
            for b in self.berkas.select_related("persyaratan")
            if b.berlaku
            and b.persyaratan.wajib
            and b.persyaratan.jenis == Persyaratan.Jenis.DOKUMEN
            and not b.terpenuhi
        ]

    def fakta_belum_terpenuhi(self) -> list[str]:
        """The eligibility facts of the standard this case does not meet yet
        (decided by rujukan.kelayakan)."""
        # rujukan.kelayakan reads the case's models: imported here, or the two import each other
        from rujukan.kelayakan import fakta_belum_terpenuhi

        return fakta_belum_terpenuhi(self)

    def asesmen_terakhir(self):
        return self.asesmen.order_by("-dibuat_pada", "-pk").first()

    def pengajuan_panti_aktif(self) -> PengajuanPanti | None:
        return self.pengajuan_panti.filter(jawaban="menunggu").first()

    def usulan_panti_menunggu(self) -> UsulanPanti | None:
        """The proposal draft waiting for the signing official, if any."""
        return self.usulan_panti.filter(status="menunggu").select_related("panti").first()

    def _dimuat(self, nama: str) -> bool:
        return nama in getattr(self, "_prefetched_objects_cache", {})

    def konsep_aktif(self) -> Konsep | None:
        """The draft waiting for approval (reads a prefetched `konsep` when there is one)."""
        if self._dimuat("konsep"):
            aktif = [k for k in self.konsep.all() if k.status == "diajukan"]
            return max(aktif, key=lambda k: k.versi, default=None)
        return self.konsep.filter(status="diajukan").order_by("-versi").first()

    def langkah_persetujuan_berikut(self) -> LangkahRantai | None:
        """The next approval the current draft is waiting for (LangkahRantai).
        Prefetch `konsep__persetujuan` when asking this of many cases."""
        konsep = self.konsep_aktif()
        if konsep is None:
            return None
        if "persetujuan" in getattr(konsep, "_prefetched_objects_cache", {}):
            done = {p.urutan for p in konsep.persetujuan.all()}
        else:
            done = set(konsep.persetujuan.values_list("urutan", flat=True))
        for langkah in self.alur.rantai:
            if langkah.urutan not in done:
                return langkah
        return None

    # -- transitions ---------------------------------------------------------
    # Intake and berkas check
    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=S.DIAJUKAN,
        target=S.PEMERIKSAAN_BERKAS,
        permission=_izin("periksa_berkas"),
    )
    def start_check(self, by=None, description=None):
        """Petugas mulai memeriksa berkas."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=S.PEMERIKSAAN_BERKAS,
        target=S.DIKEMBALIKAN,
        permission=_izin("periksa_berkas"),
    )
    def return_to_pemohon(self, by=None, description=None):
        """Berkas belum lengkap: dikembalikan ke pemohon."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=S.DIKEMBALIKAN,
        target=S.PEMERIKSAAN_BERKAS,
        permission=_izin("periksa_berkas"),
    )
    def resubmit(self, by=None, description=None):
        """Pemohon melengkapi berkas; diperiksa lagi."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=S.PEMERIKSAAN_BERKAS,
        target=GET_STATE(_berikut(Tahap.PEMERIKSAAN_BERKAS), states=_MAJU),
        conditions=[
            syarat_langkah_manual,
            syarat_berkas_lengkap,
            syarat_fakta_berkas,
            _ada_tahap_berikut(Tahap.PEMERIKSAAN_BERKAS),
        ],
        permission=_izin("periksa_berkas"),
    )
    def accept_berkas(self, by=None, description=None):
        """Berkas lengkap: lanjut ke tahap berikut menurut standar."""

    # Verification and assessment
    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=S.VERIFIKASI,
        target=GET_STATE(_berikut(Tahap.VERIFIKASI), states=_MAJU),
        conditions=[
            syarat_langkah_manual,
            syarat_asesmen,
            syarat_kelayakan,
            _ada_tahap_berikut(Tahap.VERIFIKASI),
        ],
        permission=_izin("verifikasi"),
    )
    def complete_verification(self, by=None, description=None):
        """Verifikasi dan asesmen selesai, klien layak."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=S.PEMERIKSAAN_BERKAS,
        target=GET_STATE(_berikut(Tahap.VERIFIKASI), states=_MAJU),
        conditions=[
            syarat_langkah_manual,
            syarat_berkas_lengkap,
            syarat_verifikasi_bersyarat,
            syarat_kelayakan,
            _ada_tahap_berikut(Tahap.VERIFIKASI),
        ],
        permission=_izin("periksa_berkas"),
    )
    def skip_verification(self, by=None, description=None):
        """Verifikasi lapangan tidak diperlukan (misalnya sudah terdaftar DTKS)."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=S.PEMERIKSAAN_BERKAS,
        target=S.TIDAK_MEMENUHI_SYARAT,
        permission=_izin("periksa_berkas"),
    )
    @transition(
        field=status,
        source=[S.VERIFIKASI, S.PENANGANAN],
        target=S.TIDAK_MEMENUHI_SYARAT,
        permission=_izin("verifikasi"),
    )
    def reject_ineligible(self, by=None, description=None):
        """Klien tidak memenuhi syarat standar."""

    # Handling: rehabilitation, guidance, family tracing, accompaniment
    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=S.PENANGANAN,
        target=GET_STATE(_berikut(Tahap.PENANGANAN), states=_MAJU),
        conditions=[syarat_langkah_manual, _ada_tahap_berikut(Tahap.PENANGANAN)],
        permission=_izin("tangani"),
    )
    def complete_handling(self, by=None, description=None):
        """Penanganan selesai; lanjut ke rujukan/penyusunan produk."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=S.PENANGANAN,
        target=S.REUNIFIKASI,
        conditions=[syarat_langkah_manual, syarat_reunifikasi],
        permission=_izin("tangani"),
    )
    def reunite(self, by=None, description=None):
        """Klien dipertemukan kembali dengan keluarganya."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=S.PENANGANAN,
        target=S.PENDAMPINGAN_DILAPORKAN,
        conditions=[
            syarat_langkah_manual,
            syarat_laporan_kegiatan,
            syarat_ada_kegiatan,
        ],
        permission=_izin("tangani"),
    )
    def report_accompaniment(self, by=None, description=None):
        """Pendampingan selesai dan laporan kegiatan dibuat."""

    # Panti: proposal before the product (Banjarmasin)
    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=S.PENGAJUAN_PANTI,
        target=S.MENUNGGU_PANTI,
        conditions=[
            syarat_langkah_manual,
            syarat_usulan_menunggu,
            syarat_panti_tujuan,
            syarat_persetujuan_klien,
        ],
        permission=_izin_tanda_tangan_usulan,
    )
    def send_to_panti(self, by=None, description=None):
        """Usulan ditandatangani pejabat dan dikirim ke panti/lembaga tujuan."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=S.MENUNGGU_PANTI,
        target=GET_STATE(_berikut(Tahap.PENGAJUAN_PANTI), states=_MAJU),
        conditions=[
            syarat_langkah_manual,
            syarat_pengajuan_menunggu,
            _ada_tahap_berikut(Tahap.PENGAJUAN_PANTI),
        ],
        permission=_izin_jawab_panti,
    )
    def panti_accept(self, by=None, description=None):
        """Panti/lembaga menyatakan menerima klien."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=S.MENUNGGU_PANTI,
        target=S.PENGAJUAN_PANTI,
        conditions=[syarat_pengajuan_menunggu],
        permission=_izin_jawab_panti,
    )
    def panti_refuse(self, by=None, description=None):
        """Panti/lembaga menolak; petugas memilih panti lain."""

    # Drafting and the approval chain
    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=S.PENYUSUNAN,
        target=S.PERSETUJUAN,
        conditions=[syarat_langkah_manual, syarat_konsep, syarat_kelayakan],
        permission=_izin("susun_konsep"),
    )
    def submit_for_approval(self, by=None, description=None):
        """Konsep produk diajukan kepada pejabat."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=[S.PEMERIKSAAN_BERKAS, S.VERIFIKASI, S.PENANGANAN, S.PENGAJUAN_PANTI],
        target=S.PRODUK_TERBIT,
        conditions=[
            syarat_langkah_manual,
            syarat_produk_loket,
            syarat_tahap_terakhir,
            syarat_berkas_lengkap,
            syarat_asesmen_bila_verifikasi,
            syarat_kelayakan,
        ],
        permission=_izin("serahkan"),
    )
    def issue_at_desk(self, by=None, description=None):
        """Produk diterbitkan di loket (surat keterangan, bukti registrasi, berita acara)."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=S.PERSETUJUAN,
        target=GET_STATE(_target_persetujuan, states=[S.PERSETUJUAN, S.PRODUK_TERBIT]),
        conditions=[syarat_langkah_manual, syarat_konsep],
        permission=_izin_persetujuan,
    )
    def approve(self, by=None, description=None):
        """Paraf atau tanda tangan satu pejabat dalam rantai persetujuan."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=S.PERSETUJUAN,
        target=S.PENYUSUNAN,
        conditions=[syarat_konsep],
        permission=_izin_persetujuan,
    )
    def return_draft(self, by=None, description=None):
        """Konsep dikembalikan untuk diperbaiki."""

    # Delivery and closing
    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=S.PRODUK_TERBIT,
        target=S.DISERAHKAN_PANTI,
        conditions=[syarat_langkah_manual, syarat_panti_tujuan],
        permission=_izin("serahkan"),
    )
    def deliver_to_panti(self, by=None, description=None):
        """Klien diantar ke panti/lembaga."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=S.PRODUK_TERBIT,
        target=S.DISERAHKAN_PEMOHON,
        conditions=[syarat_langkah_manual],
        permission=_izin("serahkan"),
    )
    def hand_to_pemohon(self, by=None, description=None):
        """Produk diserahkan kepada pemohon."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=list(STATUS_PENYERAHAN),
        target=S.SELESAI,
        permission=_izin("serahkan"),
    )
    def close(self, by=None, description=None):
        """Rujukan selesai dan diarsipkan."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=[s for s in STATUS_TERBUKA if s not in STATUS_PENYERAHAN],
        target=S.DITARIK,
        permission=_izin("tarik"),
    )
    def withdraw(self, by=None, description=None):
        """Pemohon menarik permohonannya."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=list(STATUS_TERBUKA),
        target=S.DIBATALKAN,
        permission=_izin("batalkan"),
    )
    def cancel(self, by=None, description=None):
        """Rujukan dibatalkan oleh pejabat."""
