"""Finishing a procedure step that has no transition of its own: a
disposition, a check in an external system, another institution's document,
an entry in a register, a letter issued at the desk…"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from rujukan import langkah as alur_langkah
from rujukan.errors import IzinDitolak, TidakDitemukan, TransisiTidakSah
from rujukan.models import LangkahKasus, Rujukan, StatusLangkah
from rujukan.permissions import boleh_bertindak_langkah, pastikan_instansi
from rujukan.services.base import catat_kejadian, kunci, sekarang, wajib_isi


def rujukan_complete_step(*, rujukan: Rujukan, langkah_kasus: int, by, note: str) -> Rujukan:
    """The step's actor records that the current step is done, with a note
    (what was decided, which document, its number and date)."""
    note = wajib_isi(note, _("Tuliskan hasil langkah ini (keputusan, nomor/tanggal dokumen)."))
    with transaction.atomic():
        r = kunci(rujukan)
        pastikan_instansi(by, r)
        try:
            row = (
                LangkahKasus.objects.select_for_update()
                .select_related("langkah")
                .get(pk=langkah_kasus, rujukan=r)
            )
        except LangkahKasus.DoesNotExist:
            raise TidakDitemukan(_("Langkah tidak ditemukan.")) from None
        if row.status != StatusLangkah.BERJALAN or not alur_langkah.manual(row.langkah):
            raise TransisiTidakSah(
                _("%(langkah)s bukan langkah yang sedang menunggu diselesaikan.")
                % {"langkah": alur_langkah.nama_langkah(row)}
            )
        if not boleh_bertindak_langkah(user=by, langkah=row.langkah):
            raise IzinDitolak(
                _("%(langkah)s dilaksanakan oleh %(pelaksana)s.")
                % {
                    "langkah": alur_langkah.nama_langkah(row),
                    "pelaksana": alur_langkah.pelaksana(row.langkah),
                }
            )
        pada = sekarang()
        row.status = StatusLangkah.SELESAI
        row.selesai_pada, row.selesai_oleh, row.catatan = pada, by, note
        row.mulai_pada = row.mulai_pada or pada
        row.save(update_fields=["status", "selesai_pada", "selesai_oleh", "catatan", "mulai_pada"])
        alur_langkah.selaraskan(r, by=by, pada=pada, transisi="complete_step")
        catat_kejadian(r, "rujukan.step_completed", oleh=by, catatan=note, urutan=row.urutan)
        return r
