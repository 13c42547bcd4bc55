"""Checks for attachments: by content, not by name, and within the stated size."""

from __future__ import annotations

from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

IMAGE_TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}
PDF_TYPE = "application/pdf"
MAX_FILES = 3


def max_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


@dataclass(frozen=True)
class BerkasDiperiksa:
    file: object  # an UploadedFile
    tipe_konten: str
    ekstensi: str
    nama_asli: str
    ukuran: int


def _clean_name(name: str) -> str:
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"|?*')
    return (cleaned.strip() or "berkas")[:150]


def periksa_berkas(upload) -> BerkasDiperiksa:
    """Accept a JPEG/PNG/WebP photo or a PDF, judged by its bytes; raise ValidationError."""
    name = _clean_name(getattr(upload, "name", "") or "berkas")
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("Berkas “%(nama)s” kosong."), params={"nama": name})
    if size > max_bytes():
        raise ValidationError(
            _("Berkas “%(nama)s” lebih dari %(mb)s MB."),
            params={"nama": name, "mb": settings.MAX_UPLOAD_MB},
        )
    upload.seek(0)
    head = upload.read(262)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    if mime in IMAGE_TYPES:
        try:
            with Image.open(upload) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise ValidationError(
                _("Berkas “%(nama)s” bukan gambar yang dapat dibuka."), params={"nama": name}
            ) from exc
        finally:
            upload.seek(0)
        return BerkasDiperiksa(upload, mime, IMAGE_TYPES[mime], name, size)
    if head.startswith(b"%PDF-"):
        return BerkasDiperiksa(upload, PDF_TYPE, ".pdf", name, size)
    raise ValidationError(
        _("Berkas “%(nama)s” tidak diterima: kirim foto (JPG, PNG, WebP) atau PDF."),
        params={"nama": name},
    )
