"""Before a standard is published: what would stop a case from running under it.

`periksa_standar(layanan)` reads the standard's rows and returns every problem
as a `Masalah`: a sentence in Bahasa Indonesia that names the step,
requirement, phase or product at fault ("Langkah 4 (Paraf): jabatan “Kepala
Seksi” belum dipegang pegawai mana pun."). An empty list means a case can run
under the standard. The admin's "Periksa dan pratinjau" page shows them.

What is checked:
- a step's actor: a jabatan nobody of the office holds (unless the step may be
  done by a delegate), a jabatan of another office; an approval step (paraf,
  tanda tangan, terbit di loket) whose jabatan — or role, when it names no
  jabatan — cannot approve, or that names no actor at all;
- where a returned case goes: never to the same or a later step, never to a
  step of another standard;
- eligibility facts: how each is checked, its threshold and range, and the
  step it is checked at (of this standard);
- times: every value has its unit, a range does not run backwards;
- products: the standard has the steps the product's kind needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from layanan.models import (
    CaraPeriksa,
    FaseWaktu,
    Jabatan,
    JenisLangkah,
    JenisProduk,
    LangkahProsedur,
    Layanan,
    Pegawai,
    Peran,
    Persyaratan,
    Produk,
    SubLayanan,
    Tahap,
)
from layanan.teks import angka, gabung_atau

# The roles that may approve: they hold rujukan's "setujui" permission.
PERAN_PENYETUJU = frozenset({Peran.KOORDINATOR, Peran.KEPALA_BIDANG, Peran.KEPALA_DINAS})
# Steps only an approving official may take.
JENIS_PERSETUJUAN = frozenset(
    {JenisLangkah.PARAF, JenisLangkah.TANDA_TANGAN, JenisLangkah.TERBIT_LOKET}
)
# A product kind → the step kinds of which the standard needs one. A letter
# through the approval chain needs a signing step or a penandatangan
# (Layanan.penandatangan_peran); a report needs nothing of its own.
LANGKAH_PRODUK: dict[str, frozenset[str]] = {
    JenisProduk.SURAT_LOKET: frozenset({JenisLangkah.TERBIT_LOKET, JenisLangkah.TANDA_TANGAN}),
    JenisProduk.REGISTRASI: frozenset({JenisLangkah.REGISTRASI}),
    JenisProduk.BARANG_JASA: frozenset({JenisLangkah.SERAHKAN}),
}


@dataclass(frozen=True)
class Masalah:
    """One reason a standard cannot run. `item` names the row as the office
    reads it ("Langkah 4 (Paraf)"), `field` is the field to correct, `pesan`
    the whole sentence, `kode` a stable name of the check."""

    kode: str
    item: str
    field: str
    pesan: str

    def __str__(self) -> str:
        return self.pesan


def _masalah(kode: str, item: str, field: str, keterangan: str) -> Masalah:
    return Masalah(kode=kode, item=item, field=field, pesan=f"{item}: {keterangan}")


def _kutip(nama: str) -> str:
    return f"“{nama}”"


def label_langkah(nomor: int, langkah: LangkahProsedur) -> str:
    """'Langkah 4 (Paraf)': the step's place in the published order and its kind."""
    if langkah.jenis:
        return _("Langkah %(n)s (%(jenis)s)") % {"n": nomor, "jenis": langkah.get_jenis_display()}
    return _("Langkah %(n)s") % {"n": nomor}


def _label_persyaratan(p: Persyaratan) -> str:
    return _("Persyaratan %(teks)s") % {"teks": _kutip(Truncator(p.teks).chars(60))}


def _penyetuju_teks() -> str:
    return gabung_atau([str(Peran(p).label) for p in Peran.values if p in PERAN_PENYETUJU])


def langkah_berurutan(layanan: Layanan) -> list[LangkahProsedur]:
    """The standard's steps in published order, with their jabatan and return step."""
    return list(
        LangkahProsedur.objects.filter(layanan=layanan)
        .select_related("kembali_ke")
        .prefetch_related(Prefetch("jabatan", queryset=Jabatan.objects.order_by("urutan", "nama")))
        .order_by("urutan", "pk")
    )


def jabatan_dipegang(layanan: Layanan, langkah: list[LangkahProsedur]) -> set[int]:
    """The jabatan of these steps that an active member of the office holds."""
    ids = {j.pk for step in langkah for j in step.jabatan.all()}
    if not ids:
        return set()
    return set(
        Pegawai.objects.filter(
            instansi_id=layanan.instansi_id, user__is_active=True, jabatan_portal__in=ids
        ).values_list("jabatan_portal", flat=True)
    )


