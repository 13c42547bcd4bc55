"""The standard's procedure steps as the case's cursor.

A case has one LangkahKasus row per published step of its standard version.
`selaraskan` brings the rows in line after every transition: steps of the
stages the case has passed are done (by the one who took the transition),
steps of a skipped stage or of a closed case are skipped with the reason, a
return reopens the steps from where the standard sends the case back, and the
first step(s) still open — in the published order, with the steps the
standard runs together — become current.

Steps whose kind has no transition of its own (a disposition, a check in an
external system, another institution's document, a registration, a letter
issued at the desk…) are finished one by one by their actor
(`rujukan.services.langkah.rujukan_complete_step`); while such a step is
current, the case cannot move past it (`syarat_langkah_manual`). When the
standard says where such a step sends the case for a correction
(`LangkahProsedur.kembali_ke`: "apabila ada perbaikan dikembalikan ke …"),
its actor may send it back there instead (`periksa_kembali`,
`rujukan.services.langkah.rujukan_return_step`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django_fsm import can_proceed, has_transition_perm

from layanan.calendar import Kalender
from layanan.models import JenisLangkah, LangkahProsedur, Tahap
from layanan.pengguna import Pengguna, PenggunaAtauTamu
from rujukan import clock
from rujukan.models import JedaWaktu, Rujukan
from rujukan.models.langkah import LangkahKasus, StatusLangkah
from rujukan.models.rujukan import STATUS_AKHIR, STATUS_TAHAP, Status
from rujukan.permissions import boleh_bertindak_langkah, sama_instansi

# Kinds of step finished by their actor on the case page, not by a transition.
# (A fact check belongs to the file check: the stage's transition checks the
# facts and finishes it, see Rujukan.accept_berkas / skip_verification.)
JENIS_MANUAL = frozenset(
    {
        JenisLangkah.DISPOSISI,
        JenisLangkah.INSTANSI_LAIN,
        JenisLangkah.LAINNYA,
    }
)
# Kinds of step a transition finishes besides the stages it leaves behind
# (a desk issue finishes the issuing/registering step wherever it is published).
JENIS_TRANSISI: dict[str, frozenset[str]] = {
    "issue_at_desk": frozenset({JenisLangkah.TERBIT_LOKET, JenisLangkah.REGISTRASI}),
    "hand_to_pemohon": frozenset({JenisLangkah.SERAHKAN}),
    "deliver_to_panti": frozenset({JenisLangkah.SERAHKAN}),
}
_URUT_TAHAP = list(Tahap.values)
_BELUM = (StatusLangkah.MENUNGGU, StatusLangkah.BERJALAN)
# `selaraskan` after a step sent the case back within its stage.
TRANSISI_KEMBALI_LANGKAH = "return_step"
# a case submitted online: its intake steps wait for the front desk
TRANSISI_DAFTAR_DARING = "register_online"
# A step sending the case back to a step of an earlier stage: the edge of the
# state machine that takes the case there, by (state now, stage of the step
# named). "" when the case already stands there. A pair not listed has no
# edge back: such a return is refused, never done by setting the state.
TRANSISI_KEMBALI: dict[tuple[str, str], str] = {
    (Status.PEMERIKSAAN_BERKAS, Tahap.PERMOHONAN): "return_to_pemohon",
    (Status.DIKEMBALIKAN, Tahap.PERMOHONAN): "",
}
# States whose way back is somebody else's answer, even within the stage: the
# panti's (panti_refuse) and the approving official's (return_draft, a new
# version of the draft). Reopening a step there would leave the proposal or
# the approvals already given standing.
_KEMBALI_LEWAT_JAWABAN = frozenset({Status.MENUNGGU_PANTI, Status.PERSETUJUAN})
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

# marks one step row (selaraskan's `tandai`): row, new status, then by=/catatan=
_Tandai = Callable[..., None]


def posisi_tahap(tahap: str) -> int:
    return _URUT_TAHAP.index(tahap)


def manual(langkah: LangkahProsedur) -> bool:
    """Finished by its actor on the case page. A step of "other work" with no
    actor of the office (e.g. "the applicant takes the letter on to …") is
    not: it is done when the case passes its stage."""
    if langkah.jenis == JenisLangkah.LAINNYA:
        return bool(langkah.peran)
    return langkah.jenis in JENIS_MANUAL


def buat_langkah_kasus(
    rujukan: Rujukan, *, by: Pengguna | None, pada: dt.datetime, online: bool = False
) -> list[LangkahKasus]:
    """One row per published step of the case's standard, in published order;
    the intake steps are done by the officer who registered the case. A case
    submitted online waits at its first step until the front desk takes it
    up (`start_check` finishes the intake steps in the officer's name)."""
    steps = sorted(rujukan.layanan.langkah.all(), key=lambda s: (s.urutan, s.pk))
    rows = LangkahKasus.objects.bulk_create(
        LangkahKasus(rujukan=rujukan, langkah=step, urutan=i) for i, step in enumerate(steps, 1)
    )
    for row, step in zip(rows, steps, strict=True):
        row.langkah = step
    transisi = TRANSISI_DAFTAR_DARING if online else "register"
    selaraskan(rujukan, by=by, pada=pada, transisi=transisi, rows=rows)
    return rows


def _tandai(
    row: LangkahKasus, status: str, *, by: Pengguna | None, pada: dt.datetime, catatan: str = ""
) -> bool:
    if row.status == status:
        return False
    row.status = status
    if status in (StatusLangkah.SELESAI, StatusLangkah.DILEWATI):
        row.selesai_pada = pada
        row.selesai_oleh = by
        row.mulai_pada = row.mulai_pada or pada
        row.catatan = catatan or row.catatan
    elif status == StatusLangkah.BERJALAN:
        row.mulai_pada = row.mulai_pada or pada
    else:  # reopened
        row.mulai_pada = row.selesai_pada = row.selesai_oleh = None
        row.catatan = ""
    return True


def ukur_langkah(
    rujukan: Rujukan, rows: Iterable[LangkahKasus], kal: Kalender | None = None
) -> None:
    """Store the working minutes of the rows just done (and forget those of
    the rows reopened), on the office's calendar, read once."""
    rows = list(rows)
    if any(r.status == StatusLangkah.SELESAI for r in rows):
        kal = kal or clock.kalender(rujukan)
    for row in rows:
        row.ukur(kal)


def saat_ini(rows: Iterable[LangkahKasus]) -> list[LangkahKasus]:
    """The current step(s): the first open step in published order and the
    steps the standard runs together with it."""
    out: list[LangkahKasus] = []
    for row in sorted(rows, key=lambda r: r.urutan):
        if row.status not in _BELUM:
            if out:
                break
            continue
        if not out or row.langkah.bersamaan:
            out.append(row)
        else:
            break
    return out


def _dibuka_kembali(rows: list[LangkahKasus], tahap_tujuan: str) -> LangkahKasus | None:
    """Where a return sends the case: the step the returning step — the one
    finished last — names (`kembali_ke`), else the first step of the stage
    the case goes back to."""
    selesai = [r for r in rows if r.status == StatusLangkah.SELESAI]
    for row in sorted(selesai, key=lambda r: (r.selesai_pada or _EPOCH, r.urutan), reverse=True):
        if row.langkah.kembali_ke_id:
            return next((r for r in rows if r.langkah_id == row.langkah.kembali_ke_id), None)
    return next((r for r in rows if r.langkah.tahap == tahap_tujuan), None)


def selaraskan(
    rujukan: Rujukan,
    *,
    by: Pengguna | None,
    pada: dt.datetime,
    transisi: str,
    dari: str | None = None,
    catatan: str = "",
    rows: list[LangkahKasus] | None = None,
) -> list[LangkahKasus]:
    """Bring the step rows in line with the case after `transisi`; returns the
    current rows.

    A return reopens steps once, when it happens: a transition into
    "dikembalikan" or from approval back to drafting, or a step sending the
    case back within its stage (`transisi="return_step"`). While the case is
    back with the applicant, no step is done on anyone's behalf: the steps
    the return reopened wait until the papers come back (`resubmit`)."""
    if rows is None:
        rows = list(rujukan.langkah_kasus.select_related("langkah"))
    if not rows:
        return []
    ubah: set[int] = set()

    def tandai(row: LangkahKasus, status: str, **kw: Any) -> None:
        if _tandai(row, status, pada=pada, **kw):
            ubah.add(id(row))

    status = rujukan.status
    if status in STATUS_AKHIR and status != Status.SELESAI:
        for row in rows:
            if row.status in _BELUM:
                tandai(row, StatusLangkah.DILEWATI, by=by, catatan=catatan)
    elif status == Status.SELESAI:
        for row in rows:
            if row.status in _BELUM:
                tandai(row, StatusLangkah.SELESAI, by=by)
    else:
        tahap = STATUS_TAHAP[status]
        pos = posisi_tahap(tahap)
        menunggu_pemohon = status == Status.DIKEMBALIKAN
        kembali = (
            transisi == TRANSISI_KEMBALI_LANGKAH
            or (menunggu_pemohon and dari not in (None, status))
            or (dari == Status.PERSETUJUAN and status == Status.PENYUSUNAN)
        )
        if kembali:
            awal = _dibuka_kembali(rows, tahap)
            if awal is not None:
                for row in rows:
                    if row.urutan >= awal.urutan and row.status == StatusLangkah.SELESAI:
                        tandai(row, StatusLangkah.MENUNGGU, by=None)
        if transisi == "approve" or status == Status.PRODUK_TERBIT:
            _tandai_persetujuan(rujukan, rows, tandai)
        jenis_selesai = JENIS_TRANSISI.get(transisi, frozenset())
        for row in rows:
            if row.status not in _BELUM:
                continue
            if row.langkah.jenis in jenis_selesai:
                tandai(row, StatusLangkah.SELESAI, by=by)
                continue
            p = posisi_tahap(row.langkah.tahap)
            intake = p == pos == posisi_tahap(Tahap.PERMOHONAN)
            if (p < pos and not menunggu_pemohon) or (
                intake and transisi != TRANSISI_DAFTAR_DARING
            ):
                if transisi == "skip_verification" and row.langkah.tahap == Tahap.VERIFIKASI:
                    tandai(row, StatusLangkah.DILEWATI, by=by, catatan=catatan)
                else:
                    tandai(row, StatusLangkah.SELESAI, by=by)
        kini = [r for r in saat_ini(rows) if posisi_tahap(r.langkah.tahap) <= pos]
        for row in rows:
            if row in kini:
                tandai(row, StatusLangkah.BERJALAN, by=None)
            elif row.status == StatusLangkah.BERJALAN:
                tandai(row, StatusLangkah.MENUNGGU, by=None)
    changed = [r for r in rows if id(r) in ubah]
    if changed:
        ukur_langkah(rujukan, changed)
        LangkahKasus.objects.bulk_update(
            changed,
            ["status", "mulai_pada", "selesai_pada", "selesai_oleh", "catatan", "menit_kerja"],
        )
    kini = [r for r in rows if r.status == StatusLangkah.BERJALAN]
    if rujukan.status not in STATUS_AKHIR:
        _jam_menurut_langkah(rujukan, kini, by=by, pada=pada)
    return kini


def _jam_menurut_langkah(
    rujukan: Rujukan, kini: list[LangkahKasus], *, by: Pengguna | None, pada: dt.datetime
) -> None:
    """The clock follows the steps where the standard says so: the completion
    time starts at the step it names, and stops while another institution
    acts at a step that pauses it (until that step is done)."""
    ubah: list[str] = []
    if rujukan.tenggat is None and any(r.langkah.mulai_waktu for r in kini):
        kal = clock.kalender(rujukan)
        rujukan.tenggat = clock.tenggat_rujukan(rujukan, pada, kal)
        ubah.append("tenggat")
    menunggu = next((r for r in kini if r.langkah.jeda_waktu), None)
    jeda = rujukan.jeda.filter(selesai__isnull=True).first()
    alasan = JedaWaktu.Alasan.MENUNGGU_INSTANSI_LAIN
    if menunggu is not None and jeda is None:
        ket = menunggu.langkah.instansi_luar or menunggu.langkah.teks[:120]
        clock.mulai_jeda(rujukan, alasan=alasan, keterangan=ket, oleh=by, pada=pada)
        ubah.append("dijeda")
    elif menunggu is None and jeda is not None and jeda.alasan == alasan:
        clock.akhiri_jeda(rujukan, oleh=by, pada=pada, simpan=False)
        ubah += ["tenggat", "tenggat_tahap", "dijeda"]
    if ubah:
        rujukan.save(update_fields=list(dict.fromkeys(ubah)))


def _tandai_persetujuan(rujukan: Rujukan, rows: list[LangkahKasus], tandai: _Tandai) -> None:
    """Approval steps are done by the official who gave that paraf/signature on
    the current draft."""
    konsep = rujukan.konsep.order_by("-versi").first()
    if konsep is None:
        return
    for p in konsep.persetujuan.all():
        for row in rows:
            if row.langkah_id == p.langkah_id and row.status in _BELUM:
                tandai(row, StatusLangkah.SELESAI, by=p.oleh)
                row.selesai_pada = p.pada


def langkah_manual_tertunda(rujukan: Rujukan) -> LangkahKasus | None:
    """A current step that its actor must finish by hand before the case moves on."""
    for row in rujukan.langkah_kasus.filter(status=StatusLangkah.BERJALAN).select_related(
        "langkah"
    ):
        if manual(row.langkah):
            return row
    return None


def pelaksana(step: LangkahProsedur) -> str:
    """The actor in the office's own words (LangkahProsedur.pelaksana_tampil),
    else the portal role the step names."""
    return step.pelaksana_tampil or (step.get_peran_display() if step.peran else "")


def nama_langkah(row: LangkahKasus) -> str:
    teks = row.langkah.teks.strip()
    return _("Langkah %(n)s (%(teks)s)") % {
        "n": row.urutan,
        "teks": teks if len(teks) <= 60 else teks[:57] + "…",
    }


# -- sending the case back to the step the standard names ----------------------------------
def jejak_langkah(row: LangkahKasus) -> str:
    """This visit of the step, as the case page showed it: a form posted
    against another visit (the step was finished, returned, or reached again
    since) is stale."""
    if row.mulai_pada is None:
        return f"{row.pk}:-"
    return f"{row.pk}:{(row.mulai_pada - _EPOCH) // dt.timedelta(microseconds=1)}"


@dataclass(frozen=True)
class Pengembalian:
    """May this user send the case back from the current step `dari` to the
    step its standard names (`ke`), and if not, why (with the 4xx it
    deserves)? `transisi` is the edge that takes the case back to the named
    step's stage, "" when the case stays where it stands."""

    dari: LangkahKasus
    ke: LangkahKasus | None = None
    transisi: str = ""
    alasan: str = ""
    status_code: int = 200

    @property
    def boleh(self) -> bool:
        return not self.alasan

    @property
    def jejak(self) -> str:
        return jejak_langkah(self.dari)

    @property
    def nama_ke(self) -> str:
        return nama_langkah(self.ke) if self.ke is not None else ""


def periksa_kembali(
    rujukan: Rujukan,
    *,
    row: LangkahKasus,
    user: PenggunaAtauTamu,
    rows: list[LangkahKasus] | None = None,
) -> Pengembalian:
    """The one answer for the case page and the service: the current step's
    actor may send the case back to the step its standard names, while the
    case can go back there."""

    def tidak(alasan: str, status_code: int, **kw: Any) -> Pengembalian:
        return Pengembalian(dari=row, alasan=alasan, status_code=status_code, **kw)

    nama = nama_langkah(row)
    if row.status != StatusLangkah.BERJALAN or not manual(row.langkah):
        return tidak(_("%(langkah)s bukan langkah yang sedang berjalan.") % {"langkah": nama}, 409)
    if row.langkah.kembali_ke_id is None:
        return tidak(
            _("Standar layanan tidak menyebut ke langkah mana %(langkah)s dikembalikan.")
            % {"langkah": nama},
            409,
        )
    if not sama_instansi(user, rujukan) or not boleh_bertindak_langkah(
        user=user, langkah=row.langkah
    ):
        return tidak(
            _("%(langkah)s dilaksanakan oleh %(pelaksana)s.")
            % {"langkah": nama, "pelaksana": pelaksana(row.langkah)},
            403,
        )
    if rows is None:
        rows = list(rujukan.langkah_kasus.select_related("langkah"))
    ke = next((r for r in rows if r.langkah_id == row.langkah.kembali_ke_id), None)
    if ke is None or ke.urutan >= row.urutan:
        return tidak(
            _("Langkah tujuan pengembalian %(langkah)s tidak ada sebelum langkah ini.")
            % {"langkah": nama},
            409,
        )
    tahap_kini = STATUS_TAHAP.get(rujukan.status)
    if ke.langkah.tahap == tahap_kini and rujukan.status not in _KEMBALI_LEWAT_JAWABAN:
        return Pengembalian(dari=row, ke=ke)
    transisi = TRANSISI_KEMBALI.get((rujukan.status, ke.langkah.tahap))
    if transisi is None:
        return tidak(
            _(
                "Rujukan pada tahap “%(tahap)s” tidak dapat dikembalikan ke %(ke)s "
                "(tahap “%(tahap_ke)s”) dari halaman ini."
            )
            % {
                "tahap": rujukan.get_status_display(),
                "ke": nama_langkah(ke),
                "tahap_ke": ke.langkah.get_tahap_display(),
            },
            409,
            ke=ke,
        )
    if transisi:
        metode = getattr(rujukan, transisi)
        if not can_proceed(metode):
            return tidak(
                _("Rujukan pada tahap “%(tahap)s” tidak dapat dikembalikan sekarang.")
                % {"tahap": rujukan.get_status_display()},
                409,
                ke=ke,
                transisi=transisi,
            )
        if not has_transition_perm(metode, user):
            return tidak(
                _("Peran Anda tidak berwenang mengembalikan rujukan ke %(ke)s.")
                % {"ke": nama_langkah(ke)},
                403,
                ke=ke,
                transisi=transisi,
            )
    return Pengembalian(dari=row, ke=ke, transisi=transisi)


def pengembalian_tersedia(rujukan: Rujukan, *, user: PenggunaAtauTamu) -> list[Pengembalian]:
    """The returns the case page offers this user now: one per current step
    of theirs whose standard names where it sends the case back (two queries)."""
    if rujukan.status in STATUS_AKHIR:
        return []
    rows = list(
        rujukan.langkah_kasus.select_related("langkah").prefetch_related("langkah__jabatan")
    )
    out = []
    for row in rows:
        if row.status == StatusLangkah.BERJALAN and row.langkah.kembali_ke_id:
            hasil = periksa_kembali(rujukan, row=row, user=user, rows=rows)
            if hasil.boleh:
                out.append(hasil)
    return out
