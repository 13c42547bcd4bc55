"""The history of a case, readable in Indonesian.

Transitions are logged by django-fsm-log (StateLog: who, when, from, to,
note); other events (uploads, panti chosen, clock paused…) are Kejadian rows.
Both carry a dotted action code — `rujukan.<transition>` or the Kejadian's
code — which the one registry of the case's actions (rujukan.aksi) turns into
a sentence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Value
from django.db.models.fields.json import KeyTransform
from django.utils.translation import gettext_lazy as _
from django_fsm_log.models import StateLog

from rujukan.aksi import DAFTAR_AKSI
from rujukan.models import Dokumen, JenisDokumen, Persetujuan, Rujukan, Status


def _nama(user) -> str:
    if user is None:
        return str(_("Sistem"))
    pegawai = getattr(user, "pegawai", None)
    return pegawai.nama if pegawai else user.get_username()


def nama_sebagai(nama: str, sebagai: dict | None) -> str:
    """Who acted, naming an acting official's appointment: "Hasan Basri
    sebagai Plt. Kepala Dinas Sosial menggantikan Ahmad Fauzi"."""
    if not sebagai or not sebagai.get("jabatan"):
        return nama
    teks = str(_("{nama} sebagai {awalan} {jabatan}")).format(
        nama=nama, awalan=sebagai.get("awalan", ""), jabatan=sebagai["jabatan"]
    )
    if sebagai.get("menggantikan"):
        teks = str(_("{teks} menggantikan {pejabat}")).format(
            teks=teks, pejabat=sebagai["menggantikan"]
        )
    return teks


# transition -> what records the signature it took: an approval (Persetujuan)
# or the proposal letter to a panti (Dokumen)
_TANDA_TANGAN = {"approve": "persetujuan", "send_to_panti": "dokumen"}


def _tanda_tangan(rujukan: Rujukan) -> dict[tuple[str, int], list[tuple[dt.datetime, dict]]]:
    """Every approval and proposal letter of the case, per (kind, user), oldest
    first, with as whom it was given ({} in the official's own right): one query."""
    persetujuan = (
        Persetujuan.objects.filter(konsep__rujukan=rujukan)
        .order_by()
        .values_list(Value("persetujuan", output_field=CharField()), "oleh_id", "pada", "sebagai")
    )
    dokumen = (
        Dokumen.objects.filter(rujukan=rujukan, jenis=JenisDokumen.PENGAJUAN_PANTI)
        .order_by()
        .values_list(
            Value("dokumen", output_field=CharField()),
            "penandatangan_id",
            "diterbitkan_pada",
            KeyTransform("pelaksana", "penandatangan_info"),
        )
    )
    out: dict[tuple[str, int], list[tuple[dt.datetime, dict]]] = {}
    for jenis, oleh_id, pada, sebagai in persetujuan.union(dokumen, all=True):
        out.setdefault((jenis, oleh_id), []).append((pada, sebagai or {}))
    for daftar in out.values():
        daftar.sort(key=lambda x: x[0])
    return out


def _sebagai(ttd: dict[tuple[str, int], list[tuple[dt.datetime, dict]]], log) -> dict | None:
    """As whom the signature a transition took was given: the same user's
    approval (or proposal letter) recorded nearest to the log entry (both are
    written in the transition's own transaction)."""
    jenis = _TANDA_TANGAN.get(log.transition)
    daftar = ttd.get((jenis, log.by_id)) if jenis else None
    if not daftar:
        return None
    return min(daftar, key=lambda x: abs((x[0] - log.timestamp).total_seconds()))[1]


@dataclass(frozen=True)
class EntriRiwayat:
    pada: dt.datetime
    kode: str
    kalimat: str
    oleh: str
    dari: str  # state label, '' for events that are not transitions
    ke: str
    catatan: str


def riwayat_rujukan(rujukan: Rujukan) -> list[EntriRiwayat]:
    """Every transition and event of a case, oldest first (three queries). An
    approval or proposal signed by an acting official names them as Plt/Plh
    of whom."""
    label = dict(Status.choices)
    logs = StateLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Rujukan), object_id=rujukan.pk
    ).select_related("by__pegawai")
    ttd = _tanda_tangan(rujukan)
    out = [
        EntriRiwayat(
            pada=log.timestamp,
            kode=f"rujukan.{log.transition}",
            kalimat=DAFTAR_AKSI.kalimat(
                f"rujukan.{log.transition}", nama_sebagai(_nama(log.by), _sebagai(ttd, log))
            ),
            oleh=_nama(log.by),
            dari=str(label.get(log.source_state, log.source_state or "")),
            ke=str(label.get(log.state, log.state)),
            catatan=log.description or "",
        )
        for log in logs
    ]
    for k in rujukan.kejadian.select_related("oleh__pegawai"):
        out.append(
            EntriRiwayat(
                pada=k.pada,
                kode=k.kode,
                kalimat=DAFTAR_AKSI.kalimat(k.kode, _nama(k.oleh), k.data),
                oleh=_nama(k.oleh),
                dari="",
                ke="",
                catatan=k.catatan,
            )
        )
    out.sort(
        key=lambda e: (e.pada, e.kode not in ("rujukan.registered", "rujukan.submitted_online"))
    )
    return out
