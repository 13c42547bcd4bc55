"""The actions a user can take on a case page: each one names the state-machine
transition(s) it takes (or the permission of non-transition work such as an
assessment), its form, and the one service it calls.

Which buttons a user sees is read from the state machine itself: the
transitions leaving the current state, their `permission=` (the one policy)
and their conditions (the standard's data). The services check everything
again when the form is posted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms as djforms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from layanan.models import Peran, Persyaratan
from rujukan import forms as f
from rujukan import services as s
from rujukan.clock import JEDA_OTOMATIS
from rujukan.models import STATUS_TERBUKA, Rujukan, Status
from rujukan.permissions import boleh_transisi, peran_dari


@dataclass(frozen=True)
class Aksi:
    kode: str  # the URL slug
    judul: str
    penjelasan: str = ""
    transisi: tuple[str, ...] = ()  # the state-machine transitions it takes
    izin: str = ""  # for work that is not a transition: the permission it needs
    status: tuple[str, ...] = ()  # ...and the states where it is offered
    form: Callable | None = None  # (rujukan, data, files) -> Form
    jalankan: Callable | None = None  # (request, rujukan, form) -> success message
    bahaya: bool = False
    abaikan_syarat: frozenset[str] = field(default_factory=frozenset)
    sekunder: bool = False  # shown as a quieter button

    @property
    def label(self) -> str:
        return str(self.judul)


# -- form factories and service adapters ----------------------------------------------
def _form(cls, **extra):
    def build(rujukan, data=None, files=None):
        kwargs = {key: val(rujukan) for key, val in extra.items()}
        return cls(data=data, files=files, **kwargs)

    return build


def _dengan_catatan(service, pesan):
    def run(request, rujukan, form):
        service(rujukan=rujukan, by=request.user, note=form.cleaned_data.get("note", ""))
        return pesan

    return run


def _dengan_alasan(service, pesan):
    def run(request, rujukan, form):
        service(rujukan=rujukan, by=request.user, reason=form.cleaned_data["reason"])
        return pesan

    return run


def _lewati(request, rujukan, form):
    s.rujukan_skip_verification(
        rujukan=rujukan,
        by=request.user,
        note=form.cleaned_data["note"],
        terdaftar_dtks=form.cleaned_data.get("terdaftar_dtks"),
    )
    return _("Verifikasi lapangan dilewati; rujukan lanjut ke tahap berikut.")


def _reunifikasi(request, rujukan, form):
    s.rujukan_reunite(rujukan=rujukan, by=request.user, **form.cleaned_data)
    return _("Reunifikasi dicatat.")


def _kirim_panti(request, rujukan, form):
    pengajuan = s.rujukan_send_to_panti(
        rujukan=rujukan,
        by=request.user,
        panti=form.cleaned_data["panti"],
        note=form.cleaned_data.get("note", ""),
    )
    return _("Berkas usulan dikirim ke %(panti)s; waktu layanan dijeda sampai panti menjawab.") % {
        "panti": pengajuan.panti.nama
    }


def _jawaban_panti(request, rujukan, form):
    d = form.cleaned_data
    s.rujukan_panti_answer(
        rujukan=rujukan,
        by=request.user,
        diterima=d["diterima"],
        tanggal=d["tanggal"],
        narahubung=d.get("narahubung", ""),
        surat=d.get("surat") or None,
        catatan=d.get("catatan", ""),
    )
    if d["diterima"]:
        return _("Panti menerima klien.")
    return _("Penolakan panti dicatat. Pilih panti/lembaga lain lalu kirim usulan lagi.")


def _ajukan_konsep(request, rujukan, form):
    konsep = s.rujukan_submit_for_approval(rujukan=rujukan, by=request.user, **form.cleaned_data)
    return _("Konsep versi %(v)s diajukan untuk persetujuan.") % {"v": konsep.versi}


def _setujui(request, rujukan, form):
    r = s.rujukan_approve(rujukan=rujukan, by=request.user, note=form.cleaned_data["note"])
    if r.status == Status.PRODUK_TERBIT:
        return _("Persetujuan diberikan. Produk layanan telah terbit dan bernomor.")
    return _("Persetujuan diberikan; konsep diteruskan ke pejabat berikutnya.")


def _antar_panti(request, rujukan, form):
    s.rujukan_deliver_to_panti(rujukan=rujukan, by=request.user, **form.cleaned_data)
    return _("Penyerahan klien ke panti/lembaga dicatat.")


def _asesmen(request, rujukan, form):
    d = form.cleaned_data
    s.rujukan_record_assessment(
        rujukan=rujukan,
        by=request.user,
        kondisi=d["kondisi"],
        kesimpulan_layak=d["kesimpulan_layak"],
        alasan=d.get("alasan", ""),
        permasalahan=d.get("permasalahan", ""),
        rekomendasi=d.get("rekomendasi", ""),
        fakta=form.nilai_fakta(),
    )
    return _("Asesmen dicatat.")


def _kegiatan(request, rujukan, form):
    s.rujukan_record_activity(rujukan=rujukan, by=request.user, **form.cleaned_data)
    return _("Kegiatan dicatat.")


def _panti_tujuan(request, rujukan, form):
    s.rujukan_set_target_panti(rujukan=rujukan, by=request.user, panti=form.cleaned_data["panti"])
    return _("Panti/lembaga tujuan dicatat.")


def _jeda(request, rujukan, form):
    s.rujukan_pause_clock(rujukan=rujukan, by=request.user, **form.cleaned_data)
    return _("Waktu layanan dijeda.")


def _lanjutkan(request, rujukan, form):
    s.rujukan_resume_clock(rujukan=rujukan, by=request.user)
    return _("Waktu layanan berjalan lagi; tenggat bergeser sepanjang jeda.")


def _tugaskan(request, rujukan, form):
    s.rujukan_assign_peksos(rujukan=rujukan, by=request.user, peksos=form.cleaned_data["peksos"])
    return _("Pekerja sosial ditugaskan.")


def _fakta_layanan(rujukan: Rujukan) -> list[Persyaratan]:
    return [
        b.persyaratan
        for b in rujukan.berkas.select_related("persyaratan")
        if b.persyaratan.jenis == Persyaratan.Jenis.FAKTA and b.berlaku
    ]


def _peksos_instansi(rujukan: Rujukan):
    from layanan.roles import GROUP_NAMES

    return (
        get_user_model()
        .objects.filter(
            pegawai__instansi=rujukan.instansi,
            groups__name=GROUP_NAMES[Peran.PEKERJA_SOSIAL],
            is_active=True,
        )
        .select_related("pegawai")
        .order_by("pegawai__nama")
    )


def _konsep_awal(rujukan: Rujukan) -> dict:
    """A new draft version starts from the last one (returned for correction)."""
    last = rujukan.konsep.order_by("-versi").first()
    if last is None:
        return {}
    return {k: getattr(last, k) for k in ("kepada", "perihal", "isi", "tembusan")}


def _konsep_form(rujukan, data=None, files=None):
    return f.KonsepForm(data=data, initial=_konsep_awal(rujukan))


def _kirim_form(rujukan, data=None, files=None):
    return f.KirimPantiForm(
        data=data,
        instansi=rujukan.instansi,
        initial={"panti": rujukan.panti_tujuan_id},
    )


_L = gettext_lazy

AKSI: dict[str, Aksi] = {
    a.kode: a
    for a in [
        Aksi(
            "periksa",
            _L("Mulai periksa berkas"),
            _L("Petugas mulai memeriksa kelengkapan berkas permohonan."),
            transisi=("start_check",),
            form=_form(f.CatatanForm),
            jalankan=_dengan_catatan(s.rujukan_start_check, _L("Pemeriksaan berkas dimulai.")),
        ),
        Aksi(
            "berkas-lengkap",
            _L("Berkas lengkap, lanjutkan"),
            _L(
                "Semua persyaratan wajib terpenuhi; rujukan lanjut ke tahap berikut menurut "
                "standar."
            ),
            transisi=("accept_berkas",),
            form=_form(f.CatatanForm),
            jalankan=_dengan_catatan(s.rujukan_accept_berkas, _L("Berkas dinyatakan lengkap.")),
        ),
        Aksi(
            "kembalikan",
            _L("Kembalikan ke pemohon"),
            _L("Berkas belum lengkap: pemohon diminta melengkapi. Waktu layanan dijeda."),
            transisi=("return_to_pemohon",),
            form=_form(f.CatatanWajibForm),
            jalankan=_dengan_catatan(
                s.rujukan_return_to_pemohon,
                _L("Berkas dikembalikan ke pemohon; waktu layanan dijeda."),
            ),
            sekunder=True,
        ),
        Aksi(
            "lengkapi",
            _L("Pemohon sudah melengkapi berkas"),
            _L("Berkas yang dilengkapi diperiksa lagi; waktu layanan berjalan lagi."),
            transisi=("resubmit",),
            form=_form(f.CatatanForm),
            jalankan=_dengan_catatan(s.rujukan_resubmit, _L("Berkas diperiksa lagi.")),
        ),
        Aksi(
            "selesai-verifikasi",
            _L("Selesaikan verifikasi dan asesmen"),
            _L("Verifikasi lapangan dan asesmen selesai dan klien layak dilayani."),
            transisi=("complete_verification",),
            form=_form(f.CatatanForm),
            jalankan=_dengan_catatan(
                s.rujukan_complete_verification, _L("Verifikasi dan asesmen selesai.")
            ),
        ),
        Aksi(
            "lewati-verifikasi",
            _L("Lanjut tanpa verifikasi lapangan"),
            _L(
                "Menurut standar, verifikasi lapangan hanya dilakukan bila perlu (misalnya "
                "pemohon belum terdaftar DTKS)."
            ),
            transisi=("skip_verification",),
            form=_form(f.LewatiVerifikasiForm),
            jalankan=_lewati,
            sekunder=True,
        ),
        Aksi(
            "selesai-penanganan",
            _L("Selesaikan penanganan"),
            _L(
                "Rehabilitasi, bimbingan atau penelusuran selesai; lanjut ke rujukan/penyusunan "
                "produk."
            ),
            transisi=("complete_handling",),
            form=_form(f.CatatanForm),
            jalankan=_dengan_catatan(s.rujukan_complete_handling, _L("Penanganan selesai.")),
        ),
        Aksi(
            "reunifikasi",
            _L("Catat reunifikasi keluarga"),
            _L("Klien kembali ke keluarganya. Laporan sosial diterbitkan bila standar memuatnya."),
            transisi=("reunite",),
            form=_form(f.ReunifikasiForm),
            jalankan=_reunifikasi,
        ),
        Aksi(
            "laporkan-pendampingan",
            _L("Laporkan pendampingan"),
            _L("Pendampingan selesai: laporan kegiatan diterbitkan dari kegiatan yang dicatat."),
            transisi=("report_accompaniment",),
            form=_form(f.CatatanForm),
            jalankan=_dengan_catatan(
                s.rujukan_report_accompaniment, _L("Laporan kegiatan diterbitkan.")
            ),
        ),
        Aksi(
            "kirim-panti",
            _L("Kirim berkas usulan ke panti"),
            _L(
                "Surat Pengajuan Berkas Usulan diterbitkan dan dikirim ke panti/lembaga tujuan. "
                "Waktu layanan dijeda sampai panti menjawab."
            ),
            transisi=("send_to_panti",),
            form=_kirim_form,
            jalankan=_kirim_panti,
            abaikan_syarat=frozenset({"_ada_panti_tujuan"}),
        ),
        Aksi(
            "jawaban-panti",
            _L("Catat jawaban panti"),
            _L("Panti/lembaga menerima atau menolak klien. Bila menolak, pilih panti lain."),
            transisi=("panti_accept", "panti_refuse"),
            form=_form(f.JawabanPantiForm),
            jalankan=_jawaban_panti,
        ),
        Aksi(
            "ajukan-konsep",
            _L("Susun dan ajukan konsep"),
            _L("Konsep produk layanan diajukan kepada pejabat sesuai rantai persetujuan standar."),
            transisi=("submit_for_approval",),
            form=_konsep_form,
            jalankan=_ajukan_konsep,
            abaikan_syarat=frozenset({"_ada_konsep"}),
        ),
        Aksi(
            "setujui",
            _L("Periksa dan setujui konsep"),
            _L("Baca pratinjau konsep, lalu beri paraf atau tanda tangan."),
            transisi=("approve",),
            form=_form(f.PersetujuanForm),
            jalankan=_setujui,
        ),
        Aksi(
            "kembalikan-konsep",
            _L("Kembalikan konsep untuk diperbaiki"),
            _L("Konsep dikembalikan kepada penyusun dengan catatan perbaikan."),
            transisi=("return_draft",),
            form=_form(f.KembalikanKonsepForm),
            jalankan=_dengan_catatan(
                s.rujukan_return_draft, _L("Konsep dikembalikan untuk diperbaiki.")
            ),
            sekunder=True,
        ),
        Aksi(
            "antar-panti",
            _L("Catat klien diserahkan ke panti"),
            _L("Klien diantar ke panti/lembaga tujuan, oleh Dinas Sosial atau oleh pemohon."),
            transisi=("deliver_to_panti",),
            form=_form(f.PengantaranForm),
            jalankan=_antar_panti,
        ),
        Aksi(
            "serahkan",
            _L("Serahkan produk ke pemohon"),
            _L("Produk layanan diserahkan kepada pemohon; rangkap lainnya diarsipkan."),
            transisi=("hand_to_pemohon",),
            form=_form(f.CatatanForm),
            jalankan=_dengan_catatan(
                s.rujukan_hand_to_pemohon, _L("Penyerahan produk ke pemohon dicatat.")
            ),
        ),
        Aksi(
            "tutup",
            _L("Tutup dan arsipkan"),
            _L("Rujukan selesai dan diarsipkan."),
            transisi=("close",),
            form=_form(f.CatatanForm),
            jalankan=_dengan_catatan(s.rujukan_close, _L("Rujukan ditutup dan diarsipkan.")),
        ),
        Aksi(
            "tidak-memenuhi-syarat",
            _L("Nyatakan tidak memenuhi syarat"),
            _L("Rujukan ditutup karena klien tidak memenuhi syarat standar. Alasan wajib ditulis."),
            transisi=("reject_ineligible",),
            form=_form(f.AlasanForm),
            jalankan=_dengan_alasan(
                s.rujukan_reject_ineligible, _L("Rujukan ditutup: tidak memenuhi syarat.")
            ),
            bahaya=True,
        ),
        Aksi(
            "tarik",
            _L("Catat penarikan permohonan"),
            _L("Pemohon menarik permohonannya; rujukan ditutup."),
            transisi=("withdraw",),
            form=_form(f.AlasanForm),
            jalankan=_dengan_alasan(s.rujukan_withdraw, _L("Penarikan permohonan dicatat.")),
            bahaya=True,
        ),
        Aksi(
            "batalkan",
            _L("Batalkan rujukan"),
            _L("Rujukan dibatalkan oleh pejabat; alasan wajib ditulis."),
            transisi=("cancel",),
            form=_form(f.AlasanForm),
            jalankan=_dengan_alasan(s.rujukan_cancel, _L("Rujukan dibatalkan.")),
            bahaya=True,
        ),
        # work on the case that is not a state change
        Aksi(
            "asesmen",
            _L("Catat asesmen"),
            _L(
                "Hasil verifikasi lapangan dan asesmen pekerja sosial, termasuk syarat "
                "kelayakan standar."
            ),
            izin="verifikasi",
            status=(Status.PEMERIKSAAN_BERKAS, Status.VERIFIKASI, Status.PENANGANAN),
            form=_form(f.AsesmenForm, fakta=_fakta_layanan),
            jalankan=_asesmen,
        ),
        Aksi(
            "kegiatan",
            _L("Catat kegiatan"),
            _L("Kunjungan rumah, bimbingan, penelusuran keluarga, pendampingan atau pengantaran."),
            izin="tangani",
            status=(Status.VERIFIKASI, Status.PENANGANAN, Status.PRODUK_TERBIT),
            form=_form(f.KegiatanForm),
            jalankan=_kegiatan,
            sekunder=True,
        ),
        Aksi(
            "panti-tujuan",
            _L("Pilih panti tujuan"),
            _L("Panti/lembaga yang akan menerima klien."),
            izin="ajukan_panti",
            status=(
                Status.VERIFIKASI,
                Status.PENANGANAN,
                Status.PENGAJUAN_PANTI,
                Status.PENYUSUNAN,
                Status.PRODUK_TERBIT,
            ),
            form=lambda r, data=None, files=None: f.PantiForm(
                data=data, instansi=r.instansi, initial={"panti": r.panti_tujuan_id}
            ),
            jalankan=_panti_tujuan,
            sekunder=True,
        ),
        Aksi(
            "tugaskan",
            _L("Tugaskan pekerja sosial"),
            _L("Pekerja sosial yang melakukan verifikasi, asesmen dan pendampingan."),
            izin="tugaskan",
            status=STATUS_TERBUKA,
            form=lambda r, data=None, files=None: f.TugaskanForm(
                data=data, queryset=_peksos_instansi(r), initial={"peksos": r.peksos_id}
            ),
            jalankan=_tugaskan,
            sekunder=True,
        ),
        Aksi(
            "jeda",
            _L("Jeda waktu layanan"),
            _L(
                "Waktu berhenti dihitung selama rujukan menunggu pihak di luar kendali kantor, "
                "misalnya pejabat yang berwenang tidak berada di tempat."
            ),
            izin="jeda_waktu",
            status=STATUS_TERBUKA,
            form=_form(f.JedaForm),
            jalankan=_jeda,
            sekunder=True,
        ),
        Aksi(
            "lanjutkan-waktu",
            _L("Lanjutkan waktu layanan"),
            _L("Jeda berakhir; tenggat bergeser sepanjang lama jeda (dalam jam kerja)."),
            izin="jeda_waktu",
            status=STATUS_TERBUKA,
            form=_form(djforms.Form),
            jalankan=_lanjutkan,
            sekunder=True,
        ),
    ]
}


# -- what the user may do now --------------------------------------------------------------
def _transisi(rujukan: Rujukan, nama: str):
    meta = getattr(type(rujukan), nama)._django_fsm
    if not meta.has_transition(rujukan.status):
        return None
    return meta.get_transition(rujukan.status)


def _syarat_gagal(rujukan: Rujukan, trans, abaikan: frozenset[str]) -> str | None:
    for syarat in trans.conditions:
        if getattr(syarat, "__name__", "") in abaikan:
            continue
        if not syarat(rujukan):
            pesan = getattr(syarat, "pesan", None)
            return pesan(rujukan) if pesan else _("Syarat tindakan ini belum terpenuhi.")
    return None


def _TIDAK_BERWENANG() -> str:  # noqa: N802
    return _("Peran Anda tidak berwenang melakukan tindakan ini.")


@dataclass
class Kesiapan:
    """An action as offered to one user on one case now."""

    aksi: Aksi
    siap: bool
    alasan: str = ""  # why it cannot be taken yet (a condition of the standard)
    status_code: int = 200


def _pihak_ditunggu(rujukan: Rujukan) -> str:
    return _("panti") if rujukan.status == Status.MENUNGGU_PANTI else _("pemohon")


def cek_aksi(rujukan: Rujukan, user, aksi: Aksi) -> Kesiapan:
    """Whether `user` may take `aksi` on the case now; if not, why (with a 4xx)."""
    if aksi.transisi:
        ada = [t for t in (_transisi(rujukan, n) for n in aksi.transisi) if t is not None]
        if not ada:
            return Kesiapan(
                aksi,
                False,
                _("Tindakan “%(aksi)s” tidak dapat dilakukan saat rujukan pada tahap “%(tahap)s”.")
                % {"aksi": aksi.label, "tahap": rujukan.get_status_display()},
                409,
            )
        boleh = [t for t in ada if t.has_perm(rujukan, user)]
        if not boleh:
            return Kesiapan(
                aksi, False, _("Peran Anda tidak berwenang melakukan tindakan ini."), 403
            )
        alasan = None
        for t in boleh:
            alasan = _syarat_gagal(rujukan, t, aksi.abaikan_syarat)
            if alasan is None:
                return Kesiapan(aksi, True)
        return Kesiapan(aksi, False, alasan or "", 409)
    if not boleh_transisi(user=user, rujukan=rujukan, izin=aksi.izin):
        return Kesiapan(aksi, False, _TIDAK_BERWENANG(), 403)
    if rujukan.status not in aksi.status:
        return Kesiapan(
            aksi,
            False,
            _("Tindakan “%(aksi)s” tidak dapat dilakukan saat rujukan pada tahap “%(tahap)s”.")
            % {"aksi": aksi.label, "tahap": rujukan.get_status_display()},
            409,
        )
    if aksi.kode == "jeda" and rujukan.dijeda:
        return Kesiapan(aksi, False, _("Waktu rujukan ini sudah dijeda."), 409)
    if aksi.kode == "lanjutkan-waktu":
        if not rujukan.dijeda:
            return Kesiapan(aksi, False, _("Waktu rujukan ini tidak sedang dijeda."), 409)
        if rujukan.status in JEDA_OTOMATIS:
            # waiting for the pemohon or the panti: the clock restarts with their answer
            return Kesiapan(
                aksi,
                False,
                _("Waktu berjalan lagi setelah %(pihak)s menjawab.")
                % {
                    "pihak": _("panti") if rujukan.status == Status.MENUNGGU_PANTI else _("pemohon")
                },
                409,
            )
    return Kesiapan(aksi, True)


# Actions about a receiving panti: offered only when the office keeps a panti
# registry (an office without panti, such as an SLRT desk, never sees them).
AKSI_PANTI = {"panti-tujuan", "antar-panti", "kirim-panti"}


def tindakan_untuk(rujukan: Rujukan, user) -> tuple[list[Kesiapan], list[Kesiapan]]:
    """(actions the user may take now, actions of their role still blocked by a
    condition of the standard — shown with the reason, without a button)."""
    from layanan.models import Panti

    ada_panti = Panti.objects.filter(instansi_id=rujukan.instansi_id, aktif=True).exists()
    siap, terhalang = [], []
    for aksi in AKSI.values():
        if aksi.kode in AKSI_PANTI and not ada_panti:
            continue
        k = cek_aksi(rujukan, user, aksi)
        if k.siap:
            siap.append(k)
        elif (
            k.status_code == 409 and k.alasan and aksi.transisi and _punya_izin(rujukan, user, aksi)
        ):
            terhalang.append(k)
    return siap, terhalang


def _punya_izin(rujukan: Rujukan, user, aksi: Aksi) -> bool:
    ada = [t for t in (_transisi(rujukan, n) for n in aksi.transisi) if t is not None]
    return any(t.has_perm(rujukan, user) for t in ada)


def jejak(rujukan: Rujukan) -> str:
    """What the page showed when a form was opened: the state and, while
    waiting for approval, the draft version and the chain step. A form posted
    against another jejak is stale (someone else acted meanwhile)."""
    if rujukan.status == Status.PERSETUJUAN:
        konsep = rujukan.konsep_aktif()
        langkah = rujukan.langkah_persetujuan_berikut()
        return (
            f"{rujukan.status}:{konsep.versi if konsep else 0}:{langkah.urutan if langkah else 0}"
        )
    return str(rujukan.status)


def giliran_saya(rujukan: Rujukan, user) -> bool:
    langkah = rujukan.langkah_persetujuan_berikut()
    return bool(langkah and langkah.peran in peran_dari(user))
