"""The sweep map: every staff URL with its kwargs and POST payloads, and the
helpers that read responses and snapshot the database."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pengaduan.models import Pengaduan, TemplatBalasan
from pengaduan.views_staf import AKSI as AKSI_PENGADUAN
from rujukan.models import BerkasItem, Dokumen, Rujukan
from rujukan.views.tindakan import AKSI as AKSI_RUJUKAN
from rujukan.views.tindakan import jejak
from tests.akses.data import (
    NAMESPACE_STAF,
    PELAPOR_EMAIL,
    PELAPOR_NAMA,
    PELAPOR_TELEPON,
    PUBLIK,
    Data,
    digits,
)
from tests.rujukan.factories import (
    nik,
    no_kk,
)


def url_staf() -> dict[str, str]:
    """name -> route of every named URL in the staff namespaces (admin is out of scope)."""
    out: dict[str, str] = {}

    def walk(patterns, ns: list[str], prefix: str):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(
                    p.url_patterns,
                    ns + [p.namespace] if p.namespace else ns,
                    prefix + str(p.pattern),
                )
            elif isinstance(p, URLPattern) and p.name and ns:
                out[":".join([*ns, p.name])] = prefix + str(p.pattern)

    walk(get_resolver().url_patterns, [], "/")
    return {n: r for n, r in out.items() if n.split(":")[0] in NAMESPACE_STAF and n not in PUBLIK}


@dataclass(frozen=True)
class Sasaran:
    """One staff URL with its kwargs. `dalam`: the insider who gets 200 (self-check);
    `aksi`: the URL changes data on POST (405 is then no answer for an outsider);
    `panti`: maria may open it (200, or a redirect to her panti page)."""

    nama: str
    kwargs: dict
    dalam: str | None = None
    aksi: bool = False
    panti: bool = False
    daftar: bool = False  # a list of the user's own office: 200 allowed, without office A's data
    hanya_post: bool = False  # GET answers 405 to everybody (the insider's check is that 405)
    post: Callable[[Data], dict] | None = None

    @property
    def url(self) -> str:
        return reverse(self.nama, kwargs=self.kwargs)

    def __str__(self) -> str:
        return f"{self.nama} {self.url}"


def _post_rujukan(r: Rujukan) -> Callable[[Data], dict]:
    """A POST an insider could send: valid for most actions, with the page's jejak."""

    def build(d: Data) -> dict:
        r.refresh_from_db()
        return {
            "jejak": jejak(r),
            "catatan": "Audit: tindakan tanpa hak.",
            # a valid choice of the pause form, and a valid free-text reason elsewhere
            "alasan": "pejabat_tidak_di_tempat",
            "keterangan": "Audit",
            "diterima": "1",
            "tanggal": dt.date.today().isoformat(),
            "narahubung": "Audit",
            "panti": d.panti_a.pk,
            "peksos": d.orang["bayu"].pk,
            "diantar_oleh": "dinas",
            "kondisi": "Audit",
            "kesimpulan_layak": "1",
            "kepada": "Audit",
            "perihal": "Audit",
            "isi": "Audit",
            "uraian": "Audit",
            "jenis": "kunjungan_rumah",
            "terpenuhi": "on",
        }

    return build


def _post_pengaduan(d: Data) -> dict:
    return {
        "catatan": "Audit: tindakan tanpa hak.",
        "isi": "Audit: tindakan tanpa hak.",
        "jenis_koordinasi": "internal",
        "bidang": "Rehabilitasi Sosial",
        "petugas": d.orang["bayu"].pk,
        "nomor_asli": d.pengaduan.nomor,
        "instansi_tujuan": "Dinas Kesehatan",
        "pesan": "Audit",
        "judul": "Audit",
        "status": "",
        "aktif": "on",
        "urutan": "0",
    }


def _post_lapangan(d: Data) -> dict:
    from lapangan.selectors import fakta_kelayakan

    fakta = {}
    for baris in fakta_kelayakan(d.a3):
        fakta[f"fakta_{baris.persyaratan.pk}"] = "ya"
        fakta[f"bukti_{baris.persyaratan.pk}"] = "Audit: dilihat langsung."
    return {
        **fakta,
        "kondisi_fisik": "Audit",
        "kondisi_mental": "Audit",
        "peksos": d.orang["bayu"].pk,
        "kesimpulan": "layak",
        "alasan": "Audit",
        "identitas_sesuai": "ya",
        "jenis": "kunjungan_rumah",
        "tanggal": dt.date.today().isoformat(),
        "uraian": "Audit: kunjungan tanpa hak.",
        "catatan": "Audit",
    }


