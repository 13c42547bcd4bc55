"""The body of a letter as the office writes it (issue #9, item 1).

An office's template (rujukan.models.TemplatSurat, or the portal's default
wording under rujukan/data/templat_bawaan/) is plain text in a tiny
sandboxed language, never given to Django's or any other template engine:

- paragraphs are separated by a blank line; a single line break stays a
  line break;
- a named field, `{{ klien_nama }}`, is replaced by its value, HTML-escaped;
- a block field, `{{ data_klien }}`, stands alone in its paragraph and
  becomes a fixed piece of HTML the portal builds (a table, a list);
- `[[ … ]]` is printed only when every field inside it has a value;
- a paragraph of one line starting with `# ` is a section heading.

Nothing else is understood: no attribute access, filters, tags or HTML. The
fields (KOLOM) are the whole interface between an office's text and the
case; each reads the document's context (rujukan.documents.konteks, or the
fictitious sample case of rujukan.templat_contoh). This module decides the
fields, what each means, the check made when a template is saved
(`periksa_isi`) and the rendering (`render_isi`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from layanan.models import Instansi
from rujukan.models import JenisDokumen, Status, TemplatSurat
from rujukan.pelaksanaan import Pelaksanaan, gabung, lokal, tanggal_teks

DIR_BAWAAN = Path(__file__).resolve().parent / "data" / "templat_bawaan"
# every kind of document with a body of words, each with its default wording
# (rujukan/data/templat_bawaan/<jenis>.txt); the receipt is a form, not a letter
JENIS_BERTEMPLAT: tuple[str, ...] = (
    JenisDokumen.SURAT_REKOMENDASI,
    JenisDokumen.SURAT_RUJUKAN,
    JenisDokumen.SURAT_KETERANGAN,
    JenisDokumen.BUKTI_REGISTRASI,
    JenisDokumen.PENGAJUAN_PANTI,
    JenisDokumen.BERITA_ACARA,
    JenisDokumen.LAPORAN_SOSIAL,
    JenisDokumen.LAPORAN_KEGIATAN,
    JenisDokumen.SURAT_PENOLAKAN,
)
MAKS_PANJANG = 20_000
HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


# -- the default wording and the version in force -------------------------------------------------
@cache
def teks_bawaan(jenis: str) -> str:
    """The portal's default body of a kind ("" for a kind without a body)."""
    if jenis not in JENIS_BERTEMPLAT:
        return ""
    return (DIR_BAWAAN / f"{jenis}.txt").read_text(encoding="utf-8").strip()


def templat_berlaku(*, instansi: Instansi, jenis: str) -> TemplatSurat | None:
    """The office's newest version for a kind; None when it uses the default."""
    return TemplatSurat.objects.milik(instansi).filter(jenis=jenis).order_by("-versi").first()


# -- the fields -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Kolom:
    nama: str
    keterangan: str
    nilai: Callable[[dict], str]
    blok: bool = False  # a table or list standing alone in its paragraph

    @property
    def tanda(self) -> str:
        return "{{ " + self.nama + " }}"


def _layanan(c: dict) -> str:
    sub = c.get("sub_layanan")
    return sub.nama if sub else c["layanan"].nama


def _asesmen(c: dict, attr: str) -> str:
    asesmen = c.get("asesmen")
    return (getattr(asesmen, attr, "") or "").strip() if asesmen else ""


def _penanda(c: dict, attr: str) -> str:
    blok = c.get("penandatangan") or c.get("penulis") or {}
    return (blok.get(attr) or "").strip()


def _alamat(c: dict) -> str:
    k = c["klien"]
    bagian = [k.alamat.strip()]
    if k.kelurahan:
        bagian.append(_("Kel. %(n)s") % {"n": k.kelurahan})
    if k.kecamatan:
        bagian.append(_("Kec. %(n)s") % {"n": k.kecamatan})
    return ", ".join(b for b in bagian if b)


def _kalimat(teks: str) -> str:
    """A sentence typed by an officer, ending with its full stop."""
    teks = (teks or "").strip()
    return teks if not teks or teks[-1] in ".!?" else teks + "."


def _blok(nama: str) -> Callable[[dict], str]:
    def render(c: dict) -> str:
        return render_to_string(f"rujukan/dokumen/{nama}", c)

    return render


