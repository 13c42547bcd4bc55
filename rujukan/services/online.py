"""A request submitted online (issue 12): by a kelurahan/desa operator with an
account, or by a citizen who proved their phone number with a one-time code
(warga), with the same data and uploads as the front desk, the kelurahan's
letter uploaded or (operator only) signed in the portal, and the client's
consent to the processing of their data (UU 27/2022) recorded with it.

It is the front desk's intake (`rujukan_register`) with another source: one
entry point, taking the same value (`PermohonanBaru`). The case lands in
the front desk's queue at its first step, the clock started as the standard
says (`rujukan.clock.mulai_jam`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from layanan.models import Persyaratan
from layanan.pengguna import Pengguna
from rujukan import documents
from rujukan.errors import DataTidakValid, IzinDitolak
from rujukan.models import BerkasItem, PersetujuanKlien, Rujukan, Sumber
from rujukan.models.rujukan import SUMBER_ONLINE
from rujukan.permissions import boleh_ajukan_online
from rujukan.services.base import catat_kejadian, sekarang
from rujukan.services.intake import (
    HasilRegistrasi,
    PermohonanBaru,
    persyaratan_untuk,
    rujukan_register,
)
from rujukan.services.issuing import simpan_berkas

MAKS_ISI_SURAT = 3000


@dataclass
class DataSuratPortal:
    """The kelurahan's letter, signed in the portal by its operator: what the
    paper letter would say. The operator re-enters his password (checked by
    the view) — a simple, honest in-portal signature: who, when, what."""

    nomor: str
    perihal: str
    isi: str


@dataclass
class DataPersetujuanOnline:
    """Who consented to the processing of the klien's data, and how."""

    pemberi: str
    hubungan: str = PersetujuanKlien.Hubungan.KLIEN
    cara: str = PersetujuanKlien.Cara.TERTULIS
    alasan: str = ""


def persyaratan_surat_kelurahan(persyaratan: list[Persyaratan]) -> Persyaratan | None:
    """The requirement the kelurahan's letter answers (marked on the standard)."""
    return next(
        (p for p in persyaratan if p.surat_kelurahan and p.jenis == Persyaratan.Jenis.DOKUMEN),
        None,
    )


def dokumen_wajib_kurang(
    persyaratan: list[Persyaratan], berkas: Mapping[int, object], *, surat_portal: bool
) -> list[Persyaratan]:
    """The mandatory, unconditional documents an online request lacks."""
    kurang = []
    for p in persyaratan:
        if p.jenis != Persyaratan.Jenis.DOKUMEN or not p.wajib or p.kondisi:
            continue
        if p.pk in berkas or (surat_portal and p.surat_kelurahan):
            continue
        kurang.append(p)
    return kurang


def _periksa_persetujuan(data: DataPersetujuanOnline) -> DataPersetujuanOnline:
    pemberi = (data.pemberi or "").strip()
    if not pemberi:
        raise DataTidakValid(
            _("Tuliskan nama yang memberi persetujuan atas pengolahan data klien.")
        )
    if data.hubungan not in PersetujuanKlien.Hubungan.values:
        raise DataTidakValid(_("Pilih hubungan pemberi persetujuan dengan klien."))
    if data.cara not in PersetujuanKlien.Cara.values:
        raise DataTidakValid(_("Pilih cara persetujuan diberikan."))
    alasan = (data.alasan or "").strip()
    if data.hubungan != PersetujuanKlien.Hubungan.KLIEN and not alasan:
        raise DataTidakValid(
            _(
                "Tuliskan mengapa bukan klien sendiri yang memberi persetujuan "
                "(misalnya masih anak, atau tidak cakap memberi persetujuan)."
            )
        )
    return DataPersetujuanOnline(
        pemberi=pemberi, hubungan=data.hubungan, cara=data.cara, alasan=alasan
    )


def _periksa_surat(data: DataSuratPortal) -> DataSuratPortal:
    nomor, perihal, isi = (
        (data.nomor or "").strip(),
        (data.perihal or "").strip(),
        (data.isi or "").strip(),
    )
    if not nomor or not perihal or not isi:
        raise DataTidakValid(
            _("Surat kelurahan yang ditandatangani di portal perlu nomor, perihal dan isi.")
        )
    if len(nomor) > 100 or len(perihal) > 200 or len(isi) > MAKS_ISI_SURAT:
        raise DataTidakValid(
            _("Surat kelurahan terlalu panjang: isi paling banyak %(n)s huruf.")
            % {"n": MAKS_ISI_SURAT}
        )
    return DataSuratPortal(nomor=nomor, perihal=perihal, isi=isi)


def surat_kelurahan_pdf(
    *, rujukan: Rujukan, by: Pengguna, surat: DataSuratPortal, pada: dt.datetime
) -> bytes:
    """The kelurahan's letter signed in the portal, as a small PDF the front
    desk opens like any uploaded requirement."""
    pegawai = by.pegawai
    lokal = documents.waktu_lokal(rujukan.instansi, pada)
    html = render_to_string(
        "rujukan/online/surat_kelurahan_pdf.html",
        {
            "rujukan": rujukan,
            "instansi": rujukan.instansi,
            "kelurahan": pegawai.kelurahan,
            "operator": pegawai,
            "surat": surat,
            "tanggal": documents.tanggal_panjang(lokal),
            # formatted here: a template's date filter would use the server's zone
            "jam": lokal.strftime("%d-%m-%Y %H.%M"),
        },
    )
    return documents.render_pdf(html)