def _post_catat(d: Data) -> dict:
    return {
        "saluran": "whatsapp",
        "diterima_pada": dt.datetime.now().strftime("%Y-%m-%dT%H:%M"),
        "jenis": "pengaduan",
        "layanan": d.layanan.pk,  # office A's service
        "judul": "Audit",
        "uraian": "Audit: pengaduan dicatat ke kantor lain.",
        "nama": "Audit",
    }


def _post_registrasi(d: Data) -> dict:
    return {
        "nama": "Audit Klien",
        "nik": nik(dt.date(1950, 1, 1)),
        "no_kk": no_kk(),
        "alamat": "Audit",
        "pemohon_jenis": "keluarga",
        "pemohon_nama": "Audit",
        "pemohon_telepon": "081234567899",
        "konfirmasi_kasus_terbuka": "on",
    }


def _jenis_pratinjau(r: Rujukan) -> list[str]:
    return list(r.alur.produk_disetujui)


def _undangan_loket(d: Data) -> int:
    """A survey office A's front desk opened for a walk-in citizen."""
    from survei.models import UndanganSurvei

    u, _ = UndanganSurvei.objects.get_or_create(
        asal="loket", instansi=d.instansi, layanan=d.layanan, used_at=None
    )
    return u.pk


def _foto_a2(d: Data) -> int:
    """A home-visit photo on A2 (waiting for dewi's paraf), for the approver's
    photo view: the field photo of A1's file, recorded once on an activity of A2."""
    from lapangan.models import Dokumentasi
    from rujukan.models import Kegiatan

    ada = Dokumentasi.objects.filter(rujukan=d.a2).order_by("pk").first()
    if ada is not None:
        return ada.pk
    kegiatan = Kegiatan.objects.create(
        rujukan=d.a2,
        jenis="kunjungan_rumah",
        tanggal=dt.date.today(),
        uraian="Kunjungan rumah.",
        oleh=d.dokumentasi.diunggah_oleh,
    )
    foto = d.dokumentasi
    return Dokumentasi.objects.create(
        rujukan=d.a2,
        kegiatan=kegiatan,
        jenis=foto.jenis,
        berkas=foto.berkas.name,
        kecil=foto.kecil.name,
        mime=foto.mime,
        ukuran=foto.ukuran,
        diunggah_oleh=foto.diunggah_oleh,
    ).pk


