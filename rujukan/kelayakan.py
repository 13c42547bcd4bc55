"""The one place that decides a case's eligibility facts.

Each fact requirement of the standard (Persyaratan jenis "fakta") says how it
is checked (`cara_periksa`):
- usia: the klien's age on the application date (from the NIK, or a birth
  date; an estimated one is said so) against `nilai_ambang` / `nilai_maksimal`;
- domisili: the NIK's (else the KK's) region code against the office's;
- dtks / bukan_dtks: the office's imported DTKS/DTSEN extract (read through
  rujukan.dtks); without an extract, the officer's answer;
- atestasi: an officer states it with evidence (the requirement row of the
  case: who, when, the note).
Rows of older standards without `cara_periksa` are read by their `fakta`
(usia_minimal → usia, terdaftar_dtks → dtks, the rest attested; a report
by someone else than the klien or a PPKS category answers aduan/ppks).

`None` means not known yet: the fact still needs an officer's answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from layanan.models import CaraPeriksa, Persyaratan, Tahap
from rujukan.dtks import dtks_klien
from rujukan.models import BerkasItem, Rujukan

_FAKTA_LAMA = {
    Persyaratan.Fakta.USIA_MINIMAL: CaraPeriksa.USIA,
    Persyaratan.Fakta.TERDAFTAR_DTKS: CaraPeriksa.DTKS,
}


@dataclass(frozen=True)
class HasilFakta:
    item: BerkasItem
    terpenuhi: bool | None
    sumber: str  # where the answer comes from, with its date
    keterangan: str  # the answer in a sentence
    alasan: str = ""  # why it is not met, as a short phrase for messages

    @property
    def persyaratan(self) -> Persyaratan:
        return self.item.persyaratan


def cara(p: Persyaratan) -> str:
    return p.cara_periksa or _FAKTA_LAMA.get(p.fakta, CaraPeriksa.ATESTASI)


def _tanggal_permohonan(r: Rujukan) -> dt.date:
    return r.dibuat_pada.astimezone(ZoneInfo(r.instansi.zona_waktu)).date()


def _usia(r: Rujukan, item: BerkasItem) -> HasilFakta:
    p, klien = item.persyaratan, r.klien
    pada = _tanggal_permohonan(r)
    usia = klien.usia(pada)
    if usia is None or p.nilai_ambang is None:
        return _atestasi(r, item, _("Tanggal lahir tidak diketahui: isi bukti usia."))
    if klien.tanggal_lahir_perkiraan:
        sumber = _("tanggal lahir perkiraan")
    else:
        sumber = _("NIK") if klien.nik else _("tanggal lahir")
    ok = usia >= p.nilai_ambang and (p.nilai_maksimal is None or usia <= p.nilai_maksimal)
    ket = _("Usia %(u)s tahun (lahir %(tgl)s, dihitung dari %(sumber)s).") % {
        "u": usia,
        "tgl": date_format(klien.tanggal_lahir, "j F Y"),
        "sumber": sumber,
    }
    alasan = ""
    if not ok:
        if p.nilai_maksimal is not None:
            syarat = _("%(a)s sampai %(b)s tahun") % {"a": p.nilai_ambang, "b": p.nilai_maksimal}
        else:
            syarat = _("%(a)s tahun ke atas") % {"a": p.nilai_ambang}
        alasan = _("usia %(u)s tahun pada tanggal permohonan, standar mensyaratkan %(s)s") % {
            "u": usia,
            "s": syarat,
        }
    return HasilFakta(item, ok, str(sumber), ket, alasan)


def _domisili(r: Rujukan, item: BerkasItem) -> HasilFakta:
    kode = (r.instansi.kode_wilayah or "").strip()
    nomor = r.klien.nik or r.klien.no_kk or ""
    if not kode or not nomor:
        return _atestasi(r, item, _("Kode wilayah tidak dapat dicocokkan: nyatakan domisili."))
    sumber = _("NIK") if r.klien.nik else _("KK")
    ok = nomor.startswith(kode)
    ket = (
        _("Kode wilayah %(sumber)s %(k)s sesuai wilayah instansi.")
        if ok
        else _("Kode wilayah %(sumber)s %(k)s bukan wilayah instansi (%(i)s).")
    )
    return HasilFakta(
        item, ok, str(sumber), ket % {"sumber": sumber, "k": nomor[: len(kode)], "i": kode}
    )


def _dtks(r: Rujukan, item: BerkasItem, *, harus_terdaftar: bool) -> HasilFakta:
    cek = dtks_klien(klien=r.klien, instansi=r.instansi)
    if cek.ada_data:
        ok = cek.terdaftar if harus_terdaftar else not cek.terdaftar
        return HasilFakta(item, ok, _("data DTKS/DTSEN instansi"), cek.keterangan)
    if r.terdaftar_dtks is not None and not item.diperiksa_pada:
        ok = r.terdaftar_dtks if harus_terdaftar else not r.terdaftar_dtks
        return HasilFakta(item, ok, _("keterangan petugas"), cek.keterangan)
    return _atestasi(r, item, cek.keterangan)


def _atestasi(r: Rujukan, item: BerkasItem, kosong: str = "") -> HasilFakta:
    p = item.persyaratan
    if item.diperiksa_pada:
        oleh = getattr(getattr(item.diperiksa_oleh, "pegawai", None), "nama", "")
        return HasilFakta(
            item,
            item.terpenuhi,
            _("dinyatakan %(oleh)s") % {"oleh": oleh or _("petugas")},
            item.catatan,
        )
    if p.fakta == Persyaratan.Fakta.ADUAN and r.pemohon.jenis != "klien":
        return HasilFakta(
            item,
            True,
            _("data permohonan"),
            _("Dilaporkan oleh %(j)s.") % {"j": r.pemohon.get_jenis_display()},
        )
    if p.fakta == Persyaratan.Fakta.PPKS and r.kategori_ppks_id:
        return HasilFakta(
            item, True, _("data permohonan"), _("Kategori PPKS: %(k)s.") % {"k": r.kategori_ppks}
        )
    if item.terpenuhi:
        return HasilFakta(item, True, _("petugas loket"), item.catatan)
    return HasilFakta(item, None, "", kosong or _("Belum dinyatakan petugas."))


def periksa_item(r: Rujukan, item: BerkasItem) -> HasilFakta:
    c = cara(item.persyaratan)
    if c == CaraPeriksa.USIA:
        return _usia(r, item)
    if c == CaraPeriksa.DOMISILI:
        return _domisili(r, item)
    if c in (CaraPeriksa.DTKS, CaraPeriksa.BUKAN_DTKS):
        return _dtks(r, item, harus_terdaftar=c == CaraPeriksa.DTKS)
    return _atestasi(r, item)


def periksa_fakta(r: Rujukan) -> list[HasilFakta]:
    """Every fact requirement of the case that applies, with its answer."""
    items = r.berkas.select_related(
        "persyaratan__langkah_periksa", "diperiksa_oleh__pegawai"
    ).filter(persyaratan__jenis=Persyaratan.Jenis.FAKTA, berlaku=True)
    return [periksa_item(r, item) for item in items if item.persyaratan.wajib]


def _frasa(h: HasilFakta) -> str:
    """A fact as a phrase in a message: why it is not met, else its text."""
    if h.terpenuhi is False:
        return (h.alasan or h.keterangan or h.persyaratan.teks[:80]).rstrip(".")
    return h.persyaratan.teks[:80].rstrip(".")


def fakta_belum_terpenuhi(r: Rujukan) -> list[str]:
    """Facts not met or not known yet, as short sentences (for the messages)."""
    return [_frasa(h) for h in periksa_fakta(r) if h.terpenuhi is not True]


def fakta_menghalangi_berkas(r: Rujukan) -> list[str]:
    """What stops the file check from passing: a fact the data or an officer
    says is not met, or — when the standard has no later check (no field
    verification) — a fact nobody has answered yet."""
    tanpa_verifikasi = not r.alur.verifikasi

    def nanti(h: HasilFakta) -> bool:  # the standard names a later step to check it
        step = h.persyaratan.langkah_periksa
        return step is not None and step.tahap not in (Tahap.PERMOHONAN, Tahap.PEMERIKSAAN_BERKAS)

    return [
        _frasa(h)
        for h in periksa_fakta(r)
        if h.terpenuhi is False or (h.terpenuhi is None and tanpa_verifikasi and not nanti(h))
    ]
