"""One check for every uploaded file in the portal: judged by its bytes, never
by its name, within the size the form states (settings.MAX_UPLOAD_MB).

Accepted: PDF (%PDF- header), images Pillow can open (JPEG, PNG, WebP) and,
where the caller allows it, short videos (MP4, MOV, WebM, 3GP).
"""

from __future__ import annotations

from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

GAMBAR = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
VIDEO = {"video/mp4": "mp4", "video/quicktime": "mov", "video/webm": "webm", "video/3gpp": "3gp"}
PDF = "application/pdf"


@dataclass(frozen=True)
class HasilUnggahan:
    mime: str
    ekstensi: str  # without the dot
    ukuran: int
    nama_asli: str


def nama_bersih(name: str | None) -> str:
    """The uploaded file's own name, without folders or odd characters (for display)."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"|?*')
    return (cleaned.strip() or "berkas")[:150]


def periksa_unggahan(
    berkas, *, boleh_pdf: bool = True, boleh_video: bool = False, batas_mb: int | None = None
) -> HasilUnggahan:
    """Check one upload; raise ValidationError with an Indonesian message."""
    nama = nama_bersih(getattr(berkas, "name", ""))
    batas_mb = settings.MAX_UPLOAD_MB if batas_mb is None else batas_mb
    ukuran = getattr(berkas, "size", None)
    if ukuran is None:
        berkas.seek(0, 2)
        ukuran = berkas.tell()
    if ukuran == 0:
        raise ValidationError(_("Berkas “%(nama)s” kosong.") % {"nama": nama}, code="kosong")
    if ukuran > batas_mb * 1024 * 1024:
        raise ValidationError(
            _("Berkas terlalu besar: “%(nama)s” %(ukuran).1f MB; batasnya %(batas)s MB.")
            % {"nama": nama, "ukuran": ukuran / 1024 / 1024, "batas": batas_mb},
            code="terlalu_besar",
        )
    berkas.seek(0)
    kepala = berkas.read(8192)
    berkas.seek(0)
    if boleh_pdf and kepala.startswith(b"%PDF-"):
        return HasilUnggahan(PDF, "pdf", ukuran, nama)
    jenis = filetype.guess(kepala)
    mime = jenis.mime if jenis else ""
    if mime in GAMBAR:
        try:
            with Image.open(berkas) as img:
                img.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ValidationError(
                _("Gambar rusak atau bukan gambar yang sah: “%(nama)s”.") % {"nama": nama},
                code="gambar_rusak",
            ) from None
        finally:
            berkas.seek(0)
        return HasilUnggahan(mime, GAMBAR[mime], ukuran, nama)
    if boleh_video and mime in VIDEO:
        return HasilUnggahan(mime, VIDEO[mime], ukuran, nama)
    diterima = [_("foto (JPG/PNG/WebP)")]
    if boleh_pdf:
        diterima.append(_("PDF"))
    if boleh_video:
        diterima.append(_("video (MP4/MOV/WebM/3GP)"))
    raise ValidationError(
        _("Jenis berkas tidak diterima: “%(nama)s”. Unggah %(diterima)s.")
        % {"nama": nama, "diterima": _(" atau ").join(diterima)},
        code="jenis",
    )
