"""The history of a complaint, readable in Indonesian.

Transitions are logged once, by django-fsm-log (StateLog, with the action
code and its data in the description: `pengaduan.jejak`); other events are
Kejadian rows. Both carry a dotted action code, which the one registry of
the complaint's actions (pengaduan.aksi) turns into a sentence; the public
history names no officer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django_fsm_log.models import StateLog

from layanan.pengguna import Pengguna
from pengaduan import aksi, jejak
from pengaduan.models import Pengaduan

# filed or recorded: first, whatever else shares its moment
_AWAL = ("pengaduan.diajukan", "pengaduan.dicatat")


@dataclass(frozen=True)
class Peristiwa:
    """One entry of the history, as recorded."""

    waktu: dt.datetime
    kode: str
    data: dict[str, Any]
    oleh: Pengguna | None


@dataclass(frozen=True)
class Riwayat:
    """One entry of the history, as a page shows it."""

    waktu: dt.datetime
    kalimat: str
    oleh: str


def peristiwa(pengaduan: Pengaduan) -> list[Peristiwa]:
    """Every transition and event of the complaint, oldest first: the
    StateLog rows (one query) and the Kejadian rows (prefetched or one query)."""
    logs = StateLog.objects.for_(pengaduan).select_related("by__pegawai").order_by("pk")
    out = []
    for log in logs:
        kode, data = jejak.baca(log.description)
        out.append(
            Peristiwa(log.timestamp, kode or aksi.kode_transisi(log.transition), data, log.by)
        )
    out += [Peristiwa(k.waktu, k.aksi, k.data or {}, k.oleh) for k in pengaduan.kejadian.all()]
    out.sort(key=lambda e: (e.waktu, e.kode not in _AWAL))
    return out


def _nama(user: Pengguna) -> str:
    pegawai = getattr(user, "pegawai", None)
    return pegawai.nama if pegawai else user.get_username()


def riwayat_pengaduan(pengaduan: Pengaduan, *, public: bool) -> list[Riwayat]:
    """The history as sentences; the public one names no officer."""
    items = []
    for e in peristiwa(pengaduan):
        kalimat = aksi.kalimat(e.kode, e.data, publik=public)
        if kalimat is None:  # not shown to the citizen
            continue
        oleh = "" if public or e.oleh is None else _nama(e.oleh)
        waktu = e.waktu
        if public and e.kode == "pengaduan.dicatat":
            waktu = pengaduan.diterima_pada  # when it actually reached the office
        items.append(Riwayat(waktu, kalimat, oleh))
    return items
