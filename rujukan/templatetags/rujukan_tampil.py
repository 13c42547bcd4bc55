"""Display helpers of the case pages: moments in the office's own time zone,
working minutes as days/hours, state badges, and the states a template asks
about named by their enum member (`ialah`)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django import template
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from rujukan.documents import tanggal_panjang
from rujukan.models import (
    STATUS_AKHIR,
    Dokumen,
    Konsep,
    PengajuanPanti,
    Status,
    StatusLangkah,
    UsulanPanti,
)

register = template.Library()


@register.filter
def waktu(moment: dt.datetime | None, instansi) -> str:
    """'24 November 2026 pukul 10.30 WITA' in the office's zone."""
    if not moment:
        return ""
    lokal = timezone.localtime(moment, ZoneInfo(instansi.zona_waktu))
    return _("%(tanggal)s pukul %(jam)s %(zona)s") % {
        "tanggal": tanggal_panjang(lokal),
        "jam": lokal.strftime("%H.%M"),
        "zona": instansi.zona_waktu_singkat,
    }


@register.filter
def tanggal(moment: dt.date | dt.datetime | None, instansi=None) -> str:
    """'24 November 2026' (a datetime is read in the office's zone)."""
    if not moment:
        return ""
    if isinstance(moment, dt.datetime) and instansi is not None:
        moment = timezone.localtime(moment, ZoneInfo(instansi.zona_waktu))
    return tanggal_panjang(moment)


def _menit_per_hari(instansi) -> int:
    buka = dt.datetime.combine(dt.date(2000, 1, 1), instansi.jam_buka)
    tutup = dt.datetime.combine(dt.date(2000, 1, 1), instansi.jam_tutup)
    return max(60, int((tutup - buka).total_seconds() // 60))


@register.filter
def menit_kerja(menit: int | None, instansi) -> str:
    """Working minutes as '2 hari kerja 3 jam', '45 menit' (a working day is
    the office's opening hours)."""
    if menit is None:
        return "—"
    menit = int(menit)
    per_hari = _menit_per_hari(instansi)
    hari, sisa = divmod(menit, per_hari)
    jam, mnt = divmod(sisa, 60)
    bagian = []
    if hari:
        bagian.append(_("%(n)s hari kerja") % {"n": hari})
    if jam:
        bagian.append(_("%(n)s jam") % {"n": jam})
    if mnt or not bagian:
        bagian.append(_("%(n)s menit") % {"n": mnt})
    return " ".join(bagian)


@register.filter
def label_status(status: str) -> str:
    """The label of a state, as `get_status_display` shows it, without its
    cost: Django rebuilds the field's choices dict on every call, hashing each
    of the 19 lazy labels (0.2-0.5 ms a call; a list of 100 cases paid it 100
    times). An unknown code is shown as it is."""
    try:
        return str(Status(status).label)
    except ValueError:
        return status


@register.filter
def kelas_status(status: str) -> str:
    """The badge class of a state."""
    if status in (Status.TIDAK_MEMENUHI_SYARAT, Status.DIBATALKAN, Status.DITARIK):
        return "badge-bad"
    if status in STATUS_AKHIR:
        return "badge-ok"
    if status in (Status.DIKEMBALIKAN, Status.MENUNGGU_PANTI, Status.PERSETUJUAN):
        return "badge-warn"
    return "badge-info"


@register.filter
def ukuran(bita: int | None) -> str:
    if not bita:
        return ""
    if bita < 1024 * 1024:
        return f"{max(1, round(bita / 1024))} KB"
    return f"{bita / 1024 / 1024:.1f} MB".replace(".", ",")


# The enums of the states a template may ask about (`ialah`), by the name it uses.
_ENUM: dict[str, type[models.TextChoices]] = {
    "Status": Status,
    "StatusDokumen": Dokumen.Status,
    "StatusKonsep": Konsep.StatusKonsep,
    "StatusLangkah": StatusLangkah,
    "StatusUsulan": UsulanPanti.StatusUsulan,
    "Jawaban": PengajuanPanti.Jawaban,
}


@register.filter
def ialah(nilai: str, anggota: str) -> bool:
    """Whether a state is the enum member named, `{% if d.status|ialah:"StatusDokumen.BERLAKU" %}`:
    the template names the member, never the stored string, and a name its
    enum lacks fails loudly (KeyError) instead of never matching."""
    enum, nama = anggota.split(".")
    return bool(nilai == _ENUM[enum][nama])
