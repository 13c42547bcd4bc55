"""Search terms (NIK, names) never travel in a URL.

A search form posts its term; the view keeps the term in the session under a
random opaque id and redirects (303) to a URL carrying only that id. Access
logs, proxies, browser history and pagination links therefore see `?cari=<id>`,
never the NIK or the name; the term itself stays on the server (database
sessions), encrypted (layanan.sesi: unreadable from the session table), and
expires with the session."""

from __future__ import annotations

import secrets

from django.http import HttpRequest, HttpResponseRedirect, QueryDict

from layanan import sesi

MAKS_TERSIMPAN = 20  # searches kept per kind; the oldest id is forgotten first
PANJANG_ID = 32  # longer query values are not ids we issued


def simpan_cari(request: HttpRequest, kunci: str, term: str) -> str:
    """Keep `term` in the session under `kunci` and return its opaque id (the
    same id again when the term is already kept)."""
    tersimpan: dict[str, str] = dict(sesi.baca_rahasia(request.session, kunci) or {})
    ident = next((k for k, v in tersimpan.items() if v == term), None)
    if ident is not None:
        del tersimpan[ident]  # re-added below as the newest
    else:
        ident = secrets.token_urlsafe(8)
    tersimpan[ident] = term
    sesi.simpan_rahasia(request.session, kunci, dict(list(tersimpan.items())[-MAKS_TERSIMPAN:]))
    return ident


def baca_cari(request: HttpRequest, kunci: str, ident: str) -> str | None:
    """The term kept under `ident`, or None for an unknown (or expired) id."""
    if not ident or len(ident) > PANJANG_ID:
        return None
    nilai = (sesi.baca_rahasia(request.session, kunci) or {}).get(ident)
    return nilai if isinstance(nilai, str) else None


def lihat_lain(url: str) -> HttpResponseRedirect:
    """303 See Other: the browser follows with a GET and a reload does not re-post."""
    resp = HttpResponseRedirect(url)
    resp.status_code = 303
    return resp


def saring_url(get: QueryDict, nama: tuple[str, ...]) -> QueryDict:
    """The filters of a list that carry no personal data (kept in its URL):
    the named keys of the request's query string, never the search term."""
    hasil = QueryDict(mutable=True)
    for kunci in nama:
        if get.get(kunci):
            hasil[kunci] = get[kunci]
    return hasil


def cari_dikirim(
    request: HttpRequest, kunci: str, term: str, tujuan: str, filter: QueryDict
) -> HttpResponseRedirect:
    """A list's search box was posted: keep the term under an opaque id and
    send the browser back to the list with its filters and that id."""
    filter = filter.copy()
    if term:
        filter["cari"] = simpan_cari(request, kunci, term)
    return lihat_lain(f"{tujuan}?{filter.urlencode()}" if filter else tujuan)
