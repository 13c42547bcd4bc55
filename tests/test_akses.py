"""Access sweep over the URL configuration (UU 27/2022 on personal data).

Every URL of the staff namespaces (rujukan, lapangan, pengaduan, staf) is
visited with kwargs filled from one realistic dataset of office A, built
through the apps' own services: a Banjarmasin case waiting for a panti (berkas
uploads, receipt and proposal letters, an assessment and an activity with
photos, a refused proposal with the panti's letter), a case of a second
standard waiting for the Koordinator's paraf, an anonymous complaint with a
photo, a reply template and a DTKS row.

- anonymous: sent to the login page (or 403/404), never 200/500;
- the Kabid of another instansi: 403/404, or a list of his own office that
  shows nothing of office A; POSTs change nothing;
- the panti user: only the panti pages of her own panti;
- roles without the permission: refused, or the page hides the data;
- the public pages (catalog, standard and its PDF, tracking) show no NIK, KK,
  phone or address of the klien, and nothing of an anonymous reporter.

Self-checks keep the sweep honest: each staff URL gets a 200 for an insider
with the same kwargs, and the sweep must visit a minimum number of URLs.
A new staff URL without an entry in PETA fails the first test.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from PIL import Image

from lapangan import services as ls
from lapangan.models import Dokumentasi
from layanan.models import Instansi, KategoriPPKS, Layanan, Panti, Peran, SubLayanan
from pengaduan import services as ps
from pengaduan.models import Lampiran, Pengaduan, TemplatBalasan
from pengaduan.views_staf import AKSI as AKSI_PENGADUAN
from rujukan import services as rs
from rujukan.models import BerkasItem, Dokumen, PengajuanPanti, Rujukan, Status
from rujukan.services import DataKlien, DataPemohon
from rujukan.views.tindakan import AKSI as AKSI_RUJUKAN
from rujukan.views.tindakan import jejak
from tests.factories import make_user
from tests.lapangan.factories import dokumen_semua
from tests.rujukan.factories import (
    kasus_di_persetujuan,
    nik,
    no_kk,
    pdf,
    staf_untuk,
    standar_sederhana,
)

pytestmark = pytest.mark.django_db

NAMESPACE_STAF = {"rujukan", "lapangan", "pengaduan", "staf"}
# Pages of these namespaces meant for citizens (no login); checked for personal data instead.
PUBLIK = {
    "rujukan:lacak",
    "pengaduan:baru",
    "pengaduan:tanda_terima",
    "pengaduan:lacak",
    "pengaduan:lacak_keluar",
    "pengaduan:lacak_detail",
    "pengaduan:lacak_balas",
    "pengaduan:lacak_buka_kembali",
    "pengaduan:lacak_selesai",
    "pengaduan:lacak_nilai",
}
MIN_URL_DIKUNJUNGI = 60  # (persona, URL) pairs per sweep; the dataset yields more

# Office A's personal data: distinctive values so that a hit is never a coincidence.
KLIEN_NAMA = "Mardiyah Binti Salamuddin"
KLIEN_ALAMAT = "Jl. Kelayan B Gg. Purnama No. 17 RT 009"
PEMOHON_NAMA = "Abdul Karim Hidayatullah"
PEMOHON_TELEPON = "0812 7788 9901"
PEMOHON_ALAMAT = "Jl. Kelayan B Gg. Purnama No. 21"
PELAPOR_NAMA = "Ratna Kusumawardani"
PELAPOR_TELEPON = "0857 1122 3346"
PELAPOR_EMAIL = "ratna.kusuma.rahasia@example.com"
DTKS_NAMA = "Mardiyah Salamuddin (DTKS)"
TEMPLAT_JUDUL = "Templat Audit Kantor A"


def digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def jpeg(nama: str = "foto.jpg") -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 80, 40)).save(buf, "JPEG")
    return SimpleUploadedFile(nama, buf.getvalue(), content_type="image/jpeg")


@dataclass
class Data:
    instansi: Instansi
    lain: Instansi
    layanan: Layanan
    orang: dict[str, User]  # persona name -> user
    a1: Rujukan  # Banjarmasin case waiting for panti B (maria's)
    a2: Rujukan  # second standard, waiting for the Koordinator's paraf
    a3: Rujukan  # Banjarmasin case at field verification (the assessment page opens)
    kode_lacak: str
    sub: SubLayanan  # a sub-service of a third standard (the intake URL with a sub)
    panti_a: Panti
    panti_b: Panti
    pengajuan_a: PengajuanPanti  # refused by panti A, with its letter
    pengajuan_b: PengajuanPanti  # waiting, to maria's panti
    dokumentasi: Dokumentasi
    pengaduan: Pengaduan  # anonymous, with a photo, disposed to the peksos
    kode_pengaduan: str
    lampiran: Lampiran
    templat: TemplatBalasan
    nik: str
    no_kk: str
    rahasia: dict[str, str] = field(default_factory=dict)  # label -> raw value

    def penanda_kantor_a(self) -> dict[str, str]:
        """Strings only office A's pages may show."""
        return {
            "nama klien": KLIEN_NAMA,
            "NIK": self.nik,
            "KK": self.no_kk,
            "nomor registrasi A1": self.a1.nomor_registrasi,
            "nomor registrasi A2": self.a2.nomor_registrasi,
            "nomor pengaduan": self.pengaduan.nomor,
            "nama DTKS": DTKS_NAMA,
            "templat": TEMPLAT_JUDUL,
        }


