"""The case's documents as naskah dinas (WeasyPrint): one template per
document under templates/rujukan/dokumen/, the same for the screen preview
(`pratinjau_html`) and the issued PDF.

Rendering reads only data: URIs (the logo comes through the storage API), so
it never reaches the network or the disk. Issuing — number, bytes, hash,
storage — is done by rujukan.services.issuing, never here.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from typing import Any, TypedDict, Unpack
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from layanan.documents import logo_data_uri, qr_data_uri
from layanan.models import Instansi, Panti, PenunjukanPelaksana, Peran, Persyaratan
from layanan.teks import BULAN
from rujukan.alur import produk_untuk
from rujukan.kelayakan import periksa_fakta
from rujukan.models import JenisDokumen, Kegiatan, Konsep, Rujukan
from rujukan.pelaksanaan import pelaksanaan_kasus
from rujukan.templat import JENIS_BERTEMPLAT, render_isi, teks_bawaan, templat_berlaku

SURAT = {
    JenisDokumen.SURAT_REKOMENDASI,
    JenisDokumen.SURAT_RUJUKAN,
    JenisDokumen.PENGAJUAN_PANTI,
    JenisDokumen.SURAT_PENOLAKAN,
}


def tanggal_panjang(tanggal: dt.date | dt.datetime | None) -> str:
    """24 November 2026"""
    if tanggal is None:
        return ""
    return f"{tanggal.day} {BULAN[tanggal.month - 1]} {tanggal.year}"


def waktu_lokal(instansi: Instansi, moment: dt.datetime | None = None) -> dt.datetime:
    return timezone.localtime(moment or timezone.now(), ZoneInfo(instansi.zona_waktu))


def tempat_surat(instansi: Instansi) -> str:
    """The place in "Banjarmasin, 24 November 2026", from the pemerintah daerah."""
    return _daerah(instansi.pemerintah_daerah)[1]


def tempat_tujuan(panti, instansi: Instansi) -> str:
    """The place under "di" in the address block of a letter to a panti:
    "Tempat" when it lies in the office's own town, else its town (naskah
    dinas: an out-of-town addressee is named by place)."""
    kota = (getattr(panti, "kabupaten_kota", "") or "").strip()
    if not kota:
        return "Tempat"
    sendiri = _daerah(instansi.pemerintah_daerah)
    tujuan = _daerah(kota)
    # when both say Kota or Kabupaten, compare that too: Kota Banjar is not Kab. Banjar
    kedua = bool(sendiri[0] and tujuan[0])
    sama = sendiri[1].lower() == tujuan[1].lower() and (not kedua or sendiri[0] == tujuan[0])
    return "Tempat" if sama else kota


def _daerah(nama: str) -> tuple[str, str]:
    """A region's name split into its kind and its name as written:
    "Pemerintah Kab. Bulukumba" -> ("kabupaten", "Bulukumba"); "Makassar" -> ("", "Makassar")."""
    nama = re.sub(r"^Pemerintah\s+", "", nama.strip(), flags=re.I)
    awalan = re.match(r"(kota|kabupaten)\s+|kab\.\s*", nama, flags=re.I)
    if awalan is None:
        return "", nama
    return (awalan.group(1) or "kabupaten").lower(), nama[awalan.end() :].strip()


def jabatan_kepala(instansi: Instansi) -> str:
    return f"KEPALA {instansi.nama.upper()}"


def blok_tanda_tangan(
    user,
    *,
    instansi: Instansi,
    peran: str | None = None,
    pelaksana: dict | None = None,
) -> dict:
    """The signature block of a user, as printed under a letter.

    The head of office signs as "KEPALA DINAS …"; anyone else signs on the
    head's behalf: "a.n. KEPALA DINAS …" then their own jabatan. An acting
    official (`pelaksana`: `info_pelaksana` of the Plt/Plh appointment through
    which the user signs) signs as "Plt. KEPALA DINAS …" (or "a.n. KEPALA
    DINAS …" then "Plt. <JABATAN>" for another post) with their own name, rank
    and NIP; the block keeps the appointment (as whom, in place of whom)."""
    pegawai = getattr(user, "pegawai", None)
    jabatan = (pegawai.jabatan if pegawai else "").strip()
    kepala = jabatan_kepala(instansi)
    if pelaksana and pelaksana.get("kepala"):
        baris = [f"{pelaksana['awalan']} {kepala},"]
    elif pelaksana:
        baris = [f"a.n. {kepala}", f"{pelaksana['awalan']} {pelaksana['jabatan'].upper()},"]
    elif peran == Peran.KEPALA_DINAS:
        baris = [f"{kepala},"]
    else:
        baris = [f"a.n. {kepala}", f"{jabatan.upper()}," if jabatan else ""]
    blok = {
        "baris": [b for b in baris if b],
        "nama": pegawai.nama if pegawai else user.get_username(),
        "pangkat": pegawai.pangkat if pegawai else "",
        "nip": pegawai.nip_tampil if pegawai else "",
        "jabatan": jabatan,
    }
    if pelaksana:
        # signed in the capacity of the covered jabatan (the verification page shows it)
        blok["jabatan"] = f"{pelaksana['awalan']} {pelaksana['jabatan']}"
        blok["pelaksana"] = pelaksana | {"jabatan_sendiri": jabatan}
    return blok


def info_pelaksana(pelaksana: PenunjukanPelaksana, *, menggantikan: str = "") -> dict:
    """What a letter and the history keep of an acting official's appointment."""
    return {
        "penunjukan": pelaksana.pk,
        "jenis": pelaksana.jenis,
        "awalan": pelaksana.awalan,
        "jabatan": pelaksana.jabatan.nama,
        "kepala": pelaksana.jabatan.peran == Peran.KEPALA_DINAS,
        "menggantikan": menggantikan,
        "dasar": pelaksana.dasar,
    }


def format_nip(nip: str) -> str:
    """NIP in its printed form: 19700503 199803 1 009."""
    n = (nip or "").replace(" ", "")
    return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}" if len(n) == 18 and n.isdigit() else nip


