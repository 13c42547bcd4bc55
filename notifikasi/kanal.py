"""How a message leaves the portal: one sender per transport.

A person chooses a channel (WhatsApp, SMS, e-mail); the deployment decides
which transport carries it (`settings.NOTIFIKASI_PENGIRIM`): `log` writes it
to the logger "notifikasi" (the default, so `make run` shows every message),
`email` sends it with Django's mail, `gateway` POSTs it as JSON to the
WhatsApp/SMS gateway named by `NOTIFIKASI_GATEWAY_URL`.

A sender raises `GagalSementara` (timeout, connection refused, 5xx, 429: the
message is tried again later) or `GagalTetap` (4xx: a wrong number, a refused
token; trying again will not help). Error texts carry no address.
"""

from __future__ import annotations

import json
import logging
import smtplib
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail

from notifikasi.models import Kanal, Pesan

logger = logging.getLogger("notifikasi")


class GagalKirim(Exception):
    pass


class GagalSementara(GagalKirim):
    """Retryable: the gateway is slow, down or overloaded."""


class GagalTetap(GagalKirim):
    """Permanent: the gateway refused this message."""


def samarkan(tujuan: str) -> str:
    """An address safe for a log line: `0812******90`, `b***@example.go.id`."""
    if not tujuan:
        return ""
    if "@" in tujuan:
        nama, _, domain = tujuan.partition("@")
        return f"{nama[:1]}***@{domain}"
    if len(tujuan) <= 6:
        return "*" * len(tujuan)
    return tujuan[:4] + "*" * (len(tujuan) - 6) + tujuan[-2:]


def nomor_internasional(telepon: str) -> str:
    """An Indonesian number as digits with the country code: 0812… → 62812…"""
    digit = "".join(c for c in telepon if c.isdigit())
    if digit.startswith("0"):
        return "62" + digit[1:]
    if digit.startswith("8"):
        return "62" + digit
    return digit


class Pengirim(Protocol):
    def kirim(self, pesan: Pesan) -> None: ...


class PengirimLog:
    """Writes the message to the log (development, `make run`), address masked."""

    def kirim(self, pesan: Pesan) -> None:
        logger.info(
            "Pesan %s [%s ke %s %s, %s]: %s",
            pesan.pk,
            pesan.get_kanal_display(),
            pesan.penerima_ref,
            samarkan(pesan.tujuan),
            pesan.acara,
            pesan.teks,
        )


class PengirimEmail:
    """Django's mail (SMTP in production, the console with DEBUG)."""

    def kirim(self, pesan: Pesan) -> None:
        subjek = pesan.subjek or pesan.teks.splitlines()[0][:120]
        try:
            send_mail(subjek, pesan.teks, settings.DEFAULT_FROM_EMAIL, [pesan.tujuan])
        except smtplib.SMTPRecipientsRefused as exc:
            raise GagalTetap("SMTPRecipientsRefused") from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise GagalSementara(type(exc).__name__) from exc


class PengirimGateway:
    """A generic JSON gateway for WhatsApp and SMS.

    POST `NOTIFIKASI_GATEWAY_URL` with `Authorization: Bearer <TOKEN>` and
    `{"channel": "whatsapp"|"sms", "to": "62812…", "text": "…",
    "reference": "<message id>"}`; any 2xx is success. Most Indonesian
    WhatsApp/SMS gateways accept this shape or a small proxy maps it.
    """

    def kirim(self, pesan: Pesan) -> None:
        url = settings.NOTIFIKASI_GATEWAY_URL
        if not url:
            raise GagalTetap("NOTIFIKASI_GATEWAY_URL kosong")
        badan = json.dumps(
            {
                "channel": pesan.kanal,
                "to": nomor_internasional(pesan.tujuan),
                "text": pesan.teks,
                "reference": str(pesan.pk),
            }
        ).encode()
        permintaan = urllib.request.Request(  # noqa: S310 (the operator's configured URL)
            url,
            data=badan,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.NOTIFIKASI_GATEWAY_TOKEN}",
            },
        )
        try:
            with urllib.request.urlopen(  # noqa: S310
                permintaan, timeout=settings.NOTIFIKASI_GATEWAY_TIMEOUT
            ) as jawaban:
                jawaban.read(1024)
        except urllib.error.HTTPError as exc:
            if exc.code >= 500 or exc.code == 429:
                raise GagalSementara(f"HTTP {exc.code}") from exc
            raise GagalTetap(f"HTTP {exc.code}") from exc
        except TimeoutError as exc:
            raise GagalSementara("timeout") from exc
        except urllib.error.URLError as exc:
            alasan = exc.reason
            if isinstance(alasan, TimeoutError):
                raise GagalSementara("timeout") from exc
            raise GagalSementara(type(alasan).__name__) from exc
        except OSError as exc:  # reset connection, broken pipe
            raise GagalSementara(type(exc).__name__) from exc


PENGIRIM: dict[str, type[Pengirim]] = {
    "log": PengirimLog,
    "email": PengirimEmail,
    "gateway": PengirimGateway,
}


def pengirim_untuk(kanal: str) -> Pengirim:
    """The sender configured for a channel (`log` unless configured)."""
    if kanal == Kanal.LOG:
        return PengirimLog()
    nama = settings.NOTIFIKASI_PENGIRIM.get(kanal, "log")
    return PENGIRIM[nama]()
