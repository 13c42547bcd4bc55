"""Saving an office's wording of a letter: always a new version, never a
change to one a letter may have been issued with (rujukan.templat decides
what a body may contain)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from layanan.models import Instansi
from layanan.pengguna import Pengguna
from rujukan.errors import DataTidakValid, IzinDitolak
from rujukan.models import JenisDokumen, TemplatSurat
from rujukan.permissions import boleh_menulis_templat
from rujukan.templat import JENIS_BERTEMPLAT, periksa_isi


def templat_surat_create(
    *, instansi: Instansi, jenis: str, isi: str, by: Pengguna, catatan: str = ""
) -> TemplatSurat:
    """Write the office's new version of the body of `jenis`; it is in force
    for every document issued from now on. Refused when the text names an
    unknown field or carries template tags or HTML."""
    if not boleh_menulis_templat(user=by, instansi=instansi):
        raise IzinDitolak(_("Hanya Admin Instansi yang dapat mengubah templat surat instansinya."))
    if jenis not in JENIS_BERTEMPLAT:
        raise DataTidakValid(_("Jenis dokumen ini tidak memakai templat surat."))
    isi = (isi or "").replace("\r\n", "\n").strip()
    galat = periksa_isi(isi)
    if galat:
        raise DataTidakValid(" ".join(galat))
    with transaction.atomic():
        # one new version of an office's templates at a time: the number never repeats
        Instansi.objects.select_for_update().only("pk").get(pk=instansi.pk)
        terakhir = TemplatSurat.objects.filter(instansi=instansi, jenis=jenis).aggregate(
            v=Max("versi")
        )["v"]
        return TemplatSurat.objects.create(
            instansi=instansi,
            jenis=JenisDokumen(jenis).value,
            versi=(terakhir or 0) + 1,
            isi=isi,
            catatan=(catatan or "").strip()[:300],
            dibuat_oleh=by,
        )
