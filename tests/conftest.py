"""Shared fixtures: one office with a named persona for every role, and an
outsider from another office, so every test can try insider and outsider."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser, User

from layanan.models import Instansi, Peran
from tests.factories import make_instansi, make_user


@dataclass
class Personas:
    instansi: Instansi
    instansi_lain: Instansi
    petugas_loket: User  # Rina, front desk
    peksos: User  # Bima, field social worker
    koordinator: User  # Dewi
    kabid: User  # Hasan, Kepala Bidang
    kadis: User  # Yusuf, Kepala Dinas
    admin_instansi: User  # Lestari
    panti: User  # Maria, staff of a receiving panti
    staf_lain: User  # Joko, Kepala Bidang of another office
    warga: AnonymousUser


@pytest.fixture
def instansi(db) -> Instansi:
    return make_instansi()


@pytest.fixture
def personas(db, instansi) -> Personas:
    lain = make_instansi()
    return Personas(
        instansi=instansi,
        instansi_lain=lain,
        petugas_loket=make_user("rina", instansi=instansi, peran=Peran.PETUGAS_LOKET),
        peksos=make_user("bima", instansi=instansi, peran=Peran.PEKERJA_SOSIAL),
        koordinator=make_user("dewi", instansi=instansi, peran=Peran.KOORDINATOR),
        kabid=make_user(
            "hasan", instansi=instansi, peran=Peran.KEPALA_BIDANG, nip="197801012005011002"
        ),
        kadis=make_user(
            "yusuf", instansi=instansi, peran=Peran.KEPALA_DINAS, nip="197005031998031009"
        ),
        admin_instansi=make_user("lestari", instansi=instansi, peran=Peran.ADMIN_INSTANSI),
        panti=make_user("maria", instansi=instansi, peran=Peran.PANTI),
        staf_lain=make_user("joko", instansi=lain, peran=Peran.KEPALA_BIDANG),
        warga=AnonymousUser(),
    )
