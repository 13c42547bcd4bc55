"""The history of a case, readable in Indonesian.

Transitions are logged by django-fsm-log (StateLog: who, when, from, to,
note); other events (uploads, panti chosen, clock paused…) are Kejadian rows.
Both carry a dotted action code — `rujukan.<transition>` or the Kejadian's
code — which this one registry turns into a sentence and a button label.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Value
from django.db.models.fields.json import KeyTransform
from django.utils.translation import gettext_lazy as _
from django_fsm_log.models import StateLog

from rujukan.models import Dokumen, JenisDokumen, Persetujuan, Rujukan, Status

# code → (button label, sentence with {oleh} and the event's own data, e.g.
# the step a Kejadian names: {langkah}, {ke})
TINDAKAN: dict[str, tuple[str, str]] = {
    "rujukan.registered": (_("Daftarkan"), _("{oleh} mendaftarkan permohonan.")),
    "rujukan.submitted_online": (
        _("Ajukan secara daring"),
        _("{oleh} mengajukan permohonan secara daring."),
    ),
    "rujukan.kelurahan_letter_signed": (
        _("Tanda tangani surat kelurahan di portal"),
        _("{oleh} menandatangani surat kelurahan/desa di portal."),
    ),
    "rujukan.issue_at_desk": (
        _("Terbitkan produk di loket"),
        _("{oleh} menerbitkan produk layanan di loket."),
    ),
    "rujukan.step_completed": (
        _("Selesaikan langkah"),
        _("{oleh} menyelesaikan {langkah}."),
    ),
    "rujukan.step_returned": (
        _("Kembalikan ke langkah sebelumnya"),
        _("{oleh} mengembalikan rujukan dari {langkah} ke {ke} untuk diperbaiki."),
    ),
    "rujukan.start_check": (_("Mulai periksa berkas"), _("{oleh} mulai memeriksa berkas.")),
    "rujukan.return_to_pemohon": (
        _("Kembalikan ke pemohon"),
        _("{oleh} mengembalikan berkas kepada pemohon untuk dilengkapi."),
    ),
    "rujukan.resubmit": (
        _("Berkas sudah dilengkapi"),
        _("{oleh} mencatat berkas yang sudah dilengkapi pemohon."),
    ),
    "rujukan.accept_berkas": (_("Berkas lengkap"), _("{oleh} menyatakan berkas lengkap.")),
    "rujukan.complete_verification": (
        _("Selesaikan verifikasi dan asesmen"),
        _("{oleh} menyelesaikan verifikasi lapangan dan asesmen."),
    ),
    "rujukan.skip_verification": (
        _("Lanjut tanpa verifikasi lapangan"),
        _("{oleh} melanjutkan tanpa verifikasi lapangan."),
    ),
    "rujukan.reject_ineligible": (
        _("Nyatakan tidak memenuhi syarat"),
        _("{oleh} menyatakan klien tidak memenuhi syarat."),
    ),
    "rujukan.complete_handling": (
        _("Selesaikan penanganan"),
        _("{oleh} menyelesaikan penanganan klien."),
    ),
    "rujukan.reunite": (
        _("Catat reunifikasi keluarga"),
        _("{oleh} mencatat klien telah kembali ke keluarganya."),
    ),
    "rujukan.report_accompaniment": (
        _("Laporkan pendampingan"),
        _("{oleh} melaporkan pendampingan dan menerbitkan laporan kegiatan."),
    ),
    "rujukan.send_to_panti": (
        _("Tanda tangani dan kirim usulan ke panti"),
        _("{oleh} menandatangani dan mengirim usulan ke panti/lembaga."),
    ),
    "rujukan.consent_recorded": (
        _("Catat persetujuan klien"),
        _("{oleh} mencatat persetujuan klien untuk membagikan datanya."),
    ),
    "rujukan.consent_exception": (
        _("Bagikan tanpa persetujuan klien"),
        _("{oleh} mencatat pengecualian: data klien dibagikan tanpa persetujuannya."),
    ),
    "rujukan.panti_proposal_prepared": (
        _("Siapkan usulan ke panti"),
        _("{oleh} menyiapkan usulan ke panti/lembaga untuk ditandatangani."),
    ),
    "rujukan.panti_proposal_returned": (
        _("Kembalikan usulan ke panti"),
        _("{oleh} mengembalikan usulan ke panti/lembaga untuk diperbaiki."),
    ),
    "rujukan.panti_accept": (
        _("Panti menerima klien"),
        _("{oleh} mencatat panti/lembaga menerima klien."),
    ),
    "rujukan.panti_refuse": (
        _("Panti menolak klien"),
        _("{oleh} mencatat panti/lembaga menolak klien."),
    ),
    "rujukan.submit_for_approval": (
        _("Ajukan konsep untuk persetujuan"),
        _("{oleh} mengajukan konsep produk untuk persetujuan."),
    ),
    "rujukan.approve": (_("Setujui konsep"), _("{oleh} memberi persetujuan pada konsep.")),
    "rujukan.return_draft": (
        _("Kembalikan konsep"),
        _("{oleh} mengembalikan konsep untuk diperbaiki."),
    ),
    "rujukan.deliver_to_panti": (
        _("Klien diserahkan ke panti"),
        _("{oleh} mencatat klien telah diserahkan ke panti/lembaga."),
    ),
    "rujukan.hand_to_pemohon": (
        _("Serahkan produk ke pemohon"),
        _("{oleh} menyerahkan produk layanan kepada pemohon."),
    ),
    "rujukan.close": (_("Tutup dan arsipkan"), _("{oleh} menutup dan mengarsipkan rujukan.")),
    "rujukan.withdraw": (
        _("Catat penarikan permohonan"),
        _("{oleh} mencatat pemohon menarik permohonannya."),
    ),
    "rujukan.cancel": (_("Batalkan rujukan"), _("{oleh} membatalkan rujukan.")),
    "rujukan.berkas_uploaded": (_("Unggah berkas"), _("{oleh} mengunggah berkas persyaratan.")),
    "rujukan.berkas_checked": (_("Periksa persyaratan"), _("{oleh} memeriksa persyaratan.")),
    "rujukan.berkas_dilengkapi_pemohon": (
        _("Pemohon melengkapi berkas"),
        _("Pemohon mengunggah berkas yang kurang melalui halaman warga: {persyaratan}."),
    ),
    "rujukan.surat_diunduh_pemohon": (
        _("Pemohon mengunduh surat"),
        _("Pemohon mengunduh {surat} melalui halaman warga."),
    ),
    "rujukan.assessed": (_("Catat asesmen"), _("{oleh} mencatat hasil asesmen.")),
    "rujukan.activity_recorded": (_("Catat kegiatan"), _("{oleh} mencatat kegiatan.")),
    "rujukan.panti_chosen": (
        _("Pilih panti tujuan"),
        _("{oleh} memilih panti/lembaga tujuan."),
    ),
    "rujukan.clock_paused": (_("Jeda waktu"), _("{oleh} menjeda waktu layanan.")),
    "rujukan.clock_resumed": (_("Lanjutkan waktu"), _("{oleh} melanjutkan waktu layanan.")),
    "rujukan.peksos_assigned": (
        _("Tugaskan pekerja sosial"),
        _("{oleh} menugaskan pekerja sosial."),
    ),
    "rujukan.document_revoked": (
        _("Cabut dokumen"),
        _("{oleh} mencabut dokumen yang sudah terbit."),
    ),
    "rujukan.document_reissued": (
        _("Terbitkan ulang dokumen"),
        _("{oleh} menerbitkan ulang dokumen dengan nomor baru."),
    ),
    "rujukan.client_data_exported": (
        _("Ekspor data klien"),
        _("{oleh} mengekspor seluruh data klien atas permintaan akses."),
    ),
    "rujukan.retention_applied": (
        _("Terapkan jadwal retensi"),
        _("{oleh} menghapus {jumlah} berkas sesuai jadwal retensi."),
    ),
}


def label_tindakan(kode: str) -> str:
    entry = TINDAKAN.get(kode)
    return str(entry[0]) if entry else kode


# What a sentence says when its event does not name the thing (entries
# written before the event recorded it).
_ISIAN_UMUM = {
    "langkah": _("satu langkah prosedur"),
    "ke": _("langkah sebelumnya"),
}


class _Isian(dict):
    def __missing__(self, key: str) -> str:
        return str(_ISIAN_UMUM.get(key, "…"))


def kalimat_tindakan(kode: str, oleh: str, data: dict | None = None) -> str:
    """The sentence of an action code; `data` fills in what the event names
    (a Kejadian's `data`: which step, back to which step)."""
    entry = TINDAKAN.get(kode)
    if entry is None:
        return f"{oleh}: {kode}"
    data = data if isinstance(data, dict) else {}
    isian = _Isian({k: str(v) for k, v in data.items() if isinstance(v, str | int)})
    isian["oleh"] = oleh
    return str(entry[1]).format_map(isian)


def _nama(user) -> str:
    if user is None:
        return str(_("Sistem"))
    pegawai = getattr(user, "pegawai", None)
    return pegawai.nama if pegawai else user.get_username()


def nama_sebagai(nama: str, sebagai: dict | None) -> str:
    """Who acted, naming an acting official's appointment: "Hasan Basri
    sebagai Plt. Kepala Dinas Sosial menggantikan Ahmad Fauzi"."""
    if not sebagai or not sebagai.get("jabatan"):
        return nama
    teks = str(_("{nama} sebagai {awalan} {jabatan}")).format(
        nama=nama, awalan=sebagai.get("awalan", ""), jabatan=sebagai["jabatan"]
    )
    if sebagai.get("menggantikan"):
        teks = str(_("{teks} menggantikan {pejabat}")).format(
            teks=teks, pejabat=sebagai["menggantikan"]
        )
    return teks


# transition -> what records the signature it took: an approval (Persetujuan)
# or the proposal letter to a panti (Dokumen)
_TANDA_TANGAN = {"approve": "persetujuan", "send_to_panti": "dokumen"}


def _tanda_tangan(rujukan: Rujukan) -> dict[tuple[str, int], list[tuple[dt.datetime, dict]]]:
    """Every approval and proposal letter of the case, per (kind, user), oldest
    first, with as whom it was given ({} in the official's own right): one query."""
    persetujuan = (
        Persetujuan.objects.filter(konsep__rujukan=rujukan)
        .order_by()
        .values_list(Value("persetujuan", output_field=CharField()), "oleh_id", "pada", "sebagai")
    )
    dokumen = (
        Dokumen.objects.filter(rujukan=rujukan, jenis=JenisDokumen.PENGAJUAN_PANTI)
        .order_by()
        .values_list(
            Value("dokumen", output_field=CharField()),
            "penandatangan_id",
            "diterbitkan_pada",
            KeyTransform("pelaksana", "penandatangan_info"),
        )
    )
    out: dict[tuple[str, int], list[tuple[dt.datetime, dict]]] = {}
    for jenis, oleh_id, pada, sebagai in persetujuan.union(dokumen, all=True):
        out.setdefault((jenis, oleh_id), []).append((pada, sebagai or {}))
    for daftar in out.values():
        daftar.sort(key=lambda x: x[0])
    return out


def _sebagai(ttd: dict[tuple[str, int], list[tuple[dt.datetime, dict]]], log) -> dict | None:
    """As whom the signature a transition took was given: the same user's
    approval (or proposal letter) recorded nearest to the log entry (both are
    written in the transition's own transaction)."""
    jenis = _TANDA_TANGAN.get(log.transition)
    daftar = ttd.get((jenis, log.by_id)) if jenis else None
    if not daftar:
        return None
    return min(daftar, key=lambda x: abs((x[0] - log.timestamp).total_seconds()))[1]


@dataclass(frozen=True)
class EntriRiwayat:
    pada: dt.datetime
    kode: str
    kalimat: str
    oleh: str
    dari: str  # state label, '' for events that are not transitions
    ke: str
    catatan: str


def riwayat_rujukan(rujukan: Rujukan) -> list[EntriRiwayat]:
    """Every transition and event of a case, oldest first (three queries). An
    approval or proposal signed by an acting official names them as Plt/Plh
    of whom."""
    label = dict(Status.choices)
    logs = StateLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Rujukan), object_id=rujukan.pk
    ).select_related("by__pegawai")
    ttd = _tanda_tangan(rujukan)
    out = [
        EntriRiwayat(
            pada=log.timestamp,
            kode=f"rujukan.{log.transition}",
            kalimat=kalimat_tindakan(
                f"rujukan.{log.transition}", nama_sebagai(_nama(log.by), _sebagai(ttd, log))
            ),
            oleh=_nama(log.by),
            dari=str(label.get(log.source_state, log.source_state or "")),
            ke=str(label.get(log.state, log.state)),
            catatan=log.description or "",
        )
        for log in logs
    ]
    for k in rujukan.kejadian.select_related("oleh__pegawai"):
        out.append(
            EntriRiwayat(
                pada=k.pada,
                kode=k.kode,
                kalimat=kalimat_tindakan(k.kode, _nama(k.oleh), k.data),
                oleh=_nama(k.oleh),
                dari="",
                ke="",
                catatan=k.catatan,
            )
        )
    out.sort(
        key=lambda e: (e.pada, e.kode not in ("rujukan.registered", "rujukan.submitted_online"))
    )
    return out