# Each staff URL name -> the targets built from the dataset. A new staff URL must be added here.
PETA: dict[str, Callable[[Data], list[Sasaran]]] = {
    "survei:loket": lambda d: [
        Sasaran(
            "survei:loket",
            {},
            "rina",
            aksi=True,
            daftar=True,
            post=lambda d: {"layanan": d.layanan.pk},
        )
    ],
    "survei:loket_undangan": lambda d: [
        Sasaran("survei:loket_undangan", {"pk": _undangan_loket(d)}, "rina")
    ],
    "survei:laporan": lambda d: [Sasaran("survei:laporan", {}, "yusuf", daftar=True)],
    "survei:laporan_xlsx": lambda d: [Sasaran("survei:laporan_xlsx", {}, "hasan", daftar=True)],
    "staf:beranda": lambda d: [Sasaran("staf:beranda", {}, "hasan", panti=True, daftar=True)],
    "kinerja:dasbor": lambda d: [Sasaran("kinerja:dasbor", {}, "hasan", daftar=True)],
    "rujukan:daftar": lambda d: [Sasaran("rujukan:daftar", {}, "rina", daftar=True)],
    "rujukan:baru": lambda d: [Sasaran("rujukan:baru", {}, "rina", daftar=True)],
    # the kelurahan operator's pages: his own requests only
    "rujukan:online": lambda d: [Sasaran("rujukan:online", {}, "andi", daftar=True)],
    "rujukan:online_baru": lambda d: [Sasaran("rujukan:online_baru", {}, "andi", daftar=True)],
    "rujukan:online_formulir": lambda d: [
        Sasaran("rujukan:online_formulir", {"layanan": d.layanan.pk}, "andi", aksi=True)
    ],
    "rujukan:online_formulir_sub": lambda d: [
        Sasaran(
            "rujukan:online_formulir_sub",
            {"layanan": d.sub.layanan_id, "sub": d.sub.pk},
            "andi",
            aksi=True,
        )
    ],
    "rujukan:online_unduh": lambda d: [
        Sasaran(
            "rujukan:online_unduh",
            {"pk": d.online.pk, "dokumen": d.online.dokumen.get(jenis="tanda_terima").pk},
            "andi",
        )
    ],
    "rujukan:arsip": lambda d: [Sasaran("rujukan:arsip", {}, "rina", daftar=True)],
    "rujukan:arsip_ekspor": lambda d: [
        Sasaran("rujukan:arsip_ekspor", {"format": f}, "hasan", daftar=True)
        for f in ("csv", "xlsx")
    ],
    "rujukan:rekap": lambda d: [Sasaran("rujukan:rekap", {}, "dewi", daftar=True)],
    "rujukan:rekap_unduh": lambda d: [
        Sasaran("rujukan:rekap_unduh", {"format": f}, "lestari", daftar=True)
        for f in ("csv", "xlsx", "pdf")
    ],
    "rujukan:ekspor_klien": lambda d: [
        Sasaran(
            "rujukan:ekspor_klien",
            {"pk": d.a1.klien_id},
            "hasan",
            aksi=True,
            post=lambda d: {"dasar": "Audit: ekspor data klien tanpa hak."},
        )
    ],
    "rujukan:registrasi": lambda d: [
        Sasaran(
            "rujukan:registrasi",
            {"layanan": d.layanan.pk},
            "rina",
            aksi=True,
            post=_post_registrasi,
        )
    ],
    "rujukan:registrasi_sub": lambda d: [
        Sasaran(
            "rujukan:registrasi_sub",
            {"layanan": d.sub.layanan_id, "sub": d.sub.pk},
            "rina",
            aksi=True,
            post=_post_registrasi,
        )
    ],
    "rujukan:panti_daftar": lambda d: [
        Sasaran("rujukan:panti_daftar", {}, "maria", panti=True, daftar=True)
    ],
    "rujukan:panti_detail": lambda d: [
        Sasaran(
            "rujukan:panti_detail",
            {"pk": d.pengajuan_b.pk},
            "maria",
            aksi=True,
            panti=True,
            post=_post_rujukan(d.a1),
        ),
        Sasaran(
            "rujukan:panti_detail", {"pk": d.pengajuan_a.pk}, aksi=True, post=_post_rujukan(d.a1)
        ),
    ],
    "rujukan:panti_lampiran": lambda d: [
        Sasaran(
            "rujukan:panti_lampiran",
            {"pk": d.pengajuan_b.pk, "item": d.pengajuan_b.lampiran.order_by("pk").first().pk},
            "maria",
            panti=True,
        ),
    ],
    "rujukan:persetujuan": lambda d: [Sasaran("rujukan:persetujuan", {}, "dewi", daftar=True)],
    "rujukan:persetujuan_bersama": lambda d: [
        Sasaran(
            "rujukan:persetujuan_bersama",
            {},
            "dewi",
            aksi=True,
            hanya_post=True,
            post=lambda d: {"pilih": [d.a2.pk], "kata_sandi": "salah"},
        )
    ],
    "rujukan:persetujuan_periksa": lambda d: [
        Sasaran(
            "rujukan:persetujuan_periksa",
            {"pk": d.a2.pk},
            "dewi",
            aksi=True,
            post=_post_rujukan(d.a2),
        )
    ],
    "rujukan:persetujuan_foto": lambda d: [
        Sasaran("rujukan:persetujuan_foto", {"pk": d.a2.pk, "dok": _foto_a2(d)}, "dewi")
    ],
    "rujukan:detail": lambda d: [
        Sasaran("rujukan:detail", {"pk": d.a1.pk}, "rina", panti=True),
        Sasaran("rujukan:detail", {"pk": d.a2.pk}, "dewi"),
    ],
    "rujukan:aksi": lambda d: [
        Sasaran(
            "rujukan:aksi",
            {"pk": r.pk, "kode": kode},
            dalam,
            aksi=True,
            post=_post_rujukan(r),
        )
        for r, siap in (
            (d.a1, {"jawaban-panti": "bima", "tarik": "rina"}),
            (d.a2, {"setujui": "dewi", "jeda": "hasan"}),
        )
        for kode in AKSI_RUJUKAN
        for dalam in [siap.get(kode)]
    ],
    "rujukan:selesaikan_langkah": lambda d: [
        Sasaran(
            "rujukan:selesaikan_langkah",
            {"pk": d.a1.pk, "langkah": d.a1.langkah_kasus.order_by("urutan").first().pk},
            "rina",
            aksi=True,
            hanya_post=True,
            post=lambda d: {"catatan": "Audit: tindakan tanpa hak."},
        )
    ],
    "rujukan:kembalikan_langkah": lambda d: [
        Sasaran(
            "rujukan:kembalikan_langkah",
            {"pk": d.a1.pk, "langkah": d.a1.langkah_kasus.order_by("urutan").first().pk},
            "rina",
            aksi=True,
            hanya_post=True,
            post=lambda d: {"catatan": "Audit: tindakan tanpa hak.", "jejak": ""},
        )
    ],
    "rujukan:berkas_periksa": lambda d: [
        Sasaran(
            "rujukan:berkas_periksa",
            {"pk": d.a1.pk, "item": b.pk},
            "bima",
            aksi=True,
            post=_post_rujukan(d.a1),
        )
        for b in d.a1.berkas.order_by("pk")[:2]
    ],
    "rujukan:unduh_berkas": lambda d: [
        Sasaran("rujukan:unduh_berkas", {"pk": d.a1.pk, "item": b.pk}, "rina")
        for b in d.a1.berkas.exclude(berkas="").order_by("pk")
    ],
    "rujukan:unduh_dokumen": lambda d: [
        Sasaran(
            "rujukan:unduh_dokumen",
            {"pk": dok.rujukan_id, "dokumen": dok.pk},
            "rina",
            panti=dok.pk == d.pengajuan_b.dokumen_id,
        )
        for dok in Dokumen.objects.filter(rujukan__in=[d.a1, d.a2]).order_by("pk")
    ],
    "rujukan:ubah_dokumen": lambda d: [
        Sasaran(
            "rujukan:ubah_dokumen",
            {"pk": d.a1.pk, "dokumen": d.pengajuan_b.dokumen_id, "kode": kode},
            "yusuf",  # the Kepala Dinas signs letters to a panti
            aksi=True,
            post=_post_rujukan(d.a1),
        )
        for kode in ("cabut", "terbitkan-ulang")
    ],
    "rujukan:unduh_surat_panti": lambda d: [
        Sasaran(
            "rujukan:unduh_surat_panti", {"pk": d.a1.pk, "pengajuan": d.pengajuan_a.pk}, "rina"
        ),
    ],
    "rujukan:pratinjau": lambda d: [
        Sasaran("rujukan:pratinjau", {"pk": d.a2.pk, "jenis": j}, "dewi")
        for j in _jenis_pratinjau(d.a2)
    ],
    "lapangan:saya": lambda d: [Sasaran("lapangan:saya", {}, "bima", daftar=True)],
    # the field pages' service worker: code only, no data of any office
    "lapangan:sw": lambda d: [Sasaran("lapangan:sw", {}, "bima", daftar=True)],
    "lapangan:penugasan": lambda d: [Sasaran("lapangan:penugasan", {}, "hasan", daftar=True)],
    "lapangan:cari_dtks": lambda d: [Sasaran("lapangan:cari_dtks", {}, "rina", daftar=True)],
    "lapangan:kasus": lambda d: [Sasaran("lapangan:kasus", {"pk": d.a1.pk}, "bima")],
    "lapangan:tugaskan": lambda d: [
        Sasaran("lapangan:tugaskan", {"pk": d.a1.pk}, "hasan", aksi=True, post=_post_lapangan)
    ],
    "lapangan:asesmen": lambda d: [
        Sasaran("lapangan:asesmen", {"pk": d.a1.pk}, aksi=True, post=_post_lapangan),
        Sasaran("lapangan:asesmen", {"pk": d.a3.pk}, "bima", aksi=True, post=_post_lapangan),
    ],
    "lapangan:kegiatan": lambda d: [
        Sasaran("lapangan:kegiatan", {"pk": d.a1.pk}, "bima", aksi=True, post=_post_lapangan)
    ],
    "lapangan:lapor_pendampingan": lambda d: [
        Sasaran(
            "lapangan:lapor_pendampingan",
            {"pk": d.a1.pk},
            "bima",
            aksi=True,
            hanya_post=True,
            post=_post_lapangan,
        )
    ],
    "lapangan:periksa_dtks": lambda d: [
        Sasaran("lapangan:periksa_dtks", {"pk": d.a1.pk}, "rina", aksi=True, post=_post_lapangan)
    ],
    "lapangan:dokumentasi": lambda d: [
        Sasaran("lapangan:dokumentasi", {"pk": d.a1.pk, "dok": d.dokumentasi.pk}, "bima")
    ],
    "lapangan:dokumentasi_kecil": lambda d: [
        Sasaran("lapangan:dokumentasi_kecil", {"pk": d.a1.pk, "dok": d.dokumentasi.pk}, "bima")
    ],
    "pengaduan:daftar": lambda d: [Sasaran("pengaduan:daftar", {}, "rina", daftar=True)],
    "pengaduan:catat": lambda d: [
        Sasaran("pengaduan:catat", {}, "rina", aksi=True, daftar=True, post=_post_catat)
    ],
    "pengaduan:detail": lambda d: [Sasaran("pengaduan:detail", {"pk": d.pengaduan.pk}, "hasan")],
    "pengaduan:aksi": lambda d: [
        Sasaran(
            "pengaduan:aksi",
            {"pk": d.pengaduan.pk, "slug": slug},
            "hasan" if slug == "catatan" else None,
            aksi=True,
            post=_post_pengaduan,
        )
        for slug in AKSI_PENGADUAN
    ],
    "pengaduan:lampiran": lambda d: [Sasaran("pengaduan:lampiran", {"pk": d.lampiran.pk}, "hasan")],
    "pengaduan:templat_daftar": lambda d: [
        Sasaran("pengaduan:templat_daftar", {}, "lestari", daftar=True)
    ],
    "pengaduan:templat_baru": lambda d: [
        Sasaran("pengaduan:templat_baru", {}, "lestari", aksi=True, post=_post_pengaduan)
    ],
    "pengaduan:templat_ubah": lambda d: [
        Sasaran(
            "pengaduan:templat_ubah",
            {"pk": d.templat.pk},
            "lestari",
            aksi=True,
            post=_post_pengaduan,
        )
    ],
}


