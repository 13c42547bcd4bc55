"""Reading issued documents for their verification: the public page (no
login) and the officials' page of a case.

The public answer is a `VerifikasiPublik` built here field by field — the
template never receives the Dokumen, its case or its client — so it can show
only what a verifier needs: kind and number, date, office, signatory,
the client's name partly masked, status and the SHA-256 of the issued file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core import checks
from django.urls import reverse
from django.utils.translation import gettext as _

from layanan.kode_lacak import normalisasi_kode
from rujukan.models import Dokumen, JenisDokumen, Rujukan
from rujukan.models.proses import PANJANG_KODE_VERIFIKASI
from rujukan.permissions import boleh_mengubah_dokumen, penanda_tangan_dokumen
from rujukan.selectors import Tindakan

# Where the portal answers when PORTAL_URL is not set: `make run`'s address.
ALAMAT_LOKAL = "http://127.0.0.1:8000"


def alamat_portal() -> str:
    """The portal's public address printed on letters (PORTAL_URL)."""
    return (getattr(settings, "PORTAL_URL", "") or ALAMAT_LOKAL).rstrip("/")


def url_verifikasi(token: str) -> str:
    """The absolute address of a document's verification page (in its QR code)."""
    return alamat_portal() + reverse("verifikasi:dokumen", args=[token])


def url_cek_kode() -> str:
    """The absolute address of the page where a reader types the short code."""
    return alamat_portal() + reverse("verifikasi:cari")