def rujukan_submit_online(
    *,
    by: Pengguna | None,
    permohonan: PermohonanBaru,
    persetujuan: DataPersetujuanOnline,
    kunci: str,
    sumber: str = Sumber.ONLINE_OPERATOR,
    surat_portal: DataSuratPortal | None = None,
    warga_telepon: str = "",
) -> HasilRegistrasi:
    """Submit the request `permohonan` online: `by` the operator (sumber
    online_operator), or `by=None` with the citizen's proven number
    `warga_telepon` (online_warga; the consent is then the citizen's own
    statement in the portal).

    Refused, with nothing saved, when the submitter may not submit to this
    office, the standard is not published, a mandatory document is missing, a
    file is not a PDF/photo/video or too large, or the consent is not stated.
    The same form (`kunci`) sent twice makes one case."""
    layanan, sub_layanan, berkas = permohonan.layanan, permohonan.sub_layanan, permohonan.berkas
    if permohonan.terpenuhi or permohonan.terdaftar_dtks is not None:
        raise DataTidakValid(
            _("Berkas asli yang diperlihatkan dan status DTKS dicatat di loket, bukan daring.")
        )
    if sumber not in SUMBER_ONLINE:
        raise DataTidakValid(_("Sumber permohonan daring tidak dikenal."))
    if sumber == Sumber.ONLINE_OPERATOR and not boleh_ajukan_online(
        user=by, instansi=layanan.instansi
    ):
        raise IzinDitolak(
            _(
                "Akun Anda tidak terhubung dengan kelurahan/desa di wilayah %(instansi)s; "
                "permohonan tidak dapat diajukan ke instansi ini."
            )
            % {"instansi": layanan.instansi.nama}
        )
    if sumber == Sumber.ONLINE_WARGA:
        if by is not None or not warga_telepon:
            raise IzinDitolak(
                _("Pengajuan warga memerlukan nomor telepon yang sudah diverifikasi.")
            )
        persetujuan = replace(persetujuan, cara=PersetujuanKlien.Cara.ELEKTRONIK)
    if not layanan.aktif:
        raise DataTidakValid(_("Standar layanan ini tidak sedang diterbitkan."))
    persetujuan = _periksa_persetujuan(persetujuan)
    persyaratan = (
        persyaratan_untuk(layanan, sub_layanan)
        if (sub_layanan is None or sub_layanan.layanan_id == layanan.pk)
        else []
    )
    syarat_surat = persyaratan_surat_kelurahan(persyaratan)
    if surat_portal is not None:
        if sumber != Sumber.ONLINE_OPERATOR:
            raise IzinDitolak(
                _("Hanya operator kelurahan/desa yang menandatangani surat di portal.")
            )
        if syarat_surat is None:
            raise DataTidakValid(_("Standar layanan ini tidak meminta surat dari kelurahan/desa."))
        if syarat_surat.pk in berkas:
            raise DataTidakValid(
                _("Pilih salah satu: unggah surat kelurahan, atau tanda tangani di portal.")
            )
        surat_portal = _periksa_surat(surat_portal)
    kurang = dokumen_wajib_kurang(persyaratan, berkas, surat_portal=surat_portal is not None)
    if kurang:
        raise DataTidakValid(
            _("Dokumen wajib belum diunggah: %(daftar)s.")
            % {"daftar": "; ".join(p.teks for p in kurang)}
        )

    def catat(rujukan: Rujukan) -> None:
        PersetujuanKlien.objects.create(
            rujukan=rujukan,
            jenis=PersetujuanKlien.Jenis.DIBERIKAN,
            cakupan=PersetujuanKlien.Cakupan.PENGOLAHAN,
            pemberi=persetujuan.pemberi,
            hubungan=persetujuan.hubungan,
            cara=persetujuan.cara,
            alasan=persetujuan.alasan,
            dicatat_oleh=by,
            dicatat_pada=rujukan.dibuat_pada,
        )
        if surat_portal is None:
            return
        # a letter signed in the portal comes from an operator (refused above
        # otherwise), whose account belongs to a kelurahan (boleh_ajukan_online)
        assert by is not None and by.pegawai.kelurahan is not None
        kelurahan = by.pegawai.kelurahan
        pada = rujukan.dibuat_pada or sekarang()
        item = BerkasItem.objects.get(rujukan=rujukan, persyaratan=syarat_surat)
        isi = surat_kelurahan_pdf(rujukan=rujukan, by=by, surat=surat_portal, pada=pada)
        simpan_berkas(item.berkas, "surat-kelurahan.pdf", isi)
        item.tipe_berkas, item.ukuran_berkas, item.terpenuhi = "application/pdf", len(isi), True
        item.catatan = (
            _("Ditandatangani di portal oleh %(nama)s (%(kelurahan)s), nomor %(nomor)s.")
            % {
                "nama": by.pegawai.nama,
                "kelurahan": kelurahan.nama,
                "nomor": surat_portal.nomor,
            }
        )[:300]
        item.save()
        catat_kejadian(
            rujukan,
            "rujukan.kelurahan_letter_signed",
            oleh=by,
            nomor=surat_portal.nomor[:100],
            kelurahan=kelurahan.nama,
        )

    return rujukan_register(
        by=by,
        permohonan=permohonan,
        sumber=sumber,
        kunci_pengajuan=kunci,
        sebelum_selesai=catat,
        warga_telepon=warga_telepon,
    )


__all__ = [
    "DataPersetujuanOnline",
    "DataSuratPortal",
    "dokumen_wajib_kurang",
    "persyaratan_surat_kelurahan",
    "rujukan_submit_online",
]
