"""One shape for the actions staff take on a case or a complaint.

An action has one dotted code (the one its history and audit rows carry) and
one label: the button's words, the confirmation page's title and the verb of
the history all read it from the same entry, with the history's sentence
beside it. Each app keeps one registry (`DaftarAksi`) of its actions; an
entry with a `slug` is offered as a button whose form lives at that slug, an
entry without one only names an event of the history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Obj = TypeVar("Obj")  # the object acted on (a Rujukan, a Pengaduan)

Gaya = Literal["utama", "biasa", "sekunder", "bahaya"]


@dataclass(frozen=True, kw_only=True)
class Aksi(Generic[Obj]):
    """One action: its words, and what its button builds and calls."""

    kode: str  # dotted, as the history/audit rows carry it ("rujukan.approve")
    label: StrOrPromise  # the button = the confirmation's title = the history's verb
    kalimat: StrOrPromise = ""  # the history sentence: "{oleh} …" with the event's data
    penjelasan: StrOrPromise = ""  # what happens, shown on the confirmation page
    slug: str = ""  # URL slug of its form; "" for an event of the history only
    transisi: str | None = None  # the FSM transition whose permission/conditions decide
    boleh: Callable[..., bool] | None = None  # for an action that is not a transition
    form: Callable[..., Any] | None = None  # builds the form
    jalankan: Callable[..., str] | None = None  # calls the service, returns the message
    gaya: Gaya = "biasa"


class _Isian(dict[str, str]):
    """The values a sentence is filled with; a name the event did not record
    reads as the registry's default for it, or as an ellipsis."""

    def __init__(self, nilai: Mapping[str, str], umum: Mapping[str, StrOrPromise]) -> None:
        super().__init__(nilai)
        self._umum = umum

    def __missing__(self, key: str) -> str:
        return str(self._umum.get(key, "…"))


class DaftarAksi(Generic[Obj]):
    """The actions of one app, in the order their buttons are shown."""

    def __init__(
        self, aksi: Iterable[Aksi[Obj]], *, isian_umum: Mapping[str, StrOrPromise] | None = None
    ) -> None:
        """`isian_umum`: what a sentence says for a value its event did not
        record (entries written before the event recorded it)."""
        self._semua: tuple[Aksi[Obj], ...] = tuple(aksi)
        self._kode: dict[str, Aksi[Obj]] = {}
        self._slug: dict[str, Aksi[Obj]] = {}
        for a in self._semua:
            if a.kode in self._kode:
                raise ValueError(f"duplicate action code {a.kode!r}")
            self._kode[a.kode] = a
            if a.slug:
                if a.slug in self._slug:
                    raise ValueError(f"duplicate action slug {a.slug!r}")
                self._slug[a.slug] = a
        self._isian_umum: Mapping[str, StrOrPromise] = dict(isian_umum or {})

    def __iter__(self) -> Iterator[Aksi[Obj]]:
        return iter(self._semua)

    def __len__(self) -> int:
        return len(self._semua)

    def dari_slug(self, slug: str) -> Aksi[Obj]:
        """The action whose form lives at `slug` (KeyError if none)."""
        return self._slug[slug]

    def dari_kode(self, kode: str) -> Aksi[Obj] | None:
        return self._kode.get(kode)

    def tombol(self) -> list[Aksi[Obj]]:
        """The actions offered as buttons (those with a slug), in registry order."""
        return [a for a in self._semua if a.slug]

    def label(self, kode: str) -> str:
        """The action's label, or the code itself when the registry lacks it."""
        a = self._kode.get(kode)
        return str(a.label) if a is not None else kode

    def kalimat(self, kode: str, oleh: str, data: Mapping[str, object] | None = None) -> str:
        """The history sentence of `kode` done by `oleh`; `data` fills in what
        the event names (which step, back to which step). An unknown code
        reads "{oleh}: {kode}"; an entry without a sentence, "{oleh}: {label}"."""
        a = self._kode.get(kode)
        if a is None:
            return f"{oleh}: {kode}"
        if not a.kalimat:
            return f"{oleh}: {a.label}"
        nilai = {
            k: str(v)
            for k, v in (data if isinstance(data, Mapping) else {}).items()
            if isinstance(v, str | int)
        }
        isian = _Isian(nilai, self._isian_umum)
        isian["oleh"] = oleh
        return str(a.kalimat).format_map(isian)
