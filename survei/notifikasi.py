"""The survey invitation sent to the person served (issue 12): when a case is
handed over or finished, or a complaint closed, the applicant or reporter
who left a contact gets the link of their invitation (`UndanganSurvei`,
made by survei.sinyal in the same transaction). Queued after commit; the
worker finds the invitation and sends through `notifikasi.services`."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django_fsm.signals import post_transition
from django_tasks import task

from notifikasi.services import kirim, portal_url
from pengaduan.models import Pengaduan
from pengaduan.notifikasi import kontak_pelapor
from rujukan.models import Rujukan
from rujukan.models.rujukan import STATUS_PENYERAHAN, Status
from rujukan.notifikasi import kontak_pemohon
from survei.models import UndanganSurvei

RUJUKAN_SELESAI = frozenset({*STATUS_PENYERAHAN, Status.SELESAI})
PENGADUAN_SELESAI = frozenset({Pengaduan.Status.SELESAI})


def _rujukan_selesai(sender, instance: Rujukan, name, source, target, **kwargs) -> None:
    # a case handed over and then closed is invited once: at the hand-over
    if target in RUJUKAN_SELESAI and source not in RUJUKAN_SELESAI:
        pk = instance.pk
        transaction.on_commit(lambda: undang.enqueue("rujukan", pk))


def _pengaduan_selesai(sender, instance: Pengaduan, name, source, target, **kwargs) -> None:
    if target in PENGADUAN_SELESAI and source not in PENGADUAN_SELESAI:
        pk = instance.pk
        transaction.on_commit(lambda: undang.enqueue("pengaduan", pk))


def hubungkan() -> None:
    post_transition.connect(_rujukan_selesai, sender=Rujukan, dispatch_uid="survei.notif.rujukan")
    post_transition.connect(
        _pengaduan_selesai, sender=Pengaduan, dispatch_uid="survei.notif.pengaduan"
    )


@task()
def undang(asal: str, pk: int) -> bool:
    """Send the invitation link of one case or complaint; False if there is
    no open invitation or no contact."""
    undangan = (
        UndanganSurvei.objects.select_related("instansi", "layanan")
        .filter(**{asal: pk}, used_at__isnull=True)
        .first()
    )
    if undangan is None:
        return False
    if asal == "rujukan":
        r = Rujukan.objects.select_related("pemohon").get(pk=pk)
        kontak, nomor = kontak_pemohon(r), r.nomor_registrasi
        ref = f"rujukan.pemohon:{r.pemohon_id}"
    else:
        kontak = kontak_pelapor(pk)
        if kontak is None:
            return False
        ref, nomor = f"pengaduan.pelapor:{pk}", Pengaduan.objects.get(pk=pk).nomor
    pesan = kirim(
        kontak=kontak,
        acara="survei.undangan",
        templat="survei/undangan",
        konteks={
            "nomor": nomor,
            "layanan": undangan.layanan.nama if undangan.layanan_id else "",
            "instansi": undangan.instansi.nama,
            "url": portal_url(reverse("survei:isi", args=[undangan.token])),
        },
        instansi=undangan.instansi,
        penerima_ref=ref,
    )
    return pesan is not None
