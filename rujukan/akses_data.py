"""The case app's pages that show a client's data, for the access log
(layanan.akses_log): URL name → what the page looked at.

A new page that shows a client's record, a document or a letter, or exports
one, gets an entry here; `tests/keamanan/test_akses_log.py` fails for a staff
URL that is neither here nor in its list of pages without client data.
"""

from __future__ import annotations

from django.db.models import Subquery
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from layanan.akses_log import Kaitan, Pantau, angka, tanpa_objek
from rujukan.models import Konsep, PengajuanPanti, Rujukan


def klien_kasus(rujukan_id) -> Subquery:
    """The client of a case, read inside the log's INSERT."""
    return Subquery(Rujukan.objects.filter(pk=rujukan_id).values("klien_id")[:1])


def kasus(objek: str = "rujukan.rujukan", kwarg: str = "pk", *, kwarg_kasus: str = "pk"):
    """A page of one case (`kwarg_kasus` holds its id); the object it shows is
    `objek` with the id in `kwarg` (the case itself by default)."""

    def kaitan(request: HttpRequest, kwargs: dict) -> Kaitan | None:
        pk = angka(kwargs[kwarg_kasus])
        if pk is None:
            return None
        return Kaitan(
            objek=objek, objek_id=angka(kwargs[kwarg]), rujukan_id=pk, klien_id=klien_kasus(pk)
        )

    return kaitan


def pengajuan(
    objek: str = "rujukan.pengajuanpanti", kwarg: str = "pk", *, kwarg_pengajuan: str = "pk"
):
    """A page of one proposal to a panti (`kwarg_pengajuan` holds its id)."""

    def kaitan(request: HttpRequest, kwargs: dict) -> Kaitan | None:
        pk = angka(kwargs[kwarg_pengajuan])
        if pk is None:
            return None
        baris = PengajuanPanti.objects.filter(pk=pk)
        return Kaitan(
            objek=objek,
            objek_id=angka(kwargs[kwarg]),
            rujukan_id=Subquery(baris.values("rujukan_id")[:1]),
            klien_id=Subquery(baris.values("rujukan__klien_id")[:1]),
        )

    return kaitan


def konsep_admin(request: HttpRequest, kwargs: dict) -> Kaitan | None:
    pk = angka(kwargs["object_id"])
    if pk is None:
        return None
    baris = Konsep.objects.filter(pk=pk)
    return Kaitan(
        objek="rujukan.konsep",
        objek_id=pk,
        rujukan_id=Subquery(baris.values("rujukan_id")[:1]),
        klien_id=Subquery(baris.values("rujukan__klien_id")[:1]),
    )


def klien(kwarg: str = "pk"):
    """A page of one client (`kwarg` holds their id)."""

    def kaitan(request: HttpRequest, kwargs: dict) -> Kaitan | None:
        pk = angka(kwargs[kwarg])
        return None if pk is None else Kaitan(objek="rujukan.klien", objek_id=pk, klien_id=pk)

    return kaitan


def _dtks_admin(request: HttpRequest, kwargs: dict) -> Kaitan | None:
    pk = angka(kwargs["object_id"])
    return None if pk is None else Kaitan(objek="rujukan.datadtks", objek_id=pk)


def _registrasi(request: HttpRequest, kwargs: dict) -> Kaitan | None:
    """The intake form shows a returning client (`?klien=<id>`) or the results
    of a search for one (`?cari=`); without either it shows nobody."""
    klien = angka(request.GET.get("klien", ""))
    if klien is not None:
        return Kaitan(objek="rujukan.klien", objek_id=klien, klien_id=klien)
    return _pencarian(request, kwargs)


def _pencarian(request: HttpRequest, kwargs: dict) -> Kaitan | None:
    """A list searched for a person (the term itself is never logged)."""
    return Kaitan() if request.GET.get("cari") else None


