"""An access request of a klien (UU 27/2022): the Kepala Bidang or Kepala Dinas
of the klien's office downloads everything held about the klien as one ZIP
(rujukan.ekspor_klien) — the record, every case with its history,
assessment, letters and files — and nothing of anybody else. The export is
recorded on each of the klien's cases before it is served; others get
403/404 and leave no trace."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from django.conf import settings
from django.core.management import call_command
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from rujukan import services as s
from rujukan.models import Asesmen, BerkasItem, Dokumen, Kejadian, Rujukan
from tests.personas import personas_untuk
from tests.rujukan.factories import data_klien, kasus_di_persetujuan, s_register, standar_sederhana

pytestmark = pytest.mark.django_db

DASAR = "Surat permohonan akses dari wali klien, diterima di loket."
KODE = "rujukan.client_data_exported"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Files in a folder of this test alone."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


@pytest.fixture
def kasus(personas):
    """Klien A: a case signed (its letter issued) with her KTP scan and an
    assessment; klien B of the same office: a case of her own."""
    layanan = standar_sederhana(personas.instansi)
    staf = personas_untuk(personas.instansi)
    a = kasus_di_persetujuan(layanan, staf)
    a = s.rujukan_approve(rujukan=a, by=staf.kadis)
    Asesmen.objects.create(
        rujukan=a,
        kondisi="Lansia tinggal sendiri, penglihatan menurun.",
        kesimpulan_layak=True,
        fakta_kelayakan=[{"teks": "Berusia 60 tahun ke atas", "terpenuhi": True, "bukti": "KTP"}],
        oleh=staf.peksos,
    )
    b = s_register(layanan, staf, klien=data_klien(dt.date(1955, 5, 6), nama="Rahmawati")).rujukan
    return a, b


def _zip(resp) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(resp.streaming_content)))


def _ekspor(client, user, klien_pk: int, **data):
    client.force_login(user)
    return client.post(reverse("rujukan:ekspor_klien", args=[klien_pk]), {"dasar": DASAR, **data})


@pytest.mark.parametrize("pejabat", ["kabid", "kadis"])
def test_an_official_downloads_everything_held_about_the_klien_and_nothing_else(
    client, personas, kasus, pejabat
):
    a, b = kasus
    user = getattr(personas, pejabat)
    client.force_login(user)
    halaman = client.get(reverse("rujukan:ekspor_klien", args=[a.klien_id]))
    assert halaman.status_code == 200 and a.nomor_registrasi in halaman.content.decode()
    assert not Kejadian.objects.filter(kode=KODE).exists()  # a GET writes nothing

    resp = _ekspor(client, user, a.klien_id)
    assert resp.status_code == 200
    assert resp["Content-Type"] == "application/zip"
    assert resp["Cache-Control"] == "private, no-store"
    assert resp["Content-Disposition"].startswith("attachment;")
    assert a.klien.nama not in resp["Content-Disposition"]
    zf = _zip(resp)
    nama = set(zf.namelist())
    assert {"data.json", "ringkasan.html"} <= nama
    data = json.loads(zf.read("data.json"))

    klien = a.klien
    assert data["klien"]["nama"] == klien.nama and data["klien"]["nik"] == klien.nik
    assert data["klien"]["no_kk"] == klien.no_kk
    assert "nik_sidik" not in data["klien"]
    [kasus_a] = data["rujukan"]
    assert kasus_a["nomor_registrasi"] == a.nomor_registrasi
    assert "kode_lacak_hash" not in kasus_a
    assert any("mendaftarkan" in e["kalimat"] for e in kasus_a["riwayat"])
    terkait = kasus_a["data_terkait"]
    assert terkait["rujukan.asesmen"][0]["fakta_kelayakan"][0]["teks"] == "Berusia 60 tahun ke atas"
    assert terkait["rujukan.persetujuan"]  # the paraf and the signature of the draft
    # the files, byte for byte: the KTP scan and every letter
    scan = BerkasItem.objects.exclude(berkas="").get(rujukan=a)
    surat = list(Dokumen.objects.filter(rujukan=a))
    assert any(d.jenis == "surat_rekomendasi" for d in surat)
    for berkas in [scan.berkas] + [d.berkas for d in surat]:
        [entri] = [
            e
            for e in data["berkas"]
            if e["ada"]
            and e["asal"].endswith(f"#{berkas.instance.pk}.berkas")
            and e["asal"].startswith(berkas.instance._meta.label_lower)
        ]
        with berkas.open("rb") as f:
            assert zf.read(entri["path"]) == f.read()
    html = zf.read("ringkasan.html").decode()
    assert klien.nama in html and a.nomor_registrasi in html and "<script" not in html

    # nothing of klien B, anywhere in the archive
    semua = b"".join(zf.read(n) for n in nama)
    for milik_b in (b.klien.nama, b.klien.nik, b.nomor_registrasi):
        assert milik_b.encode() not in semua
    asal = {e["asal"] for e in data["berkas"]}
    for item in BerkasItem.objects.filter(rujukan=b).exclude(berkas=""):
        assert f"rujukan.berkasitem#{item.pk}.berkas" not in asal
    assert len([n for n in nama if n.startswith("berkas/")]) == 1 + len(surat)

    # recorded on the klien's case (who, when, why), not on B's
    [k] = Kejadian.objects.filter(kode=KODE)
    assert k.rujukan_id == a.pk and k.oleh == user and k.catatan == DASAR
    assert k.data["klien"] == a.klien_id and len(k.data["sha256"]) == 64
    detail = client.get(reverse("rujukan:detail", args=[a.pk])).content.decode()
    assert "mengekspor seluruh data klien atas permintaan akses" in detail


def test_the_case_page_offers_the_export_only_to_those_allowed(client, personas, kasus):
    a, _b = kasus
    url = reverse("rujukan:ekspor_klien", args=[a.klien_id])
    client.force_login(personas.kabid)
    assert f'href="{url}"' in client.get(reverse("rujukan:detail", args=[a.pk])).content.decode()
    client.force_login(personas.petugas_loket)
    resp = client.get(reverse("rujukan:detail", args=[a.pk]))
    assert resp.status_code == 200 and url not in resp.content.decode()


def test_outsiders_and_roles_without_the_permission_get_nothing(client, personas, kasus):
    a, _b = kasus
    url = reverse("rujukan:ekspor_klien", args=[a.klien_id])
    ditolak = {
        "staf_lain": 404,  # the Kabid of another office: its existence is not revealed
        "petugas_loket": 403,
        "peksos": 403,
        "koordinator": 403,
        "admin_instansi": 403,
        "panti": 403,
    }
    for persona, status in ditolak.items():
        client.force_login(getattr(personas, persona))
        assert client.get(url).status_code == status, persona
        resp = client.post(url, {"dasar": DASAR})
        assert resp.status_code == status, persona
        assert not getattr(resp, "streaming", False)
    client.logout()
    resp = client.post(url, {"dasar": DASAR})
    assert resp.status_code == 302 and resp["Location"].startswith(resolve_url(settings.LOGIN_URL))
    client.force_login(personas.kabid)
    assert client.get(reverse("rujukan:ekspor_klien", args=[999999])).status_code == 404
    assert not Kejadian.objects.filter(kode=KODE).exists()


def test_an_export_without_its_basis_is_refused_with_a_message(client, personas, kasus):
    a, _b = kasus
    resp = _ekspor(client, personas.kabid, a.klien_id, dasar="   ")
    assert resp.status_code == 400
    assert "Periksa isian yang ditandai" in resp.content.decode()
    resp = _ekspor(client, personas.kabid, a.klien_id, dasar="x" * 501)
    assert resp.status_code == 400
    assert not Kejadian.objects.filter(kode=KODE).exists()


def test_a_removed_scan_is_told_as_removed(client, personas, kasus):
    a, _b = kasus
    scan = BerkasItem.objects.exclude(berkas="").get(rujukan=a)
    scan.berkas.delete(save=False)
    pada = timezone.now()
    BerkasItem.objects.filter(pk=scan.pk).update(berkas="", berkas_dihapus_pada=pada)
    zf = _zip(_ekspor(client, personas.kabid, a.klien_id))
    data = json.loads(zf.read("data.json"))
    [baris] = [
        x for x in data["rujukan"][0]["data_terkait"]["rujukan.berkasitem"] if x["id"] == scan.pk
    ]
    assert baris["berkas"] == "" and baris["berkas_dihapus_pada"]


def test_an_operator_exports_from_the_command_line(tmp_path, kasus):
    a, _b = kasus
    keluar = tmp_path / "ekspor.zip"
    out = io.StringIO()
    call_command("ekspor_data_klien", str(a.klien_id), keluar=str(keluar), dasar=DASAR, stdout=out)
    assert a.klien.nama not in out.getvalue() and f"Klien {a.klien_id}: 1 rujukan" in out.getvalue()
    data = json.loads(zipfile.ZipFile(keluar).read("data.json"))
    assert data["klien"]["nik"] == a.klien.nik
    assert oct(keluar.stat().st_mode & 0o777) == "0o600"
    k = Kejadian.objects.get(kode=KODE, rujukan=a)
    assert k.oleh is None and k.catatan == DASAR
    assert Rujukan.objects.filter(kejadian__kode=KODE).count() == 1