def bangun_data() -> Data:
    """Office A (Kota Banjarmasin, from the published standards) with one of
    everything a staff page can show; office B (Kota Depok) with its own Kabid."""
    call_command("muat_standar", verbosity=0, stdout=io.StringIO())
    layanan = Layanan.objects.get(instansi__slug="banjarmasin")
    instansi = layanan.instansi
    lain = Instansi.objects.get(slug="depok")
    panti_a = Panti.objects.create(
        instansi=instansi, nama="Panti Sosial Tresna Werdha Budi Sejahtera", jenis="panti"
    )
    panti_b = Panti.objects.create(
        instansi=instansi, nama="Panti Sosial Bina Laras Martapura", jenis="panti"
    )
    staf = staf_untuk(instansi, panti=panti_b)
    orang = {
        "rina": staf.loket,
        "bima": staf.peksos,
        "dewi": staf.koordinator,
        "hasan": staf.kabid,
        "yusuf": staf.kadis,
        "maria": staf.panti,
        "lestari": make_user("lestari-a", instansi=instansi, peran=Peran.ADMIN_INSTANSI),
        "bayu": make_user("bayu-a", instansi=instansi, peran=Peran.PEKERJA_SOSIAL),
        "joko": make_user("joko-b", instansi=lain, peran=Peran.KEPALA_BIDANG),
        "sari": make_user("sari-b", instansi=lain, peran=Peran.PETUGAS_LOKET),
    }
    nik_klien = nik(dt.date(1950, 2, 3), perempuan=True)
    kk_klien = no_kk()
    hasil = rs.rujukan_register(
        by=staf.loket,
        layanan=layanan,
        klien=DataKlien(
            nama=KLIEN_NAMA,
            nik=nik_klien,
            no_kk=kk_klien,
            tempat_lahir="Banjarmasin",
            alamat=KLIEN_ALAMAT,
            kelurahan="Kelayan Barat",
            kecamatan="Banjarmasin Selatan",
        ),
        pemohon=DataPemohon(
            jenis="rt_rw",
            nama=PEMOHON_NAMA,
            lembaga="Ketua RT 009",
            hubungan="tetangga",
            telepon=PEMOHON_TELEPON,
            alamat=PEMOHON_ALAMAT,
        ),
        kategori_ppks=KategoriPPKS.objects.filter(nama__icontains="lanjut usia").first(),
        ringkasan="Lansia tinggal sendiri di rumah panggung, tidak ada yang merawat.",
        berkas=dokumen_semua(layanan),
    )
    r = rs.rujukan_start_check(rujukan=hasil.rujukan, by=staf.loket)
    r = rs.rujukan_accept_berkas(rujukan=r, by=staf.loket)
    r = rs.rujukan_assign_peksos(rujukan=r, by=staf.kabid, peksos=staf.peksos)
    asesmen = ls.lapangan_simpan_asesmen(
        rujukan=r,
        by=staf.peksos,
        data=ls.DataAsesmen(
            kesimpulan_layak=True,
            alasan="Lansia terlantar, tidak ada keluarga yang merawat.",
            instrumen={"kondisi_fisik": "Demensia ringan, berjalan dengan tongkat."},
        ),
        foto=[jpeg("asesmen.jpg")],
    )
    r = asesmen.rujukan
    assert r.status == Status.PENGAJUAN_PANTI, r.status
    ls.lapangan_catat_kegiatan(
        rujukan=r,
        by=staf.peksos,
        data=ls.DataKegiatan(
            jenis="kunjungan_rumah",
            tanggal=dt.date.today(),
            uraian="Kunjungan rumah bersama ketua RT.",
        ),
        foto=[jpeg("kunjungan.jpg")],
    )
    pengajuan_a = rs.rujukan_send_to_panti(rujukan=r, by=staf.peksos, panti=panti_a)
    r = rs.rujukan_panti_answer(
        rujukan=r,
        by=staf.peksos,
        diterima=False,
        tanggal=dt.date.today(),
        narahubung="Ibu Rahma",
        catatan="Kapasitas penuh.",
        surat=pdf("jawaban-panti.pdf"),
    )
    pengajuan_b = rs.rujukan_send_to_panti(rujukan=r, by=staf.peksos, panti=panti_b)
    r.refresh_from_db()
    assert r.status == Status.MENUNGGU_PANTI, r.status

    a2 = kasus_di_persetujuan(standar_sederhana(instansi), staf, paraf=False)
    assert a2.status == Status.PERSETUJUAN
    a3 = rs.rujukan_register(
        by=staf.loket,
        layanan=layanan,
        klien=DataKlien(nama="Salamah Binti Jumri", nik=nik(dt.date(1948, 5, 6), perempuan=True)),
        pemohon=DataPemohon(jenis="keluarga", nama="Jumri", telepon="081299887766"),
        berkas=dokumen_semua(layanan),
    ).rujukan
    a3 = rs.rujukan_start_check(rujukan=a3, by=staf.loket)
    a3 = rs.rujukan_accept_berkas(rujukan=a3, by=staf.loket)
    a3 = rs.rujukan_assign_peksos(rujukan=a3, by=staf.kabid, peksos=staf.peksos)
    assert a3.status == Status.VERIFIKASI, a3.status
    sub = SubLayanan.objects.create(layanan=standar_sederhana(instansi), nama="Bantuan pendidikan")

    ls.dtks_impor(
        instansi=instansi,
        berkas=(
            "nik;nama;alamat;desil;tanggal_data\n"
            f"{nik_klien};{DTKS_NAMA};{KLIEN_ALAMAT};1;2026-01-15\n"
        ).encode(),
        by=orang["lestari"],
    )

    p, kode = ps.pengaduan_ajukan(
        kunci_klien="audit-klien",
        instansi=instansi,
        layanan=layanan,
        jenis="pengaduan",
        judul="Petugas loket tidak ramah",
        uraian="Saya dibentak petugas loket saat menanyakan bantuan untuk nenek.",
        anonim=True,
        nama=PELAPOR_NAMA,
        telepon=PELAPOR_TELEPON,
        email=PELAPOR_EMAIL,
        berkas=[jpeg("bukti-ratna.jpg")],
    )
    ps.pengaduan_mulai_cek(pengaduan=p, by=staf.loket)
    ps.pengaduan_disposisi(
        pengaduan=p, by=staf.kabid, jenis_koordinasi="internal", petugas=staf.peksos
    )
    p.refresh_from_db()
    templat = ps.templat_simpan(
        by=orang["lestari"],
        templat=None,
        judul=TEMPLAT_JUDUL,
        isi="Terima kasih, pengaduan {nomor} sedang kami tangani.",
    )
    return Data(
        instansi=instansi,
        lain=lain,
        layanan=layanan,
        orang=orang,
        a1=r,
        a2=a2,
        a3=a3,
        kode_lacak=hasil.kode_lacak,
        sub=sub,
        panti_a=panti_a,
        panti_b=panti_b,
        pengajuan_a=pengajuan_a,
        pengajuan_b=pengajuan_b,
        dokumentasi=Dokumentasi.objects.filter(rujukan=r).order_by("pk").first(),
        pengaduan=p,
        kode_pengaduan=kode,
        lampiran=p.lampiran.get(),
        templat=templat,
        nik=nik_klien,
        no_kk=kk_klien,
        rahasia={
            "NIK klien": nik_klien,
            "KK klien": kk_klien,
            "telepon pemohon": PEMOHON_TELEPON,
            "telepon pemohon (angka)": digits(PEMOHON_TELEPON),
            "alamat klien": KLIEN_ALAMAT,
            "alamat pemohon": PEMOHON_ALAMAT,
        },
    )


