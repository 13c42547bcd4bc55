"""Refusals of the login, each with the message for the citizen and its HTTP
status (layanan.errors.DomainError: `pesan`, `status_code`)."""

from __future__ import annotations

from layanan.errors import DomainError


class GagalMasuk(DomainError):
    status_code = 400


class KodeSalah(GagalMasuk):
    """A wrong code (the number is not locked yet)."""


class KodeTidakBerlaku(GagalMasuk):
    """No code is waiting, it expired, was used, or ran out of tries."""


class Terkunci(GagalMasuk):
    """Five wrong codes: the number is locked for a while."""

    status_code = 429


class TerlaluBanyak(GagalMasuk):
    """Too many codes asked (per number or per address)."""

    status_code = 429
