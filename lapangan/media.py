"""Photos and videos from the field: limits, checks by content, resizing.

- A photo is read by Pillow (never trusted by its name or the browser's
  content type), turned upright from its EXIF orientation, resized to at most
  FOTO_SISI_MAKS px and saved as JPEG quality 80 without any metadata (so the
  GPS position the camera wrote is gone), plus a small copy for pages and PDFs.
- A video is recognised by its header (MP4, MOV, WebM, 3GP) and kept as is.
- Oversized uploads are stopped while they stream (BatasUnggahan), so a
  200 MB video never fills memory or the disk.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from layanan.unggahan import periksa_unggahan

FOTO_SISI_MAKS = 1600
KECIL_SISI_MAKS = 640
FOTO_KUALITAS = 80
KECIL_KUALITAS = 72
MAKS_FOTO_PER_KIRIMAN = 6


def batas_foto_mb() -> int:
    return getattr(settings, "LAPANGAN_FOTO_MAKS_MB", 15)


def batas_video_mb() -> int:
    return getattr(settings, "LAPANGAN_VIDEO_MAKS_MB", 50)


VIDEO = {"video/mp4": "mp4", "video/quicktime": "mov", "video/webm": "webm", "video/3gpp": "3gp"}


@dataclass(frozen=True)
class FotoOlahan:
    jpeg: bytes
    kecil: bytes
    lebar: int
    tinggi: int


@dataclass(frozen=True)
class VideoDiperiksa:
    mime: str
    ekstensi: str
    ukuran: int


def _ukuran(berkas) -> int:
    size = getattr(berkas, "size", None)
    if size is None:
        berkas.seek(0, 2)
        size = berkas.tell()
        berkas.seek(0)
    return size


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".replace(".", ",")


def olah_foto(berkas) -> FotoOlahan:
    """Check a photo by content and make the stored copies; ValidationError otherwise."""
    nama = getattr(berkas, "name", "") or _("foto")
    ukuran = _ukuran(berkas)
    if ukuran > batas_foto_mb() * 1024 * 1024:
        raise ValidationError(
            _("Foto “%(nama)s” terlalu besar (%(ukuran)s MB); batasnya %(batas)s MB per foto.")
            % {"nama": nama, "ukuran": _mb(ukuran), "batas": batas_foto_mb()},
            code="terlalu_besar",
        )
    if ukuran == 0:
        raise ValidationError(_("Foto “%(nama)s” kosong.") % {"nama": nama}, code="kosong")
    berkas.seek(0)
    try:
        with Image.open(berkas) as img:
            if img.format not in ("JPEG", "PNG", "WEBP", "MPO"):
                raise UnidentifiedImageError(img.format)
            img.load()
            img = ImageOps.exif_transpose(img)
            img = img.convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _(
                "“%(nama)s” bukan foto yang dapat dibaca. Kirim foto JPG, PNG atau WebP "
                "dari kamera ponsel."
            )
            % {"nama": nama},
            code="bukan_foto",
        ) from None
    finally:
        berkas.seek(0)
    img.thumbnail((FOTO_SISI_MAKS, FOTO_SISI_MAKS), Image.Resampling.LANCZOS)
    besar = io.BytesIO()
    img.save(besar, "JPEG", quality=FOTO_KUALITAS, optimize=True)  # no exif= : no metadata
    kecil_img = img.copy()
    kecil_img.thumbnail((KECIL_SISI_MAKS, KECIL_SISI_MAKS), Image.Resampling.LANCZOS)
    kecil = io.BytesIO()
    kecil_img.save(kecil, "JPEG", quality=KECIL_KUALITAS, optimize=True)
    return FotoOlahan(besar.getvalue(), kecil.getvalue(), img.width, img.height)


def periksa_video(berkas) -> VideoDiperiksa:
    """A short video, recognised by its header (the portal's one upload check)."""
    ukuran = _ukuran(berkas)
    if ukuran > batas_video_mb() * 1024 * 1024:
        raise ValidationError(pesan_video_terlalu_besar(ukuran), code="terlalu_besar")
    try:
        hasil = periksa_unggahan(
            berkas, boleh_pdf=False, boleh_video=True, batas_mb=batas_video_mb()
        )
    except ValidationError as exc:
        if exc.code == "kosong":
            raise
        raise ValidationError(
            _("“%(nama)s” bukan video yang diterima. Kirim video MP4, MOV, WebM atau 3GP.")
            % {"nama": getattr(berkas, "name", "") or _("video")},
            code="bukan_video",
        ) from None
    if hasil.mime not in VIDEO:  # an image sent as the video
        raise ValidationError(
            _("“%(nama)s” bukan video. Foto dikirim lewat kolom foto.") % {"nama": hasil.nama_asli},
            code="bukan_video",
        )
    return VideoDiperiksa(hasil.mime, hasil.ekstensi, ukuran)


def pesan_video_terlalu_besar(ukuran: int | None = None) -> str:
    if ukuran:
        return _(
            "Video terlalu besar (%(ukuran)s MB); batasnya %(batas)s MB. Rekam video yang lebih "
            "pendek (sekitar 20 detik) atau kirim foto saja."
        ) % {"ukuran": _mb(ukuran), "batas": batas_video_mb()}
    return _(
        "Video terlalu besar; batasnya %(batas)s MB. Rekam video yang lebih pendek (sekitar "
        "20 detik) atau kirim foto saja."
    ) % {"batas": batas_video_mb()}


def pesan_foto_terlalu_besar(nama: str) -> str:
    return _("Foto “%(nama)s” terlalu besar; batasnya %(batas)s MB per foto.") % {
        "nama": nama,
        "batas": batas_foto_mb(),
    }


class BatasUnggahan(FileUploadHandler):
    """Stops a file field while it streams as soon as it passes its limit
    (photos and video separately). The rest of the form is still read, so the
    page can say what was wrong and keep everything typed; what was stopped is
    listed in `request.unggahan_ditolak` as (field, file name, message)."""

    def __init__(self, request=None):
        super().__init__(request)
        self.batas = 0
        self.diterima = 0
        if request is not None and not hasattr(request, "unggahan_ditolak"):
            request.unggahan_ditolak = []

    def new_file(self, field_name, file_name, content_type, content_length, charset=None, *a):
        super().new_file(field_name, file_name, content_type, content_length, charset, *a)
        self.diterima = 0
        self.batas = (batas_video_mb() if field_name == "video" else batas_foto_mb()) * 1024 * 1024
        if content_length and content_length > self.batas:
            self._tolak()

    def _tolak(self):
        pesan = (
            pesan_video_terlalu_besar()
            if self.field_name == "video"
            else pesan_foto_terlalu_besar(self.file_name or "")
        )
        if self.request is not None:
            self.request.unggahan_ditolak.append((self.field_name, self.file_name, pesan))
        raise SkipFile()

    def receive_data_chunk(self, raw_data, start):
        self.diterima += len(raw_data)
        if self.diterima > self.batas:
            self._tolak()
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) keeps the data
