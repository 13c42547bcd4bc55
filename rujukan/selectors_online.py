"""Reads for the pages of requests submitted online: the kelurahan operator's
own requests with their current step, deadline and the letters the standard
hands to the applicant (the same rule as the citizen's page:
rujukan.services.warga.surat_untuk_pemohon). A fixed number of queries
however many requests."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from layanan.pengguna import Pengguna
from rujukan.langkah import nama_langkah, saat_ini
from rujukan.models import Dokumen, JenisDokumen, LangkahKasus, Rujukan, Sumber
from rujukan.services.warga import surat_untuk_pemohon


@dataclass
class BarisPengajuan:
    rujukan: Rujukan
    langkah: list[str]
    surat: list[Dokumen] = field(default_factory=list)
    tanda_terima: Dokumen | None = None


def pengajuan_operator_qs(*, user: Pengguna) -> QuerySet[Rujukan]:
    return (
        Rujukan.objects.filter(
            dibuat_oleh=user,
            sumber=Sumber.ONLINE_OPERATOR,
            instansi__pegawai__user=user,
        )
        .select_related("instansi", "layanan", "sub_layanan", "klien")
        .order_by("-dibuat_pada", "-pk")
    )


def pengajuan_operator(*, user: Pengguna, batas: int = 100) -> list[BarisPengajuan]:
    """The requests this operator submitted online (his own only), newest first."""
    rows = list(
        pengajuan_operator_qs(user=user).prefetch_related(
            Prefetch(
                "langkah_kasus",
                queryset=LangkahKasus.objects.select_related("langkah").order_by("urutan"),
            ),
            Prefetch(
                "dokumen",
                queryset=Dokumen.objects.filter(status=Dokumen.Status.BERLAKU).order_by(
                    "diterbitkan_pada", "pk"
                ),
            ),
        )[:batas]
    )
    out = []
    for r in rows:
        dokumen = list(r.dokumen.all())
        out.append(
            BarisPengajuan(
                rujukan=r,
                langkah=[nama_langkah(x) for x in saat_ini(r.langkah_kasus.all())]
                if r.terbuka
                else [],
                surat=[
                    d
                    for d in dokumen
                    if d.jenis != JenisDokumen.TANDA_TERIMA and surat_untuk_pemohon(r, d)
                ],
                tanda_terima=next(
                    (d for d in dokumen if d.jenis == JenisDokumen.TANDA_TERIMA), None
                ),
            )
        )
    return out


def dokumen_untuk_operator(*, user: Pengguna, rujukan_pk: int, dokumen_pk: int) -> Dokumen | None:
    """One issued document the operator may download: the receipt of his own
    request, or a letter the standard hands to the applicant."""
    dok = (
        Dokumen.objects.filter(
            pk=dokumen_pk,
            rujukan_id=rujukan_pk,
            rujukan__dibuat_oleh=user,
            rujukan__sumber=Sumber.ONLINE_OPERATOR,
            status=Dokumen.Status.BERLAKU,
        )
        .select_related("rujukan__layanan")
        .first()
    )
    if dok is None:
        return None
    return dok if surat_untuk_pemohon(dok.rujukan, dok) else None