def _fakta(c: dict) -> str:
    instansi = c["instansi"]
    baris = []
    for h in c.get("fakta") or []:
        item = h.item
        # a fact read from the data is checked as the letter is written; one
        # nobody has checked yet has neither source nor date
        if item.diperiksa_pada:
            pada = lokal(item.diperiksa_pada, instansi)
        else:
            pada = c["tanggal"] if h.terpenuhi is not None else None
        baris.append(
            {
                "teks": h.persyaratan.teks,
                "terpenuhi": h.terpenuhi,
                "sumber": h.sumber,
                "tanggal": tanggal_teks(pada) if pada else "",
                "keterangan": h.keterangan,
            }
        )
    if not baris:
        return ""
    return render_to_string("rujukan/dokumen/blok/_fakta.html", {**c, "baris_fakta": baris})


def _langkah(c: dict) -> str:
    pelaksanaan: Pelaksanaan | None = c.get("pelaksanaan")
    if not pelaksanaan or not pelaksanaan.langkah:
        return ""
    baris = [
        {
            "teks": lk.teks,
            "oleh": lk.oleh,
            "tanggal": tanggal_teks(lk.tanggal),
            "catatan": lk.catatan,
        }
        for lk in pelaksanaan.langkah
    ]
    return render_to_string("rujukan/dokumen/blok/_langkah.html", {**c, "baris_langkah": baris})


def _dasar(c: dict) -> str:
    pelaksanaan: Pelaksanaan | None = c.get("pelaksanaan")
    return gabung(list(pelaksanaan.dasar)) if pelaksanaan else ""


def _dokumentasi(c: dict) -> str:
    return _blok("_foto_kegiatan.html")(c) if c.get("foto_kegiatan") else ""


def _rekomendasi(c: dict) -> str:
    """The assessment's recommendation, the panti it names and the panti the
    klien goes to (none once the klien is back with the family)."""
    asesmen, panti = c.get("asesmen"), c.get("panti")
    bagian = [_asesmen(c, "rekomendasi")]
    lain = getattr(asesmen, "panti_rekomendasi", None) if asesmen else None
    if lain is not None and lain != panti:
        bagian.append(_("Panti/lembaga yang direkomendasikan: %(n)s.") % {"n": lain.nama})
    if panti is not None and c["rujukan"].status != Status.REUNIFIKASI:
        bagian.append(_("Panti/lembaga tujuan: %(n)s.") % {"n": panti.nama})
    teks = " ".join(b for b in bagian if b) or "-"
    return f'<p class="rata">{escape(teks)}</p>'


def _isi_tambahan(c: dict) -> str:
    konsep = c.get("konsep")
    teks = (konsep.isi if konsep else "").strip()
    if not teks:
        return ""
    return "".join(f"<p>{escape(p.strip())}</p>" for p in teks.splitlines() if p.strip())


