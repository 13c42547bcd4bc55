"""Retention (layanan.retensi, `manage.py terapkan_retensi`): the scans of a
case's requirements, field photos and complaint attachments go some years
after their case or complaint closed; the issued letters stay; files no row
names go after a day. A dry run removes nothing; a second run removes nothing
more; the report names ids and counts only; pages of a case whose scans went
say so instead of linking to nothing.

Time moves with time-machine (the case is closed now, the command runs years
later), so the suite holds whatever day it runs."""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from lapangan.models import Dokumentasi
from layanan.retensi import sapu_yatim, terapkan
from pengaduan import services as ps
from rujukan import services as s
from rujukan.models import BerkasItem, Dokumen, Kegiatan, Kejadian, Rujukan, Status
from tests.berkas_palsu import jpeg, png
from tests.layanan.test_storage_s3 import BUCKET, moto_s3, s3_storage  # noqa: F401 — fixtures
from tests.pengaduan.factories import ajukan
from tests.personas import personas_untuk
from tests.rujukan.factories import kasus_di_persetujuan, s_register, standar_sederhana

pytestmark = pytest.mark.django_db

DIHAPUS = "berkas dihapus sesuai jadwal retensi"


def _penyimpanan_sendiri(settings, tmp_path) -> None:
    """Files in a folder of this test alone (the orphan sweep must not meet
    another test run's files)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


@pytest.fixture(autouse=True)
def _jadwal(settings, tmp_path):
    """The default schedule; files in a folder of this test alone."""
    _penyimpanan_sendiri(settings, tmp_path)
    settings.RETENSI_BERKAS_TAHUN = 5
    settings.RETENSI_DOKUMENTASI_TAHUN = 5
    settings.RETENSI_LAMPIRAN_PENGADUAN_TAHUN = 2
    settings.RETENSI_YATIM_JAM = 24


@pytest.fixture
def kantor(personas):
    layanan = standar_sederhana(personas.instansi)
    return layanan, personas_untuk(personas.instansi)


def kasus_selesai(layanan, staf) -> Rujukan:
    """A case registered with its KTP scan, signed (the letter issued), handed
    over and closed, now."""
    r = kasus_di_persetujuan(layanan, staf)
    r = s.rujukan_approve(rujukan=r, by=staf.kadis)
    r = s.rujukan_hand_to_pemohon(rujukan=r, by=staf.petugas_loket)
    r = s.rujukan_close(rujukan=r, by=staf.petugas_loket)
    assert r.status == Status.SELESAI and r.selesai_pada is not None
    return r


def _scan(r: Rujukan) -> BerkasItem:
    return r.berkas.exclude(berkas="").get()


def _letters(r: Rujukan) -> list[Dokumen]:
    surat = list(Dokumen.objects.filter(rujukan=r))
    assert any(d.jenis == "surat_rekomendasi" for d in surat)
    return surat


def _jalankan(*args) -> str:
    """The command, with what it leaves for after its commits run (each test
    runs inside one transaction that is never committed)."""
    out = io.StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("terapkan_retensi", *args, stdout=out)
    return out.getvalue()


def _setelah(tahun: int = 0, hari: int = 0):
    return time_machine.travel(timezone.now() + relativedelta(years=tahun, days=hari), tick=False)


def test_a_case_closed_longer_ago_than_the_schedule_loses_its_scans_but_keeps_its_letters(
    kantor,
):
    layanan, staf = kantor
    r = kasus_selesai(layanan, staf)
    scan = _scan(r)
    nama_scan = scan.berkas.name
    surat = _letters(r)
    assert default_storage.exists(nama_scan)

    with _setelah(tahun=5, hari=1):
        out = _jalankan("--hapus")
        sekarang = timezone.now()

        scan.refresh_from_db()
        assert not scan.berkas and scan.berkas_dihapus_pada == sekarang
        assert scan.terpenuhi and scan.persyaratan_id  # the requirement row stays
        assert not default_storage.exists(nama_scan)
        for d in surat:  # the letters are the archive
            d.refresh_from_db()
            assert d.berkas and default_storage.exists(d.berkas.name)
        kejadian = Kejadian.objects.get(rujukan=r, kode="rujukan.retention_applied")
        assert kejadian.data == {"jenis": "berkas_persyaratan", "jumlah": 1}
        assert kejadian.oleh is None

    assert "berkas_persyaratan (5 tahun): 1 berkas dari 1 baris" in out
    assert f"rujukan: {r.pk}" in out
    assert "lebih dari 24 jam): 0 berkas" in out  # not counted twice
    # ids and counts only: nothing that names the person
    klien = r.klien
    for pribadi in (klien.nama, klien.nik, klien.no_kk, r.nomor_registrasi, nama_scan):
        assert pribadi not in out


def test_a_case_closed_recently_keeps_everything(kantor):
    layanan, staf = kantor
    r = kasus_selesai(layanan, staf)
    scan = _scan(r)
    with _setelah(tahun=4, hari=300):
        out = _jalankan("--hapus")
    scan.refresh_from_db()
    assert scan.berkas and scan.berkas_dihapus_pada is None
    assert default_storage.exists(scan.berkas.name)
    assert "berkas_persyaratan (5 tahun): 0 berkas dari 0 baris" in out
    assert not Kejadian.objects.filter(rujukan=r, kode="rujukan.retention_applied").exists()


def test_an_open_case_keeps_everything_however_old(kantor):
    layanan, staf = kantor
    r = s_register(layanan, staf).rujukan
    scan = _scan(r)
    with _setelah(tahun=20):
        _jalankan("--hapus")
    scan.refresh_from_db()
    assert scan.berkas and default_storage.exists(scan.berkas.name)


def test_a_dry_run_removes_nothing_and_reports_what_is_due(kantor):
    layanan, staf = kantor
    r1 = kasus_selesai(layanan, staf)
    r2 = kasus_selesai(layanan, staf)
    scans = [_scan(r1), _scan(r2)]
    ukuran = sum(default_storage.size(b.berkas.name) for b in scans)
    with _setelah(tahun=6):
        out = _jalankan()
    assert out.startswith("Uji coba")
    assert "berkas_persyaratan (5 tahun): 2 berkas dari 2 baris" in out
    assert f"rujukan: {r1.pk}, {r2.pk}" in out
    for b in scans:
        b.refresh_from_db()
        assert b.berkas and b.berkas_dihapus_pada is None and default_storage.exists(b.berkas.name)
    assert not Kejadian.objects.filter(kode="rujukan.retention_applied").exists()
    # what the dry run counted is what the real run frees
    with _setelah(tahun=6), TestCase.captureOnCommitCallbacks(execute=True):
        laporan = terapkan(hapus=True)
    kind = next(h for h in laporan.jenis if h.kode == "berkas_persyaratan")
    assert (kind.berkas, kind.bita, kind.induk) == (2, ukuran, [r1.pk, r2.pk])


def test_applying_the_schedule_twice_removes_nothing_more(kantor):
    layanan, staf = kantor
    r = kasus_selesai(layanan, staf)
    with _setelah(tahun=6):
        pertama = _jalankan("--hapus")
        kedua = _jalankan("--hapus")
    assert "berkas_persyaratan (5 tahun): 1 berkas dari 1 baris" in pertama
    assert "berkas_persyaratan (5 tahun): 0 berkas dari 0 baris" in kedua
    assert Kejadian.objects.filter(rujukan=r, kode="rujukan.retention_applied").count() == 1


def test_an_office_may_keep_its_scans_longer(kantor, monkeypatch):
    layanan, staf = kantor
    r = kasus_selesai(layanan, staf)
    slug = r.instansi.slug.upper().replace("-", "_")
    monkeypatch.setenv(f"RETENSI_BERKAS_TAHUN_{slug}", "10")
    with _setelah(tahun=6):
        out = _jalankan("--hapus")
    assert "berkas_persyaratan (5 tahun, 10 tahun): 0 berkas dari 0 baris" in out
    assert _scan(r).berkas


def test_orphan_files_older_than_a_day_go_and_fresh_ones_stay(kantor):
    layanan, staf = kantor
    r = kasus_selesai(layanan, staf)
    tua = default_storage.save(
        f"rujukan/{r.instansi_id}/dokumen/yatim-tua.pdf", ContentFile(b"%PDF-1.4 sisa")
    )
    baru = default_storage.save(
        f"rujukan/{r.instansi_id}/dokumen/yatim-baru.pdf", ContentFile(b"%PDF-1.4 baru")
    )
    kemarin = (timezone.now() - dt.timedelta(hours=30)).timestamp()
    os.utime(default_storage.path(tua), (kemarin, kemarin))
    dipakai = [_scan(r).berkas.name] + [d.berkas.name for d in _letters(r)]
    for n in dipakai:  # files rows name are old too, and stay
        os.utime(default_storage.path(n), (kemarin, kemarin))

    out = _jalankan()
    assert "berkas_yatim (tanpa baris data, lebih dari 24 jam): 1 berkas" in out
    assert default_storage.exists(tua)

    out = _jalankan("--hapus")
    assert "berkas_yatim (tanpa baris data, lebih dari 24 jam): 1 berkas" in out
    assert not default_storage.exists(tua)
    assert default_storage.exists(baru)
    assert all(default_storage.exists(n) for n in dipakai)
    assert "berkas_yatim (tanpa baris data, lebih dari 24 jam): 0 berkas" in _jalankan("--hapus")


def test_pages_of_a_case_whose_scans_were_removed_render_and_say_so(client, kantor):
    layanan, staf = kantor
    r = kasus_selesai(layanan, staf)
    scan = _scan(r)
    unduh = reverse("rujukan:unduh_berkas", args=[r.pk, scan.pk])
    client.force_login(staf.petugas_loket)
    assert f'href="{unduh}"' in client.get(reverse("rujukan:detail", args=[r.pk])).content.decode()
    with _setelah(tahun=6):
        _jalankan("--hapus")
        client.force_login(staf.petugas_loket)
        resp = client.get(reverse("rujukan:detail", args=[r.pk]))
        assert resp.status_code == 200
        html = resp.content.decode()
        assert DIHAPUS in html and unduh not in html
        assert "menghapus 1 berkas sesuai jadwal retensi" in html  # the case's history
        # a closed case's requirement is not checked again: refused with a message, no 500
        resp = client.get(reverse("rujukan:berkas_periksa", args=[r.pk, scan.pk]))
        assert resp.status_code == 409
        assert client.get(unduh).status_code == 404
        for d in _letters(r):
            resp = client.get(reverse("rujukan:unduh_dokumen", args=[r.pk, d.pk]))
            assert resp.status_code == 200


def test_field_photos_and_complaint_attachments_follow_their_own_schedules(
    client, kantor, personas
):
    layanan, staf = kantor
    r = kasus_selesai(layanan, staf)
    kegiatan = Kegiatan.objects.create(
        rujukan=r,
        jenis="kunjungan_rumah",
        tanggal=timezone.localdate(),
        uraian="Kunjungan.",
        oleh=staf.peksos,
    )
    foto = Dokumentasi(
        rujukan=r,
        kegiatan=kegiatan,
        jenis="foto",
        mime="image/png",
        ukuran=100,
        diunggah_oleh=staf.peksos,
    )
    foto.berkas.save("foto.png", png(), save=False)
    foto.kecil.save("kecil.png", png(), save=False)
    foto.save()
    nama_foto = [foto.berkas.name, foto.kecil.name]
    p, _kode = ajukan(personas.instansi, berkas=[jpeg()])
    lampiran = p.lampiran.get()
    nama_lampiran = lampiran.berkas.name
    ps.pengaduan_stop(pengaduan=p, by=personas.kabid, pesan="Tidak ada tindak lanjut.")

    with _setelah(tahun=2, hari=1):  # complaints: 2 years; photos: not yet
        out = _jalankan("--hapus")
        assert "lampiran_pengaduan (2 tahun): 1 berkas dari 1 baris" in out
        assert f"pengaduan: {p.pk}" in out
        lampiran.refresh_from_db()
        assert not lampiran.berkas and not default_storage.exists(nama_lampiran)
        assert lampiran.nama_asli and lampiran.ukuran  # the row says what there was
        foto.refresh_from_db()
        assert foto.berkas and all(default_storage.exists(n) for n in nama_foto)
        client.force_login(personas.kabid)
        resp = client.get(reverse("pengaduan:detail", args=[p.pk]))
        assert resp.status_code == 200
        html = resp.content.decode()
        assert DIHAPUS in html and reverse("pengaduan:lampiran", args=[lampiran.pk]) not in html
        assert "1 lampiran dihapus sesuai jadwal retensi" in html
        assert client.get(reverse("pengaduan:lampiran", args=[lampiran.pk])).status_code == 404

    with _setelah(tahun=5, hari=1):
        out = _jalankan("--hapus")
        assert "dokumentasi_lapangan (5 tahun): 2 berkas dari 1 baris" in out
        foto.refresh_from_db()
        assert not foto.berkas and not foto.kecil
        assert not any(default_storage.exists(n) for n in nama_foto)
        client.force_login(staf.peksos)
        url = reverse("lapangan:dokumentasi", args=[r.pk, foto.pk])
        assert client.get(url).status_code == 404


def test_the_schedule_applies_on_s3_through_the_storage_api(request, kantor):
    s3 = request.getfixturevalue("s3_storage")
    _endpoint, bucket = request.getfixturevalue("moto_s3")
    layanan, staf = kantor
    r = kasus_selesai(layanan, staf)
    scan = _scan(r)
    nama_scan = scan.berkas.name
    surat = [d.berkas.name for d in _letters(r)]
    yatim = s3.save(f"rujukan/{r.instansi_id}/berkas/yatim.pdf", ContentFile(b"%PDF"))

    def kunci() -> set[str]:
        return {o["Key"] for o in bucket.list_objects_v2(Bucket=BUCKET).get("Contents", [])}

    assert {nama_scan, yatim, *surat} <= kunci()
    # a day later: only the orphan is due
    assert sapu_yatim(hapus=False, pada=timezone.now()).berkas == []
    laporan = terapkan(hapus=True, pada=timezone.now() + dt.timedelta(hours=25))
    assert yatim in laporan.yatim.berkas  # (the session's bucket holds other tests' leftovers)
    assert not {nama_scan, *surat} & set(laporan.yatim.berkas)
    assert yatim not in kunci() and nama_scan in kunci()
    # six years later: the scan goes, the letters stay
    with TestCase.captureOnCommitCallbacks(execute=True):
        laporan = terapkan(hapus=True, pada=timezone.now() + relativedelta(years=6))
    kind = next(h for h in laporan.jenis if h.kode == "berkas_persyaratan")
    assert kind.induk == [r.pk] and kind.berkas == 1 and kind.bita > 0
    assert nama_scan not in kunci()
    assert set(surat) <= kunci()
    scan.refresh_from_db()
    assert not scan.berkas and scan.berkas_dihapus_pada is not None
