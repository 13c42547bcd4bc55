"""The one log of a complaint's transitions: django-fsm-log's StateLog, as for
cases. Events that are not transitions (filed, a note, a message, a reply, a
rating, a reminder, files removed) are Kejadian rows.

A transition's row carries, in its `description`, a small JSON object: the
dotted action code its history shows (`pengaduan.didisposisikan` and
`pengaduan.dikoordinasikan_eksternal` are both `koordinasikan`) and the
event's own data the sentence names (the unit disposed to, the original
ticket). The words written to the citizen or kept as a note are Tanggapan
rows, not repeated here."""

from __future__ import annotations

import json
from typing import Any


def keterangan(kode: str, data: dict[str, Any] | None = None) -> str:
    """The description a transition's StateLog row carries."""
    return json.dumps({"kode": kode, **(data or {})}, ensure_ascii=False)


def baca(description: str | None) -> tuple[str | None, dict[str, Any]]:
    """The action code and the data of a transition's StateLog row (no code:
    a row written before it was recorded; the registry's entry for the
    transition says which, pengaduan.aksi.kode_transisi)."""
    try:
        isi = json.loads(description or "")
    except ValueError:
        isi = None
    data = dict(isi) if isinstance(isi, dict) else {}
    kode = data.pop("kode", None)
    return (kode if isinstance(kode, str) else None), data
