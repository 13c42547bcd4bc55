"""One check for every uploaded file in the portal: judged by its bytes, never
by its name, within the size the form states (settings.MAX_UPLOAD_MB).

Accepted: PDF (%PDF- header, and neither JavaScript, automatic actions, launch
actions nor embedded files inside), images Pillow can open (JPEG, PNG, WebP)
of at most MAKS_PIKSEL pixels (counted from the header before anything is
decoded, so a 17 KB PNG claiming 12000×12000 costs nothing) and, where the
caller allows it, short videos (MP4, MOV, WebM, 3GP).

Every accepted image is rewritten in place without its metadata (EXIF with
the GPS position and the camera, XMP, ICC, comments), turned upright first:
what is stored is what was checked, and an anonymous reporter's photo no
longer says where it was taken. `BatasUnggahan` stops a file while it streams
once it passes its limit, so an oversized upload never fills memory or disk.
"""

from __future__ import annotations

import io
import re
import warnings
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.db import models
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

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


# -- images ------------------------------------------------------------------------
# 36 million pixels: a 12 MP phone photo, a 48 MP one (8000×6000 is 48 MP: refused,
# phones save those binned to 12 MP unless asked) and an A4 page scanned at 600 dpi
# (4960×7016) pass; decoding the largest takes about 110 MB (RGB).
MAKS_PIKSEL = 36_000_000
# Pillow's own guard (it warns above this and refuses at twice): no image opened
# anywhere in the process may be larger than what an upload may be.
Image.MAX_IMAGE_PIXELS = MAKS_PIKSEL
FORMAT_GAMBAR = {
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
}
KUALITAS_JPEG = 90


def maks_piksel() -> int:
    return getattr(settings, "MAKS_PIKSEL_GAMBAR", MAKS_PIKSEL)


def _gambar_ditolak(nama: str) -> ValidationError:
    return ValidationError(
        _("Gambar rusak atau bukan gambar yang sah: “%(nama)s”.") % {"nama": nama},
        code="gambar_rusak",
    )


def buka_gambar(berkas, *, nama: str = "", maks: int | None = None) -> Image.Image:
    """Open an uploaded image after checking its size in pixels from the header
    alone (nothing is decoded yet); ValidationError for a decompression bomb, an
    image over `maks` pixels or bytes Pillow cannot read. The caller decodes it
    (`load()`) and closes it."""
    nama = nama or nama_bersih(getattr(berkas, "name", ""))
    maks = maks_piksel() if maks is None else maks
    berkas.seek(0)
    isi = berkas.read()  # at most MAX_UPLOAD_MB (checked before); closing the image
    berkas.seek(0)  # then never closes the upload
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(isi))
            lebar, tinggi = img.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _terlalu_banyak_piksel(nama, None) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise _gambar_ditolak(nama) from None
    if lebar * tinggi > maks or lebar <= 0 or tinggi <= 0:
        img.close()
        raise _terlalu_banyak_piksel(nama, (lebar, tinggi), maks)
    return img


def _terlalu_banyak_piksel(nama: str, ukuran, maks: int | None = None) -> ValidationError:
    maks = maks_piksel() if maks is None else maks
    batas = f"{maks / 1_000_000:.0f}"
    if ukuran is None:
        pesan = _(
            "Gambar “%(nama)s” terlalu besar (lebih dari %(batas)s juta piksel). Kirim foto "
            "dengan resolusi lebih kecil."
        ) % {"nama": nama, "batas": batas}
    else:
        pesan = _(
            "Gambar “%(nama)s” terlalu besar: %(lebar)s×%(tinggi)s piksel; batasnya %(batas)s "
            "juta piksel. Kirim foto dengan resolusi lebih kecil."
        ) % {"nama": nama, "lebar": ukuran[0], "tinggi": ukuran[1], "batas": batas}
    return ValidationError(pesan, code="terlalu_banyak_piksel")


