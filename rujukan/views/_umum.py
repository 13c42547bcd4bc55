"""Helpers shared by the case pages: loading a case the user may see, and
turning a domain error into an Indonesian message with its 4xx status."""

from __future__ import annotations

import mimetypes

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from akun.errors import AkunError, SandiKosong
from akun.services import sandi_ulang_periksa
from rujukan.dtks import StatusDTKS, dtks_klien
from rujukan.errors import DataTidakValid, IzinDitolak, RujukanError
from rujukan.models import Klien, Rujukan
from rujukan.permissions import (
    boleh_lihat_dtks,
    boleh_melihat,
    instansi_dari,
    sama_instansi,
)
from rujukan.selectors import rujukan_get

User = get_user_model()


def pastikan_staf(request: HttpRequest, izin: str = "rujukan.view_rujukan"):
    """The instansi of a staff user holding `izin`; 403 otherwise."""
    instansi = instansi_dari(request.user)
    if instansi is None:
        raise PermissionDenied(_("Akun ini belum terhubung dengan instansi."))
    if not request.user.has_perm(izin):
        raise PermissionDenied(_("Peran Anda tidak berwenang membuka halaman ini."))
    return instansi


def muat_rujukan(request: HttpRequest, pk: int, *, staf: bool = True) -> Rujukan:
    """The case, if this user may see it.

    Unknown, or of another instansi: 404 (its existence is not revealed).
    Same instansi but a role without access: 403. `staf=False` also lets a
    panti user through (the limited panti view)."""
    rujukan = rujukan_get(pk=pk)
    if rujukan is None:
        raise Http404(_("Rujukan tidak ditemukan."))
    sama = sama_instansi(request.user, rujukan)
    if sama and request.user.has_perm("rujukan.view_rujukan"):
        return rujukan
    if not staf and boleh_melihat(user=request.user, rujukan=rujukan):
        return rujukan
    if sama:
        raise PermissionDenied(_("Peran Anda tidak berwenang membuka rujukan ini."))
    raise Http404(_("Rujukan tidak ditemukan."))


def staf_instansi(user, rujukan: Rujukan) -> bool:
    """A staff member of the case's own instansi (not a panti's limited login)."""
    return sama_instansi(user, rujukan) and user.has_perm("rujukan.view_rujukan")


def tampil_galat(
    request: HttpRequest,
    exc: RujukanError,
    *,
    template: str = "rujukan/galat.html",
    context: dict | None = None,
) -> HttpResponse:
    """Render a domain error: the Indonesian message and its 4xx status."""
    ctx = dict(context or {})
    ctx.setdefault("galat", exc.pesan)
    return render(request, template, ctx, status=exc.status_code)


def status_dtks(
    *, user, instansi, klien=None, nik: str = "", perlu: bool = False
) -> StatusDTKS | None:
    """The klien's (or a typed NIK's) DTKS/DTSEN status from the office's
    imported extract (rujukan.dtks.dtks_klien, whose `keterangan` is one
    Indonesian sentence), for users who may read the extract; None when there
    is nothing to say (no extract imported and the standard does not need it)."""
    if not boleh_lihat_dtks(user=user):
        return None
    if klien is None:
        if not nik:
            return None
        klien = Klien(nik=nik)  # not saved: only its NIK is read
    hasil = dtks_klien(klien=klien, instansi=instansi)
    return hasil if (hasil.ada_data or perlu) else None


def pastikan_kata_sandi(user, kata_sandi: str) -> None:
    """Re-authentication before a signature, a revocation or a re-issue: the
    official's own password, checked before the service is called
    (akun.services.sandi_ulang_periksa): an official who approves or signs
    must have confirmed the second factor in this session, and wrong passwords
    are counted (five lock it for a while)."""
    try:
        sandi_ulang_periksa(user=user, kata_sandi=kata_sandi)
    except SandiKosong as exc:
        raise DataTidakValid(exc.pesan) from None
    except AkunError as exc:
        galat = IzinDitolak(exc.pesan)
        galat.status_code = exc.status_code  # 403, or 429 while locked
        raise galat from None


def kirim_berkas(field_file, *, nama: str, mime: str = "", inline: bool = True) -> FileResponse:
    """Serve a stored client file privately: never cached, never sniffed, and
    shown inline only inside a sandbox."""
    if not field_file:
        raise Http404(_("Berkas tidak ada."))
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("Berkas tidak ditemukan di penyimpanan.")) from None
    mime = mime or mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=mime, as_attachment=not inline, filename=nama)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    if inline:
        response["Content-Security-Policy"] = (
            "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"
        )
    return response
