"""Domain errors of the service standards (versions, publishing, import and
copy), each with an Indonesian message and the HTTP status a view should
answer with. Every app's domain errors are DomainError: `pesan` is shown as
is, `status_code` is the answer's status."""

from __future__ import annotations

from collections.abc import Iterable


class DomainError(Exception):
    """The portal's one shape of a domain error: `pesan` is shown to the user
    as is, `status_code` is the 4xx a view answers with (never a 500)."""

    status_code = 400

    def __init__(self, pesan: str, *, status_code: int | None = None):
        super().__init__(pesan)
        self.pesan = str(pesan)
        if status_code is not None:  # one error class, several answers (pengaduan)
            self.status_code = status_code

    def __str__(self) -> str:
        return self.pesan


class LayananError(DomainError):
    """Base of every domain error of this app."""


class DataTidakValid(LayananError):
    """Bad input: a missing SK, a file that is not a standard."""

    status_code = 400


class StandarTidakDapatDiterbitkan(DataTidakValid):
    """Publishing refused: `daftar` holds one sentence per problem."""

    def __init__(self, pesan: str, daftar: Iterable[str]):
        self.daftar = [str(m) for m in daftar]
        super().__init__(" ".join([str(pesan), *self.daftar]))


class IzinDitolak(LayananError):
    """Wrong role, or a standard of another instansi."""

    status_code = 403


class TidakDitemukan(LayananError):
    status_code = 404


class Konflik(LayananError):
    """The standard is not in a state for this (a draft already exists, the
    version is not a draft any more), or somebody acted at the same moment."""

    status_code = 409