def periksa_portal_url(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A production portal must print its own address on letters (a
    `check --deploy` warning, registered by rujukan.apps)."""
    if settings.DEBUG or getattr(settings, "PORTAL_URL", ""):
        return []
    return [
        checks.Warning(
            "PORTAL_URL is not set: issued letters would carry verification links to "
            f"{ALAMAT_LOKAL}.",
            hint="Set PORTAL_URL to the portal's public address, e.g. https://dinsos.example.go.id",
            id="rujukan.W001",
        )
    ]


# -- what the public page shows ---------------------------------------------------------
def samarkan_nama(nama: str) -> str:
    """'Siti Aminah' → 'Sit* Ami***': each word keeps its first three letters
    (fewer in a short word), the rest become stars."""
    hasil = []
    for kata in (nama or "").split():
        if len(kata) <= 1:
            hasil.append(kata)
            continue
        tampak = min(3, len(kata) - 1)
        hasil.append(kata[:tampak] + "*" * (len(kata) - tampak))
    return " ".join(hasil)


@dataclass(frozen=True)
class VerifikasiPublik:
    """One issued document as a verifier may see it."""

    token: str
    kode: str
    jenis: str  # the kind, never the letter's own subject line (it may name the client)
    nomor: str
    tanggal: dt.date
    instansi: str
    pemerintah_daerah: str
    penandatangan_nama: str
    penandatangan_jabatan: str
    klien: str  # masked
    status: str  # Dokumen.Status value
    status_label: str
    dicabut_pada: dt.datetime | None
    pengganti_nomor: str
    pengganti_tanggal: dt.date | None
    sha256: str
    ukuran: int
    sertifikat: dict

    @property
    def berlaku(self) -> bool:
        return self.status == Dokumen.Status.BERLAKU


def _dokumen_publik():
    return Dokumen.objects.select_related("instansi", "rujukan__klien", "pengganti")


def dokumen_dari_token(token: str) -> Dokumen | None:
    """The document of a verification address; None for an unknown token."""
    if not token or len(token) > 64:
        return None
    return _dokumen_publik().filter(token=token).first()


def dokumen_dari_kode(kode: str) -> Dokumen | None:
    """The document of a typed short code (spaces, dashes and case ignored)."""
    kode = normalisasi_kode(kode)
    if len(kode) != PANJANG_KODE_VERIFIKASI:
        return None
    return _dokumen_publik().filter(kode_verifikasi=kode).first()


def verifikasi_publik(dokumen: Dokumen) -> VerifikasiPublik:
    blok = dokumen.penandatangan_info or {}
    pengganti = (
        getattr(dokumen, "pengganti", None) if dokumen.status == Dokumen.Status.DIGANTI else None
    )
    return VerifikasiPublik(
        token=dokumen.token,
        kode=dokumen.kode_tampil,
        jenis=str(JenisDokumen(dokumen.jenis).label),
        nomor=dokumen.nomor,
        tanggal=dokumen.tanggal,
        instansi=dokumen.instansi.nama,
        pemerintah_daerah=dokumen.instansi.pemerintah_daerah,
        penandatangan_nama=blok.get("nama", ""),
        penandatangan_jabatan=blok.get("jabatan", ""),
        klien=samarkan_nama(dokumen.rujukan.klien.nama),
        status=dokumen.status,
        status_label=dokumen.get_status_display(),
        dicabut_pada=dokumen.dicabut_pada,
        pengganti_nomor=pengganti.nomor if pengganti else "",
        pengganti_tanggal=pengganti.tanggal if pengganti else None,
        sha256=dokumen.sha256,
        ukuran=dokumen.ukuran,
        sertifikat=dict(dokumen.sertifikat or {}),
    )


# -- is this file the issued one? ----------------------------------------------------------
def batas_unggah_bita() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


class BerkasTidakSah(ValueError):
    """An upload that cannot be compared (not a PDF, empty, too large);
    the message is for the visitor, `status_code` for the response."""

    def __init__(self, pesan: str, status_code: int = 400):
        super().__init__(pesan)
        self.pesan = pesan
        self.status_code = status_code


@dataclass(frozen=True)
class HasilCocok:
    sama: bool
    sha256: str
    ukuran: int


def cocokkan_berkas(dokumen: Dokumen, berkas) -> HasilCocok:
    """Hash an uploaded file (read in chunks, never stored) and compare it with
    the SHA-256 of the issued bytes."""
    batas = batas_unggah_bita()
    if berkas is None:
        raise BerkasTidakSah(_("Pilih berkas PDF yang akan diperiksa."))
    if berkas.size is not None and berkas.size > batas:
        raise BerkasTidakSah(
            _("Berkas terlalu besar (paling besar %(mb)s MB).") % {"mb": settings.MAX_UPLOAD_MB},
            413,
        )
    h, ukuran, awal = hashlib.sha256(), 0, b""
    for potong in berkas.chunks():
        if not awal:
            awal = potong[:5]
        ukuran += len(potong)
        if ukuran > batas:
            raise BerkasTidakSah(
                _("Berkas terlalu besar (paling besar %(mb)s MB).")
                % {"mb": settings.MAX_UPLOAD_MB},
                413,
            )
        h.update(potong)
    if ukuran == 0:
        raise BerkasTidakSah(_("Berkas kosong."))
    if awal != b"%PDF-":
        raise BerkasTidakSah(
            _("Berkas ini bukan PDF. Unggah berkas PDF dokumen yang ingin diperiksa."), 415
        )
    hasil = h.hexdigest()
    return HasilCocok(sama=hasil == dokumen.sha256, sha256=hasil, ukuran=ukuran)


# -- the officials' side: what may this user do with an issued document ------------------------


def periksa_ubah_dokumen(dokumen: Dokumen, *, user) -> Tindakan:
    """May `user` revoke or re-issue `dokumen` now; if not, why (403/409).
    The services raise from this same answer."""
    label = _("Cabut atau terbitkan ulang")
    if dokumen.nomor_urut is None:
        return Tindakan(
            "ubah_dokumen",
            label,
            False,
            _("Tanda terima tidak dicabut atau diterbitkan ulang."),
            409,
        )
    if not boleh_mengubah_dokumen(user=user, dokumen=dokumen):
        return Tindakan(
            "ubah_dokumen",
            label,
            False,
            _("Hanya %(siapa)s yang dapat mencabut atau menerbitkan ulang dokumen ini.")
            % {"siapa": penanda_tangan_dokumen(dokumen)},
            403,
        )
    if dokumen.status != Dokumen.Status.BERLAKU:
        return Tindakan(
            "ubah_dokumen",
            label,
            False,
            _("Dokumen ini sudah %(status)s.") % {"status": dokumen.get_status_display().lower()},
            409,
        )
    return Tindakan("ubah_dokumen", label, True)


def dokumen_kasus(rujukan: Rujukan, *, user) -> list[Dokumen]:
    """The case's issued documents, oldest first; each carries `.izin` (the
    answer of periksa_ubah_dokumen for `user`) and its replacement, if any."""
    dokumen = list(
        rujukan.dokumen.select_related(
            "pengganti", "menggantikan", "dicabut_oleh__pegawai"
        ).order_by("diterbitkan_pada", "pk")
    )
    for d in dokumen:
        d.rujukan = rujukan  # the policy reads the case's standard: no query per document
        d.izin = periksa_ubah_dokumen(d, user=user)
    return dokumen
