"""The case flow on both storage paths: local disk and S3 (a moto S3 server on
loopback, configured by config/settings.py itself). A case registered with its
uploads runs to its signed product; every file reads back through the
permission-checked views byte for byte, the letter's bytes match the SHA-256
its verification page shows, and nobody outside the office gets a file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.urls import reverse

from layanan.data.muat import muat_kategori_ppks, muat_standar
from rujukan.models import Dokumen, Status
from tests.layanan.test_storage_s3 import BUCKET, moto_s3, s3_storage  # noqa: F401 — fixtures
from tests.personas import personas_untuk
from tests.rujukan.test_standar_lain_jalan import _daftar, _jalankan, _lahir, _staf

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "layanan" / "data" / "standar"


def _isi(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture(params=["lokal", "s3"])
def penyimpanan(request):
    if request.param == "s3":
        request.getfixturevalue("s3_storage")
        return request.getfixturevalue("moto_s3")[1]
    return None


def test_a_case_runs_to_its_signed_letter_and_every_file_reads_back(client, penyimpanan):
    muat_kategori_ppks()
    layanan = muat_standar(path=SEED / "bulukumba.json").layanan
    staf, semua = _staf(layanan.instansi)
    r = _daftar(layanan, staf, _lahir(layanan))
    r, dilalui = _jalankan(r, staf, semua)
    assert r.status == Status.SELESAI, dilalui
    surat = Dokumen.objects.filter(rujukan=r).exclude(jenis="tanda_terima")
    assert surat.exists()
    if penyimpanan is not None:  # the files are objects in the private bucket
        kunci = {o["Key"] for o in penyimpanan.list_objects_v2(Bucket=BUCKET)["Contents"]}
        assert {d.berkas.name for d in surat} <= kunci

    client.force_login(staf.petugas_loket)
    for item in r.berkas.exclude(berkas=""):
        response = client.get(reverse("rujukan:unduh_berkas", args=[r.pk, item.pk]))
        assert response.status_code == 200
        with item.berkas.open("rb") as f:
            assert _isi(response) == f.read()
    for dokumen in surat:
        response = client.get(reverse("rujukan:unduh_dokumen", args=[r.pk, dokumen.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        isi = _isi(response)
        assert isi.startswith(b"%PDF") and hashlib.sha256(isi).hexdigest() == dokumen.sha256
        halaman = client.get(reverse("verifikasi:dokumen", args=[dokumen.token]))
        assert dokumen.sha256 in halaman.content.decode()

    # nobody outside the office reads a file of the case
    lain = personas_untuk(muat_standar(path=SEED / "banjar.json").layanan.instansi)
    item = r.berkas.exclude(berkas="").first()
    urls = [
        reverse("rujukan:unduh_berkas", args=[r.pk, item.pk]),
        *(reverse("rujukan:unduh_dokumen", args=[r.pk, d.pk]) for d in surat),
    ]
    client.force_login(lain.kabid)
    assert {client.get(u).status_code for u in urls} <= {403, 404}
    client.logout()
    assert {client.get(u).status_code for u in urls} == {302}
