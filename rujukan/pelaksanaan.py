"""What the records of a case say was actually done — never what its
standard says should have happened: the checks behind a letter (the phrases
of a letter's `{{ dasar }}`, rujukan.templat) and the procedure steps
finished, with who and when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from layanan.models import CaraPeriksa, Instansi, JenisLangkah, Persyaratan
from layanan.pengguna import Pengguna
from rujukan.kelayakan import HasilFakta, cara
from rujukan.models import Kegiatan, Rujukan, StatusLangkah

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class LangkahDilakukan:
    teks: str
    oleh: str
    tanggal: dt.date | None
    catatan: str = ""


@dataclass(frozen=True)
class Pelaksanaan:
    """What the case's records say was done: the phrases of `{{ dasar }}`
    and the procedure steps finished."""

    dasar: tuple[str, ...]
    langkah: tuple[LangkahDilakukan, ...]


def tanggal_teks(tanggal: dt.date | None) -> str:
    """3 Maret 2026 (always in Indonesian, whatever language is active)."""
    if tanggal is None:
        return ""
    with translation.override("id"):
        return formats.date_format(tanggal, "j F Y")


def _nama(user: Pengguna | None) -> str:
    pegawai = getattr(user, "pegawai", None) if user is not None else None
    return pegawai.nama if pegawai else (user.get_username() if user is not None else "")


def lokal(moment: dt.datetime | None, instansi: Instansi) -> dt.date | None:
    return moment.astimezone(ZoneInfo(instansi.zona_waktu)).date() if moment else None


_KEGIATAN_FRASA: dict[str, StrOrPromise] = {
    Kegiatan.Jenis.BIMBINGAN: gettext_lazy("bimbingan"),
    Kegiatan.Jenis.PENELUSURAN_KELUARGA: gettext_lazy("penelusuran keluarga"),
    Kegiatan.Jenis.REUNIFIKASI: gettext_lazy("reunifikasi keluarga"),
    Kegiatan.Jenis.PENDAMPINGAN: gettext_lazy("pendampingan"),
    Kegiatan.Jenis.PENGANTARAN: gettext_lazy("pengantaran klien"),
    Kegiatan.Jenis.KOORDINASI: gettext_lazy("koordinasi dengan instansi lain"),
}


def pelaksanaan_kasus(rujukan: Rujukan, *, fakta: list[HasilFakta]) -> Pelaksanaan:
    """Read what was recorded on the case — never what the standard says
    should have happened. A field visit is named only when a home visit or
    the standard's visit step was recorded, an assessment only when one was
    recorded, the DTKS match only when a DTKS fact was answered."""
    instansi = rujukan.instansi
    dasar: list[str] = []
    if rujukan.berkas.filter(persyaratan__jenis=Persyaratan.Jenis.DOKUMEN).exists():
        dasar.append(_("pemeriksaan berkas persyaratan"))
    else:
        dasar.append(_("pemeriksaan data permohonan"))
    dtks = any(
        cara(h.persyaratan) in (CaraPeriksa.DTKS, CaraPeriksa.BUKAN_DTKS)
        and h.terpenuhi is not None
        for h in fakta
    )
    if dtks or rujukan.terdaftar_dtks is not None:
        dasar.append(_("pencocokan data DTKS/DTSEN"))
    rows = list(
        rujukan.langkah_kasus.select_related("langkah", "selesai_oleh__pegawai").filter(
            status=StatusLangkah.SELESAI
        )
    )
    kegiatan = list(rujukan.kegiatan.all())
    kunjungan = sorted({k.tanggal for k in kegiatan if k.jenis == Kegiatan.Jenis.KUNJUNGAN_RUMAH})
    if kunjungan:
        dasar.append(
            _("verifikasi lapangan melalui kunjungan rumah pada %(tgl)s")
            % {"tgl": gabung([tanggal_teks(t) for t in kunjungan])}
        )
    else:
        visit = [r for r in rows if r.langkah.jenis == JenisLangkah.KUNJUNGAN]
        if visit:
            dasar.append(
                _("verifikasi lapangan pada %(tgl)s")
                % {"tgl": tanggal_teks(lokal(visit[-1].selesai_pada, instansi))}
            )
    # who did each step is in the list of steps; the basis names what and when
    asesmen = rujukan.asesmen.order_by("-dibuat_pada").first()
    if asesmen is not None:
        dasar.append(
            _("asesmen oleh pekerja sosial pada %(tgl)s")
            % {"tgl": tanggal_teks(lokal(asesmen.dibuat_pada, instansi))}
        )
    jenis_lain = []
    for k in kegiatan:
        frasa = _KEGIATAN_FRASA.get(k.jenis)
        if frasa and str(frasa) not in jenis_lain:
            jenis_lain.append(str(frasa))
    if jenis_lain:
        dasar.append(_("kegiatan %(daftar)s") % {"daftar": gabung(jenis_lain)})
    langkah = tuple(
        LangkahDilakukan(
            teks=r.langkah.teks.strip(),
            oleh=_nama(r.selesai_oleh),
            tanggal=lokal(r.selesai_pada, instansi),
            catatan=r.catatan.strip(),
        )
        for r in rows
    )
    return Pelaksanaan(dasar=tuple(dasar), langkah=langkah)


def gabung(bagian: list[str]) -> str:
    """a, b, dan c"""
    bagian = [b for b in bagian if b]
    if len(bagian) <= 1:
        return "".join(bagian)
    if len(bagian) == 2:
        return _("%(a)s dan %(b)s") % {"a": bagian[0], "b": bagian[1]}
    return _("%(daftar)s, dan %(akhir)s") % {"daftar": ", ".join(bagian[:-1]), "akhir": bagian[-1]}
