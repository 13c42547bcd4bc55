"""NIK, KK, phone numbers and e-mail addresses encrypted at rest
(layanan.enkripsi): tokens in the database, clear values in Python, lookups
and uniqueness through the keyed hash, a clear error for a missing key, key
rotation with `putar_kunci_data`, and the data migration of existing rows."""

from __future__ import annotations

import datetime as dt
import io
import secrets

import pytest
from cryptography.fernet import Fernet
from django import forms
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from layanan.enkripsi import KunciDataSalah, sidik
from layanan.models import Instansi
from pengaduan import services as ps
from pengaduan.models import Pelapor
from rujukan.models import DataDTKS, Klien, Pemohon
from tests.factories import make_instansi
from tests.layanan.test_settings import run_manage
from tests.rujukan.factories import nik, no_kk

pytestmark = pytest.mark.django_db


def mentah(model, pk: int, *kolom: str) -> tuple:
    """What the database itself holds, past the field's conversion."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(map(q, kolom))} FROM {q(model._meta.db_table)} WHERE id = %s",
            [pk],
        )
        return cursor.fetchone()


def klien(instansi: Instansi, **kwargs) -> Klien:
    kwargs.setdefault("nama", "Siti Aminah")
    kwargs.setdefault("nik", nik(dt.date(1950, 2, 3), perempuan=True))
    return Klien.objects.create(instansi=instansi, **kwargs)


def laporan(instansi: Instansi, *, email: str = "ratna.rahasia@example.com") -> Pelapor:
    p, _ = ps.pengaduan_submit(
        kunci_klien="uji-enkripsi",
        instansi=instansi,
        isian=ps.IsianPengaduan(
            layanan=None,
            jenis="pengaduan",
            judul="Bantuan tidak sampai",
            uraian="Bantuan sembako untuk nenek saya tidak sampai sejak tiga bulan.",
            nama="Ratna",
            telepon="0857 1122 3346",
            email=email,
        ),
    )
    return Pelapor.objects.get(pengaduan=p)


def test_nik_and_kk_are_stored_as_tokens_and_read_back_clear(instansi):
    n, kk = nik(dt.date(1950, 2, 3), perempuan=True), no_kk()
    k = klien(instansi, nik=f"{n[:6]} {n[6:12]} {n[12:]}", no_kk=kk)
    nik_db, kk_db, sidik_db = mentah(Klien, k.pk, "nik", "no_kk", "nik_sidik")
    assert nik_db.startswith("gAAAAA") and n not in nik_db
    assert kk_db.startswith("gAAAAA") and kk not in kk_db
    assert sidik_db == sidik(n, jenis="nik") and n not in sidik_db
    dibaca = Klien.objects.get(pk=k.pk)
    assert (dibaca.nik, dibaca.no_kk) == (n, kk)  # normalised: the spaces are gone
    # eligibility still reads the clear NIK: birth date and region
    dibaca.isi_dari_nik()
    assert dibaca.tanggal_lahir.replace(year=1950) == dt.date(1950, 2, 3)
    assert dibaca.nik_tersamar == f"{n[:6]}********{n[-2:]}"


def test_an_empty_number_stays_empty_and_has_no_sidik(instansi):
    k = klien(instansi, nik="", alasan_tanpa_identitas="Ditemukan terlantar.")
    assert mentah(Klien, k.pk, "nik", "nik_sidik", "no_kk") == ("", "", "")
    assert Klien.objects.filter(nik="").filter(pk=k.pk).exists()
    assert not Klien.objects.dengan_nik("").exists()


def test_lookups_by_nik_and_kk_go_through_the_keyed_hash(instansi):
    lain = make_instansi()
    n, kk = nik(dt.date(1948, 5, 6)), no_kk()
    k = klien(instansi, nik=n, no_kk=kk)
    klien(lain, nik=n)
    assert list(Klien.objects.milik(instansi).dengan_nik(f" {n[:4]}.{n[4:8]}-{n[8:]} ")) == [k]
    assert list(Klien.objects.milik(instansi).dengan_kk(kk)) == [k]
    assert Klien.objects.dengan_nik(n).count() == 2
    assert not Klien.objects.dengan_nik(kk).exists()  # a KK is no NIK, even with equal digits
    assert sidik(n, jenis="nik") != sidik(n, jenis="kk")
    d = DataDTKS.objects.create(instansi=instansi, nik=n, nama="X", tanggal_data=dt.date.today())
    assert list(DataDTKS.objects.milik(instansi).dengan_nik(n)) == [d]


def test_a_query_by_the_clear_value_fails_loudly_instead_of_finding_nothing(instansi):
    n = nik(dt.date(1950, 1, 1))
    klien(instansi, nik=n)
    with pytest.raises(TypeError, match="sidik"):
        list(Klien.objects.filter(nik=n))
    with pytest.raises(Exception, match="Unsupported lookup"):
        list(Klien.objects.filter(nik__startswith=n[:6]))


def test_the_same_nik_twice_in_one_office_is_refused(instansi):
    n = nik(dt.date(1950, 2, 3), perempuan=True)
    klien(instansi, nik=n)
    kedua = Klien(instansi=instansi, nama="Siti A.", nik=f"{n[:8]} {n[8:]}")
    with pytest.raises(ValidationError, match="sudah terdaftar"):
        kedua.validate_constraints()
    with pytest.raises(IntegrityError), transaction.atomic():
        kedua.save()
    klien(make_instansi(), nik=n)  # another office keeps its own register
    for _ in range(2):  # several clients without NIK are fine
        klien(instansi, nik="", alasan_tanpa_identitas="Ditemukan terlantar.")


def test_a_form_with_a_nik_already_registered_is_invalid_not_a_500_on_save(instansi):
    """The sidik is in no form (not editable), yet the admin's form checks one
    NIK per office whenever it has the NIK."""
    n = nik(dt.date(1950, 2, 3), perempuan=True)
    ada = klien(instansi, nik=n)
    KlienForm = forms.modelform_factory(Klien, fields=["instansi", "jenis", "nama", "nik"])
    form = KlienForm(data={"instansi": instansi.pk, "jenis": "orang", "nama": "B", "nik": n})
    assert not form.is_valid()
    assert form.errors["__all__"] == ["Klien dengan NIK ini sudah terdaftar di instansi."]
    sama = KlienForm(
        instance=ada, data={"instansi": instansi.pk, "jenis": "orang", "nama": "C", "nik": n}
    )
    assert sama.is_valid(), sama.errors
    DtksForm = forms.modelform_factory(DataDTKS, fields=["instansi", "nik", "nama", "tanggal_data"])
    isi = {"instansi": instansi.pk, "nik": n, "nama": "X", "tanggal_data": "2026-01-15"}
    DtksForm(data=isi).save()
    assert DtksForm(data=isi).errors["__all__"] == [
        "NIK ini sudah ada di data DTKS/DTSEN instansi."
    ]


def test_a_token_of_an_unknown_key_gives_a_clear_error_not_garbage(instansi, settings):
    k = klien(instansi)
    settings.PORTAL_KUNCI_DATA = [Fernet.generate_key().decode()]
    with pytest.raises(KunciDataSalah, match="PORTAL_KUNCI_DATA"):
        Klien.objects.get(pk=k.pk)


def test_rotation_reads_old_rows_with_the_new_key_added_and_after_the_command_with_it_alone(
    instansi, settings
):
    lama, baru = settings.PORTAL_KUNCI_DATA[0], Fernet.generate_key().decode()
    n, kk = nik(dt.date(1950, 2, 3), perempuan=True), no_kk()
    k = klien(instansi, nik=n, no_kk=kk)
    p = Pemohon.objects.create(instansi=instansi, jenis="keluarga", nama="A", telepon="0812 33")
    token_lama = mentah(Klien, k.pk, "nik")[0]

    settings.PORTAL_KUNCI_DATA = [baru, lama]
    assert Klien.objects.get(pk=k.pk).nik == n
    assert mentah(Klien, k.pk, "nik")[0] == token_lama
    call_command("putar_kunci_data", stdout=(keluar := io.StringIO()))
    assert "rujukan.Klien: 1 baris" in keluar.getvalue()
    assert mentah(Klien, k.pk, "nik")[0] != token_lama

    settings.PORTAL_KUNCI_DATA = [baru]
    k2 = Klien.objects.dengan_nik(n).get()
    assert (k2.nik, k2.no_kk) == (n, kk)
    assert Pemohon.objects.get(pk=p.pk).telepon == "6281233"
    settings.PORTAL_KUNCI_DATA = [lama]
    with pytest.raises(KunciDataSalah):
        Klien.objects.get(pk=k.pk)


def test_a_new_hash_key_finds_again_once_the_command_has_run(instansi, settings):
    n = nik(dt.date(1950, 2, 3), perempuan=True)
    k = klien(instansi, nik=n)
    settings.PORTAL_KUNCI_HASH = secrets.token_urlsafe(48)
    assert not Klien.objects.dengan_nik(n).exists()
    call_command("putar_kunci_data", stdout=io.StringIO())
    assert list(Klien.objects.dengan_nik(n)) == [k]


def test_a_reporters_phone_and_email_are_encrypted_and_the_receipt_still_reaches_them(
    instansi, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pelapor = laporan(instansi, email="Ratna.Rahasia@Example.com")
    telepon_db, email_db = mentah(Pelapor, pelapor.pk, "telepon", "email")
    assert "1122" not in telepon_db and "ratna" not in email_db.lower()
    assert (pelapor.telepon, pelapor.email) == ("0857 1122 3346", "ratna.rahasia@example.com")
    assert [m.to for m in mail.outbox] == [["ratna.rahasia@example.com"]]


@pytest.mark.django_db(transaction=True)
def test_the_migrations_encrypt_existing_rows_and_can_be_reversed(instansi):
    """Rows written in clear before the migrations become tokens with a sidik;
    the backward migrations write them back in clear."""
    n, kk = nik(dt.date(1950, 2, 3), perempuan=True), no_kk()
    k = klien(instansi, nik=n, no_kk=kk)
    pelapor = laporan(instansi)
    sebelum = [("rujukan", "0013_usulan_panti"), ("pengaduan", "0004_pembatas_ke_layanan")]
    sesudah = [
        ("rujukan", "0014_nomor_identitas_terenkripsi"),
        ("pengaduan", "0005_pelapor_terenkripsi"),
    ]
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(sebelum)
        assert mentah(Klien, k.pk, "nik", "no_kk") == (n, kk)  # back in clear
        assert mentah(Pelapor, pelapor.pk, "telepon", "email") == (
            "0857 1122 3346",
            "ratna.rahasia@example.com",
        )
        executor.loader.build_graph()
        executor.migrate(sesudah)
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    nik_db, kk_db, sidik_db = mentah(Klien, k.pk, "nik", "no_kk", "nik_sidik")
    assert nik_db.startswith("gAAAAA") and kk_db.startswith("gAAAAA")
    assert sidik_db == sidik(n, jenis="nik")
    assert list(Klien.objects.dengan_kk(kk)) == [k]
    assert all(v.startswith("gAAAAA") for v in mentah(Pelapor, pelapor.pk, "telepon", "email"))
    assert Pelapor.objects.get(pk=pelapor.pk).email == "ratna.rahasia@example.com"


@pytest.mark.parametrize(
    ("env", "pesan"),
    [
        ({"PORTAL_KUNCI_HASH": "x" * 40}, "PORTAL_KUNCI_DATA must be set"),
        ({"PORTAL_KUNCI_DATA": Fernet.generate_key().decode()}, "PORTAL_KUNCI_HASH must be set"),
        (
            {"PORTAL_KUNCI_DATA": "bukan-kunci", "PORTAL_KUNCI_HASH": "x" * 40},
            "not a Fernet key",
        ),
        (
            {"PORTAL_KUNCI_DATA": Fernet.generate_key().decode(), "PORTAL_KUNCI_HASH": "pendek"},
            "at least 32",
        ),
    ],
)
def test_production_refuses_to_start_without_usable_keys(tmp_path, env, pesan):
    hasil = run_manage(
        tmp_path,
        "check",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="dinsos.example.go.id",
        **env,
    )
    assert hasil.returncode != 0
    assert pesan in hasil.stderr
