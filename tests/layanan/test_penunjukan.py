"""Plt/Plh appointments (layanan.PenunjukanPelaksana), entered by the Admin
Instansi in the admin: no two for one jabatan at once, never the holder
himself, only the office's own staff, bounded in time; an appointment is in
force from its first to its last day in the office's time zone, then ends
by itself."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from layanan.models import PenunjukanPelaksana, Peran
from layanan.pelaksana import jabatan_dipegang, penunjukan_berlaku
from tests.layanan.factories import make_jabatan

pytestmark = pytest.mark.django_db

JAYAPURA = ZoneInfo("Asia/Jayapura")


@pytest.fixture
def kadis_jabatan(personas):
    return make_jabatan(
        personas.instansi, "Kepala Dinas Sosial", Peran.KEPALA_DINAS, pemegang=[personas.kadis]
    )


@pytest.fixture
def lestari(personas) -> User:
    user = personas.admin_instansi
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return User.objects.get(pk=user.pk)


def _baru(personas, jabatan, pegawai=None, **kwargs) -> PenunjukanPelaksana:
    hari = timezone.localdate()
    data = {
        "instansi": personas.instansi,
        "jabatan": jabatan,
        "pegawai": pegawai or personas.kabid.pegawai,
        "jenis": PenunjukanPelaksana.Jenis.PLT,
        "mulai": hari,
        "selesai": hari + dt.timedelta(days=6),
        "dasar": "800/77/Dinsos",
    } | kwargs
    return PenunjukanPelaksana(**data)


def _pesan(exc: ValidationError) -> str:
    return " ".join(m for daftar in exc.message_dict.values() for m in daftar)


def test_an_overlapping_appointment_is_refused(personas, kadis_jabatan):
    pertama = _baru(personas, kadis_jabatan)
    pertama.full_clean()
    pertama.save()
    kedua = _baru(
        personas,
        kadis_jabatan,
        pegawai=personas.koordinator.pegawai,
        jenis=PenunjukanPelaksana.Jenis.PLH,
        mulai=pertama.selesai,
        selesai=pertama.selesai + dt.timedelta(days=2),
    )
    with pytest.raises(ValidationError) as exc:
        kedua.full_clean()
    assert "tumpang tindih" in _pesan(exc.value)
    assert "Hasan" in _pesan(exc.value) or personas.kabid.pegawai.nama in _pesan(exc.value)
    # the day after the first ends is free
    kedua.mulai = pertama.selesai + dt.timedelta(days=1)
    kedua.full_clean()


def test_the_holder_cannot_be_his_own_acting_official(personas, kadis_jabatan):
    with pytest.raises(ValidationError) as exc:
        _baru(personas, kadis_jabatan, pegawai=personas.kadis.pegawai).full_clean()
    assert "pemegang jabatan tersebut" in _pesan(exc.value)


def test_another_offices_staff_cannot_be_appointed(personas, kadis_jabatan):
    with pytest.raises(ValidationError) as exc:
        _baru(personas, kadis_jabatan, pegawai=personas.staf_lain.pegawai).full_clean()
    assert "Pelaksana harus pegawai instansi yang sama." in _pesan(exc.value)


def test_periods_are_bounded(personas, kadis_jabatan):
    hari = timezone.localdate()
    plh = _baru(
        personas,
        kadis_jabatan,
        jenis=PenunjukanPelaksana.Jenis.PLH,
        selesai=hari + dt.timedelta(days=30),  # 31 days counting both ends
    )
    with pytest.raises(ValidationError) as exc:
        plh.full_clean()
    assert "Plh. paling lama 30 hari" in _pesan(exc.value)
    plt = _baru(personas, kadis_jabatan, selesai=hari + dt.timedelta(days=364))
    plt.full_clean()  # a year exactly
    plt.selesai += dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        plt.full_clean()
    assert "Plt. paling lama 365 hari" in _pesan(exc.value)
    mundur = _baru(personas, kadis_jabatan, selesai=hari - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        mundur.full_clean()
    assert "tidak boleh sebelum tanggal mulai" in _pesan(exc.value)


def test_the_appointment_ends_by_itself_at_midnight_in_the_offices_zone(personas, kadis_jabatan):
    personas.instansi.zona_waktu = "Asia/Jayapura"
    personas.instansi.save(update_fields=["zona_waktu"])
    with time_machine.travel(dt.datetime(2026, 11, 24, 9, 0, tzinfo=JAYAPURA), tick=False):
        _baru(
            personas, kadis_jabatan, mulai=dt.date(2026, 11, 23), selesai=dt.date(2026, 11, 25)
        ).save()
    kabid = personas.kabid.pk
    # the first day begins at midnight in Jayapura (15:00 UTC the day before)
    with time_machine.travel(dt.datetime(2026, 11, 23, 0, 5, tzinfo=JAYAPURA), tick=False):
        assert kadis_jabatan.pk in jabatan_dipegang(User.objects.get(pk=kabid))
    with time_machine.travel(dt.datetime(2026, 11, 22, 23, 55, tzinfo=JAYAPURA), tick=False):
        assert penunjukan_berlaku(User.objects.get(pk=kabid)) == ()
    with time_machine.travel(dt.datetime(2026, 11, 25, 23, 55, tzinfo=JAYAPURA), tick=False):
        assert kadis_jabatan.pk in jabatan_dipegang(User.objects.get(pk=kabid))
    with time_machine.travel(dt.datetime(2026, 11, 26, 0, 5, tzinfo=JAYAPURA), tick=False):
        user = User.objects.get(pk=kabid)
        assert kadis_jabatan.pk not in jabatan_dipegang(user)
        assert Peran.KEPALA_DINAS not in {p.jabatan.peran for p in penunjukan_berlaku(user)}
        assert not PenunjukanPelaksana.objects.get().berlaku()


def _form(personas, jabatan, pegawai) -> dict:
    hari = timezone.localdate()
    return {
        "instansi": personas.instansi.pk,
        "jabatan": jabatan.pk,
        "pegawai": pegawai.pk,
        "jenis": "plh",
        "mulai": hari.isoformat(),
        "selesai": (hari + dt.timedelta(days=2)).isoformat(),
        "dasar": "Sprint 800/12/Dinsos",
    }


def test_the_admin_instansi_appoints_in_the_admin(client, personas, kadis_jabatan, lestari):
    client.force_login(lestari)
    url = reverse("admin:layanan_penunjukanpelaksana_add")
    assert client.get(url).status_code == 200
    response = client.post(url, _form(personas, kadis_jabatan, personas.kabid.pegawai))
    assert response.status_code == 302, response.context["adminform"].form.errors
    p = PenunjukanPelaksana.objects.get()
    assert (p.pegawai, p.dibuat_oleh, p.jenis) == (personas.kabid.pegawai, lestari, "plh")
    # the same post again, another official: refused with the reason, nothing saved
    response = client.post(url, _form(personas, kadis_jabatan, personas.koordinator.pegawai))
    assert response.status_code == 400
    assert "tumpang tindih" in response.content.decode()
    assert PenunjukanPelaksana.objects.count() == 1


def test_the_admin_refuses_another_offices_staff(client, personas, kadis_jabatan, lestari):
    client.force_login(lestari)
    url = reverse("admin:layanan_penunjukanpelaksana_add")
    response = client.post(url, _form(personas, kadis_jabatan, personas.staf_lain.pegawai))
    assert response.status_code == 400
    assert "pegawai" in response.context["adminform"].form.errors
    assert not PenunjukanPelaksana.objects.exists()