def blok_kepala_instansi(instansi: Instansi) -> dict:
    """The head of office's signature block, from the Instansi: a letter to
    another institution is issued for the head's own signature."""
    return {
        "baris": [f"{jabatan_kepala(instansi)},"],
        "nama": instansi.kepala_nama,
        "pangkat": instansi.kepala_pangkat,
        "nip": format_nip(instansi.kepala_nip),
        "jabatan": jabatan_kepala(instansi),
    }


def blok_penulis(user) -> dict:
    """The author block of a report (pekerja sosial, pendamping)."""
    pegawai = getattr(user, "pegawai", None)
    return {
        "baris": [(pegawai.jabatan if pegawai else "Petugas") + ","],
        "nama": pegawai.nama if pegawai else user.get_username(),
        "pangkat": pegawai.pangkat if pegawai else "",
        "nip": pegawai.nip_tampil if pegawai else "",
        "jabatan": pegawai.jabatan if pegawai else "",
    }


def _paraf(konsep: Konsep | None, instansi: Instansi) -> list[dict]:
    if konsep is None:
        return []
    out = []
    for p in konsep.persetujuan.select_related("oleh__pegawai").order_by("urutan"):
        if p.jenis != "paraf":
            continue
        pegawai = getattr(p.oleh, "pegawai", None)
        out.append(
            {
                "jabatan": pegawai.jabatan if pegawai else p.get_peran_display(),
                "nama": pegawai.nama if pegawai else p.oleh.get_username(),
                "pada": waktu_lokal(instansi, p.pada),
            }
        )
    return out


MAKS_FOTO_PER_KEGIATAN = 6
MAKS_FOTO_LAPORAN = 24


