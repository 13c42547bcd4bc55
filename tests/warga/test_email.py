"""A citizen logged in by e-mail sees the complaints filed under their own
name with that address (found by its keyed hash), never an anonymous one,
never another's; cases stay phone-only (the pemohon has no e-mail address).
pengaduan 0007 gives the existing reporters the sidik of their address."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from layanan.enkripsi import sidik
from pengaduan import services as aduan_services
from pengaduan.models import Pelapor
from tests.factories import make_instansi
from tests.pengaduan.factories import ajukan
from tests.personas import personas_untuk
from tests.warga.bantu import masuk_email

SAYA = "Nur.Warga@Example.com"


@pytest.mark.django_db
def test_an_email_login_sees_my_named_complaints_and_nothing_else(
    client, instansi, django_assert_max_num_queries
):
    staf = personas_untuk(instansi)
    # filed with the address typed in capitals: the field keeps it lower-case
    milik, _k = ajukan(instansi, email=SAYA, telepon="", judul="Bantuan lansia terlambat")
    aduan_services.pengaduan_answer(
        pengaduan=milik, by=staf.petugas_loket, isi="Bantuan nenek Anda cair tanggal 5."
    )
    kedua, _k = ajukan(instansi, email="nur.warga@example.com", judul="Kursi roda belum datang")
    anonim, _k = ajukan(instansi, email=SAYA, anonim=True, judul="Aduan rahasia X")
    lain, _k = ajukan(instansi, email="orang.lain@example.com", judul="Aduan orang lain Y")
    # my phone number on another's complaint does not matter to an e-mail login
    lewat_hp, _k = ajukan(instansi, email="", telepon="081230004000", judul="Aduan lewat HP Z")

    masuk_email(client, "  nur.warga@EXAMPLE.com ")
    with django_assert_max_num_queries(6):  # 4 today; no query per complaint
        r = client.get("/warga/")
    assert r.status_code == 200
    html = r.content.decode()
    assert milik.nomor in html and "Bantuan nenek Anda cair tanggal 5." in html
    assert kedua.nomor in html and "Kursi roda belum datang" in html
    assert anonim.nomor not in html and "Aduan rahasia X" not in html
    assert lain.nomor not in html and "Aduan orang lain Y" not in html
    assert lewat_hp.nomor not in html and "Aduan lewat HP Z" not in html
    # no cases by e-mail: the page says why, and that the complaints are shown
    assert "Permohonan layanan dicari dengan nomor HP pemohon" in html
    assert "Belum ada pengaduan atas nama Anda" not in html

    # my complaint opens on its tracking page; the anonymous one and another's: 404
    r = client.get(f"/warga/pengaduan/{milik.pk}/")
    assert r.status_code == 302 and r["Location"] == f"/pengaduan/lacak/{milik.nomor}/"
    assert client.get(r["Location"]).status_code == 200
    assert client.get(f"/warga/pengaduan/{anonim.pk}/").status_code == 404
    assert client.get(f"/warga/pengaduan/{lain.pk}/").status_code == 404


@pytest.mark.django_db
def test_an_email_without_complaints_says_so(client, instansi):
    ajukan(instansi, email="orang.lain@example.com", judul="Aduan orang lain Y")
    masuk_email(client, "baru@example.com")
    html = client.get("/warga/").content.decode()
    assert "Belum ada pengaduan atas nama Anda dengan email ini." in html
    assert "Aduan orang lain Y" not in html


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_email_sidik_of_existing_reporters():
    instansi = make_instansi()
    dengan, _k = ajukan(instansi, email="Ani@Example.com")
    tanpa, _k = ajukan(instansi, email="")
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("pengaduan", "0006_telepon_sidik")])
        executor.loader.build_graph()
        executor.migrate([("pengaduan", "0007_email_sidik")])
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pengaduan_id, email, email_sidik FROM pengaduan_pelapor"
            " WHERE pengaduan_id IN (%s, %s)",
            [dengan.pk, tanpa.pk],
        )
        baris = {pk: (email, s) for pk, email, s in cursor.fetchall()}
    assert baris[dengan.pk][0].startswith("gAAAAA")  # still encrypted
    assert baris[dengan.pk][1] == sidik("ani@example.com", jenis="email")
    assert baris[tanpa.pk][1] == ""
    assert list(Pelapor.objects.filter(email_sidik=baris[dengan.pk][1])) == [dengan.pelapor]
