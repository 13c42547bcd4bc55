"""The buttons of a case page: each action of the one registry of the case's
words (rujukan.aksi.DAFTAR_AKSI: label, explanation, history sentence, what
rujukan.selectors.periksa_tindakan calls it) gets here its form and the one
service it calls.

Which buttons a user sees, and why a blocked one is blocked, is decided by
that selector; the services check everything again when the form is posted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django import forms as djforms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from layanan.models import LangkahProsedur, Panti, Peran, Persyaratan
from layanan.roles import GROUP_NAMES
from rujukan import forms as f
from rujukan import selectors
from rujukan import services as s
from rujukan.aksi import DAFTAR_AKSI, AksiRujukan
from rujukan.models import JenisDokumen, Rujukan, Status
from rujukan.permissions import giliran_persetujuan
from rujukan.views._umum import pastikan_kata_sandi


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


def _dengan_catatan(service, pesan, *, wajib=False):
    """A form of one note (required with `wajib`) passed to the service."""
    return _form(f.CatatanWajibForm if wajib else f.CatatanForm), _dengan_data(service, pesan)


def _dengan_alasan(service, pesan):
    """A form that closes the case and must state why."""
    return _form(f.AlasanForm), _dengan_data(service, pesan)


# slug of a button of DAFTAR_AKSI -> (its form, what it runs: the service and
# the message that says it was done)
_FORM_DAN_LAYANAN: dict[str, tuple[Callable[..., Any], Callable[..., Any]]] = {
    "periksa": _dengan_catatan(s.rujukan_start_check, _L("Pemeriksaan berkas dimulai.")),
    "berkas-lengkap": _dengan_catatan(s.rujukan_accept_berkas, _L("Berkas dinyatakan lengkap.")),
    "kembalikan": _dengan_catatan(
        s.rujukan_return_to_pemohon,
        _L("Berkas dikembalikan ke pemohon; waktu layanan dijeda."),
        wajib=True,
    ),
    "lengkapi": _dengan_catatan(s.rujukan_resubmit, _L("Berkas diperiksa lagi.")),
    "selesai-verifikasi": _dengan_catatan(
        s.rujukan_complete_verification, _L("Verifikasi dan asesmen selesai.")
    ),
    "lewati-verifikasi": (_form(f.LewatiVerifikasiForm), _lewati),
    "selesai-penanganan": _dengan_catatan(s.rujukan_complete_handling, _L("Penanganan selesai.")),
    "reunifikasi": (_reunifikasi_form, _reunifikasi),
    "laporkan-pendampingan": (_form(f.LaporanKegiatanForm), _lapor_pendampingan),
    "persetujuan-klien": (_form(f.PersetujuanKlienForm), _persetujuan_klien),
    "tanpa-persetujuan": (_form(f.PengecualianPersetujuanForm), _tanpa_persetujuan),
    "siapkan-usulan": (_pilih_panti(f.KirimPantiForm), _siapkan_usulan),
    "kirim-panti": (_form(f.TandaTanganForm), _kirim_panti),
    "kembalikan-usulan": _dengan_catatan(
        s.rujukan_return_panti_proposal,
        _L("Usulan ke panti dikembalikan untuk diperbaiki."),
        wajib=True,
    ),
    "jawaban-panti": (_form(f.JawabanPantiForm), _jawaban_panti),
    "ajukan-konsep": (_konsep_form, _ajukan_konsep),
    "setujui": (_persetujuan_form, _setujui),
    "kembalikan-konsep": (
        _form(f.KembalikanKonsepForm),
        _dengan_data(s.rujukan_return_draft, _L("Konsep dikembalikan untuk diperbaiki.")),
    ),
    "antar-panti": (
        _form(f.PengantaranForm),
        _dengan_data(s.rujukan_deliver_to_panti, _L("Penyerahan klien ke panti/lembaga dicatat.")),
    ),
    "terbitkan-loket": (_form(f.TerbitLoketForm), _terbitkan_loket),
    "serahkan": _dengan_catatan(
        s.rujukan_hand_to_pemohon, _L("Penyerahan produk ke pemohon dicatat.")
    ),
    "tutup": _dengan_catatan(s.rujukan_close, _L("Rujukan ditutup dan diarsipkan.")),
    "tidak-memenuhi-syarat": _dengan_alasan(
        s.rujukan_reject_ineligible, _L("Rujukan ditutup: tidak memenuhi syarat.")
    ),
    "tarik": _dengan_alasan(s.rujukan_withdraw, _L("Penarikan permohonan dicatat.")),
    "batalkan": _dengan_alasan(s.rujukan_cancel, _L("Rujukan dibatalkan.")),
    "asesmen": (_form(f.AsesmenForm, fakta=_fakta_layanan), _asesmen),
    "kegiatan": (
        _form(f.KegiatanForm),
        _dengan_data(s.rujukan_record_activity, _L("Kegiatan dicatat.")),
    ),
    "panti-tujuan": (
        _pilih_panti(f.PantiForm),
        _dengan_data(s.rujukan_set_target_panti, _L("Panti/lembaga tujuan dicatat.")),
    ),
    "tugaskan": (
        _tugaskan_form,
        _dengan_data(s.rujukan_assign_peksos, _L("Pekerja sosial ditugaskan.")),
    ),
    "jeda": (_form(f.JedaForm), _dengan_data(s.rujukan_pause_clock, _L("Waktu layanan dijeda."))),
    "lanjutkan-waktu": (_form(djforms.Form), _lanjutkan),
}


def _dengan_form_dan_layanan(slug: str) -> AksiRujukan:
    """The button of DAFTAR_AKSI at `slug`, with its form and its service."""
    aksi = DAFTAR_AKSI.dari_slug(slug)
    assert isinstance(aksi, AksiRujukan)
    form, jalankan = _FORM_DAN_LAYANAN[slug]
    return replace(aksi, form=form, jalankan=jalankan)


# The buttons of the case page by slug, ready to build their form and run their service.
AKSI: dict[str, AksiRujukan] = {slug: _dengan_form_dan_layanan(slug) for slug in _FORM_DAN_LAYANAN}
assert list(AKSI) == [a.slug for a in DAFTAR_AKSI.tombol()], (
    "every button of DAFTAR_AKSI has a form and a service here, in the registry's order"
)


# -- what the user may do now --------------------------------------------------------------
@dataclass(frozen=True)
class Kesiapan:
    """An action of the page with the selector's answer for one user now."""

    aksi: AksiRujukan
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


def cek_aksi(rujukan: Rujukan, user, aksi: AksiRujukan) -> Kesiapan:
    """Whether `user` may take `aksi` on the case now; if not, why (with a 4xx)."""
    return Kesiapan(
        aksi,
        selectors.periksa_tindakan(rujukan, user=user, nama=aksi.tindakan, label=str(aksi.label)),
    )


def tindakan_halaman(rujukan: Rujukan, user) -> tuple[list[Kesiapan], list[Kesiapan]]:
    """(actions the user may take now, actions of their role still blocked by a
    condition of the standard — shown with the reason, without a button)."""
    ada_panti = Panti.objects.filter(instansi_id=rujukan.instansi_id, aktif=True).exists()
    siap, terhalang = [], []
    for aksi in AKSI.values():
        # actions about a receiving panti: only where the office keeps a
        # panti registry (an office without panti, such as an SLRT desk)
        if aksi.butuh_panti and not ada_panti:
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
