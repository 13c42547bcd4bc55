"""Photos and videos from the field: limits, checks by content, resizing.

- A photo is read by the portal's one image reader (layanan.unggahan.baca_gambar:
  never trusted by its name or the browser's content type, its pixels counted
  from the header before anything is decoded), turned upright from its EXIF
  orientation, resized to at most FOTO_SISI_MAKS px and saved as JPEG quality 80
  without any metadata (simpan_tanpa_metadata: the GPS position the camera wrote
  is gone), plus a small copy made once for pages and PDFs (`foto_kecil`).
- A video is recognised by its header (MP4, MOV, WebM, 3GP) and kept as is.
- Oversized uploads are stopped while they stream (BatasUnggahan), so a
  200 MB video never fills memory or the disk.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image

from layanan import unggahan
from layanan.unggahan import periksa_unggahan
from rujukan.forms_pekerjaan import BatasDokumentasi

FOTO_SISI_MAKS = 1600
KECIL_SISI_MAKS = 640
FOTO_KUALITAS = 80
KECIL_KUALITAS = 72
MAKS_FOTO_PER_KIRIMAN = 6


def batas_foto_mb() -> int:
    return getattr(settings, "LAPANGAN_FOTO_MAKS_MB", 15)


def batas_video_mb() -> int:
    return getattr(settings, "LAPANGAN_VIDEO_MAKS_MB", 50)


def batas_dokumentasi() -> BatasDokumentasi:
    """The limits as the forms and the pages say them."""
    return BatasDokumentasi(
        foto_n=MAKS_FOTO_PER_KIRIMAN, foto_mb=batas_foto_mb(), video_mb=batas_video_mb()
    )


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
    try:
        img, _format = unggahan.baca_gambar(berkas, nama=nama)
    except ValidationError as exc:
        if exc.code == "terlalu_banyak_piksel":
            raise
        raise ValidationError(
            _(
                "“%(nama)s” bukan foto yang dapat dibaca. Kirim foto JPG, PNG atau WebP "
                "dari kamera ponsel."
            )
            % {"nama": nama},
            code="bukan_foto",
        ) from None
    img = img.convert("RGB")
    img.thumbnail((FOTO_SISI_MAKS, FOTO_SISI_MAKS), Image.Resampling.LANCZOS)
    besar = unggahan.simpan_tanpa_metadata(img, "JPEG", quality=FOTO_KUALITAS, optimize=True)
    return FotoOlahan(besar, foto_kecil(img), img.width, img.height)


def foto_kecil(img: Image.Image) -> bytes:
    """The small copy shown on pages and in PDFs (made once, at upload)."""
    kecil = img.copy()
    kecil.thumbnail((KECIL_SISI_MAKS, KECIL_SISI_MAKS), Image.Resampling.LANCZOS)
    return unggahan.simpan_tanpa_metadata(
        kecil.convert("RGB"), "JPEG", quality=KECIL_KUALITAS, optimize=True
    )


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


class BatasUnggahan(unggahan.BatasUnggahan):
    """The portal's streaming limit with the field pages' own limits: photos
    and the video separately (see layanan.unggahan.BatasUnggahan)."""

    def batas_untuk(self, field_name: str) -> int:
        return (batas_video_mb() if field_name == "video" else batas_foto_mb()) * 1024 * 1024

    def pesan_untuk(self, field_name: str, file_name: str) -> str:
        if field_name == "video":
            return pesan_video_terlalu_besar()
        return pesan_foto_terlalu_besar(file_name)
