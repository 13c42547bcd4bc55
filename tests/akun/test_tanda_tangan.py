"""A signature (the last approval, a revocation, a re-issue) re-authenticates
the official: a Kadis cannot sign without the second factor confirmed in this
session, and wrong passwords there are counted and lock signing for a while."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from akun.errors import FaktorKeduaBelum
from akun.services import sandi_ulang_periksa
from rujukan.models import Dokumen, JenisDokumen, Status
from tests.conftest import masuk_tanpa_faktor_kedua
from tests.personas import personas_untuk
from tests.rujukan.factories import kasus_di_persetujuan, standar_sederhana
from tests.rujukan.views_helpers import post_aksi

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-uji-123"


def _tidak_ditandatangani(r) -> None:
    r.refresh_from_db()
    assert r.status == Status.PERSETUJUAN
    assert not Dokumen.objects.filter(rujukan=r, jenis=JenisDokumen.SURAT_REKOMENDASI).exists()


def test_a_kadis_cannot_sign_without_the_verified_second_factor(client):
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    r = kasus_di_persetujuan(layanan, staf)

    # password only, no device yet: sent to enrol, nothing signed
    masuk_tanpa_faktor_kedua(client, staf.kadis)
    jawab = post_aksi(client, r, "setujui", {"kata_sandi": PASSWORD})
    assert jawab.status_code == 302 and jawab["Location"].startswith("/akun/faktor/")
    _tidak_ditandatangani(r)

    # a device, but this session has not confirmed a code: sent to the code step
    TOTPDevice.objects.create(user=staf.kadis, name="Ponsel", confirmed=True)
    jawab = post_aksi(client, r, "setujui", {"kata_sandi": PASSWORD})
    assert jawab.status_code == 302 and jawab["Location"].startswith("/masuk/kode/")
    _tidak_ditandatangani(r)

    # verified: the same password signs
    client.force_login(staf.kadis)
    assert post_aksi(client, r, "setujui", {"kata_sandi": PASSWORD}).status_code == 302
    r.refresh_from_db()
    assert r.status == Status.PRODUK_TERBIT


def test_the_re_authentication_itself_demands_the_second_factor(personas):
    """Behind the page rule, the check the signing views call refuses an
    unverified official whatever path led there."""
    with pytest.raises(FaktorKeduaBelum) as galat:
        sandi_ulang_periksa(user=personas.kadis, kata_sandi=PASSWORD)
    assert galat.value.status_code == 403 and "verifikasi dua langkah" in galat.value.pesan
    personas.kadis.is_verified = lambda: True
    sandi_ulang_periksa(user=personas.kadis, kata_sandi=PASSWORD)
    # a role that does not sign letters needs no second factor here
    sandi_ulang_periksa(user=personas.petugas_loket, kata_sandi=PASSWORD)


def test_five_wrong_signing_passwords_lock_signing_for_fifteen_minutes(client):
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    r = kasus_di_persetujuan(layanan, staf)
    client.force_login(staf.kadis)
    with time_machine.travel(timezone.now(), tick=False) as waktu:
        for i in range(4):
            salah = post_aksi(client, r, "setujui", {"kata_sandi": f"tebakan-{i}"})
            assert salah.status_code == 403 and "Kata sandi salah" in salah.content.decode()
        kelima = post_aksi(client, r, "setujui", {"kata_sandi": "tebakan-5"})
        assert kelima.status_code == 429
        assert "Terlalu banyak kata sandi salah" in kelima.content.decode()
        benar = post_aksi(client, r, "setujui", {"kata_sandi": PASSWORD})
        assert benar.status_code == 429
        _tidak_ditandatangani(r)

        waktu.shift(dt.timedelta(minutes=16))
        assert post_aksi(client, r, "setujui", {"kata_sandi": PASSWORD}).status_code == 302
    r.refresh_from_db()
    assert r.status == Status.PRODUK_TERBIT
