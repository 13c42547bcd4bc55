"""Finishing a procedure step that has no transition of its own: a
disposition, a check in an external system, another institution's document,
an entry in a register, a letter issued at the desk… — or sending the case
back from it to the step its standard names for a correction."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from layanan.pengguna import Pengguna
from rujukan import langkah as alur_langkah
from rujukan.errors import IzinDitolak, Konflik, RujukanError, TidakDitemukan, TransisiTidakSah
from rujukan.models import LangkahKasus, Rujukan, StatusLangkah
from rujukan.permissions import boleh_bertindak_langkah, pastikan_instansi
from rujukan.services.base import catat_kejadian, jalankan, kunci, sekarang, wajib_isi

_GALAT: dict[int, type[RujukanError]] = {
    403: IzinDitolak,
    404: TidakDitemukan,
    409: TransisiTidakSah,
}


def rujukan_complete_step(
    *, rujukan: Rujukan, langkah_kasus: int, by: Pengguna, catatan: str
) -> Rujukan:
    """The step's actor records that the current step is done, with a note
    (what was decided, which document, its number and date)."""
    catatan = wajib_isi(
        catatan, _("Tuliskan hasil langkah ini (keputusan, nomor/tanggal dokumen).")
    )
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
        row.selesai_pada, row.selesai_oleh, row.catatan = pada, by, catatan
        row.mulai_pada = row.mulai_pada or pada
        alur_langkah.ukur_langkah(r, [row])
        row.save(
            update_fields=[
                "status",
                "selesai_pada",
                "selesai_oleh",
                "catatan",
                "mulai_pada",
                "menit_kerja",
            ]
        )
        alur_langkah.selaraskan(r, by=by, pada=pada, transisi="complete_step")
        catat_kejadian(
            r,
            "rujukan.step_completed",
            oleh=by,
            catatan=catatan,
            urutan=row.urutan,
            langkah=alur_langkah.nama_langkah(row),
        )
        return r


def rujukan_return_step(
    *, rujukan: Rujukan, langkah_kasus: int, by: Pengguna, catatan: str, jejak: str | None = None
) -> Rujukan:
    """The actor of the current step sends the case back to the step the
    standard names ("apabila ada perbaikan dikembalikan ke …"), saying what
    must be corrected. That step and every step after it are open again
    (what was done before stays in the history, and the entry lists it);
    when the named step belongs to an earlier stage, the case goes back
    through the state machine's own edge. `jejak` is the step's visit the
    page showed (`langkah.jejak_langkah`): a form of an earlier visit is
    refused."""
    catatan = wajib_isi(catatan, _("Tuliskan apa yang harus diperbaiki dan mengapa dikembalikan."))
    with transaction.atomic():
        r = kunci(rujukan)
        pastikan_instansi(by, r)
        rows = list(
            LangkahKasus.objects.select_for_update()
            .select_related("langkah")
            .filter(rujukan=r)
            .order_by("urutan", "pk")
        )
        row = next((x for x in rows if x.pk == langkah_kasus), None)
        if row is None:
            raise TidakDitemukan(_("Langkah tidak ditemukan."))
        hasil = alur_langkah.periksa_kembali(r, row=row, user=by, rows=rows)
        if not hasil.boleh:
            raise _GALAT[hasil.status_code](hasil.alasan)
        if jejak is not None and jejak != hasil.jejak:
            raise Konflik(
                _(
                    "%(langkah)s sudah berubah sejak halaman ini dibuka. "
                    "Muat ulang halaman rujukan sebelum bertindak lagi."
                )
                % {"langkah": alur_langkah.nama_langkah(row)}
            )
        ke = hasil.ke
        assert ke is not None  # periksa_kembali names the step of every return it allows
        dibuka = [
            {
                "urutan": x.urutan,
                "oleh": x.selesai_oleh_id,
                "pada": x.selesai_pada.isoformat() if x.selesai_pada else None,
                "catatan": x.catatan,
            }
            for x in rows
            if x.urutan >= ke.urutan and x.pk != row.pk and x.status == StatusLangkah.SELESAI
        ]
        pada = sekarang()
        # The returning step is decided (sent back) and is the step finished
        # last: the return reopens from the step it names, itself included
        # (rujukan.langkah._dibuka_kembali), as every return does.
        row.status = StatusLangkah.SELESAI
        row.selesai_pada, row.selesai_oleh, row.catatan = pada, by, catatan
        alur_langkah.ukur_langkah(r, [row])
        row.save(update_fields=["status", "selesai_pada", "selesai_oleh", "catatan", "menit_kerja"])
        if hasil.transisi:
            jalankan(r, hasil.transisi, by=by, catatan=catatan, pada=pada)
        else:
            alur_langkah.selaraskan(
                r, by=by, pada=pada, transisi=alur_langkah.TRANSISI_KEMBALI_LANGKAH, rows=rows
            )
        catat_kejadian(
            r,
            "rujukan.step_returned",
            oleh=by,
            catatan=catatan,
            urutan=row.urutan,
            langkah=alur_langkah.nama_langkah(row),
            ke_urutan=ke.urutan,
            ke=alur_langkah.nama_langkah(ke),
            dibuka=dibuka,
        )
        return r
