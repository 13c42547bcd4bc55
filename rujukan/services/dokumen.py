"""The only two changes an issued document knows: revocation and re-issue.

Its bytes are never regenerated. Revoking marks it dicabut (reason, who,
when); re-issuing renders, signs and stores a new Dokumen under a new number
that points back at the old one, which is marked diganti. Both are allowed
to the role that signs that kind of document (rujukan.permissions), both
lock the case and the document, and both are written in the case history."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from layanan.pengguna import Pengguna
from rujukan.documents import IsiSurat, blok_penulis
from rujukan.errors import IzinDitolak, Konflik, TidakDitemukan
from rujukan.models import Dokumen, JenisDokumen, PengajuanPanti, Rujukan
from rujukan.services.base import blok_pejabat, catat_kejadian, kunci, sekarang, wajib_isi
from rujukan.services.issuing import terbitkan_dokumen, transaksi_terbit
from rujukan.verifikasi import periksa_ubah_dokumen


def _kunci_dokumen(dokumen: Dokumen | int, by: Pengguna) -> tuple[Rujukan, Dokumen]:
    """Lock the case, then the document (always in this order), and check that
    `by` may change it now — the same answer the case page shows."""
    pk = dokumen.pk if isinstance(dokumen, Dokumen) else dokumen
    rujukan_id = Dokumen.objects.filter(pk=pk).values_list("rujukan_id", flat=True).first()
    if rujukan_id is None:
        raise TidakDitemukan(_("Dokumen tidak ditemukan."))
    r = kunci(rujukan_id)
    d = Dokumen.objects.select_for_update().get(pk=pk)
    d.rujukan = r
    izin = periksa_ubah_dokumen(d, user=by)
    if not izin.boleh:
        raise (IzinDitolak if izin.status_code == 403 else Konflik)(izin.alasan)
    return r, d


def dokumen_revoke(*, dokumen: Dokumen | int, by: Pengguna, alasan: str) -> Dokumen:
    """Revoke a valid issued document; its verification page says so from now on."""
    alasan = wajib_isi(alasan, _("Tuliskan alasan pencabutan dokumen."))
    with transaction.atomic():
        r, d = _kunci_dokumen(dokumen, by)
        d.status = Dokumen.Status.DICABUT
        d.alasan_pencabutan = alasan
        d.dicabut_oleh = by
        d.dicabut_pada = sekarang()
        d.save(update_fields=["status", "alasan_pencabutan", "dicabut_oleh", "dicabut_pada"])
        catat_kejadian(
            r,
            "rujukan.document_revoked",
            oleh=by,
            catatan=f"{d}: {alasan}",
            dokumen=d.pk,
            nomor=d.nomor,
        )
    return d


def _blok_terbit_ulang(r: Rujukan, d: Dokumen, by: Pengguna) -> tuple[Pengguna | None, IsiSurat]:
    """Who the new document is signed by (the user, and what it prints): the
    official who re-issues it, in the block its kind prints (as the issuing
    use cases do)."""
    if d.jenis == JenisDokumen.PENGAJUAN_PANTI:
        pengajuan = PengajuanPanti.objects.filter(dokumen=d).select_related("panti").first()
        return by, {
            "penandatangan": blok_pejabat(by, instansi=r.instansi),
            "panti": pengajuan.panti if pengajuan else None,
        }
    if d.konsep_id is None and d.jenis in (
        JenisDokumen.LAPORAN_KEGIATAN,
        JenisDokumen.LAPORAN_SOSIAL,
    ):
        return None, {"penulis": blok_penulis(by)}
    isi: IsiSurat = {"penandatangan": blok_pejabat(by, instansi=r.instansi)}
    if d.konsep is None:  # issued at the desk
        isi["penulis"] = blok_penulis(by)
    elif d.jenis == JenisDokumen.LAPORAN_SOSIAL:
        isi["penulis"] = blok_penulis(r.peksos or d.konsep.dibuat_oleh)
    return by, isi


def dokumen_reissue(*, dokumen: Dokumen | int, by: Pengguna, alasan: str) -> Dokumen:
    """Issue a valid document again from the case as it stands now, under a new
    number and signed anew; the old one is marked replaced and both point at
    each other. A letter sent to a panti is then the new one."""
    alasan = wajib_isi(alasan, _("Tuliskan alasan dokumen diterbitkan ulang."))
    with transaksi_terbit():
        r, d = _kunci_dokumen(dokumen, by)
        penandatangan_user, isi = _blok_terbit_ulang(r, d, by)
        isi["konsep"] = d.konsep
        baru = terbitkan_dokumen(
            rujukan=r,
            jenis=d.jenis,
            by=by,
            penandatangan_user=penandatangan_user,
            menggantikan=d,
            alasan_terbit_ulang=alasan,
            **isi,
        )
        d.status = Dokumen.Status.DIGANTI
        d.save(update_fields=["status"])
        PengajuanPanti.objects.filter(dokumen=d).update(dokumen=baru)
        catat_kejadian(
            r,
            "rujukan.document_reissued",
            oleh=by,
            catatan=_("%(lama)s diganti dengan nomor %(baru)s: %(alasan)s")
            % {"lama": d, "baru": baru.nomor, "alasan": alasan},
            lama=d.pk,
            baru=baru.pk,
        )
    return baru