def periksa_standar(layanan: Layanan) -> list[Masalah]:
    """Every problem that would stop a case from running under this standard,
    in the order of the standard (steps, requirements, times, products)."""
    langkah = langkah_berurutan(layanan)
    dipegang = jabatan_dipegang(layanan, langkah)
    out: list[Masalah] = []
    posisi = {step.pk: i for i, step in enumerate(langkah, 1)}
    for nomor, step in enumerate(langkah, 1):
        item = label_langkah(nomor, step)
        out += _periksa_pelaksana(layanan, step, item, dipegang)
        out += _periksa_kembali(layanan, step, item, nomor, posisi)
        if step.hanya_bila and step.tahap != Tahap.VERIFIKASI:
            out.append(
                _masalah(
                    "lewati_bukan_verifikasi",
                    item,
                    "hanya_bila",
                    _(
                        "hanya langkah verifikasi yang dapat dilewati menurut pilihan "
                        "'dijalankan'; kosongkan pilihan itu untuk langkah ini."
                    ),
                )
            )
        if step.durasi_nilai is not None and not step.durasi_satuan:
            out.append(
                _masalah(
                    "satuan_kosong",
                    item,
                    "durasi_satuan",
                    _("waktu baku %(nilai)s belum diberi satuan.")
                    % {"nilai": angka(step.durasi_nilai)},
                )
            )
    for p in Persyaratan.objects.filter(layanan=layanan).select_related("langkah_periksa"):
        out += _periksa_persyaratan(layanan, p)
    out += _periksa_waktu(layanan)
    jenis_langkah = {step.jenis for step in langkah}
    semua_produk = list(Produk.objects.filter(layanan=layanan).order_by("urutan", "pk"))
    for produk in semua_produk:
        out += _periksa_produk(layanan, produk, jenis_langkah)
    out += _periksa_produk_sub(layanan, semua_produk)
    return out


def _periksa_produk_sub(layanan: Layanan, semua_produk: list[Produk]) -> list[Masalah]:
    """Each sub-service's case must end in a product: one of its own or one
    common to the whole standard."""
    umum = any(p.sub_layanan_id is None for p in semua_produk)
    punya = {p.sub_layanan_id for p in semua_produk}
    out = []
    for sub in SubLayanan.objects.filter(layanan=layanan).order_by("urutan", "pk"):
        if semua_produk and not umum and sub.pk not in punya:
            out.append(
                _masalah(
                    "sub_tanpa_produk",
                    _("Sub-layanan %(nama)s") % {"nama": _kutip(sub.nama)},
                    "sub_layanan",
                    _("tidak punya produk; pilih sub-layanan ini pada salah satu produk."),
                )
            )
    return out


def _periksa_pelaksana(
    layanan: Layanan, step: LangkahProsedur, item: str, dipegang: set[int]
) -> list[Masalah]:
    out = []
    jabatan = list(step.jabatan.all())
    lain = [j for j in jabatan if j.instansi_id != layanan.instansi_id]
    for j in lain:
        out.append(
            _masalah(
                "jabatan_instansi_lain",
                item,
                "jabatan",
                _("jabatan %(nama)s milik instansi lain.") % {"nama": _kutip(j.nama)},
            )
        )
    sendiri = [j for j in jabatan if j.instansi_id == layanan.instansi_id]
    if sendiri and not step.boleh_diwakilkan and not any(j.pk in dipegang for j in sendiri):
        out.append(
            _masalah(
                "jabatan_tidak_dipegang",
                item,
                "jabatan",
                _("jabatan %(nama)s belum dipegang pegawai mana pun.")
                % {"nama": gabung_atau([_kutip(j.nama) for j in sendiri])},
            )
        )
    if step.jenis not in JENIS_PERSETUJUAN:
        return out
    if jabatan:
        for j in jabatan:
            if j.peran not in PERAN_PENYETUJU:
                out.append(
                    _masalah(
                        "peran_tidak_menyetujui",
                        item,
                        "jabatan",
                        _(
                            "jabatan %(nama)s memberi peran %(peran)s, yang tidak dapat "
                            "menyetujui; hanya %(penyetuju)s yang dapat."
                        )
                        % {
                            "nama": _kutip(j.nama),
                            "peran": j.get_peran_display(),
                            "penyetuju": _penyetuju_teks(),
                        },
                    )
                )
    elif step.peran:
        if step.peran not in PERAN_PENYETUJU:
            out.append(
                _masalah(
                    "peran_tidak_menyetujui",
                    item,
                    "peran",
                    _("peran %(peran)s tidak dapat menyetujui; hanya %(penyetuju)s yang dapat.")
                    % {"peran": step.get_peran_display(), "penyetuju": _penyetuju_teks()},
                )
            )
    else:
        out.append(
            _masalah(
                "pelaksana_kosong",
                item,
                "jabatan",
                _("belum menyebut jabatan atau peran pejabat yang menyetujui."),
            )
        )
    return out


