"""The printable A4 standard (WeasyPrint) to pin on the office wall.

The PDF is drawn from one template, layanan/standar_pdf.html. WeasyPrint may
only read data: URIs, so rendering never reaches the network or the disk: the
office logo is read through Django's storage API and embedded.
"""

from __future__ import annotations

import base64
import io
import logging
import mimetypes
from zoneinfo import ZoneInfo

import segno
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from layanan.models import Instansi, Layanan
from layanan.selectors import susunan_persyaratan
from layanan.unggahan import buka_gambar

logger = logging.getLogger(__name__)

LOGO_MAKS_BYTES = 1024 * 1024
LOGO_CETAK_MAKS_PIKSEL = 4_000_000  # 2000×2000; an upload is stored at most 600 px a side


def logo_data_uri(instansi: Instansi) -> str:
    """The office logo as a data: URI, or '' when there is none or it cannot be read."""
    if not instansi.logo:
        return ""
    mime, _ = mimetypes.guess_type(instansi.logo.name or "")
    if mime not in {"image/png", "image/jpeg", "image/svg+xml", "image/gif", "image/webp"}:
        return ""
    try:
        with instansi.logo.open("rb") as fh:
            data = fh.read(LOGO_MAKS_BYTES + 1)
    except OSError:
        logger.warning("Logo instansi %s tidak dapat dibaca", instansi.pk)
        return ""
    if len(data) > LOGO_MAKS_BYTES:
        return ""
    if mime != "image/svg+xml" and not _logo_wajar(data):
        logger.warning("Logo instansi %s terlalu besar (piksel); unggah ulang logonya", instansi.pk)
        return ""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _logo_wajar(data: bytes) -> bool:
    """Whether a stored logo is small enough to print (its header read only):
    logos uploaded before uploads were downscaled may be huge, and every PDF
    of the office would decode them."""
    try:
        gambar = buka_gambar(io.BytesIO(data), nama="logo", maks=LOGO_CETAK_MAKS_PIKSEL)
    except ValidationError:
        return False
    gambar.close()
    return True


def qr_data_uri(url: str) -> str:
    """A QR code (SVG data URI) that opens the online page of the standard."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=0, dark="#000")


def kolom_langkah(layanan: Layanan) -> dict[str, bool]:
    """Which optional columns of the procedure table carry anything at all."""
    langkah = list(layanan.langkah.all())
    return {
        "pelaksana": any(lk.pelaksana_tampil for lk in langkah),
        "waktu": any(lk.durasi_nilai is not None or lk.durasi_catatan for lk in langkah),
        "hasil": any(lk.output for lk in langkah),
    }


def standar_html(*, layanan: Layanan, page_url: str) -> str:
    return render_to_string(
        "layanan/standar_pdf.html",
        {
            "layanan": layanan,
            "instansi": layanan.instansi,
            "syarat": susunan_persyaratan(layanan),
            "kolom": kolom_langkah(layanan),
            "logo": logo_data_uri(layanan.instansi),
            "qr": qr_data_uri(page_url) if page_url else "",
            "page_url": page_url,
            "dicetak": timezone.localtime(timezone.now(), ZoneInfo(layanan.instansi.zona_waktu)),
        },
    )


def standar_pdf(*, layanan: Layanan, page_url: str = "") -> bytes:
    """The standard as an A4 portrait PDF. `layanan` should come from
    selectors.layanan_standar_get so its components are prefetched."""
    html = standar_html(layanan=layanan, page_url=page_url)
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
