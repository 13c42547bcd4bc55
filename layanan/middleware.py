"""Input the portal never accepts, refused before any view reads it.

- A NUL byte anywhere in the path, the query (keys or values) or an
  urlencoded form: PostgreSQL cannot store it in text and no citizen or
  officer types it, so the answer is 400 with an Indonesian message.
- An overlong path or query value (no page of the portal needs one).
- A multipart form is not parsed here (the views stop oversized uploads while
  they stream, which needs the body unread); its fields refuse NUL themselves
  (Django's CharField) and, as a last guard, a database error about the value
  (NUL in a literal, a value out of range or too long) becomes the same 400:
  every write runs in one transaction, so nothing of the request was saved.

Two of Django's middleware, made cheaper for a request that does not use them
(measured on a bare view, they were a fifth of the whole stack's time):

- `PesanMiddleware` (MessageMiddleware): the message storage (cookie and
  session) is made when a message is added or read, not on every request; a
  request that touched no message has nothing to store, as before.
- `BahasaMiddleware` (LocaleMiddleware): with one language in LANGUAGES and no
  `i18n_patterns`, every request gets that language whatever it asks for; it
  is activated without parsing Accept-Language, and the response gets the same
  `Vary: Accept-Language` and `Content-Language` (that language) as before.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.signals import setting_changed
from django.db import DataError
from django.dispatch import receiver
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject, empty
from django.utils.translation import gettext as _

from layanan.masukan import ada_nul

log = logging.getLogger(__name__)

MAKS_PATH = 2000
MAKS_QUERY = 8192
MAKS_NILAI_QUERY = 2000


def tolak(request, pesan: str):
    return render(request, "400.html", {"pesan": pesan}, status=400)


class MasukanRusakMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pesan = self._periksa(request)
        if pesan:
            return tolak(request, pesan)
        return self.get_response(request)

    def _periksa(self, request) -> str:
        if ada_nul(request.path) or len(request.path) > MAKS_PATH:
            return _("Alamat halaman tidak sah.")
        query = request.META.get("QUERY_STRING", "")
        if len(query) > MAKS_QUERY:
            return _("Alamat halaman terlalu panjang.")
        for kunci, nilai in request.GET.lists() if query else ():
            if ada_nul(kunci, *nilai):
                return _("Alamat halaman memuat karakter yang tidak sah.")
            if any(len(v) > MAKS_NILAI_QUERY for v in nilai):
                return _("Alamat halaman terlalu panjang.")
        if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
            try:
                data = request.POST
            except (RequestDataTooBig, TooManyFieldsSent):
                return ""  # the view answers these with its own page (it reads them again)
            for kunci, nilai in data.lists():
                if ada_nul(kunci, *nilai):
                    return _("Isian formulir memuat karakter yang tidak sah.")
        return ""

    def process_exception(self, request, exception):
        if isinstance(exception, DataError) or (
            isinstance(exception, ValueError) and "NUL (0x00)" in str(exception)
        ):
            # Neither the value nor the path in the log: either may carry personal data.
            log.warning("Masukan ditolak oleh basis data: %s", type(exception).__name__)
            return tolak(request, _("Isian tidak dapat disimpan: periksa kembali isian Anda."))
        return None


class PesanMiddleware(MessageMiddleware):
    """MessageMiddleware whose storage is made on first use (see the module docstring)."""

    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        pesan = request.__dict__.get("_messages")
        if type(pesan) is SimpleLazyObject and pesan._wrapped is empty:
            return response  # no message added nor read: nothing to store
        return super().process_response(request, response)


_bahasa_tetap: dict[object, str | None] = {}


def _satu_bahasa(request) -> str | None:
    """The one language every request gets (see the module docstring), as
    `get_language()` names it, or None; judged once per process and URLconf."""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    try:
        return _bahasa_tetap[urlconf]
    except KeyError:
        pass
    bahasa = None
    if len(settings.LANGUAGES) == 1 and not is_language_prefix_patterns_used(urlconf)[0]:
        try:
            bahasa = translation.get_supported_language_variant(settings.LANGUAGE_CODE)
        except LookupError:  # as get_language_from_request
            bahasa = settings.LANGUAGE_CODE
        bahasa = translation.to_language(bahasa)
    _bahasa_tetap[urlconf] = bahasa
    return bahasa


@receiver(setting_changed)
def _lupakan_bahasa(*, setting: str, **kwargs) -> None:
    if setting in ("LANGUAGES", "LANGUAGE_CODE", "ROOT_URLCONF"):
        _bahasa_tetap.clear()


class BahasaMiddleware(LocaleMiddleware):
    """LocaleMiddleware with a short way for a portal of one language (see the module docstring)."""

    def process_request(self, request):
        bahasa = _satu_bahasa(request)
        if bahasa is None:
            return super().process_request(request)
        translation.activate(bahasa)
        request.LANGUAGE_CODE = bahasa
        return None

    def process_response(self, request, response):
        bahasa = _satu_bahasa(request)
        if bahasa is None:
            return super().process_response(request, response)
        if "Vary" in response:
            patch_vary_headers(response, ("Accept-Language",))
        else:
            response.headers["Vary"] = "Accept-Language"
        response.headers.setdefault("Content-Language", bahasa)
        return response
