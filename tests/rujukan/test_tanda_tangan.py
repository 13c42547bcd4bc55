"""Issued letters are signed PAdES with the office's certificate (pyHanko,
behind rujukan.tanda_tangan): valid under pyHanko's own validator and under
poppler's pdfsig, invalid once one byte changes. The certificate is chosen
per instansi from the environment; signing asks the official's password."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import stat
import subprocess

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from django.core.management import call_command
from django.urls import reverse
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from rujukan import services as s
from rujukan.models import Dokumen, JenisDokumen, Penomoran, Persetujuan, Status
from rujukan.tanda_tangan import buat_sertifikat_demo, nama_variabel
from tests.berkas_palsu import pdf
from tests.personas import personas_untuk
from tests.rujukan.dokumen_uji import isi, terbitkan_surat
from tests.rujukan.factories import (
    data_klien,
    data_pemohon,
    kasus_di_persetujuan,
    standar_sederhana,
)
from tests.rujukan.test_produk_loket import standar_loket
from tests.rujukan.views_helpers import post_aksi, url_aksi

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-uji-123"


def _sertifikat_pem(p12_path, pass_path) -> bytes:
    _, cert, _ = pkcs12.load_key_and_certificates(
        p12_path.read_bytes(), pass_path.read_text().strip().encode()
    )
    return cert.public_bytes(Encoding.PEM)


def _pyhanko(data: bytes, trust_pem: bytes):
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    (sig,) = reader.embedded_signatures
    vc = ValidationContext(trust_roots=list(load_certs_from_pemder_data(trust_pem)))
    return validate_pdf_signature(sig, vc)


def _pdfsig(data: bytes, tmp_path) -> str:
    path = tmp_path / "surat.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout


def _ubah_satu_bita(data: bytes) -> bytes:
    """One byte of the signed range changed (the header's binary comment, so
    the file still opens)."""
    ubah = bytearray(data)
    assert ubah[:9] == b"%PDF-1.7\n" and ubah[9:10] == b"%"
    ubah[11] ^= 0x01
    return bytes(ubah)


# -- the signature -----------------------------------------------------------------------------
def test_the_letter_is_signed_pades_and_valid_under_pyhanko(sertifikat_uji):
    terbit = terbitkan_surat()
    data = isi(terbit.surat)
    trust = _sertifikat_pem(sertifikat_uji, sertifikat_uji.with_name(sertifikat_uji.name + ".pass"))
    status = _pyhanko(data, trust)
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.coverage.name == "ENTIRE_FILE"
    assert terbit.surat.sertifikat["subjek"].startswith("Portal Layanan Dinas Sosial (UJI)")
    # the hash stored and shown is of these final, signed bytes
    assert hashlib.sha256(data).hexdigest() == terbit.surat.sha256
    assert len(data) == terbit.surat.ukuran


def test_the_signature_is_valid_under_pdfsig_and_broken_by_one_changed_byte(
    sertifikat_uji, tmp_path
):
    terbit = terbitkan_surat()
    data = isi(terbit.surat)
    keluar = _pdfsig(data, tmp_path)
    assert "Signature Validation: Signature is Valid." in keluar
    assert "ETSI.CAdES.detached" in keluar  # PAdES
    assert "Total document signed" in keluar

    rusak = _ubah_satu_bita(data)
    keluar = _pdfsig(rusak, tmp_path)
    assert "Signature is Valid" not in keluar and "Digest Mismatch" in keluar
    trust = _sertifikat_pem(sertifikat_uji, sertifikat_uji.with_name(sertifikat_uji.name + ".pass"))
    status = _pyhanko(rusak, trust)
    assert not status.intact and not status.bottom_line


def test_each_instansi_may_sign_with_its_own_certificate(monkeypatch, tmp_path):
    terbit = terbitkan_surat()
    instansi = terbit.surat.instansi
    p12 = tmp_path / "instansi.p12"
    pass_path = buat_sertifikat_demo(p12, nama="Dinas Sosial Kota Uji")
    variabel = nama_variabel(instansi)
    assert variabel == "PORTAL_PKCS12_" + instansi.slug.upper().replace("-", "_")
    monkeypatch.setenv(variabel, str(p12))
    monkeypatch.setenv(f"{variabel}_PASSPHRASE_FILE", str(pass_path))
    baru = s.dokumen_reissue(dokumen=terbit.surat, by=terbit.staf.kadis, alasan="Sertifikat.")
    assert baru.sertifikat["subjek"].startswith(
        "Dinas Sosial Kota Uji (Portal Layanan Dinas Sosial)"
    )
    assert _pyhanko(isi(baru), _sertifikat_pem(p12, pass_path)).bottom_line
    # another office still signs with the portal-wide certificate
    lain = terbitkan_surat()
    assert lain.surat.sertifikat["subjek"].startswith("Portal Layanan Dinas Sosial (UJI)")


def test_without_any_certificate_nothing_is_issued_and_no_number_is_taken(monkeypatch):
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    r = kasus_di_persetujuan(layanan, staf)
    monkeypatch.delenv("PORTAL_PKCS12")
    with pytest.raises(s.DokumenGagal) as exc:
        s.rujukan_approve(rujukan=r, by=staf.kadis)
    assert exc.value.status_code == 503 and "Sertifikat tanda tangan" in exc.value.pesan
    r.refresh_from_db()
    assert r.status == Status.PERSETUJUAN
    assert not Penomoran.objects.filter(instansi=r.instansi, jenis="surat", terakhir__gt=0).exists()
    assert not Dokumen.objects.filter(rujukan=r, jenis=JenisDokumen.SURAT_REKOMENDASI).exists()


def test_a_wrong_passphrase_stops_issuing(monkeypatch, tmp_path):
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    r = kasus_di_persetujuan(layanan, staf)
    salah = tmp_path / "salah.pass"
    salah.write_text("bukan-kata-sandinya")
    monkeypatch.setenv("PORTAL_PKCS12_PASSPHRASE_FILE", str(salah))
    with pytest.raises(s.DokumenGagal):
        s.rujukan_approve(rujukan=r, by=staf.kadis)
    r.refresh_from_db()
    assert r.status == Status.PERSETUJUAN


def test_signing_switched_off_explicitly_issues_unsigned_letters(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_TANDA_TANGAN", "nonaktif")
    terbit = terbitkan_surat()
    assert terbit.surat.sertifikat == {}
    data = isi(terbit.surat)
    assert b"/ByteRange" not in data
    assert "does not contain any signatures" in _pdfsig(data, tmp_path)


def test_the_demo_certificate_command_writes_a_private_pkcs12_once(tmp_path):
    keluar = tmp_path / "demo" / "portal-demo.p12"
    call_command("buat_sertifikat_demo", keluar=str(keluar), stdout=io.StringIO())
    pass_path = keluar.with_name("portal-demo.p12.pass")
    assert keluar.exists() and pass_path.exists()
    assert stat.S_IMODE(os.stat(pass_path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(keluar).st_mode) == 0o600
    isi_awal = keluar.read_bytes()
    call_command("buat_sertifikat_demo", keluar=str(keluar), stdout=io.StringIO())
    assert keluar.read_bytes() == isi_awal  # `make run` keeps the one it made
    assert b"BEGIN CERTIFICATE" in _sertifikat_pem(keluar, pass_path)


# -- signing asks the official to re-authenticate ---------------------------------------
def test_the_signature_step_asks_the_password_and_a_paraf_does_not(client):
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    r = kasus_di_persetujuan(layanan, staf, paraf=False)
    client.force_login(staf.koordinator)
    assert 'name="kata_sandi"' not in client.get(url_aksi(r, "setujui")).content.decode()
    assert post_aksi(client, r, "setujui").status_code == 302  # Dewi's paraf
    client.force_login(staf.kadis)
    page = client.get(url_aksi(r, "setujui")).content.decode()
    assert 'name="kata_sandi"' in page and 'autocomplete="current-password"' in page
    assert "Tanda tangani dan terbitkan" in page


def test_a_wrong_password_signs_nothing_and_changes_nothing(client):
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    r = kasus_di_persetujuan(layanan, staf)
    client.force_login(staf.kadis)
    tanpa = post_aksi(client, r, "setujui")
    assert tanpa.status_code == 400
    salah = post_aksi(client, r, "setujui", {"kata_sandi": "tebak-tebakan"})
    assert salah.status_code == 403
    assert "Kata sandi salah" in salah.content.decode()
    r.refresh_from_db()
    assert r.status == Status.PERSETUJUAN
    assert Persetujuan.objects.filter(konsep__rujukan=r).count() == 1  # only the paraf
    assert not Dokumen.objects.filter(rujukan=r, jenis=JenisDokumen.SURAT_REKOMENDASI).exists()
    benar = post_aksi(client, r, "setujui", {"kata_sandi": PASSWORD})
    assert benar.status_code == 302
    r.refresh_from_db()
    assert r.status == Status.PRODUK_TERBIT
    assert Dokumen.objects.get(rujukan=r, jenis=JenisDokumen.SURAT_REKOMENDASI).penandatangan == (
        staf.kadis
    )


def test_a_desk_issue_asks_the_officers_password(client):
    layanan = standar_loket("surat_loket", "Surat Keterangan Terdaftar DTKS")
    staf = personas_untuk(layanan.instansi)
    r = s.rujukan_register(
        by=staf.petugas_loket,
        permohonan=s.PermohonanBaru(
            layanan=layanan,
            klien=data_klien(dt.date(1980, 1, 1)),
            pemohon=data_pemohon("keluarga"),
            berkas={layanan.persyaratan.get(jenis="dokumen").pk: pdf()},
        ),
    ).rujukan
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    client.force_login(staf.petugas_loket)
    assert 'name="kata_sandi"' in client.get(url_aksi(r, "terbitkan-loket")).content.decode()
    salah = post_aksi(client, r, "terbitkan-loket", {"kata_sandi": "salah"})
    assert salah.status_code == 403
    r.refresh_from_db()
    assert r.status == Status.PEMERIKSAAN_BERKAS
    assert not r.dokumen.filter(jenis="surat_keterangan").exists()
    assert post_aksi(client, r, "terbitkan-loket", {"kata_sandi": PASSWORD}).status_code == 302
    r.refresh_from_db()
    assert r.status == Status.PRODUK_TERBIT
    assert r.dokumen.get(jenis="surat_keterangan").sertifikat


def test_the_case_page_links_each_document_to_its_verification(client):
    terbit = terbitkan_surat()
    client.force_login(terbit.staf.petugas_loket)
    page = client.get(reverse("rujukan:detail", args=[terbit.rujukan.pk])).content.decode()
    assert reverse("verifikasi:dokumen", args=[terbit.surat.token]) in page
    assert "bertanda tangan elektronik" in page
