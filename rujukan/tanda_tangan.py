"""Electronic signatures (PAdES) of issued letters, behind one small interface.

A `Penanda` signs the bytes of a PDF for an instansi and says which
certificate it signs with. The portal ships two, chosen by the environment
(`PORTAL_TANDA_TANGAN`):

- ``pkcs12`` (the default): pyHanko signs with a PKCS#12 file (key and
  certificate). Each instansi may have its own, named by its slug
  (``PORTAL_PKCS12_<SLUG>``, e.g. ``PORTAL_PKCS12_DINSOS_DEPOK``); otherwise the
  portal-wide ``PORTAL_PKCS12`` signs. The passphrase comes from
  ``<VAR>_PASSPHRASE`` or, better, a secret file named by
  ``<VAR>_PASSPHRASE_FILE``. No certificate configured → issuing stops with
  a message (a letter is never issued silently unsigned).
- ``nonaktif``: no digital signature. Only when set explicitly.

Any other value is the dotted path of a class implementing `Penanda` (a
national e-signature service such as BSrE, which signs remotely with the
official's own certificate).

`buat_sertifikat_demo` makes a self-signed certificate for a development
run (``manage.py buat_sertifikat_demo``, called by ``make run``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import os
import re
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from io import BytesIO
from pathlib import Path
from typing import Protocol

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.utils.module_loading import import_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers import SimpleSigner
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

from layanan.models import Instansi

PKCS12 = "pkcs12"
NONAKTIF = "nonaktif"


class TandaTanganGagal(Exception):
    """Signing could not be done (no certificate configured, a wrong
    passphrase, an unreadable file). The message names the setting, never
    a secret; the issuing service turns it into a domain error."""


@dataclass(frozen=True)
class InfoSertifikat:
    """What a reader is told about the certificate that signed a letter."""

    subjek: str
    penerbit: str
    sidik_jari_sha256: str
    berlaku_sampai: str  # ISO date

    def sebagai_dict(self) -> dict:
        return asdict(self)


class Penanda(Protocol):
    """Signs an issued letter. `sign` returns the signed PDF (the bytes that
    are stored, hashed and verified); `sertifikat` describes the certificate
    it signs with for this instansi, or None when it does not sign."""

    def sign(self, pdf_bytes: bytes, *, instansi: Instansi, alasan: str) -> bytes: ...

    def sertifikat(self, *, instansi: Instansi) -> InfoSertifikat | None: ...


class PenandaNonaktif:
    """No digital signature (only when PORTAL_TANDA_TANGAN=nonaktif)."""

    def sign(self, pdf_bytes: bytes, *, instansi: Instansi, alasan: str) -> bytes:
        return pdf_bytes

    def sertifikat(self, *, instansi: Instansi) -> InfoSertifikat | None:
        return None


def nama_variabel(instansi: Instansi) -> str:
    """PORTAL_PKCS12_<SLUG>: the instansi's slug in upper case, other signs as _."""
    return "PORTAL_PKCS12_" + re.sub(r"[^A-Z0-9]+", "_", instansi.slug.upper()).strip("_")


def _passphrase(variabel: str) -> bytes | None:
    berkas = os.environ.get(f"{variabel}_PASSPHRASE_FILE", "")
    if berkas:
        try:
            return Path(berkas).read_text().strip().encode()
        except OSError as exc:
            raise TandaTanganGagal(
                f"Berkas kata sandi sertifikat ({variabel}_PASSPHRASE_FILE) tidak dapat dibaca."
            ) from exc
    nilai = os.environ.get(f"{variabel}_PASSPHRASE")
    return nilai.encode() if nilai else None


@dataclass(frozen=True)
class _Sumber:
    variabel: str
    path: Path


@dataclass(frozen=True)
class _Kunci:
    """A PKCS#12 file opened once per process: pyHanko's signer, and the room
    its signature takes in the PDF (measured once, as pyHanko would measure it
    before every signature with a dry run that costs a third of the signing)."""

    signer: SimpleSigner
    cadangan: int | None  # None: pyHanko measures before each signature, as it does by default


