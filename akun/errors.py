"""Domain errors of accounts: an Indonesian message and the 4xx to answer with."""

from __future__ import annotations

from layanan.errors import DomainError


class AkunError(DomainError):
    """Base of every domain error of accounts."""


class SandiKosong(AkunError):
    status_code = 400


class SandiSalah(AkunError):
    status_code = 403


class FaktorKeduaBelum(AkunError):
    """The action needs a session verified with the second factor."""

    status_code = 403


class TerlaluBanyakPercobaan(AkunError):
    """Too many wrong passwords in a row: locked for a while."""

    status_code = 429


class KodeSalah(AkunError):
    status_code = 400