_K = gettext_lazy
KOLOM: dict[str, Kolom] = {
    k.nama: k
    for k in [
        Kolom("klien_nama", _K("Nama klien (orang atau lembaga)."), lambda c: c["klien"].nama),
        Kolom("klien_nik", _K("NIK klien; '-' bila tidak ada."), lambda c: c["klien"].nik or "-"),
        Kolom("klien_alamat", _K("Alamat klien dengan kelurahan dan kecamatan."), _alamat),
        Kolom(
            "nomor_registrasi",
            _K("Nomor registrasi permohonan."),
            lambda c: c["rujukan"].nomor_registrasi,
        ),
        Kolom(
            "tanggal_permohonan",
            _K("Tanggal permohonan didaftarkan, mis. 3 Maret 2026."),
            lambda c: c["tanggal_registrasi"],
        ),
        Kolom("layanan", _K("Nama layanan (atau sub-layanan bila ada)."), _layanan),
        Kolom(
            "produk",
            _K("Nama produk menurut standar layanan, mis. Paket sembako."),
            lambda c: ", ".join(str(p) for p in c.get("produk_nama") or []) or _layanan(c),
        ),
        Kolom("instansi", _K("Nama instansi."), lambda c: c["instansi"].nama),
        Kolom("pemohon", _K("Nama pemohon/pelapor."), lambda c: c["pemohon"].nama),
        Kolom(
            "pemohon_jenis",
            _K("Kedudukan pemohon, mis. Keluarga klien, Ketua RT/RW."),
            lambda c: c["pemohon"].get_jenis_display(),
        ),
        Kolom(
            "panti",
            _K("Panti/lembaga tujuan; kosong bila tidak ada."),
            lambda c: c["panti"].nama if c.get("panti") else "",
        ),
        Kolom(
            "penanda_tangan",
            _K("Nama pejabat atau petugas yang menandatangani dokumen."),
            lambda c: _penanda(c, "nama"),
        ),
        Kolom(
            "jabatan_penanda_tangan",
            _K("Jabatan penanda tangan; 'petugas' bila tidak tercatat."),
            lambda c: _penanda(c, "jabatan") or _("petugas"),
        ),
        Kolom("tanggal_surat", _K("Tanggal dokumen."), lambda c: c["tanggal_panjang"]),
        Kolom(
            "hari_surat",
            _K("Nama hari pada tanggal dokumen, mis. Senin."),
            lambda c: HARI[c["tanggal"].weekday()],
        ),
        Kolom(
            "ringkasan",
            _K("Ringkasan permasalahan yang dilaporkan pemohon; kosong bila tidak ada."),
            lambda c: (c["rujukan"].ringkasan or "").strip(),
        ),
        Kolom(
            "permasalahan",
            _K("Permasalahan menurut asesmen; bila tidak ada, ringkasan laporan; '-' bila kosong."),
            lambda c: _asesmen(c, "permasalahan") or (c["rujukan"].ringkasan or "").strip() or "-",
        ),
        Kolom(
            "permasalahan_asesmen",
            _K("Permasalahan menurut asesmen terakhir; kosong bila tidak ada."),
            lambda c: _asesmen(c, "permasalahan"),
        ),
        Kolom(
            "kondisi_klien",
            _K("Kondisi klien menurut asesmen terakhir; kosong bila belum ada asesmen."),
            lambda c: _asesmen(c, "kondisi"),
        ),
        Kolom(
            "rekomendasi_asesmen",
            _K("Rekomendasi pekerja sosial pada asesmen terakhir; kosong bila tidak ada."),
            lambda c: _asesmen(c, "rekomendasi"),
        ),
        Kolom(
            "alasan_penolakan",
            _K("Alasan klien tidak memenuhi syarat, sebagaimana ditulis petugas (satu kalimat)."),
            lambda c: _kalimat(c["rujukan"].alasan_penutupan),
        ),
        Kolom(
            "dasar",
            _K(
                "Frasa yang hanya menyebut pemeriksaan yang tercatat pada kasus: pemeriksaan "
                "berkas, pencocokan DTKS/DTSEN, verifikasi lapangan, asesmen (dengan tanggalnya), "
                "kegiatan penanganan. Dipakai di dalam kalimat, mis. "
                "'serta hasil {{ dasar }}'."
            ),
            _dasar,
        ),
        Kolom(
            "data_klien",
            _K(
                "Tabel identitas klien (lembaga: legalitas dan pengurus), beserta anggota keluarga."
            ),
            _blok("_klien.html"),
            blok=True,
        ),
        Kolom(
            "data_pemohon",
            _K("Tabel identitas pemohon/pelapor dan tanggal permohonan."),
            _blok("blok/_pemohon.html"),
            blok=True,
        ),
        Kolom(
            "fakta_diperiksa",
            _K(
                "Tabel persyaratan kelayakan: hasilnya, sumber dan tanggal pemeriksaannya. "
                "Kosong bila standar tidak memuat persyaratan kelayakan."
            ),
            _fakta,
            blok=True,
        ),
        Kolom(
            "langkah_dilakukan",
            _K("Daftar langkah prosedur yang benar-benar selesai: oleh siapa dan kapan."),
            _langkah,
            blok=True,
        ),
        Kolom(
            "berkas_terlampir",
            _K("Daftar berkas persyaratan yang diunggah (lampiran surat)."),
            _blok("blok/_berkas_terlampir.html"),
            blok=True,
        ),
        Kolom(
            "hasil_asesmen",
            _K("Hasil asesmen terakhir (lembar asesmen) dengan kesimpulannya; '-' bila belum ada."),
            _blok("blok/_asesmen.html"),
            blok=True,
        ),
        Kolom(
            "kegiatan",
            _K("Tabel kegiatan penanganan/pendampingan yang dicatat; '-' bila belum ada."),
            _blok("blok/_kegiatan.html"),
            blok=True,
        ),
        Kolom(
            "dokumentasi",
            _K("Foto kegiatan (laporan sosial dan laporan kegiatan); kosong bila tidak ada."),
            _dokumentasi,
            blok=True,
        ),
        Kolom(
            "rekomendasi",
            _K("Paragraf rekomendasi asesmen, dengan panti/lembaga yang dituju."),
            _rekomendasi,
            blok=True,
        ),
        Kolom(
            "isi_tambahan",
            _K("Paragraf tambahan yang ditulis pada konsep produk; kosong bila tidak ada."),
            _isi_tambahan,
            blok=True,
        ),
    ]
}


