"""A preview of how a case will run under a standard, for the office that
writes it: each step in order with its kind, its jabatan and who holds them,
its published time and when it would be done for a sample case, the deadline
of the whole case, and the products with their kinds.

The sample case starts on the office's next working day at 09.00 in its own
time zone. Times are measured on the office's working calendar
(layanan.calendar). The deadline is the standard's completion time when it
publishes one, else the sum of its phases (the longest value of a range),
else the moment its last step is done, the steps run in published order:
a step marked "bersamaan" runs alongside the one before it, a conditional
step (kondisi) is shown but not counted, and the clock stops during a step
marked "waktu berhenti". The count starts at the step marked "waktu dihitung
sejak langkah ini", if any.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from layanan.calendar import Kalender
from layanan.models import FaseWaktu, Instansi, LangkahProsedur, Layanan, Pegawai, Produk
from layanan.publikasi import label_langkah, langkah_berurutan
from layanan.roles import GROUP_NAMES

JAM_MULAI_CONTOH = dt.time(9, 0)


@dataclass(frozen=True)
class LangkahPratinjau:
    nomor: int
    label: str  # "Langkah 4 (Paraf)"
    langkah: LangkahProsedur
    pelaksana: str  # the office's words: jabatan, alternatives, delegate
    pemegang: tuple[str, ...]  # names of the staff who may act
    mulai: dt.datetime
    selesai: dt.datetime | None  # None when the step publishes no time
    dihitung: bool  # its time counts towards the deadline


@dataclass(frozen=True)
class Pratinjau:
    mulai: dt.datetime  # the sample case's start
    mulai_hitung: dt.datetime  # where the deadline is counted from
    tenggat: dt.datetime | None
    dasar_tenggat: str  # which published time the deadline comes from
    langkah: tuple[LangkahPratinjau, ...]
    produk: tuple[Produk, ...]


def contoh_mulai(instansi: Instansi, *, sekarang: dt.datetime, kal: Kalender | None = None):
    """The next working day of the office after `sekarang`, at 09.00 its time."""
    kal = kal or Kalender(instansi)
    hari = kal.next_working_day(sekarang.astimezone(kal.tz).date())
    return dt.datetime.combine(hari, JAM_MULAI_CONTOH, tzinfo=kal.tz)


def _pemegang(layanan: Layanan, langkah: list[LangkahProsedur]) -> dict:
    """Names of the office's active staff per jabatan pk and per role (two queries)."""
    per_jabatan: dict[int, list[str]] = {}
    per_peran: dict[str, list[str]] = {}
    aktif = Pegawai.objects.filter(instansi_id=layanan.instansi_id, user__is_active=True)
    ids = {j.pk for step in langkah for j in step.jabatan.all()}
    if ids:
        rows = (
            aktif.filter(jabatan_portal__in=ids)
            .order_by("nama")
            .values_list("jabatan_portal", "nama")
        )
        for pk, nama in rows:
            per_jabatan.setdefault(pk, []).append(nama)
    peran = {step.peran for step in langkah if step.peran and not step.jabatan.all()}
    groups = {GROUP_NAMES[p]: p for p in peran if p in GROUP_NAMES}
    if groups:
        rows = (
            aktif.filter(user__groups__name__in=groups)
            .order_by("nama")
            .values_list("user__groups__name", "nama")
        )
        for group, nama in rows:
            per_peran.setdefault(groups[group], []).append(nama)
    return {"jabatan": per_jabatan, "peran": per_peran}


def _nama_pemegang(step: LangkahProsedur, pemegang: dict) -> tuple[str, ...]:
    jabatan = list(step.jabatan.all())
    if jabatan:
        names = [n for j in jabatan for n in pemegang["jabatan"].get(j.pk, [])]
    else:
        names = pemegang["peran"].get(step.peran, [])
    return tuple(dict.fromkeys(names))


def _tambah(kal: Kalender, mulai: dt.datetime, durasi: list[tuple[Decimal, str]]):
    moment = mulai
    for nilai, satuan in durasi:
        moment = kal.add(moment, nilai, satuan)
    return moment


def pratinjau_standar(layanan: Layanan, *, sekarang: dt.datetime) -> Pratinjau:
    """How a sample case started on the next working day would run."""
    kal = Kalender(layanan.instansi)
    mulai = contoh_mulai(layanan.instansi, sekarang=sekarang, kal=kal)
    langkah = langkah_berurutan(layanan)
    pemegang = _pemegang(layanan, langkah)

    rows: list[LangkahPratinjau] = []
    kursor = mulai_sebelumnya = mulai
    mulai_hitung = mulai
    for nomor, step in enumerate(langkah, 1):
        start = mulai_sebelumnya if step.bersamaan and rows else kursor
        if step.mulai_waktu and mulai_hitung == mulai:
            mulai_hitung = start
        dihitung = bool(
            step.durasi_nilai and step.durasi_satuan and not step.kondisi and not step.jeda_waktu
        )
        selesai = None
        if step.durasi_nilai and step.durasi_satuan:
            selesai = kal.add(start, step.durasi_nilai, step.durasi_satuan)
        if dihitung and selesai is not None:
            kursor = max(kursor, selesai)
        mulai_sebelumnya = start
        rows.append(
            LangkahPratinjau(
                nomor=nomor,
                label=label_langkah(nomor, step),
                langkah=step,
                pelaksana=step.pelaksana_tampil,
                pemegang=_nama_pemegang(step, pemegang),
                mulai=start,
                selesai=selesai,
                dihitung=dihitung,
            )
        )

    tenggat, dasar = _tenggat(layanan, kal, mulai_hitung, rows)
    return Pratinjau(
        mulai=mulai,
        mulai_hitung=mulai_hitung,
        tenggat=tenggat,
        dasar_tenggat=dasar,
        langkah=tuple(rows),
        produk=tuple(Produk.objects.filter(layanan=layanan).order_by("urutan", "pk")),
    )


def _tenggat(layanan: Layanan, kal: Kalender, mulai: dt.datetime, rows: list[LangkahPratinjau]):
    if layanan.waktu_nilai and layanan.waktu_satuan:
        return (
            kal.add(mulai, layanan.waktu_nilai, layanan.waktu_satuan),
            _("waktu penyelesaian standar"),
        )
    fase = [
        (f.nilai_sampai or f.nilai, f.satuan)
        for f in FaseWaktu.objects.filter(layanan=layanan).order_by("urutan", "pk")
        if (f.nilai_sampai or f.nilai) and f.satuan
    ]
    if fase:
        return _tambah(kal, mulai, fase), _("jumlah fase waktu penyelesaian")
    selesai = [r.selesai for r in rows if r.dihitung and r.selesai and r.mulai >= mulai]
    if selesai:
        return max(selesai), _("jumlah waktu baku langkah")
    return None, _("standar tidak mencantumkan waktu")
