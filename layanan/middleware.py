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
"""

from __future__ import annotations

import logging

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import DataError
from django.shortcuts import render
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
        if len(request.META.get("QUERY_STRING", "")) > MAKS_QUERY:
            return _("Alamat halaman terlalu panjang.")
        for kunci, nilai in request.GET.lists():
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