_kasus = kasus()
AKSES_DATA: dict[str, Pantau] = {
    "rujukan:detail": Pantau("rujukan.detail", _("membuka halaman kasus"), _kasus),
    "rujukan:aksi": Pantau("rujukan.aksi", _("membuka halaman tindakan kasus"), _kasus),
    "rujukan:pratinjau": Pantau("rujukan.pratinjau", _("melihat pratinjau surat"), _kasus),
    # the approvals inbox's review page: its row is also the "opened for approval"
    # record (rujukan.selectors_persetujuan.APA_PERIKSA) that bulk approval needs
    "rujukan:persetujuan_periksa": Pantau(
        "rujukan.persetujuan_periksa", _("memeriksa konsep untuk persetujuan"), _kasus
    ),
    "rujukan:persetujuan_foto": Pantau(
        "rujukan.persetujuan_foto",
        _("melihat foto lapangan untuk persetujuan"),
        kasus("lapangan.dokumentasi", "dok"),
    ),
    "rujukan:berkas_periksa": Pantau(
        "rujukan.berkas_periksa",
        _("membuka berkas persyaratan"),
        kasus("rujukan.berkasitem", "item"),
    ),
    "rujukan:unduh_berkas": Pantau(
        "rujukan.unduh_berkas",
        _("mengunduh berkas persyaratan"),
        kasus("rujukan.berkasitem", "item"),
    ),
    "rujukan:unduh_dokumen": Pantau(
        "rujukan.unduh_dokumen",
        _("mengunduh dokumen atau surat"),
        kasus("rujukan.dokumen", "dokumen"),
    ),
    "rujukan:ubah_dokumen": Pantau(
        "rujukan.ubah_dokumen",
        _("membuka halaman pencabutan surat"),
        kasus("rujukan.dokumen", "dokumen"),
    ),
    "rujukan:unduh_surat_panti": Pantau(
        "rujukan.unduh_surat_panti",
        _("mengunduh surat jawaban panti"),
        kasus("rujukan.pengajuanpanti", "pengajuan"),
    ),
    "rujukan:panti_detail": Pantau(
        "rujukan.panti_detail", _("membuka pengajuan (panti)"), pengajuan()
    ),
    "rujukan:panti_lampiran": Pantau(
        "rujukan.panti_lampiran",
        _("mengunduh lampiran pengajuan (panti)"),
        pengajuan("rujukan.berkasitem", "item"),
    ),
    "rujukan:arsip_ekspor": Pantau(
        "rujukan.arsip_ekspor", _("mengekspor agenda surat keluar"), tanpa_objek
    ),
    "rujukan:rekap_unduh": Pantau(
        "rujukan.rekap_unduh", _("mengunduh rekapitulasi layanan"), tanpa_objek
    ),
    "rujukan:ekspor_klien": Pantau(
        "rujukan.ekspor_klien", _("membuka atau mengunduh ekspor seluruh data klien"), klien()
    ),
    "rujukan:registrasi": Pantau(
        "rujukan.registrasi", _("membuka data klien di pendaftaran"), _registrasi
    ),
    "rujukan:registrasi_sub": Pantau(
        "rujukan.registrasi", _("membuka data klien di pendaftaran"), _registrasi
    ),
    "rujukan:daftar": Pantau("rujukan.cari", _("mencari klien di daftar rujukan"), _pencarian),
    # a kelurahan operator's own online requests (the names he submitted) and their letters
    "rujukan:online": Pantau(
        "rujukan.online", _("membuka daftar permohonan daring sendiri"), tanpa_objek
    ),
    "rujukan:online_unduh": Pantau(
        "rujukan.online_unduh",
        _("mengunduh surat permohonan daring"),
        kasus("rujukan.dokumen", "dokumen"),
    ),
    "rujukan:arsip": Pantau("rujukan.arsip_cari", _("mencari di agenda surat keluar"), _pencarian),
    # the admin's pages of a client or a case
    "admin:rujukan_klien_change": Pantau(
        "admin.klien", _("membuka data klien di admin"), klien("object_id")
    ),
    "admin:rujukan_rujukan_change": Pantau(
        "admin.rujukan",
        _("membuka kasus di admin"),
        kasus(kwarg="object_id", kwarg_kasus="object_id"),
    ),
    "admin:rujukan_pengajuanpanti_change": Pantau(
        "admin.pengajuan_panti",
        _("membuka pengajuan panti di admin"),
        pengajuan(kwarg="object_id", kwarg_pengajuan="object_id"),
    ),
    "admin:rujukan_konsep_change": Pantau(
        "admin.konsep", _("membuka konsep surat di admin"), konsep_admin
    ),
    "admin:rujukan_datadtks_change": Pantau(
        "admin.datadtks", _("membuka data DTKS di admin"), _dtks_admin
    ),
}
