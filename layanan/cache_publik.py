"""The public pages of the standards, rendered once per published version.

The catalogue, an office's page, a standard's page (the version in force and
each earlier one) and their PDFs show only what an office publishes; they
change when a standard is published, withdrawn or edited, or an office's
details change. `halaman_publik` keeps each rendered answer in the Django
cache (settings.CACHES) under the version of the public data
(models_publik.VersiPublik) and serves it again, for one query, until that
version changes.

- The version is read from the database on every request, never from the
  cache: several app servers, each with its own per-process cache, serve a
  new version the moment it is committed. The cache needs no sharing.
- `naikkan_versi` draws a new version in the transaction of every save or
  delete of a row a public page shows (PEMICU, connected by `hubungkan` from
  LayananConfig.ready), and of every change of the jabatan a step names. A
  write that bypasses the model's signals (QuerySet.update, bulk_create) on
  these tables must call it itself.
- What differs per request stays out: the pages carry no CSRF token and no
  CSP nonce, and the header is the same for visitors and staff; a request
  with a pending flash message (shown by base.html) is rendered afresh and
  not kept. The key holds the language, the scheme and host (the PDF prints
  the page's address) and the path; a PDF's also the day in each office time
  zone (it prints the date).
- Only a 200 answer is kept. Each answer carries an ETag of its key, so a
  browser or proxy revalidating gets a 304; HTML pages say `public, no-cache`
  (always revalidate: a new version shows at once), a PDF keeps the view's
  own Cache-Control. HeaderKeamananMiddleware still makes a logged-in user's
  answer `private, no-store`.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from functools import wraps
from zoneinfo import ZoneInfo

from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.utils.translation import get_language

from layanan.models import Instansi, Jabatan, LangkahProsedur, Layanan, ZonaWaktu
from layanan.models_publik import SATU, VersiPublik
from layanan.salinan import ISI_STANDAR

# The rows the public pages show: an office, its standards with all their content, and the
# jabatan their steps name. A save or delete of any of them is a new version.
PEMICU = (Instansi, Layanan, Jabatan, *ISI_STANDAR)
_SQL_VERSI = f"SELECT kunci FROM {VersiPublik._meta.db_table} WHERE id = %s"  # noqa: S608
# A kept page is dropped after a day even if nothing changes (a PDF's key changes daily anyway).
SIMPAN_DETIK = 24 * 60 * 60
# The response headers of the view that are kept with the page.
KOLOM_DISIMPAN = ("Content-Type", "Content-Disposition", "Cache-Control")


def versi_sekarang() -> str | None:
    """The version of the public data (one query); None when the row is missing
    (a database flushed by a test), and then nothing is cached. Plain SQL: it
    runs on every public page, and building the queryset would cost a third of
    a cached page's time."""
    with connection.cursor() as cursor:
        cursor.execute(_SQL_VERSI, [SATU])
        baris = cursor.fetchone()
    return baris[0] if baris else None


def naikkan_versi() -> None:
    """A new version: every page cached so far is stale, on every server."""
    baru = {"kunci": uuid.uuid4().hex, "diubah_pada": timezone.now()}
    if not VersiPublik.objects.filter(pk=SATU).update(**baru):
        VersiPublik.objects.update_or_create(pk=SATU, defaults=baru)


def _saat_berubah(sender, **kwargs) -> None:
    naikkan_versi()


def _saat_jabatan_langkah_berubah(sender, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        naikkan_versi()


def hubungkan() -> None:
    """Connect the signals that draw a new version (LayananConfig.ready)."""
    for model in PEMICU:
        uid = f"layanan.cache_publik.{model.__name__}"
        post_save.connect(_saat_berubah, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_saat_berubah, sender=model, dispatch_uid=f"{uid}.delete")
    m2m_changed.connect(
        _saat_jabatan_langkah_berubah,
        sender=LangkahProsedur.jabatan.through,
        dispatch_uid="layanan.cache_publik.LangkahProsedur.jabatan",
    )


def ada_pesan(request: HttpRequest) -> bool:
    """Whether a flash message waits to be shown on this page (in the messages
    cookie or the session). The session is read anyway, for request.user."""
    if CookieStorage.cookie_name in request.COOKIES:
        return True
    session = getattr(request, "session", None)
    return session is not None and SessionStorage.session_key in session


def _kunci(request: HttpRequest, versi: str, *, per_hari: bool) -> str:
    bagian = [versi, get_language() or "", request.build_absolute_uri(request.path)]
    if per_hari:  # the day in each office's time zone: the key changes at each midnight
        sekarang = timezone.now()
        bagian += [timezone.localdate(sekarang, ZoneInfo(z)).isoformat() for z in ZonaWaktu]
    return hashlib.sha256("\n".join(bagian).encode()).hexdigest()


def _simpan(kunci: str, response: HttpResponse) -> None:
    kolom = {k: response[k] for k in KOLOM_DISIMPAN if k in response}
    cache.set(f"publik:{kunci}", (response.content, kolom), SIMPAN_DETIK)


def _ambil(kunci: str) -> HttpResponse | None:
    tersimpan = cache.get(f"publik:{kunci}")
    if tersimpan is None:
        return None
    isi, kolom = tersimpan
    response = HttpResponse(isi)
    for k, v in kolom.items():
        response[k] = v
    return response


def halaman_publik(*, per_hari: bool = False) -> Callable:
    """Serve the view's answer from the cache while the public data keep their
    version (see the module docstring). `per_hari`: the answer prints today's
    date (the PDF), so it is kept for the day only."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            versi = versi_sekarang()
            if versi is None or ada_pesan(request):
                return view(request, *args, **kwargs)
            kunci = _kunci(request, versi, per_hari=per_hari)
            response = _ambil(kunci)
            if response is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming:
                    return response
                _simpan(kunci, response)
            response["ETag"] = quote_etag(kunci[:32])
            if "Cache-Control" not in response:
                patch_cache_control(response, public=True, no_cache=True)
            return get_conditional_response(request, etag=response["ETag"], response=response)

        return wrapper

    return decorator
