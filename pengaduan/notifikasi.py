"""Emails about complaints. Called after commit by the services, so a failed
transaction never sends anything; a failing mail server never undoes a
recorded complaint (the error is logged without personal data)."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pengaduan.models import Pelapor, Pengaduan

logger = logging.getLogger(__name__)


def portal_url(path: str) -> str:
    return getattr(settings, "PORTAL_URL", "").rstrip("/") + path


def _email_pelapor(pengaduan_id: int) -> str:
    return (
        Pelapor.objects.filter(pengaduan_id=pengaduan_id).values_list("email", flat=True).first()
        or ""
    )


def _send(subject: str, template: str, context: dict, to: list[str]) -> bool:
    if not to:
        return False
    with timezone.override(ZoneInfo(context["p"].instansi.zona_waktu)):
        body = render_to_string(template, context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    except Exception as exc:  # the record stands; mail is best effort
        # The error's text may name the recipient: log only its type.
        logger.error(
            "Email pengaduan %s gagal dikirim (template %s): %s",
            context["p"].pk,
            template,
            type(exc).__name__,
        )
        return False
    return True


def kirim_tanda_terima(pengaduan_id: int, kode: str) -> bool:
    """The receipt with ticket number and tracking code, if the citizen gave an email."""
    email = _email_pelapor(pengaduan_id)
    if not email:
        return False
    p = Pengaduan.objects.select_related("instansi").get(pk=pengaduan_id)
    context = {
        "p": p,
        "kode": kode,
        "url_lacak": portal_url(reverse("pengaduan:lacak") + f"?nomor={p.nomor}"),
    }
    return _send(
        _("Tanda terima %(jenis)s %(nomor)s") % {"jenis": p.get_jenis_display(), "nomor": p.nomor},
        "pengaduan/email/tanda_terima.txt",
        context,
        [email],
    )


def kirim_kabar_pelapor(pengaduan_id: int) -> bool:
    """Tell the citizen there is news on the tracking page (the text stays there)."""
    email = _email_pelapor(pengaduan_id)
    if not email:
        return False
    p = Pengaduan.objects.select_related("instansi").get(pk=pengaduan_id)
    context = {"p": p, "url_lacak": portal_url(reverse("pengaduan:lacak") + f"?nomor={p.nomor}")}
    return _send(
        _("Kabar terbaru pengaduan %(nomor)s") % {"nomor": p.nomor},
        "pengaduan/email/kabar_pelapor.txt",
        context,
        [email],
    )


def kirim_ke_petugas(pengaduan: Pengaduan, user, template: str, subject: str, **extra) -> bool:
    """A message to one staff member about a complaint (no reporter identity in it)."""
    if not user.email:
        return False
    context = {
        "p": pengaduan,
        "penerima": user,
        "url": portal_url(reverse("pengaduan:detail", kwargs={"pk": pengaduan.pk})),
        **extra,
    }
    return _send(subject, template, context, [user.email])
