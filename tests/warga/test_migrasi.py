"""rujukan 0019 gives every existing pemohon the sidik of their phone, so the
citizen's page finds cases registered before it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from layanan.enkripsi import sidik
from rujukan.models import Pemohon
from tests.factories import make_instansi

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_migration_fills_the_sidik_of_existing_pemohon():
    instansi = make_instansi()
    p = Pemohon.objects.create(
        instansi=instansi, jenis="keluarga", nama="Nur", telepon="0812 3000 4000"
    )
    kosong = Pemohon.objects.create(instansi=instansi, jenis="rt_rw", nama="Tanpa HP")
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("rujukan", "0018_izin_rekap")])
        executor.loader.build_graph()
        executor.migrate([("rujukan", "0019_pemohon_telepon_sidik")])
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, telepon, telepon_sidik FROM rujukan_pemohon WHERE id IN (%s, %s)",
            [p.pk, kosong.pk],
        )
        baris = {pk: (telepon, s) for pk, telepon, s in cursor.fetchall()}
    assert baris[p.pk][0].startswith("gAAAAA")  # still encrypted
    assert baris[p.pk][1] == sidik("6281230004000", jenis="telepon")
    assert baris[kosong.pk][1] == ""
    assert list(Pemohon.objects.filter(telepon_sidik=baris[p.pk][1])) == [p]
