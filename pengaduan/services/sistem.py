"""What runs without a person (cron) and the office's reply templates."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from layanan.pengguna import Pengguna
from pengaduan import permissions
from pengaduan.models import (
    Pengaduan,
    TemplatBalasan,
)
from pengaduan.services._dasar import (
    PengaduanError,
    _run,
    _save,
    _teks,
)

Status = Pengaduan.Status


# -- the system ---------------------------------------------------------------------
def pengaduan_close_expired(*, now: dt.datetime | None = None) -> list[str]:
    """Close answered complaints whose reply window has passed. Returns the ticket numbers."""
    now = now or timezone.now()
    closed = []
    due = Pengaduan.objects.filter(status=Status.DIJAWAB, batas_balasan__lt=now)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            p = Pengaduan.objects.select_for_update().get(pk=pk)
            if not can_proceed(p.tutup_otomatis):
                continue
            _run(p, "tutup_otomatis", None, kode="pengaduan.ditutup_otomatis", check_perm=False)
            p.selesai_pada = now
            _save(p)
            closed.append(p.nomor)
    return closed


# -- reply templates ---------------------------------------------------------------
def templat_simpan(
    *,
    by: Pengguna,
    templat: TemplatBalasan | None,
    judul: str,
    isi: str,
    status: str = "",
    aktif: bool = True,
    urutan: int = 0,
) -> TemplatBalasan:
    """Create or change a reply template of the admin's own instansi."""
    instansi_id = permissions.staff_instansi_id(by)
    if instansi_id is None or not permissions.boleh_kelola_templat(by):
        raise PengaduanError(_("Anda tidak berwenang mengelola templat balasan."), status_code=403)
    if templat is not None and templat.instansi_id != instansi_id:
        raise PengaduanError(_("Templat ini milik instansi lain."), status_code=403)
    if status and status not in Status.values:
        raise PengaduanError(_("Status tidak dikenal."), status_code=400)
    with transaction.atomic():
        templat = templat or TemplatBalasan(instansi_id=instansi_id)
        templat.judul = _teks(judul, _("Judul"), maks=120)
        templat.isi = _teks(isi, _("Isi"))
        templat.status = status
        templat.aktif = aktif
        templat.urutan = urutan or 0
        templat.save()
    return templat
