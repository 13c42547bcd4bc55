"""The rate limit holds across app servers: counted in the database under a row lock."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from layanan import pembatas
from layanan.models import Instansi
from pengaduan import services
from pengaduan.models import Pengaduan
from tests.factories import make_instansi


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_thirty_simultaneous_submissions_from_one_address_let_exactly_ten_through():
    instansi = make_instansi()
    results: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(15)

    def worker(n: int) -> None:
        try:
            start.wait()
            for i in range(2):
                try:
                    services.pengaduan_submit(
                        kunci_klien="alamat-yang-sama",
                        instansi=Instansi.objects.get(pk=instansi.pk),
                        isian=services.IsianPengaduan(
                            layanan=None,
                            jenis="pengaduan",
                            judul=f"Aduan {n}-{i}",
                            uraian="Serentak.",
                            nama="Warga",
                        ),
                    )
                    outcome = "ok"
                except pembatas.TerlaluBanyak:
                    outcome = "429"
                with lock:
                    results.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(15)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["429"] * 20 + ["ok"] * 10
    assert Pengaduan.objects.count() == 10
