"""Issuing a document: number, render, store once, hash — inside the
caller's transaction, so a failure leaves the case where it was and gives
the number back."""

from __future__ import annotations

import hashlib
import logging

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from rujukan import documents
from rujukan.errors import DokumenGagal
from rujukan.models import Dokumen, JenisDokumen, Konsep, Penomoran, Rujukan
from rujukan.services.base import ambil_nomor, format_nomor_surat

logger = logging.getLogger(__name__)


def terbitkan_dokumen(
    *,
    rujukan: Rujukan,
    jenis: str,
    by,
    penandatangan_user=None,
    penandatangan: dict | None = None,
    penulis: dict | None = None,
    konsep: Konsep | None = None,
    panti=None,
    kode_lacak: str = "",
    url_lacak: str = "",
    bernomor: bool = True,
) -> Dokumen:
    """Render and store one document of a case. Call inside transaction.atomic()."""
    instansi = rujukan.instansi
    tanggal = documents.waktu_lokal(instansi).date()
    nomor_urut, nomor = None, ""
    if bernomor:
        nomor_urut = ambil_nomor(instansi, Penomoran.Jenis.SURAT, tanggal.year)
        nomor = format_nomor_surat(instansi, urut=nomor_urut, tanggal=tanggal)
    ctx = documents.konteks(
        rujukan=rujukan,
        jenis=jenis,
        nomor=nomor,
        tanggal=tanggal,
        penandatangan=penandatangan,
        penulis=penulis,
        konsep=konsep,
        panti=panti,
        kode_lacak=kode_lacak,
        url_lacak=url_lacak,
    )
    try:
        pdf = documents.render_pdf(documents.render_html(jenis, ctx))
    except Exception as exc:  # WeasyPrint or template failure
        logger.exception("Gagal membuat PDF %s untuk rujukan %s", jenis, rujukan.pk)
        raise DokumenGagal(
            _("Dokumen gagal dibuat; tidak ada perubahan yang disimpan. Coba lagi.")
        ) from exc
    dokumen = Dokumen(
        instansi=instansi,
        rujukan=rujukan,
        jenis=jenis,
        judul=(konsep.perihal if konsep and jenis != JenisDokumen.LAPORAN_SOSIAL else "")
        or JenisDokumen(jenis).label,
        nomor=nomor,
        tahun=tanggal.year,
        nomor_urut=nomor_urut,
        tanggal=tanggal,
        sha256=hashlib.sha256(pdf).hexdigest(),
        ukuran=len(pdf),
        konsep=konsep,
        penandatangan=penandatangan_user,
        penandatangan_info=penandatangan or penulis or {},
        diterbitkan_oleh=by,
    )
    try:
        dokumen.berkas.save(f"{jenis}.pdf", ContentFile(pdf), save=False)
    except Exception as exc:
        logger.exception("Gagal menyimpan PDF %s untuk rujukan %s", jenis, rujukan.pk)
        raise DokumenGagal(
            _("Dokumen gagal disimpan; tidak ada perubahan yang disimpan. Coba lagi.")
        ) from exc
    try:
        dokumen.save()
    except Exception:
        dokumen.berkas.storage.delete(dokumen.berkas.name)
        raise
    return dokumen