def baca_gambar(berkas, *, nama: str = "", maks: int | None = None) -> tuple[Image.Image, str]:
    """The decoded image, upright (EXIF orientation applied), and its format;
    the same checks as buka_gambar."""
    nama = nama or nama_bersih(getattr(berkas, "name", ""))
    img = buka_gambar(berkas, nama=nama, maks=maks)
    try:
        with img:
            format_ = img.format or ""
            if format_ not in FORMAT_GAMBAR:
                raise _gambar_ditolak(nama)
            img.load()
            tegak = ImageOps.exif_transpose(img)
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        raise _gambar_ditolak(nama) from None
    finally:
        berkas.seek(0)
    return tegak, format_


def simpan_tanpa_metadata(img: Image.Image, format_: str, **opsi) -> bytes:
    """Encode `img` with none of its metadata: no EXIF (GPS, camera, time), XMP,
    ICC profile or comment; only a palette's transparency is kept."""
    img = img.copy()
    transparansi = img.info.get("transparency")
    img.info = {"transparency": transparansi} if transparansi is not None else {}
    out = io.BytesIO()
    if format_ in ("JPEG", "MPO"):
        if img.mode not in ("RGB", "L", "CMYK"):
            img = img.convert("RGB")
        img.save(out, "JPEG", quality=opsi.pop("quality", KUALITAS_JPEG), **opsi)
    elif format_ == "WEBP":
        img.save(out, "WEBP", quality=opsi.pop("quality", KUALITAS_JPEG), **opsi)
    else:
        img.save(out, "PNG", **opsi)
    return out.getvalue()


def bersihkan_gambar(berkas, *, nama: str = "") -> tuple[bytes, str]:
    """The image's bytes upright and without any metadata, and its MIME type."""
    img, format_ = baca_gambar(berkas, nama=nama)
    return simpan_tanpa_metadata(img, format_), FORMAT_GAMBAR[format_]


def _tulis_ulang(berkas, isi: bytes) -> None:
    """Replace an upload's content in place (what is then stored is `isi`)."""
    fh = getattr(berkas, "file", None)
    try:
        fh.seek(0)
        fh.truncate()
        fh.write(isi)
        fh.flush()
        fh.seek(0)
    except (AttributeError, OSError, io.UnsupportedOperation):
        berkas.file = io.BytesIO(isi)
    berkas.size = len(isi)
    berkas._tanpa_metadata = True


# -- PDFs ------------------------------------------------------------------------------
# Names that make a reader run something or carry other files.
PDF_BAHAYA = {
    "/JS": _("JavaScript"),
    "/JavaScript": _("JavaScript"),
    "/AA": _("tindakan otomatis"),
    "/Launch": _("perintah menjalankan program"),
    "/EmbeddedFile": _("berkas tersisip"),
    "/EmbeddedFiles": _("berkas tersisip"),
    "/RichMedia": _("media tersisip"),
    "/XFA": _("formulir XFA"),
}
_NAMA_PDF = re.compile(rb"/([^\s/\[\]<>(){}%]*)")
_STREAM = re.compile(rb"stream\r?\n")
MAKS_URAI_PDF = 64 * 1024 * 1024  # bytes inflated from object streams, at most


def _nama_pdf(raw: bytes) -> str:
    """A PDF name with its #xx escapes decoded ('/J#53' is '/JS')."""
    return "/" + re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), raw).decode(
        "latin-1"
    )


def _bahaya_dalam(teks: bytes) -> str | None:
    for m in _NAMA_PDF.finditer(teks):
        nama = _nama_pdf(m[1])
        if nama in PDF_BAHAYA:
            return nama
    return None


def _pindai_byte(isi: bytes) -> str | None:
    """A careful byte scan: every name outside stream data, and inside the object
    streams (where compressed objects hide), with #xx escapes decoded."""
    luar, pos, terurai = [], 0, 0
    for m in _STREAM.finditer(isi):
        if m.start() < pos:
            continue
        akhir = isi.find(b"endstream", m.end())
        if akhir < 0:
            break
        kamus = isi[max(pos, m.start() - 2048) : m.start()]
        luar.append(isi[pos : m.start()])
        data = isi[m.end() : akhir]
        if b"/ObjStm" in kamus[kamus.rfind(b"obj") :] or b"/XRef" in kamus[kamus.rfind(b"obj") :]:
            try:
                urai = zlib.decompressobj().decompress(data, MAKS_URAI_PDF - terurai)
            except zlib.error:
                urai = data
            terurai += len(urai)
            if (nama := _bahaya_dalam(urai)) is not None:
                return nama
        pos = akhir + len(b"endstream")
    luar.append(isi[pos:])
    return _bahaya_dalam(b"".join(luar))


