"""The survey's link on the citizen's pages and documents:
- the "Isi survei kepuasan" box of the tracking pages, shown once the case or
  complaint is closed and its survey not yet answered;
- the link and QR code on a case's PDF (its receipt and the letter handed to
  the applicant), rendered at issuance;
- the link and QR code on a complaint's receipt page."""

from __future__ import annotations

from django import template
from django.urls import reverse

from survei.models import UndanganSurvei
from survei.selectors import undangan_terbuka_untuk
from survei.tautan import ajakan_dokumen, qr_svg

register = template.Library()


@register.inclusion_tag("survei/_ajakan.html")
def ajakan_survei_rujukan(rujukan_id: int | None) -> dict:
    undangan = undangan_terbuka_untuk(rujukan_id=rujukan_id) if rujukan_id else None
    return {"undangan": undangan}


@register.inclusion_tag("survei/_ajakan.html")
def ajakan_survei_pengaduan(pengaduan_id: int | None) -> dict:
    undangan = undangan_terbuka_untuk(pengaduan_id=pengaduan_id) if pengaduan_id else None
    return {"undangan": undangan}


@register.inclusion_tag("survei/_ajakan_dokumen.html")
def ajakan_survei_dokumen(rujukan) -> dict:
    """On a case's document (WeasyPrint): nothing for a fictitious sample case
    (no pk) or once the survey is answered."""
    return {"survei": ajakan_dokumen(getattr(rujukan, "pk", None))}


@register.inclusion_tag("survei/_ajakan_tanda_terima.html", takes_context=True)
def ajakan_survei_tanda_terima(context, pengaduan_id: int | None) -> dict:
    """On a complaint's receipt page, right after filing."""
    undangan = (
        UndanganSurvei.objects.filter(pengaduan_id=pengaduan_id, used_at__isnull=True)
        .only("token")
        .first()
        if pengaduan_id
        else None
    )
    if undangan is None:
        return {"survei": None}
    path = reverse("survei:isi", kwargs={"token": undangan.token})
    request = context.get("request")
    url = request.build_absolute_uri(path) if request is not None else path
    return {"survei": {"url": url, "path": path, "qr": qr_svg(url)}}
