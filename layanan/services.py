"""Use cases of the service standards as versions.

A standard (instansi + slug) is a series of Layanan rows, one per version.
It changes only through a new version: a draft copied from the version in
force (`layanan_create_draft`), from another office's standard
(`layanan_copy`) or from a file (`layanan_import`), edited in the admin and
published with its SK (`layanan_publish`), which archives the version it
replaces. Cases keep the version they were registered under: publishing
never touches the rows of an earlier version.

Each use case runs in one transaction that first locks every version of the
standard, so two drafts, or a draft and a publication, never interleave; the
database constraints of Layanan (one draft, one version in force per
standard) hold the line where there is no row to lock yet.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from layanan.data.ekspor import ekspor_standar
from layanan.data.muat import StandarError, muat_standar_data
from layanan.errors import (
    DataTidakValid,
    IzinDitolak,
    Konflik,
    StandarTidakDapatDiterbitkan,
    TidakDitemukan,
)
from layanan.models import Instansi, Layanan, RiwayatStandar, StatusVersi
from layanan.pengguna import Pengguna
from layanan.permissions import boleh_kelola_standar
from layanan.publikasi import periksa_standar
from layanan.salinan import isi_layanan, jabatan_di, jabatan_sama, salin_isi

__all__ = [
    "layanan_create_draft",
    "layanan_export",
    "layanan_import",
    "layanan_copy",
    "layanan_publish",
]


# -- shared steps -----------------------------------------------------------


def _izinkan(by: Pengguna, instansi: Instansi, perm: str) -> None:
    if not boleh_kelola_standar(user=by, instansi=instansi, perm=perm):
        raise IzinDitolak(_("Anda tidak berwenang mengelola standar pelayanan instansi ini."))


def _kunci_versi(*, instansi_id: int, slug: str) -> list[Layanan]:
    """Every version of one standard, oldest first, locked until the end of
    the transaction."""
    return list(
        Layanan.objects.select_for_update()
        .filter(instansi_id=instansi_id, slug=slug)
        .order_by("versi")
    )


def _versi_dari(versi: list[Layanan], layanan: Layanan) -> Layanan:
    """The locked, fresh row of `layanan` among the versions."""
    for row in versi:
        if row.pk == layanan.pk:
            return row
    raise TidakDitemukan(_("Standar pelayanan tidak ditemukan."))


def _tolak_draf_kedua(versi: list[Layanan]) -> None:
    draf = next((row for row in versi if row.status_versi == StatusVersi.DRAF), None)
    if draf is not None:
        raise Konflik(
            _(
                "Standar ini sudah mempunyai draf versi %(n)s. Terbitkan atau hapus draf itu "
                "sebelum membuat draf baru."
            )
            % {"n": draf.versi}
        )


def _versi_berikut(versi: list[Layanan]) -> int:
    return max((row.versi for row in versi), default=0) + 1


def _simpan_draf(draf: Layanan) -> Layanan:
    """Save a new draft row; a draft made at the same moment wins the constraint."""
    try:
        with transaction.atomic():
            draf.save()
    except IntegrityError:
        raise Konflik(
            _("Draf standar ini baru saja dibuat oleh orang lain. Muat ulang halaman.")
        ) from None
    return draf


def _catat(layanan: Layanan, kode: str, *, by: Pengguna, catatan: str = "") -> RiwayatStandar:
    return RiwayatStandar.objects.create(
        layanan=layanan,
        kode=kode,
        oleh=by if getattr(by, "is_authenticated", False) else None,
        catatan=catatan[:300],
    )


def _tanggal(d: dt.date) -> str:
    return date_format(d, "j F Y")


# -- a new version ----------------------------------------------------------


def layanan_create_draft(*, layanan: Layanan, by: Pengguna) -> Layanan:
    """A draft of the next version: a complete copy of the version in force."""
    _izinkan(by, layanan.instansi, "add_layanan")
    with transaction.atomic():
        versi = _kunci_versi(instansi_id=layanan.instansi_id, slug=layanan.slug)
        sumber = _versi_dari(versi, layanan)
        if sumber.status_versi != StatusVersi.BERLAKU:
            raise Konflik(
                _(
                    "Draf versi baru dibuat dari versi yang berlaku; versi %(n)s berstatus "
                    "%(status)s."
                )
                % {"n": sumber.versi, "status": sumber.get_status_versi_display().lower()}
            )
        _tolak_draf_kedua(versi)
        draf = _simpan_draf(
            Layanan(
                **isi_layanan(sumber),
                instansi_id=sumber.instansi_id,
                versi=_versi_berikut(versi),
                status_versi=StatusVersi.DRAF,
                aktif=False,
                versi_asal=sumber,
                urutan=sumber.urutan,
            )
        )
        salin_isi(sumber=sumber, tujuan=draf, jabatan_untuk=jabatan_sama)
        _catat(
            draf,
            RiwayatStandar.Kode.DRAF_DIBUAT,
            by=by,
            catatan=_("Disalin dari versi %(n)s.") % {"n": sumber.versi},
        )
    return draf


def layanan_copy(
    *, sumber: Layanan, instansi: Instansi, by: Pengguna, slug: str | None = None
) -> Layanan:
    """A draft in `instansi` copied from a published standard of (usually)
    another office: its jabatan become the office's jabatan of the same name
    (created with the same role where the office has none); panti are the
    office's own and are not copied. With an existing standard of the same
    slug, the copy is the draft of its next version."""
    _izinkan(by, instansi, "add_layanan")
    slug = (slug or sumber.slug).strip()
    try:
        validate_slug(slug)
    except ValidationError:
        raise DataTidakValid(
            _("Slug hanya boleh berisi huruf, angka, tanda hubung dan garis bawah.")
        ) from None
    with transaction.atomic():
        berlaku = (
            Layanan.objects.select_related("instansi").filter(pk=sumber.pk, aktif=True).first()
        )
        if berlaku is None:
            raise TidakDitemukan(_("Standar sumber tidak ditemukan atau tidak sedang berlaku."))
        sumber = berlaku
        versi = _kunci_versi(instansi_id=instansi.pk, slug=slug)
        _tolak_draf_kedua(versi)
        berlaku = next((row for row in versi if row.status_versi == StatusVersi.BERLAKU), None)
        draf = _simpan_draf(
            Layanan(
                **{**isi_layanan(sumber), "slug": slug},
                instansi=instansi,
                versi=_versi_berikut(versi),
                status_versi=StatusVersi.DRAF,
                aktif=False,
                versi_asal=sumber,
                urutan=berlaku.urutan if berlaku is not None else 0,
            )
        )
        salin_isi(sumber=sumber, tujuan=draf, jabatan_untuk=jabatan_di(instansi))
        _catat(
            draf,
            RiwayatStandar.Kode.DISALIN,
            by=by,
            catatan=_("Dari %(instansi)s: %(nama)s, versi %(n)s.")
            % {"instansi": sumber.instansi.nama, "nama": sumber.nama, "n": sumber.versi},
        )
    return draf


def layanan_import(
    *, data: dict[str, Any], instansi: Instansi, by: Pengguna, nama_berkas: str = "berkas"
) -> Layanan:
    """A draft in `instansi` from a standard file (the format of
    layanan_export and layanan/data/standar/*.json), loaded by muat: the
    file's own office and panti are not read, its jabatan are matched by name
    in `instansi` or created there. Always a draft: it runs only once
    published, after the same checks as every version."""
    _izinkan(by, instansi, "add_layanan")
    isi = data.get("layanan") if isinstance(data, dict) else None
    slug = isi.get("slug") if isinstance(isi, dict) else None
    if not isinstance(slug, str) or not slug:
        raise DataTidakValid(
            _("Berkas bukan standar pelayanan: bagian 'layanan' dengan 'slug' tidak ada.")
        )
    with transaction.atomic():
        versi = _kunci_versi(instansi_id=instansi.pk, slug=slug)
        _tolak_draf_kedua(versi)
        try:
            with transaction.atomic():
                hasil = muat_standar_data(
                    data=data, nama=nama_berkas, instansi=instansi, sebagai_draf=True
                )
        except StandarError as exc:
            raise DataTidakValid(str(exc)) from None
        except IntegrityError:
            raise Konflik(
                _("Draf standar ini baru saja dibuat oleh orang lain. Muat ulang halaman.")
            ) from None
        _catat(hasil.layanan, RiwayatStandar.Kode.DIIMPOR, by=by, catatan=nama_berkas)
    return hasil.layanan


def layanan_export(layanan: Layanan) -> dict[str, Any]:
    """The standard file of this version, ready for json.dumps: what
    layanan_import (and manage.py muat_standar) read back."""
    return ekspor_standar(layanan)


# -- publishing -------------------------------------------------------------


def _periksa_sk(
    *, nomor_sk: str, tanggal_sk: dt.date | None, berlaku_mulai: dt.date, hari_ini: dt.date
) -> list[str]:
    out = []
    if not nomor_sk:
        out.append(_("Nomor SK wajib diisi."))
    if tanggal_sk is None:
        out.append(_("Tanggal SK wajib diisi."))
    elif tanggal_sk > hari_ini:
        out.append(_("Tanggal SK %(tanggal)s belum tiba.") % {"tanggal": _tanggal(tanggal_sk)})
    if berlaku_mulai > hari_ini:
        out.append(
            _(
                "Tanggal berlaku %(tanggal)s belum tiba: terbitkan versi ini pada tanggal "
                "berlakunya, karena versi yang diterbitkan langsung dipakai."
            )
            % {"tanggal": _tanggal(berlaku_mulai)}
        )
    if tanggal_sk is not None and berlaku_mulai < tanggal_sk:
        out.append(_("Tanggal berlaku tidak boleh sebelum tanggal SK."))
    return out


def layanan_publish(
    *,
    layanan: Layanan,
    by: Pengguna,
    nomor_sk: str,
    tanggal_sk: dt.date | None,
    berlaku_mulai: dt.date | None = None,
) -> Layanan:
    """Publish a draft with its SK: it becomes the version in force (public,
    open for new cases) and the version it replaces becomes arsip. Refused
    with every reason at once: a missing SK, and every problem
    periksa_standar finds. `berlaku_mulai` defaults to the office's today."""
    _izinkan(by, layanan.instansi, "change_layanan")
    nomor_sk = (nomor_sk or "").strip()
    hari_ini = timezone.localdate(timezone=ZoneInfo(layanan.instansi.zona_waktu))
    berlaku_mulai = berlaku_mulai or hari_ini
    with transaction.atomic():
        versi = _kunci_versi(instansi_id=layanan.instansi_id, slug=layanan.slug)
        draf = _versi_dari(versi, layanan)
        if draf.status_versi != StatusVersi.DRAF:
            raise Konflik(
                _("Versi %(n)s sudah %(status)s; hanya draf yang dapat diterbitkan.")
                % {"n": draf.versi, "status": draf.get_status_versi_display().lower()}
            )
        masalah = _periksa_sk(
            nomor_sk=nomor_sk, tanggal_sk=tanggal_sk, berlaku_mulai=berlaku_mulai, hari_ini=hari_ini
        ) + [m.pesan for m in periksa_standar(draf)]
        if masalah:
            raise StandarTidakDapatDiterbitkan(_("Standar tidak dapat diterbitkan:"), masalah)
        assert tanggal_sk is not None  # _periksa_sk refuses a decree without a date
        for lama in versi:
            if lama.status_versi == StatusVersi.BERLAKU:
                lama.status_versi = StatusVersi.ARSIP
                lama.aktif = False
                lama.save(update_fields=["status_versi", "aktif", "diperbarui"])
                _catat(
                    lama,
                    RiwayatStandar.Kode.DIARSIPKAN,
                    by=by,
                    catatan=_("Diganti versi %(n)s.") % {"n": draf.versi},
                )
        draf.status_versi = StatusVersi.BERLAKU
        draf.aktif = True
        draf.nomor_sk = nomor_sk
        draf.tanggal_sk = tanggal_sk
        draf.berlaku_mulai = berlaku_mulai
        draf.save(
            update_fields=[
                "status_versi",
                "aktif",
                "nomor_sk",
                "tanggal_sk",
                "berlaku_mulai",
                "diperbarui",
            ]
        )
        _catat(
            draf,
            RiwayatStandar.Kode.DITERBITKAN,
            by=by,
            catatan=_("SK %(nomor)s tanggal %(tanggal)s, berlaku mulai %(mulai)s.")
            % {
                "nomor": nomor_sk,
                "tanggal": _tanggal(tanggal_sk),
                "mulai": _tanggal(berlaku_mulai),
            },
        )
    return draf