def _ukur_cadangan(signer: SimpleSigner) -> int | None:
    """pyHanko's own estimate of the bytes to reserve for the CMS signature
    (PdfSigningSession.estimate_signature_container_size, not tight: hex
    length plus half again): a dry-run signature of an empty digest with the
    signed attributes of a PAdES signature without timestamp or revocation info."""

    async def ukur() -> int:
        cms = await signer.async_sign(
            hashlib.sha256().digest(),
            "sha256",
            use_pades=True,
            dry_run=True,
            signed_attr_settings=PdfCMSSignedAttributes(signing_time=dt.datetime.now(dt.UTC)),
        )
        panjang = len(cms.dump()) * 2
        return panjang + 2 * (panjang // 4)

    try:
        return _tanpa_event_loop(lambda: asyncio.run(ukur()))
    except Exception:  # the signing itself will say what is wrong
        return None


class PenandaPKCS12:
    """pyHanko with a PKCS#12 file per instansi, or the portal-wide one. Each
    file is opened once per process and kept while its path, modification time
    and passphrase stay the same (a replaced certificate is read again)."""

    def __init__(self) -> None:
        self._cache: dict[tuple, _Kunci] = {}
        self._lock = threading.Lock()

    def _sumber(self, instansi: Instansi) -> _Sumber:
        for variabel in (nama_variabel(instansi), "PORTAL_PKCS12"):
            path = os.environ.get(variabel, "")
            if path:
                return _Sumber(variabel, Path(path))
        raise TandaTanganGagal(
            f"Sertifikat tanda tangan elektronik belum dipasang: isi {nama_variabel(instansi)} "
            "atau PORTAL_PKCS12 (berkas PKCS#12), atau PORTAL_TANDA_TANGAN=nonaktif."
        )

    def _kunci(self, instansi: Instansi) -> _Kunci:
        sumber = self._sumber(instansi)
        try:
            stat = sumber.path.stat()
        except OSError as exc:
            raise TandaTanganGagal(
                f"Berkas sertifikat ({sumber.variabel}) tidak ditemukan."
            ) from exc
        passphrase = _passphrase(sumber.variabel)
        key = (
            str(sumber.path),
            stat.st_mtime_ns,
            hashlib.sha256(passphrase or b"").hexdigest(),
        )
        with self._lock:
            kunci = self._cache.get(key)
            if kunci is None:
                try:
                    signer = SimpleSigner.load_pkcs12(str(sumber.path), passphrase=passphrase)
                except (ValueError, OSError) as exc:
                    signer = None
                    cause = exc
                else:
                    cause = None
                if signer is None:
                    raise TandaTanganGagal(
                        f"Sertifikat ({sumber.variabel}) tidak dapat dibuka: periksa berkas "
                        "dan kata sandinya."
                    ) from cause
                if len(self._cache) >= 32:  # a replaced file's old key goes at some point
                    self._cache.clear()
                kunci = self._cache[key] = _Kunci(signer, _ukur_cadangan(signer))
            return kunci

    def _signer(self, instansi: Instansi) -> SimpleSigner:
        return self._kunci(instansi).signer

    def sign(self, pdf_bytes: bytes, *, instansi: Instansi, alasan: str) -> bytes:
        kunci = self._kunci(instansi)
        writer = IncrementalPdfFileWriter(BytesIO(pdf_bytes), strict=False)
        meta = signers.PdfSignatureMetadata(
            field_name="TandaTanganElektronik",
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=alasan[:200],  # pyHanko's own keyword
            location=instansi.nama[:120],
        )
        try:
            out = _tanpa_event_loop(
                signers.sign_pdf, writer, meta, signer=kunci.signer, bytes_reserved=kunci.cadangan
            )
        except Exception as exc:  # pyHanko raises several kinds; none may leave a half letter
            raise TandaTanganGagal("Berkas PDF tidak dapat ditandatangani.") from exc
        return out.getvalue()

    def sertifikat(self, *, instansi: Instansi) -> InfoSertifikat | None:
        cert = self._signer(instansi).signing_cert
        return InfoSertifikat(
            subjek=_nama_sertifikat(cert.subject),
            penerbit=_nama_sertifikat(cert.issuer),
            sidik_jari_sha256=hashlib.sha256(cert.dump()).hexdigest().upper(),
            berlaku_sampai=cert["tbs_certificate"]["validity"]["not_after"]
            .native.date()
            .isoformat(),
        )


def _nama_sertifikat(nama) -> str:
    """'Common name (Organization)' of a certificate's subject or issuer."""
    data = nama.native
    cn, org = data.get("common_name", ""), data.get("organization_name", "")
    if cn and org and org not in cn:
        return f"{cn} ({org})"
    return cn or org or nama.human_friendly


def _tanpa_event_loop(fn, *args, **kwargs):
    """pyHanko's synchronous API runs its own asyncio loop, which cannot start
    in a thread where one already runs (an ASGI worker, a browser test driving
    Playwright): there the call goes to a short-lived worker thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result()


_penanda: dict[str, Penanda] = {}


def penanda() -> Penanda:
    """The signer the environment configures (one instance per kind, kept)."""
    jenis = os.environ.get("PORTAL_TANDA_TANGAN", PKCS12).strip() or PKCS12
    if jenis not in _penanda:
        if jenis == PKCS12:
            _penanda[jenis] = PenandaPKCS12()
        elif jenis == NONAKTIF:
            _penanda[jenis] = PenandaNonaktif()
        else:
            try:
                _penanda[jenis] = import_string(jenis)()
            except ImportError as exc:
                raise TandaTanganGagal(
                    f"PORTAL_TANDA_TANGAN={jenis} bukan penanda yang dikenal."
                ) from exc
    return _penanda[jenis]


# -- a demo certificate for a development run ------------------------------------------------
def buat_sertifikat_demo(
    path: Path, *, nama: str = "Portal Layanan Dinas Sosial (DEMO)", berlaku_hari: int = 730
) -> Path:
    """Write a self-signed ECDSA (P-256) certificate and key as PKCS#12 at `path`, its
    random passphrase beside it (`<path>.pass`, mode 0600); return the
    passphrase file. Never for production: nobody outside trusts it."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Portal Layanan Dinas Sosial"),
            x509.NameAttribute(NameOID.COMMON_NAME, nama[:64]),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=berlaku_hari))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    passphrase = secrets.token_urlsafe(24)
    data = pkcs12.serialize_key_and_certificates(
        b"portal-demo",
        key,
        cert,
        None,
        serialization.BestAvailableEncryption(passphrase.encode()),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    pass_path = path.with_name(path.name + ".pass")
    for target, isi in ((path, data), (pass_path, passphrase.encode())):
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(isi)
    return pass_path