def _pindai_struktur(isi: bytes) -> str | None:
    """Walk every object reachable from the trailer with pyHanko's reader (names
    decoded, object streams and filters resolved); None when it cannot parse."""
    try:
        reader = PdfFileReader(io.BytesIO(isi), strict=False)
        tumpuk: list = [reader.trailer_view]
        dilihat: set = set()
        while tumpuk and len(dilihat) < 100_000:
            obj = tumpuk.pop()
            if isinstance(obj, generic.IndirectObject):
                kunci = (obj.idnum, obj.generation)
                if kunci in dilihat:
                    continue
                dilihat.add(kunci)
                obj = obj.get_object()
            if isinstance(obj, generic.DictionaryObject):
                for k, v in dict.items(obj):
                    if k in PDF_BAHAYA:
                        return str(k)
                    if k == "/S" and str(v) in PDF_BAHAYA:
                        return str(v)
                    tumpuk.append(v)
            elif isinstance(obj, generic.ArrayObject):
                tumpuk.extend(list.__iter__(obj))
    except Exception:  # an unreadable structure: the byte scan above decided
        return None
    return None


def periksa_pdf(berkas, *, nama: str = "") -> None:
    """Refuse a PDF that carries JavaScript, automatic or launch actions or
    embedded files (ValidationError with an Indonesian message)."""
    nama = nama or nama_bersih(getattr(berkas, "name", ""))
    berkas.seek(0)
    isi = berkas.read()
    berkas.seek(0)
    temuan = _pindai_byte(isi) or _pindai_struktur(isi)
    if temuan is not None:
        raise ValidationError(
            _(
                "PDF “%(nama)s” ditolak karena memuat %(isi)s. Simpan ulang sebagai PDF biasa "
                "(misalnya “Cetak ke PDF”) lalu unggah lagi."
            )
            % {"nama": nama, "isi": PDF_BAHAYA[temuan]},
            code="pdf_aktif",
        )


# -- the one check -------------------------------------------------------------------
def periksa_unggahan(
    berkas,
    *,
    boleh_pdf: bool = True,
    boleh_video: bool = False,
    batas_mb: int | None = None,
) -> HasilUnggahan:
    """Check one upload; raise ValidationError with an Indonesian message.

    An image is rewritten in place without its metadata (once: a second check
    of the same upload leaves it as it is)."""
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
        periksa_pdf(berkas, nama=nama)
        return HasilUnggahan(PDF, "pdf", ukuran, nama)
    jenis = filetype.guess(kepala)
    mime = jenis.mime if jenis else ""
    if mime in GAMBAR:
        if not getattr(berkas, "_tanpa_metadata", False):
            isi, mime = bersihkan_gambar(berkas, nama=nama)
            _tulis_ulang(berkas, isi)
            ukuran = len(isi)
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


# -- streaming limit ---------------------------------------------------------------------
def pesan_terlalu_besar(nama: str, batas_mb: int) -> str:
    return _("Berkas “%(nama)s” terlalu besar; batasnya %(batas)s MB per berkas.") % {
        "nama": nama,
        "batas": batas_mb,
    }


@dataclass(frozen=True)
class BerkasDitolak:
    """Stands in request.FILES for a file stopped while it streamed, so the form
    says why beside the field and keeps everything else that was typed."""

    name: str
    pesan: str
    size: int = 0


