"""Creating complaints: filed by a citizen on the website, or logged by an officer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from layanan import pembatas
from layanan.calendar import Kalender
from layanan.kode_lacak import acak
from layanan.models import Instansi, Layanan
from layanan.pengguna import Pengguna
from pengaduan import notifikasi, permissions
from pengaduan.models import (
    Pelapor,
    Pengaduan,
)
from pengaduan.services._dasar import (
    MAX_URAIAN,
    PANJANG_KODE,
    PengaduanError,
    _log,
    _nomor_baru,
    _on_commit,
    _simpan_lampiran,
    _teks,
    hash_kode_pengaduan,
    waktu_respons,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

Status = Pengaduan.Status


# -- what a complaint says -------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class IsianPengaduan:
    """What a complaint says, however it arrived: the one typed value both
    intakes take (the website's form and the officer's)."""

    layanan: Layanan | None
    jenis: str
    judul: str
    uraian: str
    harapan: str = ""
    waktu_kejadian: dt.date | None = None
    lokasi_kejadian: str = ""
    anonim: bool = False
    rahasia: bool = False
    nama: str = ""
    telepon: str = ""
    email: str = ""
    berkas: Sequence[UploadedFile[bytes]] = ()

    @classmethod
    def dari_form(cls, data: Mapping[str, Any]) -> IsianPengaduan:
        """From a complaint form's cleaned_data (PengaduanPublikForm, CatatForm):
        the same field names, the files under `lampiran`."""
        return cls(
            layanan=data["layanan"],
            jenis=data["jenis"],
            judul=data["judul"],
            uraian=data["uraian"],
            harapan=data["harapan"],
            waktu_kejadian=data["waktu_kejadian"],
            lokasi_kejadian=data["lokasi_kejadian"],
            anonim=data["anonim"],
            rahasia=data["rahasia"],
            nama=data["nama"],
            telepon=data["telepon"],
            email=data["email"],
            berkas=data["lampiran"],
        )


# -- creating ------------------------------------------------------------------
def _buat(
    *,
    instansi: Instansi,
    saluran: str,
    diterima_pada: dt.datetime,
    nomor_referensi: str,
    isian: IsianPengaduan,
    by: Pengguna | None,
) -> tuple[Pengaduan, str]:
    layanan = isian.layanan
    if layanan is not None and layanan.instansi_id != instansi.pk:
        raise PengaduanError(_("Layanan yang dipilih bukan milik instansi ini."), status_code=400)
    if isian.jenis not in Pengaduan.Jenis.values:
        raise PengaduanError(_("Jenis pengaduan tidak dikenal."), status_code=400)
    if saluran not in Pengaduan.Saluran.values:
        raise PengaduanError(_("Saluran tidak dikenal."), status_code=400)
    now = timezone.now()
    if diterima_pada > now + dt.timedelta(minutes=5):
        raise PengaduanError(_("Tanggal diterima tidak boleh di masa depan."), status_code=400)
    judul = _teks(isian.judul, _("Judul"), maks=150)
    uraian = _teks(isian.uraian, _("Uraian"), maks=MAX_URAIAN)
    harapan = _teks(isian.harapan, _("Harapan"), maks=MAX_URAIAN, wajib=False)
    nilai, satuan = waktu_respons(instansi, layanan)
    kode = acak(PANJANG_KODE)
    p = Pengaduan(
        nomor=_nomor_baru(diterima_pada),
        kode_lacak_hash=hash_kode_pengaduan(kode),
        instansi=instansi,
        layanan=layanan,
        jenis=isian.jenis,
        saluran=saluran,
        nomor_referensi=(nomor_referensi or "").strip(),
        judul=judul,
        uraian=uraian,
        harapan=harapan,
        waktu_kejadian=isian.waktu_kejadian,
        lokasi_kejadian=(isian.lokasi_kejadian or "").strip()[:200],
        anonim=isian.anonim,
        rahasia=isian.rahasia,
        diterima_pada=diterima_pada,
        respons_nilai=nilai,
        respons_satuan=satuan,
        batas_waktu=Kalender(instansi).add(diterima_pada, nilai, satuan),
        dicatat_oleh=by,
    )
    p.save()
    nama, telepon, email = isian.nama, isian.telepon, isian.email
    if nama or telepon or email:
        Pelapor.objects.create(
            pengaduan=p, nama=(nama or "").strip()[:150], telepon=telepon or "", email=email or ""
        )
    _simpan_lampiran(p, isian.berkas, tanggapan=None, by=by, dari_pelapor=True)
    if by is None:
        _log(p, "pengaduan.diajukan", None, now)
    else:
        _log(p, "pengaduan.dicatat", by, now, saluran=str(p.get_saluran_display()))
    _on_commit(notifikasi.kirim_tanda_terima, p.pk, kode)
    return p, kode


def pengaduan_submit(
    *,
    kunci_klien: str,
    instansi: Instansi,
    isian: IsianPengaduan,
) -> tuple[Pengaduan, str]:
    """A citizen files through the website. Returns the complaint and its tracking code.

    Rate limited per client address (counted in the same transaction, so a
    rejected request leaves nothing and an accepted one is never lost).
    """
    with transaction.atomic():
        pembatas.record(kunci_klien, pembatas.KIRIM)
        return _buat(
            instansi=instansi,
            saluran=Pengaduan.Saluran.WEBSITE,
            diterima_pada=timezone.now(),
            nomor_referensi="",
            isian=isian,
            by=None,
        )


def pengaduan_record(
    *,
    by: Pengguna,
    saluran: str,
    diterima_pada: dt.datetime,
    nomor_referensi: str = "",
    isian: IsianPengaduan,
) -> tuple[Pengaduan, str]:
    """An officer records a complaint that came by box, email, WA, phone, counter, SP4N-LAPOR!…

    The clock starts at `diterima_pada`, the moment it actually arrived.
    """
    if not permissions.boleh_catat(by):
        raise PengaduanError(_("Anda tidak berwenang mencatat pengaduan."), status_code=403)
    if saluran == Pengaduan.Saluran.WEBSITE:
        raise PengaduanError(
            _("Pengaduan lewat website diajukan oleh warga sendiri."), status_code=400
        )
    instansi = by.pegawai.instansi
    nomor_referensi = (nomor_referensi or "").strip()
    if saluran == Pengaduan.Saluran.SP4N_LAPOR and not nomor_referensi:
        raise PengaduanError(_("ID pelacakan SP4N-LAPOR! wajib diisi."), status_code=400)
    with transaction.atomic():
        if nomor_referensi:
            existing = Pengaduan.objects.filter(
                instansi=instansi, saluran=saluran, nomor_referensi=nomor_referensi
            ).first()
            if existing is not None:
                raise PengaduanError(
                    _("Nomor/ID %(ref)s sudah dicatat sebagai %(nomor)s.")
                    % {"ref": nomor_referensi, "nomor": existing.nomor},
                    status_code=409,
                )
        return _buat(
            instansi=instansi,
            saluran=saluran,
            diterima_pada=diterima_pada,
            nomor_referensi=nomor_referensi,
            isian=isian,
            by=by,
        )
