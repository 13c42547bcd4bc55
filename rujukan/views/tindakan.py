"""The actions a user can take on a case page: each one names what it does in
the one read model of the case (rujukan.selectors.periksa_tindakan: a
state-machine transition, alternatives of one answer, or work that is not a
transition), its form, and the one service it calls.

Which buttons a user sees, and why a blocked one is blocked, is decided by
that selector; the services check everything again when the form is posted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms as djforms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from layanan.models import LangkahProsedur, Panti, Peran, Persyaratan
from layanan.roles import GROUP_NAMES
from rujukan import forms as f
from rujukan import selectors
from rujukan import services as s
from rujukan.models import JenisDokumen, Rujukan, Status
from rujukan.permissions import giliran_persetujuan
from rujukan.views._umum import pastikan_kata_sandi


@dataclass(frozen=True)
class Aksi:
    kode: str  # the URL slug
    judul: str
    penjelasan: str = ""
    tindakan: str | tuple[str, ...] = ()  # what it does, as rujukan.selectors names it
    form: Callable | None = None  # (rujukan, data, files) -> Form
    jalankan: Callable | None = None  # (request, rujukan, form) -> success message
    bahaya: bool = False
    sekunder: bool = False  # shown as a quieter button
    jawaban_panti: bool = False  # records a panti's answer (shows the proposal; no video)
    # the proposal draft it is about: "menunggu" (the one waiting for the signer)
    # or "dikembalikan" (the last one returned, when drafting it again)
    usulan: str = ""

    @property
    def label(self) -> str:
        return str(self.judul)


# -- form factories and service adapters ----------------------------------------------
def _form(cls, **extra):
    def build(rujukan, data=None, files=None):
        kwargs = {key: val(rujukan) for key, val in extra.items()}
        return cls(data=data, files=files, **kwargs)

    return build


def _dengan_data(service, pesan):
    """Call `service(rujukan=, by=, **cleaned_data)` and say `pesan`."""

    def run(request, rujukan, form):
        service(rujukan=rujukan, by=request.user, **form.cleaned_data)
        return pesan

    return run


def _lewati(request, rujukan, form):
    s.rujukan_skip_verification(
        rujukan=rujukan,
        by=request.user,
        catatan=form.cleaned_data["catatan"],
        terdaftar_dtks=form.cleaned_data.get("terdaftar_dtks"),
    )
    return _("Verifikasi lapangan dilewati; rujukan lanjut ke tahap berikut.")


def _persetujuan_klien(request, rujukan, form):
    d = form.cleaned_data
    s.rujukan_record_consent(
        rujukan=rujukan,
        by=request.user,
        pemberi=d["pemberi"],
        hubungan=d["hubungan"],
        cara=d["cara"],
        alasan=d["alasan"],
    )
    return _("Persetujuan klien dicatat.")


def _tanpa_persetujuan(request, rujukan, form):
    s.rujukan_record_consent(
        rujukan=rujukan,
        by=request.user,
        alasan=form.cleaned_data["alasan"],
        tanpa_persetujuan=True,
    )
    return _("Pengecualian dicatat: data klien boleh dibagikan kepada panti/lembaga.")


def _siapkan_usulan(request, rujukan, form):
    usulan = s.rujukan_prepare_panti_proposal(
        rujukan=rujukan,
        by=request.user,
        panti=form.cleaned_data["panti"],
        catatan=form.cleaned_data.get("catatan", ""),
    )
    return _(
        "Usulan ke %(panti)s diteruskan kepada pejabat penanda tangan; belum ada yang "
        "dikirim sampai usulan ditandatangani."
    ) % {"panti": usulan.panti.nama}


def _kirim_panti(request, rujukan, form):
    _penanda_tangan(request, rujukan, form, "send_to_panti")  # the signature sends the letter
    pengajuan = s.rujukan_send_to_panti(
        rujukan=rujukan, by=request.user, catatan=form.cleaned_data.get("catatan", "")
    )
    return _(
        "Usulan ditandatangani dan dikirim ke %(panti)s; waktu layanan dijeda sampai panti "
        "menjawab."
    ) % {"panti": pengajuan.panti.nama}


def _jawaban_panti(request, rujukan, form):
    s.rujukan_panti_answer(rujukan=rujukan, by=request.user, **form.data_layanan())
    if form.cleaned_data["diterima"]:
        return _("Panti menerima klien.")
    return _("Penolakan panti dicatat. Pilih panti/lembaga lain lalu kirim usulan lagi.")


def _ajukan_konsep(request, rujukan, form):
    konsep = s.rujukan_submit_for_approval(rujukan=rujukan, by=request.user, **form.cleaned_data)
    return _("Konsep versi %(v)s diajukan untuk persetujuan.") % {"v": konsep.versi}


def _penanda_tangan(request, rujukan, form, tindakan: str) -> None:
    """A form that signs asks the password again of the official who may take
    the action now (anyone else gets the service's own refusal, 403/409)."""
    if "kata_sandi" not in form.fields:
        return
    if selectors.periksa_tindakan(rujukan, user=request.user, nama=tindakan, label="").boleh:
        pastikan_kata_sandi(request.user, form.cleaned_data.get("kata_sandi", ""))


def _setujui(request, rujukan, form):
    _penanda_tangan(request, rujukan, form, "approve")  # the signature issues the letters
    r = s.rujukan_approve(rujukan=rujukan, by=request.user, catatan=form.cleaned_data["catatan"])
    if r.status == Status.PRODUK_TERBIT:
        return _("Persetujuan diberikan. Produk layanan telah terbit dan bernomor.")
    return _("Persetujuan diberikan; konsep diteruskan ke pejabat berikutnya.")


def _terbitkan_loket(request, rujukan, form):
    _penanda_tangan(request, rujukan, form, "issue_at_desk")
    s.rujukan_issue_at_desk(rujukan=rujukan, by=request.user, catatan=form.cleaned_data["catatan"])
    return _("Produk layanan diterbitkan.")


def _reunifikasi_form(rujukan, data=None, files=None):
    """The Laporan Sosial is issued with the reunification where the standard
    names it: then the author's password is asked again."""
    if JenisDokumen.LAPORAN_SOSIAL in rujukan.alur.produk_disetujui:
        return f.ReunifikasiTerbitForm(data=data)
    return f.ReunifikasiForm(data=data)


def _reunifikasi(request, rujukan, form):
    _penanda_tangan(request, rujukan, form, "reunite")
    d = form.cleaned_data
    s.rujukan_reunite(
        rujukan=rujukan, by=request.user, tanggal=d["tanggal"], uraian=d["uraian"], hasil=d["hasil"]
    )
    return _("Reunifikasi dicatat.")


def _lapor_pendampingan(request, rujukan, form):
    _penanda_tangan(request, rujukan, form, "report_accompaniment")
    s.rujukan_report_accompaniment(
        rujukan=rujukan, by=request.user, catatan=form.cleaned_data["catatan"]
    )
    return _("Laporan kegiatan diterbitkan.")


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


def _lanjutkan(request, rujukan, form):
    s.rujukan_resume_clock(rujukan=rujukan, by=request.user)
    return _("Waktu layanan berjalan lagi; tenggat bergeser sepanjang jeda.")


def _fakta_layanan(rujukan: Rujukan) -> list[Persyaratan]:
    return [
        b.persyaratan
        for b in rujukan.berkas.select_related("persyaratan")
        if b.persyaratan.jenis == Persyaratan.Jenis.FAKTA and b.berlaku
    ]


def _peksos_instansi(rujukan: Rujukan):
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


def _pilih_panti(cls):
    def build(rujukan, data=None, files=None):
        return cls(data=data, instansi=rujukan.instansi, initial={"panti": rujukan.panti_tujuan_id})

    return build


def _persetujuan_form(rujukan, data=None, files=None):
    """A paraf needs only a note; a signature, and the last approval of the
    chain (it issues the signed letters), ask the password again."""
    langkah = rujukan.langkah_persetujuan_berikut()
    if langkah is not None and (
        langkah.jenis == LangkahProsedur.JenisPersetujuan.TANDA_TANGAN
        or langkah.urutan == max(r.urutan for r in rujukan.alur.rantai)
    ):
        return f.TandaTanganForm(data=data)
    return f.PersetujuanForm(data=data)


def _tugaskan_form(rujukan, data=None, files=None):
    return f.TugaskanForm(
        data=data, queryset=_peksos_instansi(rujukan), initial={"peksos": rujukan.peksos_id}
    )


_L = gettext_lazy


def _dengan_catatan(kode, judul, penjelasan, tindakan, service, pesan, *, wajib=False, **kw):
    """An action whose form is one note (required with `wajib`)."""
    form = f.CatatanWajibForm if wajib else f.CatatanForm
    return Aksi(
        kode,
        judul,
        penjelasan,
        tindakan=tindakan,
        form=_form(form),
        jalankan=_dengan_data(service, pesan),
        **kw,
    )


def _dengan_alasan(kode, judul, penjelasan, tindakan, service, pesan):
    """An action that closes the case and must state why."""
    return Aksi(
        kode,
        judul,
        penjelasan,
        tindakan=tindakan,
        form=_form(f.AlasanForm),
        jalankan=_dengan_data(service, pesan),
        bahaya=True,
    )


AKSI: dict[str, Aksi] = {
    a.kode: a
    for a in [
        _dengan_catatan(
            "periksa",
            _L("Mulai periksa berkas"),
            _L("Petugas mulai memeriksa kelengkapan berkas permohonan."),
            "start_check",
            s.rujukan_start_check,
            _L("Pemeriksaan berkas dimulai."),
        ),
        _dengan_catatan(
            "berkas-lengkap",
            _L("Berkas lengkap, lanjutkan"),
            _L(
                "Semua persyaratan wajib terpenuhi; rujukan lanjut ke tahap berikut menurut "
                "standar."
            ),
            "accept_berkas",
            s.rujukan_accept_berkas,
            _L("Berkas dinyatakan lengkap."),
        ),
        _dengan_catatan(
            "kembalikan",
            _L("Kembalikan ke pemohon"),
            _L("Berkas belum lengkap: pemohon diminta melengkapi. Waktu layanan dijeda."),
            "return_to_pemohon",
            s.rujukan_return_to_pemohon,
            _L("Berkas dikembalikan ke pemohon; waktu layanan dijeda."),
            wajib=True,
            sekunder=True,
        ),
        _dengan_catatan(
            "lengkapi",
            _L("Pemohon sudah melengkapi berkas"),
            _L("Berkas yang dilengkapi diperiksa lagi; waktu layanan berjalan lagi."),
            "resubmit",
            s.rujukan_resubmit,
            _L("Berkas diperiksa lagi."),
        ),
        _dengan_catatan(
            "selesai-verifikasi",
            _L("Selesaikan verifikasi dan asesmen"),
            _L("Verifikasi lapangan dan asesmen selesai dan klien layak dilayani."),
            "complete_verification",
            s.rujukan_complete_verification,
            _L("Verifikasi dan asesmen selesai."),
        ),
        Aksi(
            "lewati-verifikasi",
            _L("Lanjut tanpa verifikasi lapangan"),
            _L(
                "Menurut standar, verifikasi lapangan hanya dilakukan bila perlu (misalnya "
                "pemohon belum terdaftar DTKS)."
            ),
            tindakan="skip_verification",
            form=_form(f.LewatiVerifikasiForm),
            jalankan=_lewati,
            sekunder=True,
        ),
        _dengan_catatan(
            "selesai-penanganan",
            _L("Selesaikan penanganan"),
            _L(
                "Rehabilitasi, bimbingan atau penelusuran selesai; lanjut ke rujukan/penyusunan "
                "produk."
            ),
            "complete_handling",
            s.rujukan_complete_handling,
            _L("Penanganan selesai."),
        ),
        Aksi(
            "reunifikasi",
            _L("Catat reunifikasi keluarga"),
            _L("Klien kembali ke keluarganya. Laporan sosial diterbitkan bila standar memuatnya."),
            tindakan="reunite",
            form=_reunifikasi_form,
            jalankan=_reunifikasi,
        ),
        Aksi(
            "laporkan-pendampingan",
            _L("Laporkan pendampingan"),
            _L("Pendampingan selesai: laporan kegiatan diterbitkan dari kegiatan yang dicatat."),
            tindakan="report_accompaniment",
            form=_form(f.LaporanKegiatanForm),
            jalankan=_lapor_pendampingan,
        ),
        Aksi(
            "persetujuan-klien",
            _L("Catat persetujuan klien"),
            _L(
                "Sebelum data klien dibagikan kepada panti/lembaga: persetujuan klien, atau "
                "orang tua/wali untuk anak atau orang yang tidak cakap memberi persetujuan."
            ),
            tindakan="record_consent",
            form=_form(f.PersetujuanKlienForm),
            jalankan=_persetujuan_klien,
        ),
        Aksi(
            "tanpa-persetujuan",
            _L("Bagikan tanpa persetujuan klien"),
            _L(
                "Pengecualian oleh pejabat bila persetujuan tidak dapat diperoleh; dasarnya "
                "wajib ditulis dan tercatat dalam riwayat."
            ),
            tindakan="record_consent_exception",
            form=_form(f.PengecualianPersetujuanForm),
            jalankan=_tanpa_persetujuan,
            bahaya=True,
        ),
        Aksi(
            "siapkan-usulan",
            _L("Siapkan usulan ke panti"),
            _L(
                "Pilih panti/lembaga tujuan. Surat Pengajuan Berkas Usulan diteruskan kepada "
                "pejabat penanda tangan; surat baru bernomor dan terkirim setelah ditandatangani."
            ),
            tindakan="prepare_panti_proposal",
            form=_pilih_panti(f.KirimPantiForm),
            jalankan=_siapkan_usulan,
            usulan="dikembalikan",
        ),
        Aksi(
            "kirim-panti",
            _L("Tanda tangani dan kirim usulan ke panti"),
            _L(
                "Baca pratinjau surat pengajuan. Dengan tanda tangan Anda surat diberi nomor, "
                "ditandatangani secara elektronik dan dikirim ke panti/lembaga beserta "
                "lampirannya. Waktu layanan dijeda sampai panti menjawab."
            ),
            tindakan="send_to_panti",
            form=_form(f.TandaTanganForm),
            jalankan=_kirim_panti,
            usulan="menunggu",
        ),
        _dengan_catatan(
            "kembalikan-usulan",
            _L("Kembalikan usulan untuk diperbaiki"),
            _L("Usulan tidak dikirim; petugas menerima catatan Anda dan dapat menyiapkannya lagi."),
            "return_panti_proposal",
            s.rujukan_return_panti_proposal,
            _L("Usulan ke panti dikembalikan untuk diperbaiki."),
            wajib=True,
            sekunder=True,
            usulan="menunggu",
        ),
        Aksi(
            "jawaban-panti",
            _L("Catat jawaban panti"),
            _L("Panti/lembaga menerima atau menolak klien. Bila menolak, pilih panti lain."),
            tindakan=("panti_accept", "panti_refuse"),
            form=_form(f.JawabanPantiForm),
            jalankan=_jawaban_panti,
            jawaban_panti=True,
        ),
        Aksi(
            "ajukan-konsep",
            _L("Susun dan ajukan konsep"),
            _L("Konsep produk layanan diajukan kepada pejabat sesuai rantai persetujuan standar."),
            tindakan="submit_for_approval",
            form=_konsep_form,
            jalankan=_ajukan_konsep,
        ),
        Aksi(
            "setujui",
            _L("Periksa dan setujui konsep"),
            _L("Baca pratinjau konsep, lalu beri paraf atau tanda tangan."),
            tindakan="approve",
            form=_persetujuan_form,
            jalankan=_setujui,
        ),
        Aksi(
            "kembalikan-konsep",
            _L("Kembalikan konsep untuk diperbaiki"),
            _L("Konsep dikembalikan kepada penyusun dengan catatan perbaikan."),
            tindakan="return_draft",
            form=_form(f.KembalikanKonsepForm),
            jalankan=_dengan_data(
                s.rujukan_return_draft, _L("Konsep dikembalikan untuk diperbaiki.")
            ),
            sekunder=True,
        ),
        Aksi(
            "antar-panti",
            _L("Catat klien diserahkan ke panti"),
            _L("Klien diantar ke panti/lembaga tujuan, oleh Dinas Sosial atau oleh pemohon."),
            tindakan="deliver_to_panti",
            form=_form(f.PengantaranForm),
            jalankan=_dengan_data(
                s.rujukan_deliver_to_panti, _L("Penyerahan klien ke panti/lembaga dicatat.")
            ),
        ),
        Aksi(
            "terbitkan-loket",
            _L("Terbitkan produk di loket"),
            _L(
                "Surat keterangan, bukti registrasi atau berita acara serah terima diterbitkan "
                "dan ditandatangani petugas, tanpa rantai persetujuan."
            ),
            tindakan="issue_at_desk",
            form=_form(f.TerbitLoketForm),
            jalankan=_terbitkan_loket,
        ),
        _dengan_catatan(
            "serahkan",
            _L("Serahkan produk ke pemohon"),
            _L("Produk layanan diserahkan kepada pemohon; rangkap lainnya diarsipkan."),
            "hand_to_pemohon",
            s.rujukan_hand_to_pemohon,
            _L("Penyerahan produk ke pemohon dicatat."),
        ),
        _dengan_catatan(
            "tutup",
            _L("Tutup dan arsipkan"),
            _L("Rujukan selesai dan diarsipkan."),
            "close",
            s.rujukan_close,
            _L("Rujukan ditutup dan diarsipkan."),
        ),
        _dengan_alasan(
            "tidak-memenuhi-syarat",
            _L("Nyatakan tidak memenuhi syarat"),
            _L("Rujukan ditutup karena klien tidak memenuhi syarat standar. Alasan wajib ditulis."),
            "reject_ineligible",
            s.rujukan_reject_ineligible,
            _L("Rujukan ditutup: tidak memenuhi syarat."),
        ),
        _dengan_alasan(
            "tarik",
            _L("Catat penarikan permohonan"),
            _L("Pemohon menarik permohonannya; rujukan ditutup."),
            "withdraw",
            s.rujukan_withdraw,
            _L("Penarikan permohonan dicatat."),
        ),
        _dengan_alasan(
            "batalkan",
            _L("Batalkan rujukan"),
            _L("Rujukan dibatalkan oleh pejabat; alasan wajib ditulis."),
            "cancel",
            s.rujukan_cancel,
            _L("Rujukan dibatalkan."),
        ),
        # work on the case that is not a state change (rujukan.selectors.PEKERJAAN)
        Aksi(
            "asesmen",
            _L("Catat asesmen"),
            _L(
                "Hasil verifikasi lapangan dan asesmen pekerja sosial, termasuk syarat "
                "kelayakan standar."
            ),
            tindakan="record_assessment",
            form=_form(f.AsesmenForm, fakta=_fakta_layanan),
            jalankan=_asesmen,
        ),
        Aksi(
            "kegiatan",
            _L("Catat kegiatan"),
            _L("Kunjungan rumah, bimbingan, penelusuran keluarga, pendampingan atau pengantaran."),
            tindakan="record_activity",
            form=_form(f.KegiatanForm),
            jalankan=_dengan_data(s.rujukan_record_activity, _L("Kegiatan dicatat.")),
            sekunder=True,
        ),
        Aksi(
            "panti-tujuan",
            _L("Pilih panti tujuan"),
            _L("Panti/lembaga yang akan menerima klien."),
            tindakan="set_target_panti",
            form=_pilih_panti(f.PantiForm),
            jalankan=_dengan_data(s.rujukan_set_target_panti, _L("Panti/lembaga tujuan dicatat.")),
            sekunder=True,
        ),
        Aksi(
            "tugaskan",
            _L("Tugaskan pekerja sosial"),
            _L("Pekerja sosial yang melakukan verifikasi, asesmen dan pendampingan."),
            tindakan="assign_peksos",
            form=_tugaskan_form,
            jalankan=_dengan_data(s.rujukan_assign_peksos, _L("Pekerja sosial ditugaskan.")),
            sekunder=True,
        ),
        Aksi(
            "jeda",
            _L("Jeda waktu layanan"),
            _L(
                "Waktu berhenti dihitung selama rujukan menunggu pihak di luar kendali kantor, "
                "misalnya pejabat yang berwenang tidak berada di tempat."
            ),
            tindakan="pause_clock",
            form=_form(f.JedaForm),
            jalankan=_dengan_data(s.rujukan_pause_clock, _L("Waktu layanan dijeda.")),
            sekunder=True,
        ),
        Aksi(
            "lanjutkan-waktu",
            _L("Lanjutkan waktu layanan"),
            _L("Jeda berakhir; tenggat bergeser sepanjang lama jeda (dalam jam kerja)."),
            tindakan="resume_clock",
            form=_form(djforms.Form),
            jalankan=_lanjutkan,
            sekunder=True,
        ),
    ]
}


# -- what the user may do now --------------------------------------------------------------
@dataclass(frozen=True)
class Kesiapan:
    """An action of the page with the selector's answer for one user now."""

    aksi: Aksi
    tindakan: selectors.Tindakan

    @property
    def siap(self) -> bool:
        return self.tindakan.boleh

    @property
    def alasan(self) -> str:
        return self.tindakan.alasan

    @property
    def status_code(self) -> int:
        return self.tindakan.status_code


def cek_aksi(rujukan: Rujukan, user, aksi: Aksi) -> Kesiapan:
    """Whether `user` may take `aksi` on the case now; if not, why (with a 4xx)."""
    return Kesiapan(
        aksi, selectors.periksa_tindakan(rujukan, user=user, nama=aksi.tindakan, label=aksi.label)
    )


# Actions about a receiving panti: offered only when the office keeps a panti
# registry (an office without panti, such as an SLRT desk, never sees them).
AKSI_PANTI = {
    "persetujuan-klien",
    "tanpa-persetujuan",
    "panti-tujuan",
    "antar-panti",
    "siapkan-usulan",
    "kirim-panti",
    "kembalikan-usulan",
}


def tindakan_halaman(rujukan: Rujukan, user) -> tuple[list[Kesiapan], list[Kesiapan]]:
    """(actions the user may take now, actions of their role still blocked by a
    condition of the standard — shown with the reason, without a button)."""
    ada_panti = Panti.objects.filter(instansi_id=rujukan.instansi_id, aktif=True).exists()
    siap, terhalang = [], []
    for aksi in AKSI.values():
        if aksi.kode in AKSI_PANTI and not ada_panti:
            continue
        k = cek_aksi(rujukan, user, aksi)
        if k.siap:
            siap.append(k)
        elif k.tindakan.terhalang:
            terhalang.append(k)
    return siap, terhalang


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
    return giliran_persetujuan(user=user, rujukan=rujukan)
