"""What a pemohon does on their own page (warga): answer a return for
missing documents by uploading them, and download the letters issued to
them. The pemohon is not a user: they are known by the phone number they
proved (`telepon`, 62…), which must be the case's pemohon's number — checked
here, through its keyed hash, whatever the caller says."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_fsm_log.models import StateLog

from layanan.models import Persyaratan
from layanan.unggahan import periksa_unggahan
from rujukan.errors import DataTidakValid, TidakDitemukan, TransisiTidakSah
from rujukan.models import BerkasItem, Dokumen, Pemohon, Rujukan, Status
from rujukan.services.base import catat_kejadian, jalankan, kunci, sekarang

# Kinds of letter that are the applicant's to keep: the receipt, the product
# handed over at the desk or after approval, the refusal notice. The social
# report, the proposal to a panti and the activity report are the office's.
SURAT_PEMOHON = frozenset(
    {
        "tanda_terima",
        "surat_rekomendasi",
        "surat_keterangan",
        "bukti_registrasi",
        "berita_acara",
        "surat_penolakan",
    }
)
# The letter of referral travels with the client to the panti; it is the
# applicant's when the standard asks no panti, or the applicant takes the client.
SURAT_RUJUKAN = "surat_rujukan"
KODE_LENGKAPI = "rujukan.berkas_dilengkapi_pemohon"
MAKS_BERKAS = 10


def sidik_telepon(telepon: str) -> str:
    return Pemohon._meta.get_field("telepon").sidik_dari(telepon) if telepon else ""


def rujukan_pemohon(telepon: str) -> QuerySet[Rujukan]:
    """The cases whose pemohon gave this number (62…); none for an empty number."""
    sidik = sidik_telepon(telepon)
    if not sidik:
        return Rujukan.objects.none()
    return Rujukan.objects.filter(pemohon__telepon_sidik=sidik)


def surat_untuk_pemohon(rujukan: Rujukan, dokumen: Dokumen) -> bool:
    """Is this issued letter one the standard hands to the applicant?"""
    if dokumen.status != Dokumen.Status.BERLAKU:
        return False
    if dokumen.jenis in SURAT_PEMOHON:
        return True
    if dokumen.jenis == SURAT_RUJUKAN:
        return not rujukan.layanan.perlu_konfirmasi_panti or rujukan.diantar_oleh == "pemohon"
    return False


def berkas_diminta(rujukan: Rujukan) -> list[BerkasItem]:
    """The documents a returned case waits for: the applicable document
    requirements not yet accepted. Empty unless the case was returned."""
    if rujukan.status != Status.DIKEMBALIKAN:
        return []
    return [
        b
        for b in rujukan.berkas.all()
        if b.berlaku and b.persyaratan.jenis == Persyaratan.Jenis.DOKUMEN and not b.terpenuhi
    ]


def berkas_terkirim(rujukan: Rujukan) -> set[int]:
    """The requirement rows the pemohon uploaded since the case was last
    returned to them (a file the desk already refused does not count)."""
    kembali = (
        StateLog.objects.for_(rujukan)
        .filter(transition="return_to_pemohon")
        .order_by("-timestamp")
        .values_list("timestamp", flat=True)
        .first()
    )
    qs = rujukan.kejadian.filter(kode=KODE_LENGKAPI)
    if kembali is not None:
        qs = qs.filter(pada__gte=kembali)
    return {k.data.get("item_id") for k in qs}


def _milik(r: Rujukan, telepon: str) -> None:
    sidik = sidik_telepon(telepon)
    if not sidik or r.pemohon.telepon_sidik != sidik:
        raise TidakDitemukan(_("Permohonan tidak ditemukan."))


def lengkapi_berkas(
    *, rujukan: Rujukan | int, telepon: str, berkas: dict[int, UploadedFile[bytes]]
) -> Rujukan:
    """The pemohon uploads the missing documents of a returned case
    (`berkas`: requirement row id → uploaded file). Each file is checked
    (layanan.unggahan) before anything is written; each is kept unaccepted
    until the front desk checks it. The history records each upload (by the
    pemohon, when). When every requested document has a file, the case goes
    back to the file check, as the standard's return says (an optional
    document the pemohon leaves out does not hold it)."""
    rujukan_id = rujukan.pk if isinstance(rujukan, Rujukan) else rujukan
    lihat = Rujukan.objects.select_related("pemohon").filter(pk=rujukan_id).first()
    if lihat is None:
        raise TidakDitemukan(_("Permohonan tidak ditemukan."))
    _milik(lihat, telepon)  # anyone else's id: the same 404, whatever was sent
    if not berkas:
        raise DataTidakValid(_("Pilih setidaknya satu berkas untuk diunggah."))
    if len(berkas) > MAKS_BERKAS:
        raise DataTidakValid(_("Paling banyak %(n)s berkas sekaligus.") % {"n": MAKS_BERKAS})
    hasil = {}
    for item_id, f in berkas.items():
        try:
            hasil[item_id] = periksa_unggahan(f)
        except ValidationError as exc:
            raise DataTidakValid(" ".join(exc.messages)) from None
    with transaction.atomic():
        r = kunci(rujukan_id)
        _milik(r, telepon)
        if r.status != Status.DIKEMBALIKAN:
            raise TransisiTidakSah(
                _("Permohonan ini tidak sedang menunggu kelengkapan berkas dari Anda.")
            )
        diminta = {b.pk: b for b in berkas_diminta(r)}
        pada = sekarang()
        lama = []
        for item_id, f in berkas.items():
            item = diminta.get(item_id)
            if item is None:
                raise DataTidakValid(_("Berkas ini tidak diminta untuk permohonan tersebut."))
            if item.berkas:
                lama.append((item.berkas.storage, str(item.berkas.name)))
            item.berkas.save(f"x.{hasil[item_id].ekstensi}", f, save=False)
            item.tipe_berkas = hasil[item_id].mime
            item.ukuran_berkas = hasil[item_id].ukuran
            item.terpenuhi = False  # the front desk accepts it after checking
            item.catatan = _("Diunggah pemohon melalui halaman warga; menunggu pemeriksaan.")
            item.diperiksa_oleh, item.diperiksa_pada = None, None
            item.save()
            catat_kejadian(
                r,
                KODE_LENGKAPI,
                oleh=None,
                persyaratan=item.persyaratan.teks[:100],
                item_id=item.pk,
            )
        terkirim = berkas_terkirim(r)
        if all(b.pk in terkirim for b in diminta.values() if b.persyaratan.wajib):
            jalankan(
                r,
                "resubmit",
                by=None,
                catatan=_("Pemohon melengkapi berkas melalui halaman warga."),
                pada=pada,
                periksa=False,  # the pemohon's own answer: ownership checked above
            )
        for storage, nama in lama:
            transaction.on_commit(partial(storage.delete, nama))
    return r


def unduh_surat(*, dokumen: int, telepon: str) -> Dokumen:
    """A letter of the pemohon's case that is theirs to keep; the download is
    recorded in the case's history. TidakDitemukan for anything else."""
    with transaction.atomic():
        d = (
            Dokumen.objects.select_related("rujukan__pemohon", "rujukan__layanan")
            .filter(pk=dokumen)
            .first()
        )
        if d is None:
            raise TidakDitemukan(_("Surat tidak ditemukan."))
        _milik(d.rujukan, telepon)
        if not surat_untuk_pemohon(d.rujukan, d):
            raise TidakDitemukan(_("Surat tidak ditemukan."))
        catat_kejadian(
            d.rujukan,
            "rujukan.surat_diunduh_pemohon",
            oleh=None,
            surat=f"{d.get_jenis_display()} {d.nomor}".strip(),
            dokumen_id=d.pk,
        )
    return d