def _data_uri_foto(dok) -> str:
    """A field photo (its small copy, already resized and stripped of
    metadata) as a data: URI, read through the storage API."""
    berkas = dok.kecil or dok.berkas
    with berkas.open("rb") as f:
        return "data:image/jpeg;base64," + base64.b64encode(f.read()).decode("ascii")


def _kegiatan_dengan_foto(rujukan: Rujukan, *, dengan_foto: bool) -> list[Kegiatan]:
    """The case's activities; each gets `.foto` (data: URIs of its photos,
    for the Laporan Kegiatan and the Laporan Sosial) — photos live in
    lapangan.Dokumentasi."""
    kegiatan = list(
        rujukan.kegiatan.select_related("oleh__pegawai").prefetch_related("dokumentasi")
    )
    sisa = MAKS_FOTO_LAPORAN
    for k in kegiatan:
        k.foto = []
        if not dengan_foto:
            continue
        for dok in k.dokumentasi.all():
            if (
                dok.jenis != "foto"
                or not dok.berkas  # removed as the retention schedule says
                or len(k.foto) >= MAKS_FOTO_PER_KEGIATAN
                or sisa <= 0
            ):
                continue
            k.foto.append(_data_uri_foto(dok))
            sisa -= 1
    return kegiatan


def berkas_terlampir(berkas) -> list:
    """A letter's attachments: the documents actually uploaded for the case's
    requirements that apply (not eligibility facts). A panti opens exactly these."""
    return [
        b
        for b in berkas
        if b.berlaku and b.berkas and b.persyaratan.jenis == Persyaratan.Jenis.DOKUMEN
    ]


class IsiSurat(TypedDict, total=False):
    """What a document prints beyond its case, given by the use case that makes
    it (each may be left out): the signing official's block (blok_pejabat),
    the author's block of a report (blok_penulis), the draft it is issued
    from, the panti it is addressed to (else the case's), and the applicant's
    tracking code with the address it is tracked at."""

    penandatangan: dict[str, Any] | None
    penulis: dict[str, Any] | None
    konsep: Konsep | None
    panti: Panti | None
    kode_lacak: str
    url_lacak: str


def konteks(
    *,
    rujukan: Rujukan,
    jenis: str,
    nomor: str = "",
    tanggal: dt.date | None = None,
    pratinjau: bool = False,
    **isi: Unpack[IsiSurat],
) -> dict[str, Any]:
    konsep = isi.get("konsep")
    url_lacak = isi.get("url_lacak", "")
    instansi = rujukan.instansi
    tanggal = tanggal or waktu_lokal(instansi).date()
    klien = rujukan.klien
    kegiatan = _kegiatan_dengan_foto(
        rujukan,
        dengan_foto=jenis in (JenisDokumen.LAPORAN_KEGIATAN, JenisDokumen.LAPORAN_SOSIAL),
    )
    berkas = list(rujukan.berkas.select_related("persyaratan").all())
    panti = isi.get("panti") or rujukan.panti_tujuan
    ctx = {
        "jenis": jenis,
        "judul": JenisDokumen(jenis).label,
        "surat": jenis in SURAT,
        "instansi": instansi,
        "logo": logo_data_uri(instansi),
        "rujukan": rujukan,
        "layanan": rujukan.layanan,
        "sub_layanan": rujukan.sub_layanan,
        "klien": klien,
        "usia": klien.usia(tanggal),
        "anggota": list(rujukan.anggota.select_related("klien")),
        "pengurus": list(klien.pengurus.all()) if klien.lembaga else [],
        "pemohon": rujukan.pemohon,
        "kategori": rujukan.kategori_ppks,
        "panti": panti,
        "asesmen": rujukan.asesmen_terakhir(),
        "kegiatan": kegiatan,
        "foto_kegiatan": any(k.foto for k in kegiatan),
        "kegiatan_pendampingan": [
            k
            for k in rujukan.kegiatan.all()
            if k.jenis in (Kegiatan.Jenis.PENDAMPINGAN, Kegiatan.Jenis.PENGANTARAN)
        ],
        "berkas": berkas,
        "berkas_terpenuhi": [b for b in berkas if b.terpenuhi and b.berlaku],
        "berkas_terlampir": berkas_terlampir(berkas),
        "fakta": periksa_fakta(rujukan),
        "produk_nama": [p.nama for p in produk_untuk(rujukan.layanan, rujukan.sub_layanan_id)],
        "konsep": konsep,
        "tembusan": konsep.tembusan_list if konsep else [],
        "paraf": _paraf(konsep, instansi),
        "nomor": nomor,
        "tanggal": tanggal,
        "tanggal_panjang": tanggal_panjang(tanggal),
        "tempat": tempat_surat(instansi),
        "di_panti": tempat_tujuan(panti, instansi),
        "penandatangan": isi.get("penandatangan"),
        "penulis": isi.get("penulis"),
        "kode_lacak": isi.get("kode_lacak", ""),
        "url_lacak": url_lacak,
        "qr_lacak": qr_data_uri(url_lacak) if url_lacak else "",
        "pratinjau": pratinjau,
        "tanggal_lahir_panjang": tanggal_panjang(klien.tanggal_lahir),
        "tanggal_registrasi": tanggal_panjang(waktu_lokal(instansi, rujukan.dibuat_pada)),
        "jam_registrasi": waktu_lokal(instansi, rujukan.dibuat_pada),
        "tenggat_panjang": tanggal_panjang(waktu_lokal(instansi, rujukan.tenggat))
        if rujukan.tenggat
        else "",
    }
    isi_surat(ctx, teks=None)
    return ctx