def _periksa_kembali(
    layanan: Layanan, step: LangkahProsedur, item: str, nomor: int, posisi: dict[int, int]
) -> list[Masalah]:
    tujuan = step.kembali_ke
    if tujuan is None:
        return []
    if tujuan.layanan_id != layanan.pk:
        keterangan = _("bila dikembalikan, kembali ke langkah layanan lain.")
    elif posisi[tujuan.pk] == nomor:
        keterangan = _(
            "bila dikembalikan, kembali ke langkah ini sendiri; pilih langkah sebelumnya."
        )
    elif posisi[tujuan.pk] > nomor:
        keterangan = _(
            "bila dikembalikan, kembali ke langkah %(ke)s yang ada sesudahnya; "
            "pilih langkah sebelumnya."
        ) % {"ke": posisi[tujuan.pk]}
    else:
        return []
    return [_masalah("kembali_ke_salah", item, "kembali_ke", keterangan)]


def _periksa_persyaratan(layanan: Layanan, p: Persyaratan) -> list[Masalah]:
    item = _label_persyaratan(p)
    out = []
    if p.jenis == Persyaratan.Jenis.FAKTA and not p.cara_periksa:
        out.append(
            _masalah(
                "cara_periksa_kosong",
                item,
                "cara_periksa",
                _("fakta kelayakan belum diberi cara pemeriksaan."),
            )
        )
    if p.cara_periksa == CaraPeriksa.USIA and p.nilai_ambang is None:
        out.append(
            _masalah(
                "ambang_kosong",
                item,
                "nilai_ambang",
                _("pemeriksaan usia belum diberi nilai ambang (misalnya 60)."),
            )
        )
    if (
        p.nilai_ambang is not None
        and p.nilai_maksimal is not None
        and p.nilai_maksimal < p.nilai_ambang
    ):
        out.append(
            _masalah(
                "rentang_terbalik",
                item,
                "nilai_maksimal",
                _("nilai paling tinggi (%(maks)s) lebih kecil dari nilai ambang (%(ambang)s).")
                % {"maks": p.nilai_maksimal, "ambang": p.nilai_ambang},
            )
        )
    if p.langkah_periksa is not None and p.langkah_periksa.layanan_id != layanan.pk:
        out.append(
            _masalah(
                "langkah_periksa_lain",
                item,
                "langkah_periksa",
                _("diperiksa pada langkah dari layanan lain."),
            )
        )
    return out


def _periksa_waktu(layanan: Layanan) -> list[Masalah]:
    out = []
    if layanan.waktu_nilai is not None and not layanan.waktu_satuan:
        out.append(
            _masalah(
                "satuan_kosong",
                _("Waktu penyelesaian"),
                "waktu_satuan",
                _("nilai %(nilai)s belum diberi satuan.") % {"nilai": angka(layanan.waktu_nilai)},
            )
        )
    for fase in FaseWaktu.objects.filter(layanan=layanan).order_by("urutan", "pk"):
        item = _("Fase waktu %(nama)s") % {"nama": _kutip(fase.nama)}
        nilai = fase.nilai if fase.nilai is not None else fase.nilai_sampai
        if nilai is not None and not fase.satuan:
            out.append(
                _masalah(
                    "satuan_kosong",
                    item,
                    "satuan",
                    _("waktu %(nilai)s belum diberi satuan.") % {"nilai": angka(nilai)},
                )
            )
        if (
            fase.nilai is not None
            and fase.nilai_sampai is not None
            and fase.nilai_sampai < fase.nilai
        ):
            out.append(
                _masalah(
                    "rentang_terbalik",
                    item,
                    "nilai_sampai",
                    _("waktu paling lama (%(sampai)s) lebih kecil dari waktu (%(nilai)s).")
                    % {"sampai": angka(fase.nilai_sampai), "nilai": angka(fase.nilai)},
                )
            )
    return out


def _periksa_produk(layanan: Layanan, produk: Produk, jenis_langkah: set[str]) -> list[Masalah]:
    item = _("Produk %(nama)s (%(jenis)s)") % {
        "nama": _kutip(produk.nama),
        "jenis": produk.get_jenis_display(),
    }
    if produk.jenis == JenisProduk.SURAT_PERSETUJUAN:
        if JenisLangkah.TANDA_TANGAN in jenis_langkah or layanan.penandatangan_peran:
            return []
        keterangan = _("tidak ada langkah tanda tangan dan penanda tangan belum ditentukan.")
    elif produk.jenis in LANGKAH_PRODUK:
        perlu = LANGKAH_PRODUK[produk.jenis]
        if perlu & jenis_langkah:
            return []
        keterangan = _("standar tidak mempunyai langkah %(jenis)s.") % {
            "jenis": gabung_atau(
                [str(JenisLangkah(j).label).lower() for j in JenisLangkah.values if j in perlu]
            )
        }
    else:
        return []
    return [_masalah("produk_tanpa_langkah", item, "jenis", keterangan)]
