"""Issuing a document: number, render (with its verification QR code),
sign (PAdES), hash the signed bytes, store them once — inside the caller's
transaction, so a failure leaves the case where it was and gives the number
back.

No file outlives a rolled-back transaction. The bytes are written before the
commit (so a committed Dokumen always has its file; writing after the commit
could leave a committed letter without bytes if the storage failed then), and
every file written is entered in a ledger kept on the database connection:
- the commit takes it off the ledger (`transaction.on_commit`);
- `transaksi_terbit()`, the atomic block the issuing services open, deletes
  the files written inside it when it exits with an exception (that block's
  rows are gone, so its files go too);
- anything still on the ledger once no transaction is open any more belongs
  to a transaction that rolled back elsewhere (Django has no on_rollback):
  it is deleted at the end of the request (`sapu_berkas_batal`, connected to
  request_finished by rujukan.apps) and when the next issuing block starts.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Unpack

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from layanan.documents import qr_data_uri
from layanan.pengguna import Pengguna
from rujukan import documents
from rujukan.documents import IsiSurat
from rujukan.errors import DokumenGagal
from rujukan.models import Dokumen, JenisDokumen, Penomoran, Rujukan
from rujukan.services.base import ambil_nomor, format_nomor_surat
from rujukan.tanda_tangan import TandaTanganGagal, penanda
from rujukan.verifikasi import url_cek_kode, url_verifikasi

logger = logging.getLogger(__name__)


# -- files written in a transaction that may still roll back ------------------------------------
_BUKU = "_rujukan_berkas_belum_commit"


def _buku(conn: BaseDatabaseWrapper) -> list[tuple[Storage, str]]:
    buku = getattr(conn, _BUKU, None)
    if buku is None:
        buku = []
        setattr(conn, _BUKU, buku)
    return buku


def _hapus(entri: list[tuple[Storage, str]]) -> None:
    for storage, nama in entri:
        try:
            storage.delete(nama)
        except Exception:  # noqa: BLE001 - a failed cleanup must not hide the real error
            logger.exception("Berkas %s dari transaksi yang batal tidak dapat dihapus", nama)


def _entri(field_file: FieldFile) -> tuple[Storage, str]:
    """A written file's line in the ledger."""
    assert field_file.name is not None  # the file was just written: it has its name
    return (field_file.storage, field_file.name)


def simpan_berkas(field_file: FieldFile, nama: str, isi: bytes) -> None:
    """Write `isi` through a FileField inside the current transaction; the
    file is deleted again if that transaction does not commit."""
    field_file.save(nama, ContentFile(isi), save=False)
    catat_berkas(field_file)


def catat_berkas(field_file: FieldFile) -> None:
    """Enter a file just written through `field_file` in the ledger: it is
    deleted again if the current transaction does not commit."""
    conn = transaction.get_connection()
    entri = _entri(field_file)
    _buku(conn).append(entri)

    def _tetap() -> None:
        buku = _buku(conn)
        if entri in buku:
            buku.remove(entri)

    transaction.on_commit(_tetap)


def sapu_berkas_batal(sender: object = None, *, using: str | None = None, **kwargs: object) -> None:
    """Delete the files whose transaction is over without a commit."""
    aliases = [using] if using else [c.alias for c in connections.all(initialized_only=True)]
    for alias in aliases:
        conn = connections[alias]
        buku = getattr(conn, _BUKU, None)
        if buku and not conn.in_atomic_block:
            sisa = list(buku)
            buku.clear()
            _hapus(sisa)


