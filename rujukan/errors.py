"""Domain errors of the case workflow, each with an Indonesian message and
the HTTP status a view should answer with (never a 500)."""

from __future__ import annotations

from layanan.errors import DomainError


class RujukanError(DomainError):
    """Base of every domain error of the case workflow."""


class DataTidakValid(RujukanError):
    """Bad input: a wrong NIK, a missing reason, a fake or oversized file."""

    status_code = 400


class IzinDitolak(RujukanError):
    """Wrong role, or a case of another instansi."""

    status_code = 403


class TidakDitemukan(RujukanError):
    status_code = 404


class TransisiTidakSah(RujukanError):
    """The case is not in a stage where this action can be done, or a
    precondition of the standard is not met yet."""

    status_code = 409


class Konflik(RujukanError):
    """Somebody else acted on the case at the same moment."""

    status_code = 409


class DokumenGagal(RujukanError):
    """Rendering or storing a letter failed; nothing was changed."""

    status_code = 503