def daftar_kolom() -> list[Kolom]:
    """The reference list shown to the office that edits its templates."""
    return list(KOLOM.values())


# -- the check on save ----------------------------------------------------------------------------
_TANDA = re.compile(r"\{\{(.*?)\}\}", re.S)
_NAMA = re.compile(r"[a-z][a-z0-9_]*")
_PILIHAN = re.compile(r"\[\[(.*?)\]\]", re.S)
_HTML = re.compile(r"<\s*/?\s*[A-Za-z!?][^<>\n]{0,40}>?")
_PARAGRAF = re.compile(r"\n[ \t]*\n+")
_PERINTAH = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.S)
_TERLARANG = (
    ("{%", gettext_lazy("perintah templat")),
    ("%}", gettext_lazy("perintah templat")),
    ("{#", gettext_lazy("komentar templat")),
    ("#}", gettext_lazy("komentar templat")),
    ("{{", gettext_lazy("kolom tanpa penutup “}}”")),
    ("}}", gettext_lazy("penutup kolom tanpa pembuka “{{”")),
    ("[[", gettext_lazy("bagian bersyarat tanpa penutup “]]”")),
    ("]]", gettext_lazy("penutup bagian bersyarat tanpa pembuka “[[”")),
)


def _potong(teks: str, mulai: int, panjang: int = 30) -> str:
    cuplik = teks[mulai : mulai + panjang].splitlines()[0] if teks[mulai:] else ""
    return cuplik + ("…" if len(teks) - mulai > len(cuplik) and len(cuplik) >= panjang else "")


def _paragraf(teks: str) -> list[str]:
    teks = teks.replace("\r\n", "\n").replace("\r", "\n")
    return [p.strip() for p in _PARAGRAF.split(teks.strip()) if p.strip()]


def periksa_isi(teks: str) -> list[str]:
    """Every reason this body cannot be saved, in Indonesian, naming the
    offending text; [] when it is valid."""
    teks = (teks or "").replace("\r\n", "\n")
    if not teks.strip():
        return [_("Isi surat tidak boleh kosong.")]
    if len(teks) > MAKS_PANJANG:
        return [_("Isi surat terlalu panjang (paling banyak %(n)s huruf).") % {"n": MAKS_PANJANG}]
    galat: list[str] = []

    def tambah(pesan: str) -> None:
        if pesan not in galat:
            galat.append(pesan)

    for m in _TANDA.finditer(teks):
        isi = m.group(1).strip()
        if not _NAMA.fullmatch(isi) or isi not in KOLOM:
            tambah(
                _("Kolom “%(tanda)s” tidak dikenal. Pakai hanya kolom dalam daftar kolom.")
                % {"tanda": m.group(0)}
            )
    sisa = _TANDA.sub("", teks)
    for m in _PERINTAH.finditer(sisa):
        tambah(
            _(
                "Perintah templat “%(tag)s” tidak diperbolehkan: templat surat hanya mengenal "
                "kolom bernama seperti {{ klien_nama }} dan bagian [[ … ]]."
            )
            % {"tag": _potong(m.group(0), 0, 60)}
        )
    sisa = _PERINTAH.sub("", sisa)
    tanpa_pilihan = _PILIHAN.sub("", sisa)
    for tanda, arti in _TERLARANG:
        dalam = tanpa_pilihan if tanda in ("[[", "]]") else sisa
        pos = dalam.find(tanda)
        if pos >= 0:
            tambah(
                _(
                    "Tanda “%(cuplik)s” (%(arti)s) tidak diperbolehkan: templat surat hanya "
                    "mengenal kolom bernama seperti {{ klien_nama }} dan bagian [[ … ]]."
                )
                % {"cuplik": _potong(dalam, pos), "arti": arti}
            )
    for m in _HTML.finditer(teks):
        tambah(
            _(
                "Tanda HTML “%(tag)s” tidak diperbolehkan: tulis teks biasa; tata letak disusun "
                "portal."
            )
            % {"tag": m.group(0)}
        )
    for m in _PILIHAN.finditer(teks):
        bagian = m.group(1)
        nama = [t.group(1).strip() for t in _TANDA.finditer(bagian)]
        if "\n\n" in bagian.replace("\r", ""):
            tambah(_("Bagian “[[ … ]]” tidak boleh melewati batas paragraf."))
        if not nama:
            tambah(
                _("Bagian “%(cuplik)s” tidak memuat kolom, jadi tidak ada yang menentukannya.")
                % {"cuplik": _potong(m.group(0), 0)}
            )
        for n in nama:
            if n in KOLOM and KOLOM[n].blok:
                tambah(
                    _("Kolom “%(tanda)s” berupa tabel/daftar dan tidak boleh di dalam “[[ … ]]”.")
                    % {"tanda": KOLOM[n].tanda}
                )
    for p in _paragraf(teks):
        for m in _TANDA.finditer(p):
            k = KOLOM.get(m.group(1).strip())
            if k is not None and k.blok and p != m.group(0):
                tambah(
                    _(
                        "Kolom “%(tanda)s” berupa tabel/daftar: tulis dalam paragrafnya sendiri, "
                        "diapit baris kosong."
                    )
                    % {"tanda": k.tanda}
                )
        if p.startswith("#") and "\n" in p:
            tambah(
                _("Judul bagian “%(cuplik)s” harus satu baris, diikuti baris kosong.")
                % {"cuplik": _potong(p, 0)}
            )
    return galat


