"""What the citizen does on the tracking page; authorised by the tracking code."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from layanan.calendar import Kalender
from pengaduan.models import (
    Pengaduan,
    Penilaian,
    Tanggapan,
)
from pengaduan.services._dasar import (
    PengaduanError,
    _kabar_petugas,
    _lanjut,
    _locked,
    _log,
    _run,
    _save,
    _simpan_lampiran,
    _teks,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

Status = Pengaduan.Status


# -- the citizen, authorised by the tracking code ----------------------------------
def pelapor_balas(
    *, pengaduan: Pengaduan, isi: str, berkas: Sequence[UploadedFile[bytes]] = ()
) -> Tanggapan:
    """The citizen writes back; if the office was waiting for them, the clock runs again."""
    isi = _teks(isi, _("Pesan"))
    with transaction.atomic():
        p = _locked(pengaduan)
        if p.status in Pengaduan.AKHIR:
            raise PengaduanError(
                _("Pengaduan ini sudah selesai. Silakan ajukan pengaduan baru."), status_code=409
            )
        now = timezone.now()
        pesan = Tanggapan.objects.create(pengaduan=p, jenis=Tanggapan.Jenis.PELAPOR, isi=isi)
        _simpan_lampiran(p, berkas, tanggapan=pesan, by=None, dari_pelapor=True)
        if p.status == Status.MENUNGGU_PELAPOR:
            _run(
                p, "dilengkapi_pelapor", None, kode="pengaduan.dilengkapi_pelapor", check_perm=False
            )
            _lanjut(p, now)
            _save(p)
        else:
            _log(p, "pengaduan.dibalas_pelapor", None, now)
        _kabar_petugas(p, _("Pelapor membalas pengaduan %(nomor)s"))
    return pesan


def pelapor_buka_kembali(*, pengaduan: Pengaduan, alasan: str) -> Pengaduan:
    """Reopen an answered complaint within the reply window; a new response time starts."""
    alasan = _teks(alasan, _("Alasan"))
    with transaction.atomic():
        p = _locked(pengaduan)
        if p.status == Status.DIJAWAB and not can_proceed(p.buka_kembali):
            raise PengaduanError(
                _("Masa tanggapan sudah lewat; pengaduan tidak dapat dibuka kembali."),
                status_code=409,
            )
        _run(p, "buka_kembali", None, kode="pengaduan.dibuka_kembali", check_perm=False)
        now = timezone.now()
        p.dibuka_kembali_kali += 1
        p.batas_waktu = Kalender(p.instansi).add(now, p.respons_nilai, p.respons_satuan)
        p.dijawab_pada = None
        p.batas_balasan = None
        _save(p)
        Tanggapan.objects.create(pengaduan=p, jenis=Tanggapan.Jenis.PELAPOR, isi=alasan)
        _kabar_petugas(p, _("Pelapor membuka kembali pengaduan %(nomor)s"))
    return p


def pelapor_konfirmasi_selesai(*, pengaduan: Pengaduan) -> Pengaduan:
    with transaction.atomic():
        p = _locked(pengaduan)
        _run(
            p, "dikonfirmasi_pelapor", None, kode="pengaduan.dikonfirmasi_pelapor", check_perm=False
        )
        p.selesai_pada = timezone.now()
        _save(p)
    return p


BISA_DINILAI = (Status.SELESAI, Status.DITERUSKAN, Status.TIDAK_DAPAT_DITINDAKLANJUTI)


def pelapor_nilai(*, pengaduan: Pengaduan, nilai: int, komentar: str = "") -> Penilaian:
    """The satisfaction rating (1–4), once, after the complaint is closed."""
    komentar = _teks(komentar, _("Komentar"), maks=2000, wajib=False)
    if nilai not in Penilaian.Nilai.values:
        raise PengaduanError(_("Pilih nilai 1 sampai 4."), status_code=400)
    with transaction.atomic():
        p = _locked(pengaduan)
        if p.status not in BISA_DINILAI:
            raise PengaduanError(
                _("Penilaian dapat diberikan setelah pengaduan selesai."), status_code=409
            )
        if Penilaian.objects.filter(pengaduan=p).exists():
            raise PengaduanError(_("Anda sudah memberi penilaian. Terima kasih."), status_code=409)
        penilaian = Penilaian.objects.create(pengaduan=p, nilai=nilai, komentar=komentar)
        _log(p, "pengaduan.dinilai", None, timezone.now(), nilai=nilai)
    return penilaian
