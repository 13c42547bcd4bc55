"""Who hears what about a case, and when (issue 12): the applicant, the
assigned peksos, the officials who must act next, the panti a client is
delivered to. Messages go through the portal's one notification service
(`notifikasi.services`), texts in templates/notifikasi/teks/rujukan/.

The moments are caught where they happen — a django-fsm post_transition on
the case, a new case, the "peksos assigned" history entry — and only put a
task on the queue after the service's transaction commits (`kabarkan`): a
rolled-back action notifies nobody, and the recipients (the next official
in the chain, the panti's users) are worked out by the worker, not in the
user's request. A text carries the registration number, the service and a
link; never the client's name, NIK or condition.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_save
from django.urls import reverse
from django_fsm.signals import post_transition
from django_tasks import task

from layanan.models import LangkahProsedur, Peran
from layanan.roles import GROUP_NAMES
from notifikasi.models import Kanal
from notifikasi.services import Kontak, kirim, kirim_ke_pengguna, kontak_pengguna, portal_url
from rujukan.models import Rujukan
from rujukan.models.proses import Kejadian
from rujukan.models.rujukan import Status, Sumber
from rujukan.permissions import boleh_bertindak_langkah, peran_dari

logger = logging.getLogger(__name__)

# moment → (who: "pemohon" | "peksos" | "pejabat" | "panti" | "loket", template); the template's
# name is the event code of the message (rujukan.<name>)
ACARA: dict[str, tuple[tuple[str, str], ...]] = {
    "rujukan.diterima": (("pemohon", "rujukan/diterima"),),
    "rujukan.berkas_kurang": (("pemohon", "rujukan/berkas_kurang"),),
    "rujukan.ditugaskan": (("peksos", "rujukan/ditugaskan"),),
    "rujukan.menunggu_persetujuan": (("pejabat", "rujukan/menunggu_persetujuan"),),
    "rujukan.disetujui": (("peksos", "rujukan/disetujui"), ("pemohon", "rujukan/surat_terbit")),
    "rujukan.surat_terbit": (("pemohon", "rujukan/surat_terbit"),),
    "rujukan.diserahkan_panti": (
        ("panti", "rujukan/diterima_panti"),
        ("pemohon", "rujukan/diserahkan_panti"),
    ),
    "rujukan.diserahkan": (("pemohon", "rujukan/diserahkan"),),
    # the front desk: a request that came in online, and missing documents the
    # applicant uploaded on the citizen's page (the desk checks them next)
    "rujukan.permohonan_daring": (("loket", "rujukan/permohonan_daring"),),
    "rujukan.berkas_dilengkapi": (("loket", "rujukan/berkas_dilengkapi"),),
}


def acara_transisi(name: str, target: str) -> str | None:
    """The event a transition is, if anyone is told about it."""
    if target == Status.DIKEMBALIKAN:
        return "rujukan.berkas_kurang"
    if target == Status.PERSETUJUAN:  # submitted, or one paraf given: the next one's turn
        return "rujukan.menunggu_persetujuan"
    if target == Status.PRODUK_TERBIT:
        return "rujukan.disetujui" if name == "approve" else "rujukan.surat_terbit"
    if target == Status.DISERAHKAN_PANTI:
        return "rujukan.diserahkan_panti"
    if target == Status.DISERAHKAN_PEMOHON:
        return "rujukan.diserahkan"
    return None


def _setelah_commit(rujukan_id: int, acara: str) -> None:
    transaction.on_commit(lambda: kabarkan.enqueue(rujukan_id, acara))


def _pasca_transisi(sender, instance: Rujukan, name, source, target, **kwargs) -> None:
    acara = acara_transisi(name, target)
    if acara:
        _setelah_commit(instance.pk, acara)
    if name == "resubmit" and (kwargs.get("method_kwargs") or {}).get("by") is None:
        # no officer recorded it: the applicant sent the documents from their page
        _setelah_commit(instance.pk, "rujukan.berkas_dilengkapi")


def _rujukan_disimpan(sender, instance: Rujukan, created: bool, raw: bool = False, **kw) -> None:
    if created and not raw:
        _setelah_commit(instance.pk, "rujukan.diterima")
        if instance.sumber != Sumber.LOKET:
            _setelah_commit(instance.pk, "rujukan.permohonan_daring")


def _kejadian_disimpan(sender, instance: Kejadian, created: bool, raw: bool = False, **kw) -> None:
    if created and not raw and instance.kode == "rujukan.peksos_assigned":
        _setelah_commit(instance.rujukan_id, "rujukan.ditugaskan")


def hubungkan() -> None:
    post_transition.connect(_pasca_transisi, sender=Rujukan, dispatch_uid="rujukan.notifikasi")
    post_save.connect(_rujukan_disimpan, sender=Rujukan, dispatch_uid="rujukan.notifikasi.baru")
    post_save.connect(
        _kejadian_disimpan, sender=Kejadian, dispatch_uid="rujukan.notifikasi.kejadian"
    )


# --- the recipients ------------------------------------------------------------


def kontak_pemohon(r: Rujukan) -> Kontak:
    p = r.pemohon
    kanal = Kanal.WHATSAPP if p.telepon_whatsapp else Kanal.SMS
    return Kontak(telepon=p.telepon, email=getattr(p, "email", ""), kanal=kanal)


def operator_pengaju(r: Rujukan):
    """The kelurahan/desa operator who filed the case online, if one did."""
    if r.sumber != Sumber.ONLINE_OPERATOR or r.dibuat_oleh_id is None:
        return None
    return r.dibuat_oleh if r.dibuat_oleh.is_active else None


def pejabat_berikut(r: Rujukan) -> list:
    """The active staff of the case's office whose approval the draft waits for."""
    if r.status != Status.PERSETUJUAN:
        return []
    langkah = r.langkah_persetujuan_berikut()
    if langkah is None:
        return []
    step = (
        LangkahProsedur.objects.prefetch_related("jabatan").filter(pk=langkah.langkah_id).first()
        if langkah.langkah_id
        else None
    )
    calon = get_user_model().objects.filter(is_active=True, pegawai__instansi_id=r.instansi_id)
    return [
        u
        for u in calon.order_by("pk")
        if u.has_perm("rujukan.setujui")
        and (
            boleh_bertindak_langkah(user=u, langkah=step)
            if step is not None
            else langkah.peran in peran_dari(u)
        )
    ]


