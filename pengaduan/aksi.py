"""The words of every action on a complaint, said once.

One registry (layanan.aksi.DaftarAksi) of the complaint's actions and events:
the button's label (also the confirmation page's title and the success
message), what the confirmation page explains, the form and the service a
button runs, and the sentences the history shows for the dotted code its
StateLog/Kejadian row carries (`pengaduan.jejak`) — for staff, and for the
citizen on the tracking page (`kalimat_publik`; none: not shown there). An
entry with a slug is a button of the staff page; one without is an event of
the history only (filed, the citizen's reply, a reminder…).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _now
from django.utils.translation import gettext_lazy as _

from layanan.aksi import Aksi, DaftarAksi, Gaya
from layanan.pengguna import Pengguna
from pengaduan import permissions, selectors, services
from pengaduan.forms import DisposisiForm, DuplikatForm, KonfirmasiForm, PesanForm, TeruskanForm
from pengaduan.models import Pengaduan

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Data = Mapping[str, Any]
Layanan = Callable[[Pengaduan, Pengguna, Data], object]


def _tanpa_isian(p: Pengaduan, user: Pengguna) -> dict[str, Any]:
    return {}


@dataclass(frozen=True, kw_only=True)
class AksiPengaduan(Aksi[Pengaduan]):
    """An action on a complaint, with what the staff pages need to know about it."""

    kalimat_publik: StrOrPromise = ""  # the tracking page's sentence; "" = not shown there
    templat: bool = False  # the office's reply templates may fill its text
    form_kwargs: Callable[[Pengaduan, Pengguna], dict[str, Any]] = field(default=_tanpa_isian)


def _pesan(label: StrOrPromise, help_text: StrOrPromise | None = None):
    def kwargs(p: Pengaduan, user: Pengguna) -> dict[str, Any]:
        return {"label": label, "help_text": help_text}

    return kwargs


def _petugas(p: Pengaduan, user: Pengguna) -> dict[str, Any]:
    return {"petugas_qs": selectors.petugas_tujuan(instansi_id=p.instansi_id)}


def _tombol(
    *, label: StrOrPromise, layanan: Layanan, gaya: Gaya = "biasa", **kwargs: Any
) -> AksiPengaduan:
    """A button: its service is run, and the page says "<label>: berhasil."."""

    def jalankan(p: Pengaduan, by: Pengguna, data: Data) -> str:
        layanan(p, by, data)
        return _now("%(aksi)s: berhasil.") % {"aksi": label}

    return AksiPengaduan(label=label, jalankan=jalankan, gaya=gaya, **kwargs)


def _boleh_kabar(user: Pengguna, p: Pengaduan) -> bool:
    return permissions.boleh_tangani(user, p) and p.status not in Pengaduan.AKHIR


DAFTAR_AKSI: DaftarAksi[Pengaduan] = DaftarAksi(
    [
        # -- the buttons of the staff page, in the order they are shown -------------
        _tombol(
            kode="pengaduan.cek_dimulai",
            slug="cek",
            transisi="mulai_cek",
            label=_("Mulai cek administrasi"),
            penjelasan=_("Periksa kelengkapan dan kewenangan; Anda menjadi petugas penanganan."),
            kalimat=_("Cek administrasi dimulai."),
            kalimat_publik=_("Laporan sedang diperiksa (cek administrasi)."),
            form=KonfirmasiForm,
            layanan=lambda p, u, d: services.pengaduan_start_check(pengaduan=p, by=u),
            gaya="utama",
        ),
        _tombol(
            kode="pengaduan.dijawab",
            slug="jawab",
            transisi="jawab",
            label=_("Jawab pelapor"),
            penjelasan=_("Jawaban ini dikirim kepada pelapor dan menghentikan jam respons."),
            kalimat=_("Jawaban dikirim kepada pelapor."),
            kalimat_publik=_("Laporan dijawab."),
            form=PesanForm,
            form_kwargs=_pesan(_("Jawaban kepada pelapor")),
            layanan=lambda p, u, d: services.pengaduan_answer(pengaduan=p, by=u, isi=d["isi"]),
            templat=True,
            gaya="utama",
        ),
        _tombol(
            kode="pengaduan.didisposisikan",
            slug="disposisi",
            transisi="koordinasikan",
            label=_("Koordinasi / disposisi"),
            penjelasan=_("Disposisi ke bidang/petugas, atau koordinasi dengan instansi lain."),
            kalimat=_("Didisposisikan ke {tujuan}."),
            kalimat_publik=_("Laporan diteruskan ke bidang yang menangani."),
            form=DisposisiForm,
            form_kwargs=_petugas,
            layanan=lambda p, u, d: services.pengaduan_route(
                pengaduan=p,
                by=u,
                jenis_koordinasi=d["jenis_koordinasi"],
                bidang=d["bidang"],
                petugas=d["petugas"],
                instansi_tujuan=d["instansi_tujuan"],
                catatan=d["catatan"],
            ),
        ),
        _tombol(
            kode="pengaduan.kelengkapan_diminta",
            slug="minta-kelengkapan",
            transisi="minta_kelengkapan",
            label=_("Minta kelengkapan"),
            penjelasan=_("Pesan dikirim kepada pelapor; jam respons dijeda sampai ia menjawab."),
            kalimat=_("Pelapor diminta melengkapi; jam respons dijeda."),
            kalimat_publik=_("Petugas meminta Anda melengkapi keterangan."),
            form=PesanForm,
            form_kwargs=_pesan(_("Apa yang perlu dilengkapi pelapor?")),
            layanan=lambda p, u, d: services.pengaduan_request_details(
                pengaduan=p, by=u, pesan=d["isi"]
            ),
            templat=True,
        ),
        _tombol(
            kode="pengaduan.dilanjutkan",
            slug="lanjutkan",
            transisi="lanjutkan",
            label=_("Lanjutkan penanganan"),
            penjelasan=_("Pelapor sudah melengkapi lewat saluran lain; jam respons berjalan lagi."),
            kalimat=_("Penanganan dilanjutkan; jam respons berjalan lagi."),
            kalimat_publik=_("Penanganan dilanjutkan."),
            form=KonfirmasiForm,
            layanan=lambda p, u, d: services.pengaduan_resume(
                pengaduan=p, by=u, catatan=d["catatan"]
            ),
        ),
        _tombol(
            kode="pengaduan.pesan_dikirim",
            slug="pesan",
            label=_("Kirim kabar"),
            penjelasan=_("Kabar perkembangan untuk pelapor, tanpa mengubah status."),
            kalimat=_("Pesan dikirim kepada pelapor."),
            boleh=_boleh_kabar,
            form=PesanForm,
            form_kwargs=_pesan(_("Pesan kepada pelapor")),
            layanan=lambda p, u, d: services.pengaduan_send_message(
                pengaduan=p, by=u, isi=d["isi"]
            ),
            templat=True,
        ),
        _tombol(
            kode="pengaduan.catatan",
            slug="catatan",
            label=_("Catatan internal"),
            penjelasan=_("Hanya terlihat oleh petugas; tidak dikirim kepada pelapor."),
            kalimat=_("Catatan internal ditambahkan."),
            boleh=permissions.boleh_beri_catatan,
            form=PesanForm,
            form_kwargs=_pesan(_("Catatan internal")),
            layanan=lambda p, u, d: services.pengaduan_add_note(pengaduan=p, by=u, isi=d["isi"]),
        ),
        _tombol(
            kode="pengaduan.ditutup",
            slug="tutup",
            transisi="tutup",
            label=_("Tutup pengaduan"),
            penjelasan=_("Tutup pengaduan yang sudah dijawab."),
            kalimat=_("Pengaduan ditutup."),
            kalimat_publik=_("Laporan selesai."),
            form=KonfirmasiForm,
            layanan=lambda p, u, d: services.pengaduan_close(
                pengaduan=p, by=u, catatan=d["catatan"]
            ),
        ),
        _tombol(
            kode="pengaduan.duplikat",
            slug="duplikat",
            transisi="tandai_duplikat",
            label=_("Tandai duplikat"),
            penjelasan=_("Masalah yang sama sudah ditangani dengan nomor tiket lain."),
            kalimat=_("Ditandai sebagai duplikat dari {asli}."),
            kalimat_publik=_("Laporan yang sama sudah ditangani dengan nomor lain."),
            form=DuplikatForm,
            layanan=lambda p, u, d: services.pengaduan_mark_duplicate(
                pengaduan=p, by=u, nomor_asli=d["nomor_asli"], catatan=d["catatan"]
            ),
        ),
        _tombol(
            kode="pengaduan.diteruskan",
            slug="teruskan",
            transisi="teruskan",
            label=_("Teruskan ke instansi lain"),
            penjelasan=_("Bukan kewenangan instansi ini: pengaduan selesai di sini."),
            kalimat=_("Diteruskan ke {tujuan}."),
            kalimat_publik=_("Laporan diteruskan ke {tujuan}."),
            form=TeruskanForm,
            layanan=lambda p, u, d: services.pengaduan_forward(
                pengaduan=p, by=u, instansi_tujuan=d["instansi_tujuan"], pesan=d["pesan"]
            ),
        ),
        _tombol(
            kode="pengaduan.dihentikan",
            slug="hentikan",
            transisi="hentikan",
            label=_("Tidak dapat ditindaklanjuti"),
            penjelasan=_("Alasannya dikirim kepada pelapor."),
            kalimat=_("Dinyatakan tidak dapat ditindaklanjuti."),
            kalimat_publik=_("Laporan tidak dapat ditindaklanjuti."),
            form=PesanForm,
            form_kwargs=_pesan(_("Alasan (dikirim kepada pelapor)")),
            layanan=lambda p, u, d: services.pengaduan_stop(pengaduan=p, by=u, pesan=d["isi"]),
            templat=True,
            gaya="bahaya",
        ),
        # -- events of the history only -----------------------------------------------
        AksiPengaduan(
            kode="pengaduan.diajukan",
            label=_("Ajukan pengaduan"),
            kalimat=_("Pengaduan diajukan melalui website."),
            kalimat_publik=_("Laporan diterima."),
        ),
        AksiPengaduan(
            kode="pengaduan.dicatat",
            label=_("Catat pengaduan"),
            kalimat=_("Pengaduan dicatat dari saluran {saluran}."),
            kalimat_publik=_("Laporan diterima."),
        ),
        AksiPengaduan(
            kode="pengaduan.dikoordinasikan_eksternal",
            transisi="koordinasikan",
            label=_("Koordinasi dengan instansi lain"),
            kalimat=_("Dikoordinasikan dengan {tujuan}."),
            kalimat_publik=_("Laporan dikoordinasikan dengan {tujuan}."),
        ),
        AksiPengaduan(
            kode="pengaduan.dilengkapi_pelapor",
            transisi="dilengkapi_pelapor",
            label=_("Pelapor melengkapi"),
            kalimat=_("Pelapor mengirim kelengkapan; jam respons berjalan lagi."),
            kalimat_publik=_("Anda mengirim kelengkapan; penanganan dilanjutkan."),
        ),
        AksiPengaduan(
            kode="pengaduan.ditutup_otomatis",
            transisi="tutup_otomatis",
            label=_("Tutup otomatis"),
            kalimat=_("Pengaduan ditutup otomatis setelah masa tanggapan lewat."),
            kalimat_publik=_("Laporan selesai (masa tanggapan telah lewat)."),
        ),
        AksiPengaduan(
            kode="pengaduan.dikonfirmasi_pelapor",
            transisi="dikonfirmasi_pelapor",
            label=_("Pelapor menyatakan selesai"),
            kalimat=_("Pelapor menyatakan permasalahan selesai."),
            kalimat_publik=_("Anda menyatakan permasalahan selesai."),
        ),
        AksiPengaduan(
            kode="pengaduan.dibuka_kembali",
            transisi="buka_kembali",
            label=_("Pelapor membuka kembali"),
            kalimat=_("Pelapor membuka kembali pengaduan."),
            kalimat_publik=_("Anda membuka kembali laporan."),
        ),
        AksiPengaduan(
            kode="pengaduan.dibalas_pelapor",
            label=_("Pelapor membalas"),
            kalimat=_("Pelapor mengirim pesan."),
        ),
        AksiPengaduan(
            kode="pengaduan.dinilai",
            label=_("Pelapor menilai"),
            kalimat=_("Pelapor memberi penilaian kepuasan."),
        ),
        AksiPengaduan(
            kode="pengaduan.pengingat",
            label=_("Kirim pengingat"),
            kalimat=_("Pengingat dikirim: {jenis}."),
        ),
        AksiPengaduan(
            kode="pengaduan.lampiran_dihapus_retensi",
            label=_("Terapkan jadwal retensi"),
            kalimat=_("{jumlah} lampiran dihapus sesuai jadwal retensi."),
        ),
    ]
)


def aksi_pengaduan(kode: str) -> AksiPengaduan | None:
    a = DAFTAR_AKSI.dari_kode(kode)
    return a if isinstance(a, AksiPengaduan) else None


def kode_transisi(transisi: str) -> str:
    """The code a transition's history row shows when the row names none (the
    first entry of the registry taking it)."""
    return next((a.kode for a in DAFTAR_AKSI if a.transisi == transisi), f"pengaduan.{transisi}")


class _Isian(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "…"


def kalimat(kode: str, data: Data | None = None, *, publik: bool = False) -> str | None:
    """The history's sentence of `kode` filled with the event's data: the
    staff's, or the citizen's (None: the citizen is not shown this event). An
    unknown code reads as itself."""
    a = aksi_pengaduan(kode)
    if a is None:
        return None if publik else kode
    teks = a.kalimat_publik if publik else a.kalimat
    if not teks:
        return None
    isian = _Isian({k: str(v) for k, v in (data or {}).items()})
    return str(teks).format_map(isian).replace("..", ".")  # "S.Tr.Sos." before the final "."
