"""Letter and registration numbers: consecutive, never repeated, never
skipped — also when many officials issue at the same moment (PostgreSQL,
threads with their own connections) and when storing a letter fails."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import override_settings

from layanan.models import Peran
from rujukan import services as s
from rujukan.models import Dokumen, Penomoran, Persetujuan, Status
from tests.factories import make_instansi, make_user
from tests.personas import personas_untuk
from tests.rujukan.factories import kasus_di_persetujuan, s_register, standar_sederhana

perlu_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises all writers and has no row locks: run with DATABASE_URL=postgres://…",
)


def _paralel(fn, args, workers):
    barrier = threading.Barrier(min(workers, len(args)))

    def run(arg):
        try:
            barrier.wait(timeout=30)
            return fn(arg)
        except Exception as exc:  # noqa: BLE001 - collected and asserted by the caller
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, args))


@perlu_postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_letters_get_fifty_consecutive_numbers():
    instansi = make_instansi()
    layanan = standar_sederhana(instansi)
    staf = personas_untuk(instansi)
    kasus = [kasus_di_persetujuan(layanan, staf) for _ in range(50)]
    hasil = _paralel(lambda r: s.rujukan_approve(rujukan=r, by=staf.kadis), kasus, workers=50)
    gagal = [h for h in hasil if isinstance(h, Exception)]
    assert gagal == []
    urut = sorted(
        Dokumen.objects.filter(instansi=instansi, nomor_urut__isnull=False).values_list(
            "nomor_urut", flat=True
        )
    )
    assert urut == list(range(1, 51))
    assert Penomoran.objects.get(instansi=instansi, jenis="surat").terakhir == 50
    nomor = Dokumen.objects.filter(instansi=instansi, nomor_urut__isnull=False)
    assert len(set(nomor.values_list("nomor", flat=True))) == 50


@perlu_postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_registrations_get_consecutive_numbers():
    instansi = make_instansi()
    layanan = standar_sederhana(instansi)
    staf = personas_untuk(instansi)
    hasil = _paralel(lambda _: s_register(layanan, staf), range(20), workers=20)
    assert [h for h in hasil if isinstance(h, Exception)] == []
    nomor = sorted(h.rujukan.nomor_urut for h in hasil)
    assert nomor == list(range(1, 21))


@perlu_postgres
@pytest.mark.django_db(transaction=True)
def test_two_officials_clicking_at_once_do_not_both_approve():
    instansi = make_instansi()
    layanan = standar_sederhana(instansi)
    staf = personas_untuk(instansi)
    koordinator2 = make_user("koord-kembar", instansi=instansi, peran=Peran.KOORDINATOR)
    r = kasus_di_persetujuan(layanan, staf, paraf=False)
    hasil = _paralel(
        lambda u: s.rujukan_approve(rujukan=r, by=u), [staf.koordinator, koordinator2], workers=2
    )
    berhasil = [h for h in hasil if not isinstance(h, Exception)]
    ditolak = [h for h in hasil if isinstance(h, Exception)]
    assert len(berhasil) == 1 and len(ditolak) == 1
    assert isinstance(ditolak[0], s.IzinDitolak | s.Konflik)
    assert Persetujuan.objects.filter(konsep__rujukan=r).count() == 1


@pytest.mark.django_db
def test_failing_storage_leaves_the_case_unchanged_and_no_number_consumed(personas):
    layanan = standar_sederhana(personas.instansi)
    staf = personas_untuk(personas.instansi)
    r = kasus_di_persetujuan(layanan, staf)
    sebelum = Penomoran.objects.filter(instansi=personas.instansi, jenis="surat").first()
    gagal = {
        "default": {"BACKEND": "tests.rujukan.factories.StorageGagal"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=gagal), pytest.raises(s.DokumenGagal) as exc:
        s.rujukan_approve(rujukan=r, by=staf.kadis)
    assert exc.value.status_code == 503 and "tidak ada perubahan" in exc.value.pesan
    r.refresh_from_db()
    assert r.status == Status.PERSETUJUAN
    assert Persetujuan.objects.filter(konsep__rujukan=r).count() == 1  # only the paraf
    assert not Dokumen.objects.filter(rujukan=r, jenis="surat_rekomendasi").exists()
    assert Penomoran.objects.filter(instansi=personas.instansi, jenis="surat").first() == sebelum
    # storage back: the same signature issues number 1
    r = s.rujukan_approve(rujukan=r, by=staf.kadis)
    assert r.status == Status.PRODUK_TERBIT
    assert Dokumen.objects.get(rujukan=r, jenis="surat_rekomendasi").nomor_urut == 1