def petugas_loket(r: Rujukan) -> list:
    """The active front-desk officers of the case's office."""
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            pegawai__instansi_id=r.instansi_id,
            groups__name=GROUP_NAMES[Peran.PETUGAS_LOKET],
        )
        .order_by("pk")
    )


def pengguna_panti(r: Rujukan) -> list:
    if r.panti_tujuan_id is None:
        return []
    return list(
        get_user_model()
        .objects.filter(is_active=True, pegawai__panti_id=r.panti_tujuan_id)
        .order_by("pk")
    )


@task()
def kabarkan(rujukan_id: int, acara: str) -> int:
    """Queue the messages of one moment of a case; returns how many."""
    r = (
        Rujukan.objects.select_related(
            "instansi", "layanan", "pemohon", "peksos", "panti_tujuan", "dibuat_oleh"
        )
        .filter(pk=rujukan_id)
        .first()
    )
    if r is None:
        return 0
    konteks = {
        "nomor": r.nomor_registrasi,
        "layanan": r.layanan.nama,
        "instansi": r.instansi.nama,
        "panti": r.panti_tujuan.nama if r.panti_tujuan_id else "",
        "url_lacak": portal_url(reverse("rujukan:lacak") + f"?nomor={r.nomor_registrasi}"),
        "url": portal_url(reverse("rujukan:detail", args=[r.pk])),
    }
    n = 0
    for siapa, templat in ACARA[acara]:
        # each recipient's message is its own event: "rujukan.surat_terbit" to the
        # applicant of an approval, "rujukan.disetujui" to the peksos
        kode = "rujukan." + templat.rsplit("/", 1)[-1]
        umum = {"acara": kode, "templat": templat, "konteks": konteks, "instansi": r.instansi}
        if siapa == "pemohon":
            ref = f"rujukan.pemohon:{r.pemohon_id}"
            kontak = kontak_pemohon(r)
            n += kirim(kontak=kontak, penerima_ref=ref, **umum) is not None
            operator = operator_pengaju(r)
            if operator is not None:
                k_op = kontak_pengguna(operator)
                # the operator who filed it online hears it too, unless at the same address
                if k_op is not None and (k_op.alamat() is None or k_op.alamat() != kontak.alamat()):
                    n += kirim_ke_pengguna(user=operator, **umum) is not None
            continue
        if siapa == "peksos":
            penerima = [r.peksos] if r.peksos_id else []
        elif siapa == "pejabat":
            penerima = pejabat_berikut(r)
        elif siapa == "loket":
            penerima = petugas_loket(r)
        else:
            penerima = pengguna_panti(r)
        for user in penerima:
            n += kirim_ke_pengguna(user=user, **umum) is not None
    logger.info("Rujukan %s: %s, %s pesan", r.pk, acara, n)
    return n