def semua_sasaran(d: Data) -> list[Sasaran]:
    out = []
    for nama in sorted(url_staf()):
        out.extend(PETA[nama](d))
    return out


# -- the citizen's pages (namespace warga) -------------------------------------------------------
# Not staff pages: who may open each. "publik": anyone (the login steps);
# "warga": only a citizen logged in by a code or an e-mail link (a staff login
# is none), and only for their own case or letter (anyone else's id: 404).
# tests/akses/test_warga.py sweeps them; a new warga URL must be listed here.
def sasaran_warga(d: Data) -> dict[str, tuple[str, dict]]:
    tanda_terima = d.a1.dokumen.get(jenis="tanda_terima")
    return {
        "warga:masuk": ("publik", {}),
        "warga:kode": ("publik", {}),
        "warga:tautan": ("publik", {"token": "bukan-token"}),
        "warga:keluar": ("publik", {}),
        "warga:beranda": ("warga", {}),
        "warga:kabar": ("warga", {}),
        "warga:lengkapi": ("warga", {"pk": d.a1.pk}),
        "warga:surat": ("warga", {"pk": tanda_terima.pk}),
        "warga:pengaduan": ("warga", {"pk": d.pengaduan.pk}),  # anonymous: never opened
        # a request of the citizen's own (h_online's form, for a logged-in citizen)
        "warga:ajukan": ("warga", {}),
        "warga:ajukan_formulir": ("warga", {"layanan": d.layanan.pk}),
        "warga:ajukan_formulir_sub": ("warga", {"layanan": d.sub.layanan_id, "sub": d.sub.pk}),
    }