@contextmanager
def transaksi_terbit(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """transaction.atomic() for a use case that issues documents: when the block
    fails, the files it wrote are deleted with its rows."""
    conn = connections[using]
    if not conn.in_atomic_block:
        sapu_berkas_batal(using=using)
    sebelum = list(_buku(conn))
    try:
        with transaction.atomic(using=using):
            yield
    except BaseException:
        buku = _buku(conn)
        baru = [e for e in buku if e not in sebelum]
        for e in baru:
            buku.remove(e)
        _hapus(baru)
        raise


# -- issuing -----------------------------------------------------------------------------------
def _alasan_tanda_tangan(judul: str, nomor: str, blok: dict[str, Any]) -> str:
    teks = f"{judul} {nomor}".strip()
    if blok.get("nama"):
        teks += " — " + _("ditandatangani oleh %(nama)s") % {"nama": blok["nama"]}
    return teks


def terbitkan_dokumen(
    *,
    rujukan: Rujukan,
    jenis: str,
    by: Pengguna,
    penandatangan_user: Pengguna | None = None,
    bernomor: bool = True,
    menggantikan: Dokumen | None = None,
    alasan_terbit_ulang: str = "",
    **isi: Unpack[IsiSurat],
) -> Dokumen:
    """Render, sign and store one document of a case, printing `isi` (who signs,
    who wrote it, its draft, its panti, its tracking code: documents.IsiSurat).
    Call inside transaction.atomic() (transaksi_terbit() deletes the file on
    failure)."""
    konsep = isi.get("konsep")
    instansi = rujukan.instansi
    tanggal = documents.waktu_lokal(instansi).date()
    nomor_urut, nomor = None, ""
    if bernomor:
        nomor_urut = ambil_nomor(instansi, Penomoran.Jenis.SURAT, tanggal.year)
        nomor = format_nomor_surat(instansi, urut=nomor_urut, tanggal=tanggal)
    judul = (konsep.perihal if konsep and jenis != JenisDokumen.LAPORAN_SOSIAL else "") or str(
        JenisDokumen(jenis).label
    )
    dokumen = Dokumen(
        instansi=instansi,
        rujukan=rujukan,
        jenis=jenis,
        judul=judul,
        nomor=nomor,
        tahun=tanggal.year,
        nomor_urut=nomor_urut,
        tanggal=tanggal,
        konsep=konsep,
        penandatangan=penandatangan_user,
        penandatangan_info=isi.get("penandatangan") or isi.get("penulis") or {},
        diterbitkan_oleh=by,
        menggantikan=menggantikan,
        alasan_terbit_ulang=alasan_terbit_ulang,
    )
    signer = penanda()
    try:
        info = signer.sertifikat(instansi=instansi)
    except TandaTanganGagal as exc:
        logger.error("Tanda tangan elektronik tidak siap: %s", exc)
        raise DokumenGagal(
            _(
                "Sertifikat tanda tangan elektronik instansi belum siap; dokumen tidak "
                "diterbitkan dan tidak ada perubahan yang disimpan. Hubungi admin portal."
            )
        ) from exc
    dokumen.sertifikat = info.sebagai_dict() if info else {}
    ctx = documents.konteks(rujukan=rujukan, jenis=jenis, nomor=nomor, tanggal=tanggal, **isi)
    dokumen.templat = ctx["templat"]  # the office's wording in force (None: the default)
    url = url_verifikasi(dokumen.token)
    ctx.update(
        verifikasi={
            "url": url,
            "qr": qr_data_uri(url),
            "kode": dokumen.kode_tampil,
            "url_kode": url_cek_kode(),
            "tte": info is not None,
        }
    )
    try:
        pdf = documents.render_pdf(documents.render_html(jenis, ctx))
    except Exception as exc:  # WeasyPrint or template failure
        logger.exception("Gagal membuat PDF %s untuk rujukan %s", jenis, rujukan.pk)
        raise DokumenGagal(
            _("Dokumen gagal dibuat; tidak ada perubahan yang disimpan. Coba lagi.")
        ) from exc
    try:
        pdf = signer.sign(
            pdf,
            instansi=instansi,
            alasan=_alasan_tanda_tangan(judul, nomor, dokumen.penandatangan_info),
        )
    except TandaTanganGagal as exc:
        logger.exception("Gagal menandatangani PDF %s untuk rujukan %s", jenis, rujukan.pk)
        raise DokumenGagal(
            _("Dokumen gagal ditandatangani; tidak ada perubahan yang disimpan. Coba lagi.")
        ) from exc
    # what is stored, shown and verified: the final, signed bytes
    dokumen.sha256 = hashlib.sha256(pdf).hexdigest()
    dokumen.ukuran = len(pdf)
    try:
        simpan_berkas(dokumen.berkas, f"{jenis}.pdf", pdf)
    except Exception as exc:
        logger.exception("Gagal menyimpan PDF %s untuk rujukan %s", jenis, rujukan.pk)
        raise DokumenGagal(
            _("Dokumen gagal disimpan; tidak ada perubahan yang disimpan. Coba lagi.")
        ) from exc
    try:
        with transaction.atomic():
            dokumen.save()
    except Exception:
        # this row never existed: its file goes now, whoever called us
        buku = _buku(transaction.get_connection())
        entri = _entri(dokumen.berkas)
        if entri in buku:
            buku.remove(entri)
        _hapus([entri])
        raise
    return dokumen