# -- the URL map -------------------------------------------------------------------------------
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
            "note": "Audit: tindakan tanpa hak.",
            "reason": "Audit: tindakan tanpa hak.",
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
            "catatan": "Audit",
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


# Each staff URL name -> the targets built from the dataset. A new staff URL must be added here.
PETA: dict[str, Callable[[Data], list[Sasaran]]] = {
    "staf:beranda": lambda d: [Sasaran("staf:beranda", {}, "hasan", panti=True, daftar=True)],
    "rujukan:daftar": lambda d: [Sasaran("rujukan:daftar", {}, "rina", daftar=True)],
    "rujukan:baru": lambda d: [Sasaran("rujukan:baru", {}, "rina", daftar=True)],
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


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


@pytest.fixture
def data(db) -> Data:
    return bangun_data()


# -- the map covers the URL configuration ----------------------------------------------------------
def test_every_staff_url_has_an_entry_in_the_sweep_map():
    urls = url_staf()
    tanpa_peta = sorted(set(urls) - set(PETA))
    assert not tanpa_peta, (
        "Staff URLs without an entry in tests/test_akses.py PETA (add one, with kwargs from the "
        f"dataset and the insider who may open it): {[f'{n} {urls[n]}' for n in tanpa_peta]}"
    )
    usang = sorted(set(PETA) - set(urls))
    assert not usang, f"PETA names URLs that no longer exist: {usang}"
    assert len(urls) >= 30, sorted(urls)


def test_insiders_open_every_staff_url_of_the_sweep(client, data):
    """Self-check: the dataset gives every staff URL a page an insider can open,
    so the refusals below are refusals of real pages."""
    dibuka, gagal = set(), []
    for s in semua_sasaran(data):
        if s.dalam is None:
            continue
        client.force_login(data.orang[s.dalam])
        resp = client.get(s.url)
        body = isi_respons(resp)
        if s.hanya_post and resp.status_code == 405:
            dibuka.add(s.nama)
        elif resp.status_code != 200 or not body:
            gagal.append(f"{s} as {s.dalam}: {resp.status_code}")
        else:
            dibuka.add(s.nama)
    assert not gagal, "\n".join(gagal)
    assert dibuka == set(url_staf()), sorted(set(url_staf()) - dibuka)


def _sweep_get(client, data, user, periksa) -> tuple[int, list[str]]:
    if user is None:
        client.logout()
    else:
        client.force_login(user)
    n, gagal = 0, []
    for s in semua_sasaran(data):
        resp = client.get(s.url)
        n += 1
        masalah = periksa(s, resp)
        if masalah:
            gagal.append(f"{s}: {resp.status_code} {masalah}")
    return n, gagal


def test_anonymous_visitors_are_sent_to_the_login_page(client, data):
    login = resolve_url(settings.LOGIN_URL)

    def periksa(s, resp):
        if resp.status_code == 302:
            return "" if resp["Location"].startswith(login) else f"→ {resp['Location']}"
        return "" if resp.status_code in (403, 404) else "expected login redirect/403/404"

    n, gagal = _sweep_get(client, data, None, periksa)
    assert not gagal, "\n".join(gagal)
    assert n >= MIN_URL_DIKUNJUNGI, n


def test_kabid_of_another_instansi_sees_nothing_of_office_a(client, data):
    penanda = data.penanda_kantor_a()

    def periksa(s, resp):
        if resp.status_code in (403, 404):
            return ""
        if resp.status_code == 405 and (s.hanya_post or not s.aksi):
            return ""
        if resp.status_code == 200 and s.daftar:
            bocor = bocoran(teks_respons(resp), penanda)
            return f"shows office A's {bocor}" if bocor else ""
        return "expected 403/404"

    n, gagal = _sweep_get(client, data, data.orang["joko"], periksa)
    assert not gagal, "\n".join(gagal)
    assert n >= MIN_URL_DIKUNJUNGI, n


def test_kabid_of_another_instansi_finds_nothing_by_office_a_identifiers(client, data):
    """Search boxes of his own lists, fed office A's NIK, name and numbers."""
    client.force_login(data.orang["joko"])
    penanda = data.penanda_kantor_a()
    gagal = []
    # the case list and the DTKS lookup take their term by POST (a `q` in the URL is ignored)
    for url, kolom in (
        (reverse("rujukan:daftar") + "?tampilan=semua&q=", ""),
        (reverse("pengaduan:daftar") + "?selesai=on&q=", ""),
        (reverse("rujukan:daftar") + "?tampilan=semua", "q"),
        (reverse("lapangan:cari_dtks"), "nik"),
    ):
        for nilai in (data.nik, KLIEN_NAMA, data.a1.nomor_registrasi, data.pengaduan.nomor):
            if kolom:
                resp = client.post(url, {kolom: nilai}, follow=True)
            else:
                resp = client.get(url + nilai)
            if resp.status_code == 200:
                bocor = bocoran(teks_respons(resp).replace(f'value="{nilai}"', ""), penanda)
                if bocor:
                    gagal.append(f"{url} {kolom}={nilai}: shows {bocor}")
            elif resp.status_code not in (400, 403, 404):
                gagal.append(f"{url} {kolom}={nilai}: {resp.status_code}")
    # the intake page of office B's front desk, prefilled with office A's klien or
    # searching her NIK/name
    client.force_login(data.orang["sari"])
    sub = SubLayanan.objects.filter(layanan__instansi=data.lain).first()
    intake = reverse("rujukan:registrasi_sub", args=[sub.layanan_id, sub.pk])
    assert client.get(intake).status_code == 200
    resp = client.get(f"{intake}?klien={data.a1.klien_id}")
    if resp.status_code not in (200, 400, 404) or bocoran(teks_respons(resp), penanda):
        gagal.append(f"{intake}?klien=: {resp.status_code} {bocoran(teks_respons(resp), penanda)}")
    for nilai in (data.nik, KLIEN_NAMA):  # the returning-klien lookup is posted
        resp = client.post(intake, {"cari": nilai}, follow=True)
        teks = teks_respons(resp).replace(f'value="{nilai}"', "")
        if resp.status_code not in (200, 400, 404) or bocoran(teks, penanda):
            gagal.append(f"{intake} cari={nilai}: {resp.status_code} {bocoran(teks, penanda)}")
    assert not gagal, "\n".join(gagal)


def test_panti_user_opens_only_the_pages_of_her_own_panti(client, data):
    def periksa(s, resp):
        if s.panti:
            if resp.status_code == 200:
                return ""
            if resp.status_code == 302 and resp["Location"] == reverse(
                "rujukan:panti_detail", args=[data.pengajuan_b.pk]
            ):
                return ""
            return "her panti's page should open"
        if resp.status_code in (403, 404):
            return ""
        if resp.status_code == 405 and (s.hanya_post or not s.aksi):
            return ""
        return "expected 403/404"

    n, gagal = _sweep_get(client, data, data.orang["maria"], periksa)
    assert not gagal, "\n".join(gagal)
    assert n >= MIN_URL_DIKUNJUNGI, n
    # her panti page shows the proposal, not the other panti's refusal letter or contact
    client.force_login(data.orang["maria"])
    html = client.get(reverse("rujukan:panti_detail", args=[data.pengajuan_b.pk])).content.decode()
    assert KLIEN_NAMA in html
    assert "Kapasitas penuh" not in html and "Ibu Rahma" not in html
    # only what the panti needs to decide: no identity numbers, phone or address
    assert bocoran(html, data.rahasia) == []


PERAN_TANPA_IZIN = [
    # (persona, url name, kwargs builder, what they lack)
    ("rina", "rujukan:aksi", lambda d: {"pk": d.a2.pk, "kode": "setujui"}, "approval"),
    ("bima", "rujukan:aksi", lambda d: {"pk": d.a2.pk, "kode": "setujui"}, "approval"),
    ("yusuf", "rujukan:aksi", lambda d: {"pk": d.a2.pk, "kode": "setujui"}, "not his chain step"),
    ("bima", "rujukan:baru", lambda d: {}, "intake"),
    ("bima", "rujukan:registrasi", lambda d: {"layanan": d.layanan.pk}, "intake"),
    ("dewi", "rujukan:registrasi", lambda d: {"layanan": d.layanan.pk}, "intake"),
    ("lestari", "rujukan:detail", lambda d: {"pk": d.a1.pk}, "case pages"),
    ("lestari", "rujukan:daftar", lambda d: {}, "case pages"),
    ("lestari", "rujukan:unduh_berkas", lambda d: {"pk": d.a1.pk, "item": 0}, "case files"),
    ("lestari", "pengaduan:detail", lambda d: {"pk": d.pengaduan.pk}, "complaints"),
    ("rina", "rujukan:panti_daftar", lambda d: {}, "panti login"),
    ("rina", "lapangan:kasus", lambda d: {"pk": d.a1.pk}, "not assigned, not supervisor"),
    ("bayu", "lapangan:kasus", lambda d: {"pk": d.a1.pk}, "another peksos's case"),
    ("yusuf", "lapangan:kasus", lambda d: {"pk": d.a1.pk}, "not a field supervisor"),
    ("bayu", "lapangan:dokumentasi", lambda d: {"pk": d.a1.pk, "dok": d.dokumentasi.pk}, "photo"),
    ("rina", "lapangan:penugasan", lambda d: {}, "assignment"),
    ("bima", "lapangan:tugaskan", lambda d: {"pk": d.a1.pk}, "assignment"),
    ("maria", "lapangan:cari_dtks", lambda d: {}, "DTKS"),
    ("lestari", "lapangan:periksa_dtks", lambda d: {"pk": d.a1.pk}, "file check"),
    ("bayu", "pengaduan:detail", lambda d: {"pk": d.pengaduan.pk}, "not disposed to him"),
    ("bayu", "pengaduan:lampiran", lambda d: {"pk": d.lampiran.pk}, "not disposed to him"),
    ("bima", "pengaduan:templat_daftar", lambda d: {}, "templates"),
    ("rina", "pengaduan:templat_ubah", lambda d: {"pk": d.templat.pk}, "templates"),
    ("yusuf", "pengaduan:catat", lambda d: {}, "intake of complaints"),
]


def test_roles_without_the_permission_are_refused(client, data):
    data.a1.berkas.exclude(berkas="").first()
    item = data.a1.berkas.exclude(berkas="").order_by("pk").first()
    gagal = []
    for persona, nama, kwargs, alasan in PERAN_TANPA_IZIN:
        kw = kwargs(data)
        if "item" in kw:
            kw["item"] = item.pk
        client.force_login(data.orang[persona])
        url = reverse(nama, kwargs=kw)
        resp = client.get(url)
        if resp.status_code not in (403, 404, 409):
            gagal.append(f"GET {url} as {persona} ({alasan}): {resp.status_code}")
    assert not gagal, "\n".join(gagal)


def test_handler_without_identity_permission_sees_the_complaint_but_not_the_reporter(client, data):
    """The peksos the anonymous complaint was disposed to: the page opens, the reporter does not."""
    client.force_login(data.orang["bima"])
    resp = client.get(reverse("pengaduan:detail", args=[data.pengaduan.pk]))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert data.pengaduan.judul in html
    assert bocoran(html, _pelapor()) == []
    resp = client.get(reverse("pengaduan:lampiran", args=[data.lampiran.pk]))
    assert resp.status_code == 200
    assert "ratna" not in resp["Content-Disposition"].lower()
    # the Kabid, who may see identities, does see the reporter (the check above can fail)
    client.force_login(data.orang["hasan"])
    html = client.get(reverse("pengaduan:detail", args=[data.pengaduan.pk])).content.decode()
    assert PELAPOR_NAMA in html


def _pelapor() -> dict[str, str]:
    return {
        "nama pelapor": PELAPOR_NAMA,
        "telepon pelapor": PELAPOR_TELEPON,
        "telepon pelapor (angka)": digits(PELAPOR_TELEPON),
        "email pelapor": PELAPOR_EMAIL,
    }


# -- POSTs change nothing ------------------------------------------------------------------------
def _sweep_post(client, data, persona: str) -> tuple[int, list[str]]:
    client.force_login(data.orang[persona])
    n, gagal = 0, []
    for s in semua_sasaran(data):
        if not s.aksi:
            continue
        sebelum = potret()
        payload = s.post(data) if s.post else {}
        resp = client.post(s.url, payload)
        n += 1
        sesudah = potret()
        boleh = (403, 404, 400) if s.nama == "pengaduan:catat" else (403, 404)
        if resp.status_code not in boleh:
            gagal.append(f"POST {s} as {persona}: {resp.status_code}")
        if sesudah != sebelum:
            beda = {k: (sebelum[k], sesudah[k]) for k in sebelum if sebelum[k] != sesudah[k]}
            gagal.append(f"POST {s} as {persona} changed {beda}")
    return n, gagal


def test_posts_of_the_kabid_of_another_instansi_change_nothing(client, data):
    n, gagal = _sweep_post(client, data, "joko")
    assert not gagal, "\n".join(gagal)
    assert n >= 40, n


def test_posts_of_the_panti_user_to_staff_actions_change_nothing(client, data):
    client.force_login(data.orang["maria"])
    gagal = []
    for s in semua_sasaran(data):
        if not s.aksi or s.panti:
            continue
        sebelum = potret()
        resp = client.post(s.url, s.post(data) if s.post else {})
        if resp.status_code not in (403, 404):
            gagal.append(f"POST {s}: {resp.status_code}")
        if potret() != sebelum:
            gagal.append(f"POST {s} changed data")
    assert not gagal, "\n".join(gagal)


def test_the_same_posts_work_for_insiders(client, data):
    """Self-check of the POST payloads: sent by the right insider they do act."""
    cases = [
        ("hasan", reverse("pengaduan:aksi", args=[data.pengaduan.pk, "catatan"]), _post_pengaduan),
        ("hasan", reverse("lapangan:tugaskan", args=[data.a1.pk]), _post_lapangan),
        ("lestari", reverse("pengaduan:templat_ubah", args=[data.templat.pk]), _post_pengaduan),
        ("dewi", reverse("rujukan:aksi", args=[data.a2.pk, "setujui"]), _post_rujukan(data.a2)),
        ("hasan", reverse("rujukan:aksi", args=[data.a2.pk, "jeda"]), _post_rujukan(data.a2)),
        ("rina", reverse("rujukan:aksi", args=[data.a1.pk, "tarik"]), _post_rujukan(data.a1)),
    ]
    gagal = []
    for persona, url, payload in cases:
        client.force_login(data.orang[persona])
        sebelum = potret()
        resp = client.post(url, payload(data))
        if resp.status_code != 302 or potret() == sebelum:
            gagal.append(f"POST {url} as {persona}: {resp.status_code}")
    assert not gagal, "\n".join(gagal)


def test_outsider_posts_with_roles_lacking_the_permission_change_nothing(client, data):
    cases = [
        ("rina", reverse("rujukan:aksi", args=[data.a2.pk, "setujui"]), _post_rujukan(data.a2)),
        ("lestari", reverse("rujukan:aksi", args=[data.a1.pk, "batalkan"]), _post_rujukan(data.a1)),
        ("bayu", reverse("lapangan:kegiatan", args=[data.a1.pk]), _post_lapangan),
        ("bima", reverse("lapangan:tugaskan", args=[data.a1.pk]), _post_lapangan),
        ("bima", reverse("pengaduan:templat_ubah", args=[data.templat.pk]), _post_pengaduan),
        ("bayu", reverse("pengaduan:aksi", args=[data.pengaduan.pk, "catatan"]), _post_pengaduan),
        (
            "maria",
            reverse("rujukan:panti_detail", args=[data.pengajuan_a.pk]),
            _post_rujukan(data.a1),
        ),
    ]
    gagal = []
    for persona, url, payload in cases:
        client.force_login(data.orang[persona])
        sebelum = potret()
        resp = client.post(url, payload(data))
        if resp.status_code not in (403, 404) or potret() != sebelum:
            gagal.append(f"POST {url} as {persona}: {resp.status_code}")
    assert not gagal, "\n".join(gagal)


# -- public pages ----------------------------------------------------------------------------------
def test_public_pages_show_no_personal_data_of_the_klien_or_anonymous_reporter(client, data):
    rahasia = {**data.rahasia, **_pelapor()}
    halaman = {}
    slug = data.instansi.slug
    for url in (
        reverse("layanan:katalog"),
        reverse("layanan:instansi", args=[slug]),
        reverse("layanan:detail", args=[slug, data.layanan.slug]),
        reverse("layanan:pdf", args=[slug, data.layanan.slug]),
        reverse("lacak"),
        reverse("pengaduan:baru"),
        reverse("pengaduan:lacak"),
        reverse("rujukan:lacak"),
    ):
        resp = client.get(url)
        assert resp.status_code == 200, url
        halaman[url] = teks_respons(resp)
    # the pemohon's tracking page, with the right number and code
    resp = client.post(
        reverse("rujukan:lacak"), {"nomor": data.a1.nomor_registrasi, "kode": data.kode_lacak}
    )
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Menunggu" in html or data.a1.get_status_display() in html  # the result is shown
    halaman["rujukan:lacak (hasil)"] = html
    # the reporter's tracking page of the anonymous complaint, with its code
    resp = client.post(
        reverse("pengaduan:lacak"), {"nomor": data.pengaduan.nomor, "kode": data.kode_pengaduan}
    )
    assert resp.status_code == 302, resp.status_code
    resp = client.get(resp["Location"])
    assert resp.status_code == 200 and data.pengaduan.judul in resp.content.decode()
    halaman["pengaduan:lacak_detail"] = resp.content.decode()
    petugas = {
        f"nama petugas {u.username}": u.pegawai.nama
        for u in data.orang.values()
        if u.pegawai.instansi_id == data.instansi.pk
    }
    gagal = []
    for url, teks in halaman.items():
        bocor = bocoran(teks, {**rahasia, **petugas})
        if KLIEN_NAMA in teks:
            bocor.append("nama klien")
        if "Demensia" in teks or "tidak ada yang merawat" in teks:
            bocor.append("asesmen/ringkasan")
        if bocor:
            gagal.append(f"{url}: {bocor}")
    assert not gagal, "\n".join(gagal)


def test_anonymous_reporter_filing_online_is_not_named_on_her_receipt_page(client, data):
    resp = client.post(
        reverse("pengaduan:baru"),
        {
            "jenis": "pengaduan",
            "instansi": data.instansi.slug,
            "judul": "Bantuan nenek belum cair",
            "uraian": "Sudah tiga bulan bantuan untuk nenek kami belum diterima.",
            "nama": PELAPOR_NAMA,
            "telepon": PELAPOR_TELEPON,
            "email": PELAPOR_EMAIL,
            "anonim": "on",
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    resp = client.get(resp["Location"])
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "ADU-" in html  # the receipt itself
    assert bocoran(html, _pelapor()) == []


def test_public_tracking_posts_without_the_code_change_nothing(client, data):
    """The citizen's action URLs need the session that tracked the ticket with its code."""
    nomor = data.pengaduan.nomor
    gagal = []
    for nama, payload in (
        ("pengaduan:lacak_balas", {"isi": "Audit"}),
        ("pengaduan:lacak_buka_kembali", {"alasan": "Audit"}),
        ("pengaduan:lacak_selesai", {}),
        ("pengaduan:lacak_nilai", {"nilai": "4", "komentar": "Audit"}),
    ):
        sebelum = potret()
        resp = client.post(reverse(nama, args=[nomor]), payload)
        if resp.status_code != 404 or potret() != sebelum:
            gagal.append(f"{nama}: {resp.status_code}")
        if bocoran(resp.content.decode(), _pelapor()):
            gagal.append(f"{nama}: shows the reporter")
    for nama in ("pengaduan:lacak_detail", "pengaduan:tanda_terima"):
        resp = client.get(reverse(nama, args=[nomor]))
        if resp.status_code != 404 or data.pengaduan.judul in resp.content.decode():
            gagal.append(f"{nama}: {resp.status_code}")
    assert not gagal, "\n".join(gagal)


def test_insiders_cannot_point_their_actions_at_another_offices_rows(client, data):
    """Ids in a POST are data too: a panti, peksos, officer or ticket of office B is
    refused; the same POST naming office A's own row goes through (self-check)."""
    lain = data.lain
    panti_b = Panti.objects.create(instansi=lain, nama="Panti Kota Depok", jenis="panti")
    peksos_b = make_user("peksos-b", instansi=lain, peran=Peran.PEKERJA_SOSIAL)
    aduan = {"jenis": "pengaduan", "judul": "Aduan lain", "uraian": "Aduan yang sama.", "nama": "W"}
    p_b, _ = ps.pengaduan_ajukan(kunci_klien="b", instansi=lain, layanan=None, **aduan)
    p_a, _ = ps.pengaduan_ajukan(kunci_klien="a", instansi=data.instansi, layanan=None, **aduan)
    a3 = data.a3
    cases = [
        # (persona, url, payload builder, field, office B's id, office A's id)
        (
            "bima",
            reverse("rujukan:aksi", args=[a3.pk, "panti-tujuan"]),
            _post_rujukan(a3),
            "panti",
            panti_b.pk,
            data.panti_a.pk,
        ),
        (
            "hasan",
            reverse("rujukan:aksi", args=[a3.pk, "tugaskan"]),
            _post_rujukan(a3),
            "peksos",
            peksos_b.pk,
            data.orang["bayu"].pk,
        ),
        (
            "hasan",
            reverse("lapangan:tugaskan", args=[a3.pk]),
            _post_lapangan,
            "peksos",
            peksos_b.pk,
            data.orang["bima"].pk,
        ),
        (
            "hasan",
            reverse("pengaduan:aksi", args=[data.pengaduan.pk, "disposisi"]),
            _post_pengaduan,
            "petugas",
            peksos_b.pk,
            data.orang["bayu"].pk,
        ),
        (
            "hasan",
            reverse("pengaduan:aksi", args=[p_a.pk, "duplikat"]),
            _post_pengaduan,
            "nomor_asli",
            p_b.nomor,
            data.pengaduan.nomor,
        ),
        (
            "bima",
            reverse("lapangan:asesmen", args=[a3.pk]),
            _post_lapangan,
            "panti_rekomendasi",
            panti_b.pk,
            data.panti_a.pk,
        ),
    ]
    gagal = []
    for sah in (False, True):
        for persona, url, payload, field_, id_b, id_a in cases:
            client.force_login(data.orang[persona])
            sebelum = potret()
            resp = client.post(url, {**payload(data), field_: id_a if sah else id_b})
            berubah = potret() != sebelum
            if sah and (resp.status_code != 302 or not berubah):
                gagal.append(f"POST {url} {field_}=office A's as {persona}: {resp.status_code}")
            if not sah and (resp.status_code < 400 or berubah):
                gagal.append(f"POST {url} {field_}=office B's as {persona}: {resp.status_code}")
    assert not gagal, "\n".join(gagal)