def isi_surat(ctx: dict, *, teks: str | None) -> None:
    """Put the body of the letter in `ctx` (`isi_surat`, safe HTML) from the
    office's wording (rujukan.templat): `teks` when given (a preview of
    unsaved wording), else the office's version in force (`templat`, stored
    on the issued Dokumen), else the portal's default (`templat` None)."""
    jenis, instansi = ctx["jenis"], ctx["instansi"]
    ctx.setdefault("templat", None)
    if jenis not in JENIS_BERTEMPLAT:
        ctx["isi_surat"] = ""
        return
    if "pelaksanaan" not in ctx:
        ctx["pelaksanaan"] = pelaksanaan_kasus(ctx["rujukan"], fakta=ctx["fakta"])
    if teks is None:
        ctx["templat"] = templat_berlaku(instansi=instansi, jenis=jenis)
        teks = ctx["templat"].isi if ctx["templat"] else teks_bawaan(jenis)
    with timezone.override(ZoneInfo(instansi.zona_waktu)):
        ctx["isi_surat"] = render_isi(teks, ctx, rata=not ctx["surat"])


def render_html(jenis: str, ctx: dict) -> str:
    """Times in the template are shown in the office's own zone (WIB/WITA/WIT)."""
    with timezone.override(ZoneInfo(ctx["instansi"].zona_waktu)):
        return render_to_string(f"rujukan/dokumen/{jenis}.html", ctx)


def render_pdf(html: str) -> bytes:
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def pratinjau_html(*, rujukan: Rujukan, jenis: str, konsep: Konsep | None = None) -> str:
    """The on-screen (or printed) draft of a document that is not issued yet,
    marked KONSEP, without number or signature."""
    konsep = konsep or rujukan.konsep.order_by("-versi").first()
    ctx = konteks(rujukan=rujukan, jenis=jenis, konsep=konsep, pratinjau=True)
    return render_html(jenis, ctx)


def pratinjau_pdf(*, rujukan: Rujukan, jenis: str, konsep: Konsep | None = None) -> bytes:
    return render_pdf(pratinjau_html(rujukan=rujukan, jenis=jenis, konsep=konsep))
