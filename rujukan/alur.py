"""The path a case may take, read from its Layanan's data — never from its name.

`alur_layanan(layanan)` turns the standard's rows into an `Alur`:
- a stage exists when the standard has a procedure step (LangkahProsedur)
  in it: verification (tahap "verifikasi"), handling (tahap "penanganan");
- verification may be skipped when every verification step of the
  standard says when it runs (`LangkahProsedur.hanya_bila`; its `kondisi` text
  is only shown): "only when not in DTKS" (Depok's home visit) lets the
  office's imported DTKS extract decide (`verifikasi_kecuali_dtks`, see
  rujukan_skip_verification); "when the officer finds it needed" lets the
  officer skip it with a written reason;
- the panti is asked before the product is drafted when
  `Layanan.perlu_konfirmasi_panti` is set (Banjarmasin);
- products: letters and the social report (Produk.jenis_dokumen
  surat_rekomendasi, surat_rujukan, laporan_sosial) are drafted and go through
  the approval chain; a Laporan Kegiatan is issued by the one who did the
  accompaniment (SI LARAS MANIS);
- the approval chain is the ordered steps with tahap "persetujuan", each
  with its role and paraf/tanda tangan (Depok: Koordinator paraf → Kabid
  tanda tangan; Bulukumba: Kabid paraf → Kadis tanda tangan). A standard
  that publishes no signing step still has its letter signed by the role
  named in `Layanan.penandatangan_peran`;
- reunification with the family is an ending when the standard publishes a
  reunification step (a step marked `reunifikasi`, Banjar).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from layanan.models import (
    JenisProduk,
    LangkahProsedur,
    Layanan,
    Peran,
    Produk,
    SyaratLangkah,
    Tahap,
)

ProdukJenis = Produk.JenisDokumen

# Documents the portal can draft for the approval chain, by the product's
# document kind; a product of that kind with no (or another) document kind is
# a surat keterangan.
PRODUK_DISETUJUI = (
    ProdukJenis.SURAT_REKOMENDASI,
    ProdukJenis.SURAT_RUJUKAN,
    ProdukJenis.LAPORAN_SOSIAL,
)
SURAT_KETERANGAN = "surat_keterangan"
# The document issued at the desk for each kind of product that needs no chain.
DOKUMEN_LOKET: dict[str, str] = {
    JenisProduk.SURAT_LOKET: SURAT_KETERANGAN,
    JenisProduk.REGISTRASI: "bukti_registrasi",
    JenisProduk.BARANG_JASA: "berita_acara",
}


def _dokumen_disetujui(produk: Produk) -> str | None:
    if produk.jenis != JenisProduk.SURAT_PERSETUJUAN:
        return None
    if produk.jenis_dokumen in PRODUK_DISETUJUI:
        return produk.jenis_dokumen
    if produk.jenis_dokumen in (ProdukJenis.PENGAJUAN_PANTI, ProdukJenis.LAPORAN_KEGIATAN):
        return None  # issued by their own steps (the proposal, the accompaniment report)
    return SURAT_KETERANGAN


def _urutan_dokumen(jenis: str) -> int:
    return PRODUK_DISETUJUI.index(jenis) if jenis in PRODUK_DISETUJUI else len(PRODUK_DISETUJUI)


def _dokumen_loket(produk: Produk) -> str | None:
    if produk.jenis == JenisProduk.SURAT_LOKET and produk.jenis_dokumen in PRODUK_DISETUJUI:
        return produk.jenis_dokumen
    return DOKUMEN_LOKET.get(produk.jenis)


@dataclass(frozen=True)
class LangkahRantai:
    """One approval in the chain."""

    urutan: int  # 1-based position in the chain
    peran: str
    jenis: str  # LangkahProsedur.JenisPersetujuan
    langkah_id: int | None  # None for the implicit signature step
    pejabat: str = ""  # the office's own jabatan (alternatives joined), if it names one

    @property
    def label(self) -> str:
        aksi = LangkahProsedur.JenisPersetujuan(self.jenis).label
        return f"{aksi} {self.pejabat or Peran(self.peran).label}"


@dataclass(frozen=True)
class Durasi:
    nilai: Decimal
    satuan: str


@dataclass
class Alur:
    verifikasi: bool
    verifikasi_bersyarat: bool
    verifikasi_kecuali_dtks: bool
    penanganan: bool
    pengajuan_panti: bool
    produk_disetujui: tuple[str, ...]
    produk_loket: tuple[str, ...]  # issued at the desk, no approval chain
    laporan_kegiatan: bool
    reunifikasi: bool
    rantai: tuple[LangkahRantai, ...]
    durasi_tahap: dict[str, list[Durasi]] = field(default_factory=dict)

    def tahap_kerja(self) -> list[str]:
        """The working stages (Tahap values) this standard passes, in order."""
        seq = [Tahap.PEMERIKSAAN_BERKAS]
        if self.verifikasi:
            seq.append(Tahap.VERIFIKASI)
        if self.penanganan:
            seq.append(Tahap.PENANGANAN)
        if self.pengajuan_panti:
            seq.append(Tahap.PENGAJUAN_PANTI)
        if self.produk_disetujui:
            seq += [Tahap.PENYUSUNAN, Tahap.PERSETUJUAN]
        return [str(t) for t in seq]

    def tahap_berikut(self, setelah: str) -> str | None:
        """The working stage that follows `setelah` (a Tahap value), skipping the
        stages this standard does not have; None when there is none."""
        order = [str(t) for t in Tahap.values]
        ada = self.tahap_kerja()
        pos = order.index(setelah)
        for tahap in order[pos + 1 :]:
            if tahap in ada:
                return tahap
        return None


def rantai_persetujuan(
    layanan: Layanan, langkah: list[LangkahProsedur]
) -> tuple[LangkahRantai, ...]:
    rows = [step for step in langkah if step.tahap == Tahap.PERSETUJUAN and step.peran]
    rantai: list[LangkahRantai] = []
    for i, step in enumerate(rows, start=1):
        jenis = step.jenis_persetujuan or (
            LangkahProsedur.JenisPersetujuan.TANDA_TANGAN
            if i == len(rows)
            else LangkahProsedur.JenisPersetujuan.PARAF
        )
        pejabat = step.pelaksana_tampil if step.jabatan.all() else ""
        rantai.append(LangkahRantai(i, step.peran, jenis, step.pk, pejabat))
    if not any(r.jenis == LangkahProsedur.JenisPersetujuan.TANDA_TANGAN for r in rantai):
        rantai.append(
            LangkahRantai(
                len(rantai) + 1,
                layanan.penandatangan_peran,
                LangkahProsedur.JenisPersetujuan.TANDA_TANGAN,
                None,
            )
        )
    return tuple(rantai)


def produk_untuk(layanan: Layanan, sub_layanan_id: int | None = None) -> list[Produk]:
    """The products of a standard that a case of `sub_layanan_id` receives:
    those of every sub-service and those of its own (all of them when no
    sub-service is named). Reads layanan.produk (prefetch it for many cases)."""
    return [
        p
        for p in layanan.produk.all()
        if sub_layanan_id is None or p.sub_layanan_id in (None, sub_layanan_id)
    ]


def alur_layanan(layanan: Layanan, sub_layanan_id: int | None = None) -> Alur:
    """Read the path of a standard (of one sub-service's case, when given: each
    sub-service has its own products). Uses layanan.langkah and layanan.produk
    (prefetch them when looping over many cases)."""
    langkah = sorted(layanan.langkah.all(), key=lambda s: (s.urutan, s.pk))
    semua_produk = produk_untuk(layanan, sub_layanan_id)
    produk = {p.jenis_dokumen for p in semua_produk}
    disetujui = [d for d in map(_dokumen_disetujui, semua_produk) if d]
    loket = [d for d in map(_dokumen_loket, semua_produk) if d]
    verif = [s for s in langkah if s.tahap == Tahap.VERIFIKASI]
    durasi: dict[str, list[Durasi]] = {}
    for step in langkah:
        if step.durasi_nilai and step.durasi_satuan and not step.kondisi:
            durasi.setdefault(step.tahap, []).append(Durasi(step.durasi_nilai, step.durasi_satuan))
    return Alur(
        verifikasi=bool(verif),
        verifikasi_bersyarat=bool(verif) and all(s.hanya_bila for s in verif),
        verifikasi_kecuali_dtks=bool(verif)
        and all(s.hanya_bila == SyaratLangkah.BELUM_DTKS for s in verif),
        penanganan=any(s.tahap == Tahap.PENANGANAN for s in langkah),
        pengajuan_panti=layanan.perlu_konfirmasi_panti,
        produk_disetujui=tuple(
            sorted(dict.fromkeys(str(d) for d in disetujui), key=_urutan_dokumen)
        ),
        produk_loket=tuple(dict.fromkeys(str(d) for d in loket)) if not disetujui else (),
        laporan_kegiatan=ProdukJenis.LAPORAN_KEGIATAN in produk,
        reunifikasi=any(s.reunifikasi for s in langkah),
        rantai=rantai_persetujuan(layanan, langkah),
        durasi_tahap=durasi,
    )


def jelaskan_rantai(alur: Alur) -> str:
    return " → ".join(r.label for r in alur.rantai) or _("tanpa persetujuan")
