"""Where a respondent's own survey is reached from: the link and QR code
printed on the receipt a citizen gets at intake (a case's Tanda Terima PDF, a
complaint's receipt page) and on the letter handed over at the end.

A receipt is given long before the service is done, so the invitation of a
case or a complaint exists from its creation (survei.sinyal) and its page
opens only once the case is handed over/finished or the complaint is closed
(`sudah_dibuka`); until then it says so politely and accepts nothing. One
invitation per case or ticket, one response per invitation.

The token is the only key: the survey page shows the office and the service
name, never the case, its number, its state or a person."""

from __future__ import annotations

import segno
from django.db.models import F, QuerySet
from django.urls import reverse

from pengaduan.models import Pengaduan
from rujukan.models.rujukan import STATUS_PENYERAHAN, Status
from rujukan.verifikasi import alamat_portal
from survei.models import UndanganSurvei

# The states in which the citizen has received the service.
STATUS_RUJUKAN_SELESAI = frozenset({*STATUS_PENYERAHAN, Status.SELESAI})
STATUS_PENGADUAN_SELESAI = frozenset({Pengaduan.Status.SELESAI})


def dengan_status(qs: QuerySet[UndanganSurvei]) -> QuerySet[UndanganSurvei]:
    """The invitations with the state of their case or ticket (only that
    column, joined in the same query), for `sudah_dibuka`."""
    return qs.annotate(status_rujukan=F("rujukan__status"), status_pengaduan=F("pengaduan__status"))


def sudah_dibuka(undangan: UndanganSurvei) -> bool:
    """May the survey be answered now? A counter invitation at once; a case's
    or a complaint's once the service is done. An invitation whose case or
    ticket is gone (removed before it ended) never opens. `undangan` comes
    from `dengan_status`."""
    if undangan.asal == UndanganSurvei.Asal.LOKET:
        return True
    if undangan.asal == UndanganSurvei.Asal.RUJUKAN:
        return undangan.status_rujukan in STATUS_RUJUKAN_SELESAI
    return undangan.status_pengaduan in STATUS_PENGADUAN_SELESAI


def url_isi(undangan: UndanganSurvei) -> str:
    """The absolute address of the survey printed on a document (PORTAL_URL,
    as the verification link beside it)."""
    return alamat_portal() + reverse("survei:isi", kwargs={"token": undangan.token})


def ajakan_dokumen(rujukan_id: int | None) -> dict | None:
    """What a case's PDF prints about its survey: the link and its QR code;
    None when the case has no unanswered invitation (one query)."""
    if not rujukan_id:
        return None
    undangan = (
        UndanganSurvei.objects.filter(rujukan_id=rujukan_id, used_at__isnull=True)
        .only("token")
        .first()
    )
    if undangan is None:
        return None
    url = url_isi(undangan)
    return {"url": url, "qr": qr_svg(url)}


def qr_svg(url: str) -> str:
    """The survey's QR code (SVG data URI) with its own quiet zone, so a phone
    reads it even printed close to a border or to the verification code."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#000")
