"""The named people of the tests: one office's staff in every role, a panti
officer working at a real panti of that office, and a Kepala Bidang of
another office, so every test can try insider and outsider.

The `personas` fixture (tests/conftest.py) is one such set, called by their
first names (logins `rina`, `bima`, `dewi`, `hasan`, `yusuf`, `lestari`, `maria`
and `joko`). A test that needs the staff of an office it built itself (a seed
standard's Dinas, a second office) calls `personas_untuk(instansi)`: the same
people and attribute names, with the full names, posts and NIPs a letter prints
(the Kepala Dinas is then Dr. H. Ahmad Fauzi), logins made unique with a suffix.

The front desk, the social worker and the three officials are made at once (the
case flow needs them); the admin, the panti officer and the other office are
made the first time a test reads them, so a test that never uses them gets no
extra office, panti or account in its lists and counts."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.auth.models import AnonymousUser, User

from layanan.models import Instansi, Panti, Pegawai, Peran
from tests.factories import make_instansi, make_user

_seq = itertools.count(1)


@dataclass(frozen=True)
class Orang:
    """One named person: login, role, and the full name and post a letter prints."""

    login: str
    peran: str
    nama: str
    jabatan: str
    nip: str = ""
    pangkat: str = ""


ORANG = {
    "petugas_loket": Orang("rina", Peran.PETUGAS_LOKET, "Rina Marlina", "Petugas Loket"),
    "peksos": Orang(
        "bima",
        Peran.PEKERJA_SOSIAL,
        "Bima Saputra, S.Tr.Sos",
        "Pekerja Sosial Ahli Pertama",
        nip="199203152019031004",
    ),
    "koordinator": Orang("dewi", Peran.KOORDINATOR, "Dewi Lestari, S.Sos", "Koordinator SLRT"),
    "kabid": Orang(
        "hasan",
        Peran.KEPALA_BIDANG,
        "Hasan Basri, S.Sos., M.Si",
        "Kepala Bidang Rehabilitasi Sosial",
        nip="197801012005011002",
        pangkat="Pembina (IV/a)",
    ),
    "kadis": Orang(
        "yusuf",
        Peran.KEPALA_DINAS,
        "Dr. H. Ahmad Fauzi, M.Si",
        "Kepala Dinas Sosial",
        nip="197005031998031009",
        pangkat="Pembina Utama Muda (IV/c)",
    ),
    "admin_instansi": Orang(
        "lestari", Peran.ADMIN_INSTANSI, "Lestari Wulandari, S.Kom", "Pranata Komputer"
    ),
    "panti": Orang("maria", Peran.PANTI, "Maria Ulfa", "Pekerja Sosial Panti"),
    "staf_lain": Orang("joko", Peran.KEPALA_BIDANG, "Joko Susilo, S.Sos", "Kepala Bidang"),
}
# The NIP the fixture's people keep when called by first name: those who sign.
_BERTANDA_TANGAN = {Peran.KEPALA_BIDANG, Peran.KEPALA_DINAS}


@dataclass(eq=False)
class Personas:
    instansi: Instansi
    petugas_loket: User  # Rina Marlina, front desk
    peksos: User  # Bima Saputra, field social worker
    koordinator: User  # Dewi Lestari, Koordinator SLRT
    kabid: User  # Hasan Basri, Kepala Bidang
    kadis: User  # Dr. H. Ahmad Fauzi, Kepala Dinas (login yusuf)
    akhiran: str = ""  # appended to every login name ("" for the fixture's)
    panggilan: bool = False  # named by first name only ("Rina"), as the fixture's are
    tempat_panti: Panti | None = None  # the panti Maria works at (made if not given)
    warga: AnonymousUser = field(default_factory=AnonymousUser)

    @cached_property
    def admin_instansi(self) -> User:  # Lestari, the office's admin
        return _buat("admin_instansi", self.instansi, self.akhiran, self.panggilan)

    @cached_property
    def panti(self) -> User:  # Maria, staff of a receiving panti of this office
        tempat = self.tempat_panti or Panti.objects.create(
            instansi=self.instansi,
            nama="Panti Sosial Tresna Werdha Kasih Ibu",
            jenis=Panti.Jenis.PANTI,
        )
        user = _buat("panti", self.instansi, self.akhiran, self.panggilan)
        Pegawai.objects.filter(user=user).update(panti=tempat)
        user.refresh_from_db()
        return user

    @cached_property
    def instansi_lain(self) -> Instansi:
        return make_instansi()

    @cached_property
    def staf_lain(self) -> User:  # Joko, Kepala Bidang of another office
        return _buat("staf_lain", self.instansi_lain, self.akhiran, self.panggilan)

    def lengkap(self) -> Personas:
        """Everyone made now: the fixture's set."""
        self.instansi_lain  # noqa: B018 -- a cached_property: reading it makes it
        self.admin_instansi  # noqa: B018
        self.panti  # noqa: B018
        self.staf_lain  # noqa: B018
        return self


def _buat(peran: str, instansi: Instansi, akhiran: str, panggilan: bool) -> User:
    o = ORANG[peran]
    if panggilan:  # first name, the role's name as post, the NIP of those who sign
        nip = o.nip if o.peran in _BERTANDA_TANGAN else ""
        return make_user(f"{o.login}{akhiran}", instansi=instansi, peran=o.peran, nip=nip)
    return make_user(
        f"{o.login}{akhiran}",
        instansi=instansi,
        peran=o.peran,
        nama=o.nama,
        jabatan=o.jabatan,
        nip=o.nip,
        pangkat=o.pangkat,
    )


def personas_untuk(
    instansi: Instansi,
    *,
    panti: Panti | None = None,
    akhiran: str | None = None,
    panggilan: bool = False,
) -> Personas:
    """The named people working for `instansi`; Maria (`.panti`) at `panti` if given."""
    if akhiran is None:
        akhiran = f".{next(_seq)}"
    # Made in this order (the officials first) since the first case tests were written.
    kadis = _buat("kadis", instansi, akhiran, panggilan)
    kabid = _buat("kabid", instansi, akhiran, panggilan)
    personas = Personas(
        instansi=instansi,
        petugas_loket=_buat("petugas_loket", instansi, akhiran, panggilan),
        peksos=_buat("peksos", instansi, akhiran, panggilan),
        koordinator=_buat("koordinator", instansi, akhiran, panggilan),
        kabid=kabid,
        kadis=kadis,
        akhiran=akhiran,
        panggilan=panggilan,
        tempat_panti=panti,
    )
    if panti is not None:
        personas.panti  # noqa: B018 -- Maria joins with the others when her panti is named
    return personas