class BatasUnggahan(FileUploadHandler):
    """Stops a file field while it streams as soon as it passes its limit, and
    any file past `maks_berkas` in one request. The rest of the form is still
    read, so the page can say what was wrong and keep everything typed; what was
    stopped is listed in `request.unggahan_ditolak` as (field, file name,
    message). Subclasses set the limit and the message per field (`batas_untuk`,
    `pesan_untuk`)."""

    maks_berkas: int | None = None

    def __init__(self, request=None):
        super().__init__(request)
        self.batas = 0
        self.diterima = 0
        self.jumlah = 0
        if request is not None and not hasattr(request, "unggahan_ditolak"):
            request.unggahan_ditolak = []

    def batas_untuk(self, field_name: str) -> int:
        """The limit of one file of this field, in bytes."""
        return settings.MAX_UPLOAD_MB * 1024 * 1024

    def pesan_untuk(self, field_name: str, file_name: str) -> str:
        return pesan_terlalu_besar(nama_bersih(file_name), settings.MAX_UPLOAD_MB)

    def new_file(self, field_name, file_name, content_type, content_length, charset=None, *a):
        super().new_file(field_name, file_name, content_type, content_length, charset, *a)
        self.diterima = 0
        self.jumlah += 1
        self.batas = self.batas_untuk(field_name)
        if self.maks_berkas is not None and self.jumlah > self.maks_berkas:
            self._tolak(
                _("Paling banyak %(n)s berkas sekaligus; “%(nama)s” tidak diterima.")
                % {"n": self.maks_berkas, "nama": nama_bersih(file_name)}
            )
        if content_length and content_length > self.batas:
            self._tolak()

    def _tolak(self, pesan: str | None = None):
        if self.request is not None:
            pesan = pesan or self.pesan_untuk(self.field_name, self.file_name or "")
            self.request.unggahan_ditolak.append((self.field_name, self.file_name, pesan))
        raise SkipFile()

    def receive_data_chunk(self, raw_data, start):
        self.diterima += len(raw_data)
        if self.diterima > self.batas:
            self._tolak()
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) keeps the data


def pasang_batas(request, kelas: Callable[..., BatasUnggahan] = BatasUnggahan) -> None:
    """Put the streaming limit first, before anything reads the body (call it in
    a view wrapped in csrf_exempt + csrf_protect, as CSRF reads the body)."""
    if request.method == "POST":
        request.upload_handlers.insert(0, kelas(request))


def tandai_ditolak(request) -> bool:
    """After the body is read: put a BerkasDitolak in request.FILES for each
    file the limit stopped; whether there was any."""
    ditolak = getattr(request, "unggahan_ditolak", [])
    for field, nama, pesan in ditolak:
        request.FILES.appendlist(field, BerkasDitolak(nama_bersih(nama), pesan))
    return bool(ditolak)


# -- the office logo (printed on every PDF) ----------------------------------------------
LOGO_SISI_MAKS = 600  # px: 2.2 cm on a letterhead is 520 px at 600 dpi
LOGO_MAKS_PIKSEL = 25_000_000


class LogoFormField(forms.ImageField):
    """The logo upload: pixels counted from the header first (a bomb is refused
    before Django's own check opens it), then stored once as a PNG of at most
    LOGO_SISI_MAKS px a side, without metadata, so no PDF decodes a huge logo."""

    def to_python(self, data):
        if data in self.empty_values:
            return None
        nama = nama_bersih(getattr(data, "name", ""))
        buka_gambar(data, nama=nama, maks=LOGO_MAKS_PIKSEL).close()
        super().to_python(data)  # Django's own check (verify) on a size known to be safe
        try:
            with buka_gambar(data, nama=nama, maks=LOGO_MAKS_PIKSEL) as asli:
                asli.load()
                img = ImageOps.exif_transpose(asli)
        except (OSError, SyntaxError, ValueError, EOFError):
            raise _gambar_ditolak(nama) from None
        finally:
            data.seek(0)
        img.thumbnail((LOGO_SISI_MAKS, LOGO_SISI_MAKS), Image.Resampling.LANCZOS)
        if img.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            img = img.convert("RGBA")
        isi = simpan_tanpa_metadata(img, "PNG", optimize=True)
        baru = SimpleUploadedFile(f"{nama.rsplit('.', 1)[0] or 'logo'}.png", isi, "image/png")
        baru.image = Image.open(io.BytesIO(isi))
        baru.content_type = "image/png"
        return baru


class LogoField(models.ImageField):
    """ImageField whose form field is LogoFormField (same column, no migration)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": LogoFormField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs
