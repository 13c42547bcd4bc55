"""Messages about complaints, through the portal's one notification service
(`notifikasi.services`): each call records an outbox row in the caller's
transaction and the queue sends it after commit, so a rolled-back action
sends nothing and nobody waits on a mail server or a gateway.

The reporter is reached by e-mail when they gave one, else by WhatsApp on
the phone they gave; a staff member through the channel they chose
(/akun/notifikasi/). Texts are templates under
templates/notifikasi/teks/pengaduan/ (the e-mail ones include the longer
pengaduan/email/ bodies). A WhatsApp/SMS text holds no name."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from notifikasi.models import Kanal
from notifikasi.services import Kontak, kirim, kirim_ke_pengguna
from pengaduan.models import Pelapor, Pengaduan


def portal_url(path: str) -> str:
    return getattr(settings, "PORTAL_URL", "").rstrip("/") + path


def kontak_pelapor(pengaduan_id: int) -> Kontak | None:
    pelapor = Pelapor.objects.filter(pengaduan_id=pengaduan_id).first()
    if pelapor is None:
        return None
    return Kontak(
        telepon=pelapor.telepon,
        email=pelapor.email,
        kanal=Kanal.EMAIL if pelapor.email else Kanal.WHATSAPP,
    )


def _url_lacak(p: Pengaduan) -> str:
    return portal_url(reverse("pengaduan:lacak") + f"?nomor={p.nomor}")


def _kirim_ke_pelapor(pengaduan_id: int, *, acara: str, subjek, **konteks) -> bool:
    """One message to the reporter through the contact they left (False when
    they left none); `subjek(p)` words its subject from the complaint."""
    kontak = kontak_pelapor(pengaduan_id)
    if kontak is None:
        return False
    p = Pengaduan.objects.select_related("instansi").get(pk=pengaduan_id)
    pesan = kirim(
        kontak=kontak,
        acara=acara,
        templat=acara.replace(".", "/"),
        konteks={"p": p, "url_lacak": _url_lacak(p), **konteks},
        subjek=subjek(p),
        instansi=p.instansi,
        penerima_ref=f"pengaduan.pelapor:{pengaduan_id}",
    )
    return pesan is not None


def kirim_tanda_terima(pengaduan_id: int, kode: str) -> bool:
    """The receipt with ticket number and tracking code, if the citizen left a contact."""
    return _kirim_ke_pelapor(
        pengaduan_id,
        acara="pengaduan.tanda_terima",
        subjek=lambda p: (
            _("Tanda terima %(jenis)s %(nomor)s")
            % {"jenis": p.get_jenis_display(), "nomor": p.nomor}
        ),
        kode=kode,
    )


def kirim_kabar_pelapor(pengaduan_id: int) -> bool:
    """Tell the citizen there is news on the tracking page (the text stays there):
    the complaint was answered, asked for more, or closed."""
    return _kirim_ke_pelapor(
        pengaduan_id,
        acara="pengaduan.kabar_pelapor",
        subjek=lambda p: _("Kabar terbaru pengaduan %(nomor)s") % {"nomor": p.nomor},
    )


def kirim_ke_petugas(pengaduan: Pengaduan, user, template: str, subject: str, **extra) -> bool:
    """A message to one staff member about a complaint (no reporter identity in
    it): the e-mail body is `template`, a WhatsApp/SMS text the subject and link."""
    pesan = kirim_ke_pengguna(
        user=user,
        acara="pengaduan.petugas",
        templat="pengaduan/petugas",
        konteks={
            "p": pengaduan,
            "penerima": user,
            "url": portal_url(reverse("pengaduan:detail", kwargs={"pk": pengaduan.pk})),
            "subjek": subject,
            "templat_email": template,
            **extra,
        },
        subjek=subject,
        instansi=pengaduan.instansi,
    )
    return pesan is not None
