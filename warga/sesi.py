"""The citizen's login, kept in the session (encrypted, layanan.sesi).

A citizen is not a Django user: the session holds their verified contact
and two timestamps. The login ends after MENGANGGUR_MENIT without a request
or LAMA_JAM after it began, and at "Keluar". Logging in takes a new session
key (no fixation)."""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from layanan.sesi import baca_rahasia, simpan_rahasia
from pengaduan.views import MAX_AKSES, SESSION_AKSES
from warga.kontak import Kontak

KUNCI = "warga.identitas"
KUNCI_MENUNGGU = "warga.menunggu_kode"
MENGANGGUR_MENIT = 30
LAMA_JAM = 8
SELANG_CATAT = 60


def _menganggur() -> int:
    return getattr(settings, "WARGA_MENGANGGUR_MENIT", MENGANGGUR_MENIT) * 60


def masuk(request, kontak: Kontak) -> None:
    request.session.cycle_key()
    request.session.pop(KUNCI_MENUNGGU, None)
    sekarang = int(time.time())
    simpan_rahasia(
        request.session,
        KUNCI,
        {"jenis": kontak.jenis, "nilai": kontak.nilai, "mulai": sekarang, "aktif": sekarang},
    )


def keluar(request) -> None:
    request.session.pop(KUNCI, None)
    request.session.pop(KUNCI_MENUNGGU, None)
    request.session.pop(SESSION_AKSES, None)  # the complaints opened from the page
    request.session.cycle_key()


def warga(request) -> Kontak | None:
    """The logged-in citizen's contact, or None (never logged in, or ended)."""
    data = baca_rahasia(request.session, KUNCI)
    if not isinstance(data, dict):
        return None
    sekarang = int(time.time())
    if (
        sekarang - data.get("aktif", 0) > _menganggur()
        or sekarang - data.get("mulai", 0) > LAMA_JAM * 3600
    ):
        request.session.pop(KUNCI, None)
        messages.info(
            request, _("Sesi Anda berakhir karena lama tidak aktif. Silakan masuk kembali.")
        )
        return None
    if sekarang - data["aktif"] >= SELANG_CATAT:
        data["aktif"] = sekarang
        simpan_rahasia(request.session, KUNCI, data)
    return Kontak(data["jenis"], data["nilai"])


def simpan_menunggu(request, kontak: Kontak, kanal: str) -> None:
    """The contact a code was just sent to (the code page asks only for the code)."""
    simpan_rahasia(
        request.session, KUNCI_MENUNGGU, {"jenis": kontak.jenis, "nilai": kontak.nilai, "k": kanal}
    )


def menunggu(request) -> tuple[Kontak, str] | None:
    data = baca_rahasia(request.session, KUNCI_MENUNGGU)
    if not isinstance(data, dict):
        return None
    return Kontak(data["jenis"], data["nilai"]), data.get("k", "")


def wajib_masuk(view):
    """The view runs for a logged-in citizen (request.warga); others go to the login."""

    @wraps(view)
    def _view(request, *args, **kwargs):
        kontak = warga(request)
        if kontak is None:
            return redirect("warga:masuk")
        request.warga = kontak
        return view(request, *args, **kwargs)

    return _view


def buka_pengaduan(request, pk: int) -> None:
    """Let this session open one complaint's tracking page, as a right code
    does (pengaduan.views keeps the list of tickets a session may open)."""
    akses = [x for x in request.session.get(SESSION_AKSES, []) if x != pk]
    request.session[SESSION_AKSES] = [pk, *akses][:MAX_AKSES]
