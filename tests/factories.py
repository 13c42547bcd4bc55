"""Small factories for tests: plain functions that write real rows."""

from __future__ import annotations

import datetime as dt
import itertools

from django.contrib.auth.models import Group, User
from django.utils import timezone

from layanan.models import Instansi, Layanan, Pegawai, Peran
from layanan.roles import GROUP_NAMES, sync_roles

_seq = itertools.count(1)


def make_instansi(**kwargs) -> Instansi:
    n = next(_seq)
    defaults = {
        "nama": f"Dinas Sosial Kota Uji {n}",
        "slug": f"dinsos-uji-{n}",
        "pemerintah_daerah": f"Pemerintah Kota Uji {n}",
        "alamat": "Jl. Merdeka No. 1",
        "telepon": "0211234567",
        "email": f"dinsos{n}@example.go.id",
        "kepala_nama": "Dra. Siti Aminah, M.Si",
        "kepala_nip": "197005031998032009",
        "kepala_pangkat": "Pembina Utama Muda (IV/c)",
    }
    defaults.update(kwargs)
    return Instansi.objects.create(**defaults)


def make_layanan(instansi: Instansi, **kwargs) -> Layanan:
    n = next(_seq)
    defaults = {"nama": f"Layanan Uji {n}", "slug": f"layanan-uji-{n}"}
    defaults.update(kwargs)
    return Layanan.objects.create(instansi=instansi, **defaults)


def make_user(
    username: str,
    *,
    instansi: Instansi | None,
    peran: str | None = None,
    jabatan: str = "",
    **pegawai_kwargs,
) -> User:
    user = User.objects.create_user(username=username, password="rahasia-uji-123")
    if peran:
        if not Group.objects.filter(name=GROUP_NAMES[peran]).exists():
            # A transactional test before this one emptied the tables (flush).
            sync_roles()
        user.groups.add(Group.objects.get(name=GROUP_NAMES[peran]))
    if instansi is not None:
        Pegawai.objects.create(
            user=user,
            instansi=instansi,
            nama=pegawai_kwargs.pop("nama", username.replace("_", " ").title()),
            jabatan=jabatan or (str(Peran(peran).label) if peran else "Staf"),
            **pegawai_kwargs,
        )
    return user


def usia_hari_ini(lahir: dt.date) -> int:
    """A person's age today, so an assertion on an age holds on any day the suite runs."""
    today = timezone.localdate()
    return today.year - lahir.year - ((today.month, today.day) < (lahir.month, lahir.day))
