"""The clock of a case: due moments from the standard's own times, measured
on the instansi's working calendar, with pauses while the case waits on
someone outside the office.

- Each stage (Tahap) a case enters gets a TahapWaktu row. Its due moment comes
  from the standard's phases for that stage (FaseWaktu with that tahap; the
  longest value when a range is published), else from the durations of its
  procedure steps in that stage (LangkahProsedur, unconditional ones, added
  one after the other), else it has none.
- The whole case is due by Layanan.waktu_nilai/satuan from registration; a
  standard that publishes only phases (Banjarmasin) or only step times
  (SI LARAS MANIS) is due by their sum.
- A pause (JedaWaktu) stops the clock: when it ends, every open due moment
  moves later by the working minutes the pause lasted. Waiting for the
  pemohon's papers and for the panti's answer pause automatically; a
  signing official being away is paused by hand with its reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from layanan.calendar import Kalender
from rujukan.models import STATUS_TAHAP, JedaWaktu, Rujukan, Status, TahapWaktu
from rujukan.models.langkah import menit_kerja_antara
from rujukan.models.rujukan import STATUS_PENYERAHAN

JEDA_OTOMATIS: dict[str, str] = {
    Status.DIKEMBALIKAN: JedaWaktu.Alasan.MENUNGGU_PEMOHON,
    Status.MENUNGGU_PANTI: JedaWaktu.Alasan.MENUNGGU_PANTI,
}


def kalender(rujukan: Rujukan) -> Kalender:
    return Kalender(rujukan.instansi)


def _tambah(kal: Kalender, mulai: dt.datetime, durasi: list[tuple]) -> dt.datetime | None:
    if not durasi:
        return None
    moment = mulai
    for nilai, satuan in durasi:
        moment = kal.add(moment, nilai, satuan)
    return moment


def _durasi_fase(rujukan: Rujukan, tahap: str | None = None) -> list[tuple]:
    out = []
    for fase in rujukan.layanan.fase_waktu.all():
        if tahap is not None and fase.tahap != tahap:
            continue
        nilai = fase.nilai_sampai or fase.nilai
        if nilai and fase.satuan:
            out.append((nilai, fase.satuan))
    return out


def tenggat_tahap(
    rujukan: Rujukan, tahap: str, mulai: dt.datetime, kal: Kalender
) -> dt.datetime | None:
    durasi = _durasi_fase(rujukan, tahap)
    if not durasi:
        durasi = [(d.nilai, d.satuan) for d in rujukan.alur.durasi_tahap.get(tahap, [])]
    return _tambah(kal, mulai, durasi)


def tenggat_rujukan(rujukan: Rujukan, mulai: dt.datetime, kal: Kalender) -> dt.datetime | None:
    layanan = rujukan.layanan
    if layanan.waktu_nilai and layanan.waktu_satuan:
        return kal.add(mulai, layanan.waktu_nilai, layanan.waktu_satuan)
    durasi = _durasi_fase(rujukan)
    if not durasi:
        durasi = [
            (d.nilai, d.satuan) for tahap in rujukan.alur.durasi_tahap.values() for d in tahap
        ]
    return _tambah(kal, mulai, durasi)


def mulai_sejak_langkah(rujukan: Rujukan) -> bool:
    """Does the standard start its completion time at a later step ("sejak
    berkas lengkap diterima") rather than at registration?"""
    return any(step.mulai_waktu for step in rujukan.layanan.langkah.all())


def mulai_jam(rujukan: Rujukan, *, pada: dt.datetime) -> None:
    """Start the clock of a newly registered case (call after it is saved).
    Where the standard names a later step for it, the completion time starts
    when that step starts (rujukan.langkah.selaraskan)."""
    kal = kalender(rujukan)
    rujukan.tenggat = None if mulai_sejak_langkah(rujukan) else tenggat_rujukan(rujukan, pada, kal)
    rujukan.save(update_fields=["tenggat"])
    catat_perpindahan(rujukan, dari=None, oleh=rujukan.dibuat_oleh, pada=pada, kal=kal)


def catat_perpindahan(
    rujukan: Rujukan, *, dari: str | None, oleh, pada: dt.datetime, kal: Kalender | None = None
) -> None:
    """Keep the stage rows and pauses in step with the case's new state.

    A change of state ends any open pause (the awaited answer came, the
    official is back and acted); entering a waiting state starts its own."""
    kal = kal or kalender(rujukan)
    tahap_baru = STATUS_TAHAP.get(rujukan.status)
    terbuka = rujukan.tahap_waktu.filter(selesai__isnull=True).first()
    if terbuka and terbuka.tahap != tahap_baru:
        terbuka.selesai = pada
        terbuka.save(update_fields=["selesai"])
        terbuka = None
    if tahap_baru and terbuka is None:
        tenggat = tenggat_tahap(rujukan, tahap_baru, pada, kal)
        menit = kal.working_minutes_between(kal.start_of_work(pada), tenggat) if tenggat else None
        TahapWaktu.objects.create(
            rujukan=rujukan, tahap=tahap_baru, mulai=pada, tenggat=tenggat, menit_baku=menit
        )
        rujukan.tenggat_tahap = tenggat
    if not tahap_baru:  # a final state
        rujukan.tenggat_tahap = None
        rujukan.selesai_pada = pada
        rujukan.menit_kerja = menit_kerja_antara(kal, rujukan.dibuat_pada, pada)
    jeda = rujukan.jeda.filter(selesai__isnull=True).first()
    alasan_otomatis = JEDA_OTOMATIS.get(rujukan.status)
    if jeda and dari != rujukan.status:
        akhiri_jeda(rujukan, oleh=oleh, pada=pada, kal=kal, simpan=False)
        jeda = None
    if alasan_otomatis and jeda is None:
        mulai_jeda(rujukan, alasan=alasan_otomatis, keterangan="", oleh=oleh, pada=pada)
    rujukan.save(
        update_fields=["tenggat_tahap", "selesai_pada", "menit_kerja", "dijeda", "tenggat"]
    )


def jeda_menunggu_pihak_lain(rujukan: Rujukan) -> str | None:
    """Why the clock cannot be resumed by hand, when it waits on someone whose
    answer restarts it (the pemohon, the panti, another institution's step)."""
    if rujukan.status in JEDA_OTOMATIS:
        pihak = _("panti") if rujukan.status == Status.MENUNGGU_PANTI else _("pemohon")
        return _("Waktu berjalan lagi setelah %(pihak)s menjawab.") % {"pihak": pihak}
    jeda = rujukan.jeda.filter(selesai__isnull=True).first() if rujukan.dijeda else None
    if jeda is not None and jeda.alasan == JedaWaktu.Alasan.MENUNGGU_INSTANSI_LAIN:
        return _("Waktu berjalan lagi setelah langkah %(pihak)s dicatat selesai.") % {
            "pihak": jeda.keterangan or _("instansi lain")
        }
    return None


def mulai_jeda(rujukan: Rujukan, *, alasan: str, keterangan: str, oleh, pada: dt.datetime):
    jeda = JedaWaktu.objects.create(
        rujukan=rujukan, alasan=alasan, keterangan=keterangan, mulai=pada, dimulai_oleh=oleh
    )
    rujukan.dijeda = True
    return jeda


def akhiri_jeda(
    rujukan: Rujukan, *, oleh, pada: dt.datetime, kal: Kalender | None = None, simpan=True
):
    """End the open pause and move the open due moments later by its length."""
    kal = kal or kalender(rujukan)
    jeda = rujukan.jeda.filter(selesai__isnull=True).first()
    if jeda is None:
        return None
    menit = kal.working_minutes_between(jeda.mulai, pada)
    jeda.selesai, jeda.menit_kerja, jeda.diakhiri_oleh = pada, menit, oleh
    jeda.save(update_fields=["selesai", "menit_kerja", "diakhiri_oleh"])
    if menit:
        if rujukan.tenggat:
            rujukan.tenggat = kal.add_working_minutes(rujukan.tenggat, menit)
        if rujukan.tenggat_tahap:
            rujukan.tenggat_tahap = kal.add_working_minutes(rujukan.tenggat_tahap, menit)
        terbuka = rujukan.tahap_waktu.filter(selesai__isnull=True).first()
        if terbuka:
            if terbuka.tenggat:
                terbuka.tenggat = kal.add_working_minutes(terbuka.tenggat, menit)
            terbuka.menit_jeda += menit
            terbuka.save(update_fields=["tenggat", "menit_jeda"])
    rujukan.dijeda = False
    if simpan:
        rujukan.save(update_fields=["tenggat", "tenggat_tahap", "dijeda"])
    return jeda


@dataclass(frozen=True)
class RingkasanWaktu:
    """Time used against time allowed, in working minutes."""

    menit_terpakai: int
    menit_diizinkan: int | None
    menit_jeda: int
    tenggat: dt.datetime | None
    tenggat_tahap: dt.datetime | None
    dijeda: bool
    terlambat: bool

    @property
    def persen(self) -> int | None:
        if not self.menit_diizinkan:
            return None
        return round(100 * self.menit_terpakai / self.menit_diizinkan)


def ringkasan_waktu(
    rujukan: Rujukan, *, pada: dt.datetime | None = None, kal: Kalender | None = None
) -> RingkasanWaktu:
    """Reads rujukan.jeda (prefetch it for lists)."""
    pada = pada or timezone.now()
    kal = kal or kalender(rujukan)
    akhir = rujukan.selesai_pada or pada
    jeda_total = 0
    for jeda in rujukan.jeda.all():
        if jeda.menit_kerja is not None:
            jeda_total += jeda.menit_kerja
        else:
            jeda_total += kal.working_minutes_between(jeda.mulai, akhir)
    terpakai = max(0, kal.working_minutes_between(rujukan.dibuat_pada, akhir) - jeda_total)
    diizinkan = None
    if rujukan.tenggat:
        selesai_jeda = sum(j.menit_kerja or 0 for j in rujukan.jeda.all())
        diizinkan = kal.working_minutes_between(rujukan.dibuat_pada, rujukan.tenggat) - selesai_jeda
    terlambat = bool(
        rujukan.terbuka
        and rujukan.status not in STATUS_PENYERAHAN
        and not rujukan.dijeda
        and (
            (rujukan.tenggat and rujukan.tenggat < pada)
            or (rujukan.tenggat_tahap and rujukan.tenggat_tahap < pada)
        )
    )
    return RingkasanWaktu(
        menit_terpakai=terpakai,
        menit_diizinkan=diizinkan,
        menit_jeda=jeda_total,
        tenggat=rujukan.tenggat,
        tenggat_tahap=rujukan.tenggat_tahap,
        dijeda=rujukan.dijeda,
        terlambat=terlambat,
    )