# -- helpers -------------------------------------------------------------------------------------
def isi_respons(resp) -> bytes:
    if getattr(resp, "streaming", False):
        return b"".join(resp.streaming_content)
    return resp.content


def teks_respons(resp) -> str:
    """The text a reader sees: HTML as is, a PDF through pdftotext."""
    body = isi_respons(resp)
    if body.startswith(b"%PDF"):
        out = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=body, capture_output=True, check=True
        )
        return out.stdout.decode("utf-8", "replace")
    return body.decode("utf-8", "replace")


def potret() -> dict:
    """Row counts of every model of the portal's apps, and the state of each case and complaint."""
    out: dict = {}
    for label in ("layanan", "rujukan", "lapangan", "pengaduan", "django_fsm_log"):
        for model in apps.get_app_config(label).get_models():
            out[model._meta.label] = model.objects.count()
    out["rujukan"] = sorted(
        Rujukan.objects.values_list("pk", "status", "peksos_id", "panti_tujuan_id", "dijeda")
    )
    out["pengaduan"] = sorted(Pengaduan.objects.values_list("pk", "status", "petugas_id"))
    out["templat"] = sorted(TemplatBalasan.objects.values_list("pk", "judul", "isi", "aktif"))
    out["berkas"] = sorted(
        BerkasItem.objects.values_list("pk", "terpenuhi", "berlaku", "catatan", "berkas")
    )
    return out


def bocoran(teks: str, penanda: dict[str, str]) -> list[str]:
    return [label for label, nilai in penanda.items() if nilai and nilai in teks]


def _pelapor() -> dict[str, str]:
    return {
        "nama pelapor": PELAPOR_NAMA,
        "telepon pelapor": PELAPOR_TELEPON,
        "telepon pelapor (angka)": digits(PELAPOR_TELEPON),
        "email pelapor": PELAPOR_EMAIL,
    }
