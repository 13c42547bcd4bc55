"""The signer keeps each PKCS#12 file open per process (rujukan.tanda_tangan,
issue 13: the letter issue within 1.5x a bare render): the file is read and
the signature's room in the PDF measured once, and read again as soon as the
file or its passphrase changes; every letter signed with the kept key is
valid, and the room is the one pyHanko would have reserved itself (give or
take the byte an ECDSA signature varies by)."""

from __future__ import annotations

import io
import os

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from layanan.models import Instansi
from rujukan import tanda_tangan
from rujukan.tanda_tangan import PenandaPKCS12, buat_sertifikat_demo

# A one-page PDF as WeasyPrint writes them (a cross-reference table pyHanko appends to).
PDF = (
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    b"1 0 obj\n<</Type /Catalog /Pages 2 0 R>>\nendobj\n"
    b"2 0 obj\n<</Type /Pages /Kids [3 0 R] /Count 1>>\nendobj\n"
    b"3 0 obj\n<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>>\nendobj\n"
)


def _pdf() -> bytes:
    offsets, body = [], PDF
    for n in (1, 2, 3):
        offsets.append(body.index(f"{n} 0 obj".encode()))
    xref = len(body)
    tabel = b"xref\n0 4\n0000000000 65535 f \n" + b"".join(
        f"{o:010d} 00000 n \n".encode() for o in offsets
    )
    return body + tabel + f"trailer\n<</Size 4 /Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()


@pytest.fixture
def sertifikat(tmp_path, monkeypatch):
    path = tmp_path / "kantor.p12"
    pass_path = buat_sertifikat_demo(path, nama="Kantor Uji Pertama")
    monkeypatch.setenv("PORTAL_PKCS12", str(path))
    monkeypatch.setenv("PORTAL_PKCS12_PASSPHRASE_FILE", str(pass_path))
    return path, pass_path


@pytest.fixture
def hitung(monkeypatch) -> dict[str, int]:
    """How many times a PKCS#12 file is opened and the signature's room measured."""
    n = {"buka": 0, "ukur": 0}
    buka, ukur = tanda_tangan.SimpleSigner.load_pkcs12, tanda_tangan._ukur_cadangan

    def buka_dihitung(*args, **kwargs):
        n["buka"] += 1
        return buka(*args, **kwargs)

    def ukur_dihitung(signer):
        n["ukur"] += 1
        return ukur(signer)

    monkeypatch.setattr(tanda_tangan.SimpleSigner, "load_pkcs12", buka_dihitung)
    monkeypatch.setattr(tanda_tangan, "_ukur_cadangan", ukur_dihitung)
    return n


def _instansi() -> Instansi:
    return Instansi(nama="Dinas Sosial Kota Uji", slug="kota-uji-tanpa-sertifikat-sendiri")


def _sah(data: bytes, p12, pass_path) -> bool:
    _, cert, _ = pkcs12.load_key_and_certificates(
        p12.read_bytes(), pass_path.read_text().strip().encode()
    )
    vc = ValidationContext(
        trust_roots=list(load_certs_from_pemder_data(cert.public_bytes(Encoding.PEM)))
    )
    (sig,) = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    # pyHanko's sync API starts its own loop: not where a browser test left one running
    status = tanda_tangan._tanpa_event_loop(validate_pdf_signature, sig, vc)
    return status.intact and status.valid and status.trusted and status.bottom_line


def test_the_file_is_opened_and_measured_once_and_every_letter_is_valid(sertifikat, hitung):
    p12, pass_path = sertifikat
    penanda = PenandaPKCS12()
    instansi = _instansi()
    assert penanda.sertifikat(instansi=instansi).subjek.startswith("Kantor Uji Pertama")
    surat = [penanda.sign(_pdf(), instansi=instansi, alasan=f"Surat {i}") for i in range(3)]
    assert hitung == {"buka": 1, "ukur": 1}
    assert all(_sah(data, p12, pass_path) for data in surat)


def test_a_replaced_certificate_file_is_read_again(sertifikat, hitung, tmp_path):
    p12, pass_path = sertifikat
    penanda = PenandaPKCS12()
    instansi = _instansi()
    lama = penanda.sertifikat(instansi=instansi)
    penanda.sign(_pdf(), instansi=instansi, alasan="Sebelum diganti")

    buat_sertifikat_demo(p12, nama="Kantor Uji Kedua")  # the same path, a new key and passphrase
    st = p12.stat()
    os.utime(p12, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    baru = penanda.sertifikat(instansi=instansi)
    assert baru.subjek.startswith("Kantor Uji Kedua")
    assert baru.sidik_jari_sha256 != lama.sidik_jari_sha256
    data = penanda.sign(_pdf(), instansi=instansi, alasan="Sesudah diganti")
    assert _sah(data, p12, pass_path)
    assert hitung == {"buka": 2, "ukur": 2}


def test_a_changed_passphrase_is_read_again_and_a_wrong_one_refused(sertifikat, hitung):
    p12, pass_path = sertifikat
    penanda = PenandaPKCS12()
    instansi = _instansi()
    penanda.sertifikat(instansi=instansi)
    benar = pass_path.read_text()
    pass_path.write_text("bukan-kata-sandinya")
    with pytest.raises(tanda_tangan.TandaTanganGagal):
        penanda.sign(_pdf(), instansi=instansi, alasan="Sandi salah")
    pass_path.write_text(benar)
    assert _sah(penanda.sign(_pdf(), instansi=instansi, alasan="Sandi benar"), p12, pass_path)
    assert hitung["buka"] == 2  # the wrong passphrase opened nothing that was kept


def test_the_room_kept_is_the_room_pyhanko_reserves_itself(sertifikat):
    penanda = PenandaPKCS12()
    instansi = _instansi()
    data = penanda.sign(_pdf(), instansi=instansi, alasan="Surat")

    meta = signers.PdfSignatureMetadata(
        field_name="TandaTanganElektronik",
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason="Surat",
        location=instansi.nama,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(_pdf()), strict=False)
    sendiri = tanda_tangan._tanpa_event_loop(
        signers.sign_pdf, writer, meta, signer=penanda._signer(instansi)
    ).getvalue()

    def ruang(pdf: bytes) -> int:
        (sig,) = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
        awal, panjang1, akhir, _ = sig.byte_range
        return akhir - (awal + panjang1)  # the hex string holding the signature, with <>

    # pyHanko measures with a real dry-run signature, and an ECDSA signature's
    # length varies by a byte or two: its own estimates differ by as much
    assert abs(ruang(data) - ruang(sendiri)) <= 24
