"""Rate limiting kept in the database, so every app server counts the same requests.

A client is known only by a keyed hash of its address (HMAC-SHA256 with
SECRET_KEY); the raw address is never stored.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from layanan.models import JejakPermintaan, KunciPembatas

KIRIM = "kirim"
LACAK_GAGAL = "lacak_gagal"
# a wrong password typed to sign, revoke or re-issue a letter (akun.services)
SANDI_ULANG = "sandi_ulang"
# a request a citizen submits online from their own page (per proven number)
AJUKAN_WARGA = "ajukan_warga"

# (how many, within how many seconds); overridable from settings.
DEFAULTS = {
    KIRIM: (10, 60 * 60),
    LACAK_GAGAL: (20, 60 * 60),
    SANDI_ULANG: (5, 15 * 60),
    AJUKAN_WARGA: (5, 24 * 60 * 60),
}


class TerlaluBanyak(Exception):
    """Raised when a client exceeded its allowance; the message is for the citizen."""

    def __init__(self, menit: int):
        self.menit = menit
        super().__init__(
            _(
                "Terlalu banyak permintaan dari jaringan Anda dalam waktu singkat. "
                "Silakan coba lagi dalam %(menit)s menit, atau sampaikan langsung "
                "melalui telepon/WhatsApp kantor."
            )
            % {"menit": menit}
        )


def limit_for(tindakan: str) -> tuple[int, int]:
    configured = getattr(settings, "PENGADUAN_BATAS_PERMINTAAN", {})
    return configured.get(tindakan, DEFAULTS[tindakan])


def client_address(request) -> str:
    """The client's address as the server sees it.

    Behind a trusted proxy, set PENGADUAN_HEADER_ALAMAT_KLIEN (e.g.
    "HTTP_X_REAL_IP") to the header the proxy sets. Of a list (X-Forwarded-For)
    only the last entry is taken: the one our own proxy appended; the entries
    before it are whatever the client chose to send, so a client cannot pick
    its own address and slip past a lock or a limit.
    """
    header = getattr(settings, "PENGADUAN_HEADER_ALAMAT_KLIEN", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or "tanpa-alamat"


def client_key(request) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256
    ).hexdigest()


def _recent(kunci: str, tindakan: str, since: dt.datetime):
    return JejakPermintaan.objects.filter(kunci=kunci, tindakan=tindakan, waktu__gte=since)


def check(kunci: str, tindakan: str) -> None:
    """Raise TerlaluBanyak if the client is already over its allowance (no write)."""
    limit, seconds = limit_for(tindakan)
    now = timezone.now()
    if _recent(kunci, tindakan, now - dt.timedelta(seconds=seconds)).count() >= limit:
        raise TerlaluBanyak(max(1, seconds // 60))


def alasan_tolak(kunci: str, tindakan: str) -> str:
    """Why the client may not try now ('' when it may): check() as a message."""
    try:
        check(kunci, tindakan)
    except TerlaluBanyak as exc:
        return str(exc)
    return ""


def catat_gagal(kunci: str, tindakan: str) -> None:
    """Count one failed attempt (a wrong tracking or verification code). Past the
    allowance the count stops growing: this attempt is already answered, and the
    next one is refused by check()."""
    with contextlib.suppress(TerlaluBanyak), transaction.atomic():
        record(kunci, tindakan)


def bersihkan(*, now: dt.datetime | None = None) -> int:
    """Delete each action's counters older than its own window (run from the
    scheduler; a day-long limit keeps its rows a day, an hourly one an hour);
    counters of an action no longer configured go after the longest window.
    Returns rows removed."""
    now = now or timezone.now()
    deleted = 0
    for tindakan in DEFAULTS:
        n, _ = JejakPermintaan.objects.filter(
            tindakan=tindakan, waktu__lt=now - dt.timedelta(seconds=limit_for(tindakan)[1])
        ).delete()
        deleted += n
    longest = max(limit_for(t)[1] for t in DEFAULTS)
    n, _ = (
        JejakPermintaan.objects.exclude(tindakan__in=list(DEFAULTS))
        .filter(waktu__lt=now - dt.timedelta(seconds=longest))
        .delete()
    )
    return deleted + n


def record(kunci: str, tindakan: str) -> None:
    """Count one request, inside the caller's transaction; raise TerlaluBanyak if over.

    The per-client row is locked while counting, so two app servers cannot
    both let the last allowed request through.
    """
    limit, seconds = limit_for(tindakan)
    now = timezone.now()
    with transaction.atomic():
        KunciPembatas.objects.get_or_create(kunci=kunci, tindakan=tindakan)
        KunciPembatas.objects.select_for_update().get(kunci=kunci, tindakan=tindakan)
        JejakPermintaan.objects.filter(
            kunci=kunci, tindakan=tindakan, waktu__lt=now - dt.timedelta(seconds=seconds)
        ).delete()
        if _recent(kunci, tindakan, now - dt.timedelta(seconds=seconds)).count() >= limit:
            raise TerlaluBanyak(max(1, seconds // 60))
        JejakPermintaan.objects.create(kunci=kunci, tindakan=tindakan, waktu=now)
