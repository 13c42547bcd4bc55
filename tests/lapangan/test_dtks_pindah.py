"""The DTKS/DTSEN extract moved from lapangan to rujukan without touching the
database: an office's rows and every grant on them survive the upgrade (and
a rollback), and the permissions are rujukan's from then on."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from rujukan.models import DataDTKS
from tests.factories import make_instansi

SEBELUM = [("lapangan", "0002_roles"), ("rujukan", "0005_dokumen_loket")]
NIK = "3276015204850001"


def _migrasi(target=None) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(target or executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_upgrade_keeps_the_offices_rows_and_grants_under_rujukan():
    instansi = make_instansi()
    petugas = User.objects.create_user("petugas")
    try:
        lama = _migrasi(SEBELUM).loader.project_state(SEBELUM).apps
        lama.get_model("lapangan", "DataDTKS").objects.create(
            instansi_id=instansi.pk, nik=NIK, nama="Nur Aini", tanggal_data=dt.date(2026, 1, 31)
        )
        izin = lama.get_model("auth", "Permission").objects.get(
            content_type__app_label="lapangan", codename="change_datadtks"
        )
        petugas.user_permissions.add(izin.pk)
    finally:
        _migrasi()
        ContentType.objects.clear_cache()

    assert DataDTKS._meta.db_table == "lapangan_datadtks"
    assert DataDTKS.objects.milik(instansi).dengan_nik(NIK).get().nama == "Nur Aini"
    petugas = User.objects.get(pk=petugas.pk)  # no cached permissions
    assert petugas.has_perm("rujukan.change_datadtks")
    assert not ContentType.objects.filter(app_label="lapangan", model="datadtks").exists()