# -- rendering ------------------------------------------------------------------------------------
class _Nilai:
    """Field values of one rendering, each computed once, when first named."""

    def __init__(self, ctx: dict):
        self.ctx = ctx
        self.cache: dict[str, str] = {}

    def __call__(self, nama: str) -> str:
        if nama not in self.cache:
            self.cache[nama] = str(KOLOM[nama].nilai(self.ctx) or "")
        return self.cache[nama]


def _isi_kolom(teks: str, nilai: _Nilai) -> str:
    """Escaped text with its inline fields replaced (escaped too). A field
    name the check would refuse is printed as it was written."""
    out, pos = [], 0
    for m in _TANDA.finditer(teks):
        out.append(escape(teks[pos : m.start()]))
        nama = m.group(1).strip()
        k = KOLOM.get(nama)
        out.append(escape(nilai(nama)) if k is not None and not k.blok else escape(m.group(0)))
        pos = m.end()
    out.append(escape(teks[pos:]))
    return "".join(out)


def _baris(teks: str, nilai: _Nilai) -> str:
    def pilihan(m: re.Match) -> str:
        nama = [t.group(1).strip() for t in _TANDA.finditer(m.group(1))]
        kosong = any(n not in KOLOM or not nilai(n).strip() for n in nama)
        return "" if kosong or not nama else m.group(1)

    hasil = []
    for bagian in re.split(r"(\[\[.*?\]\])", teks, flags=re.S):
        if bagian.startswith("[[") and bagian.endswith("]]"):
            hasil.append(_isi_kolom(pilihan(_PILIHAN.fullmatch(bagian)), nilai))
        else:
            hasil.append(_isi_kolom(bagian, nilai))
    return "".join(hasil).strip().replace("\n", "<br>")


def render_isi(teks: str, ctx: dict, *, rata: bool = False) -> SafeString:
    """The body as HTML for the letter templates (`{{ isi_surat }}`). Every
    piece of the office's text and every value is escaped; the only markup
    is the portal's own (paragraphs, headings and the block fields' HTML).
    `rata`: paragraphs without first-line indent (reports and certificates);
    in a letter only a paragraph that follows a table or heading is flush."""
    nilai = _Nilai(ctx)
    out: list[str] = []
    sesudah_blok = False
    for p in _paragraf(teks):
        m = _TANDA.fullmatch(p)
        k = KOLOM.get(m.group(1).strip()) if m else None
        if k is not None and k.blok:
            html = nilai(k.nama)
            if html.strip():
                out.append(html)  # the portal's own template output, already escaped
                sesudah_blok = True
            continue
        if p.startswith("# "):
            out.append(f"<h2>{_baris(p[2:], nilai)}</h2>")
            sesudah_blok = True
            continue
        html = _baris(p, nilai)
        if not html:
            continue
        kelas = ' class="rata"' if rata or sesudah_blok else ""
        out.append(f"<p{kelas}>{html}</p>")
        sesudah_blok = False
    return mark_safe("\n".join(out))  # noqa: S308 - built above from escaped pieces only
