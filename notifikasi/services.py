"""The one way to notify someone: `kirim` records an outbox row in the
caller's transaction and puts a send task on the queue after commit.

    from notifikasi.services import Kontak, kirim, kirim_ke_pengguna, kirim_langsung

    kirim(kontak=Kontak(telepon="0812…", email="", kanal="whatsapp"),
          acara="rujukan.diterima", templat="rujukan/diterima",
          konteks={"nomor": r.nomor, ...}, instansi=r.instansi,
          penerima_ref=f"rujukan.pemohon:{r.pemohon_id}")
    kirim_ke_pengguna(user=kabid, acara="rujukan.menunggu_paraf", templat=…, konteks=…)
    kirim_langsung(kanal="whatsapp", tujuan="0812…", teks="Kode masuk: 123456")

Nothing is sent if the caller's transaction rolls back; the caller never
waits on a gateway (the worker sends). A person without a usable address
gets nothing (`None` is returned).
"""

from __future__ import annotations

import logging
import re
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any, Literal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.template.loader import select_template
from django.utils import timezone

from layanan.enkripsi import sidik
from layanan.models import Instansi
from layanan.pengguna import Pengguna
from notifikasi.models import Kanal, Pesan, PreferensiKontak, PreferensiNotifikasi
from notifikasi.tasks import antrekan_pesan, jeda_bawaan

logger = logging.getLogger("notifikasi")

KANAL_TELEPON = frozenset({Kanal.WHATSAPP, Kanal.SMS})


@dataclass(frozen=True)
class Kontak:
    """How to reach one person: a phone and/or an e-mail address and the
    channel they chose ("" = WhatsApp when there is a phone, else e-mail)."""

    telepon: str = ""
    email: str = ""
    kanal: str = ""

    def alamat(self) -> tuple[str, str] | None:
        """(channel, address) to use, or None if nothing fits."""
        telepon, email = (self.telepon or "").strip(), (self.email or "").strip().lower()
        if self.kanal in KANAL_TELEPON and telepon:
            return self.kanal, telepon
        if self.kanal == Kanal.EMAIL and email:
            return Kanal.EMAIL, email
        if telepon:
            return Kanal.WHATSAPP, telepon
        if email:
            return Kanal.EMAIL, email
        return None


def sidik_kontak(*, telepon: str = "", email: str = "") -> str:
    """The keyed hash a citizen's choice is kept by: a phone in any Indonesian
    form (0812…, +62 812…, 62812…) gives one hash; an e-mail ignores case."""
    if telepon:
        digit = re.sub(r"\D", "", telepon)
        if digit.startswith("0"):
            digit = "62" + digit[1:]
        elif digit.startswith("8"):
            digit = "62" + digit
        return sidik(digit, jenis="notifikasi.telepon")
    return sidik((email or "").strip().lower(), jenis="notifikasi.email")


def pilihan_warga(kontak: Kontak) -> PreferensiKontak | None:
    """The newest choice the citizen made on their page for the phone or the
    e-mail of this contact (one query), or None."""
    sidik_list = [
        x for x in (sidik_kontak(telepon=kontak.telepon), sidik_kontak(email=kontak.email)) if x
    ]
    if not sidik_list:
        return None
    return PreferensiKontak.objects.filter(sidik__in=sidik_list).order_by("-diubah_pada").first()


def alamat_warga(kontak: Kontak) -> tuple[str, str] | Literal[False] | None:
    """A citizen's (channel, address): their own choice when they made one,
    else the caller's rule (`Kontak.alamat`). False: they asked for no news."""
    pilihan = pilihan_warga(kontak)
    if pilihan is not None:
        if pilihan.kanal == PreferensiKontak.Pilihan.TIDAK:
            return False
        dipilih = Kontak(telepon=kontak.telepon, email=kontak.email, kanal=pilihan.kanal)
        return dipilih.alamat()
    return kontak.alamat()


def kontak_pengguna(user: Pengguna) -> Kontak | None:
    """A staff user's contact from their preference (e-mail by default);
    None if they turned notifications off."""
    pref = PreferensiNotifikasi.objects.filter(user=user).first()
    if pref is None:
        return Kontak(email=user.email or "", kanal=Kanal.EMAIL)
    if not pref.aktif:
        return None
    return Kontak(telepon=pref.telepon, email=user.email or "", kanal=pref.kanal)


def teks_dari_templat(
    templat: str, konteks: dict[str, Any], *, kanal: str = "", zona_waktu: str = ""
) -> str:
    """Render `templates/notifikasi/teks/<templat>.<kanal>.txt` if there is one
    (e.g. a longer e-mail), else `<templat>.txt`; dates in `zona_waktu`."""
    nama = [f"notifikasi/teks/{templat}.txt"]
    if kanal:
        nama.insert(0, f"notifikasi/teks/{templat}.{kanal}.txt")
    with timezone.override(ZoneInfo(zona_waktu)) if zona_waktu else nullcontext():
        teks = select_template(nama).render({"kanal": kanal, **konteks})
    return "\n".join(baris.rstrip() for baris in teks.strip().splitlines())


def portal_url(path: str) -> str:
    return getattr(settings, "PORTAL_URL", "").rstrip("/") + path


def _antrekan_setelah_commit(pesan: Pesan, *, prioritas: int = 0) -> None:
    pesan_id = pesan.pk

    transaction.on_commit(lambda: antrekan_pesan(pesan_id, prioritas=prioritas))


def _simpan(
    *,
    kanal: str,
    tujuan: str,
    acara: str,
    teks: str,
    subjek: str = "",
    instansi: Instansi | None = None,
    penerima_user: Pengguna | None = None,
    penerima_ref: str = "",
    maks_percobaan: int | None = None,
    jeda_detik: list[int] | None = None,
    prioritas: int = 0,
) -> Pesan:
    pesan = Pesan.objects.create(
        kanal=kanal,
        tujuan=tujuan,
        acara=acara,
        teks=teks,
        subjek=subjek[:200],
        instansi=instansi,
        penerima_user=penerima_user,
        penerima_ref=penerima_ref[:80],
        maks_percobaan=maks_percobaan or settings.NOTIFIKASI_MAKS_PERCOBAAN,
        jeda_detik=jeda_detik if jeda_detik is not None else jeda_bawaan(),
        berikutnya_pada=timezone.now(),
    )
    logger.info("Pesan %s (%s, %s) masuk antrean", pesan.pk, acara, kanal)
    _antrekan_setelah_commit(pesan, prioritas=prioritas)
    return pesan


def kirim(
    *,
    kontak: Kontak,
    acara: str,
    teks: str = "",
    templat: str = "",
    konteks: dict[str, Any] | None = None,
    subjek: str = "",
    instansi: Instansi | None = None,
    penerima_user: Pengguna | None = None,
    penerima_ref: str = "",
) -> Pesan | None:
    """Queue one message to one person; None when they have no address.

    `acara` is a dotted event code ("rujukan.disetujui"); give the text
    either as `teks` or as a `templat` under templates/notifikasi/teks/.
    A citizen (no `penerima_user`) gets it by the channel they chose on their
    page, or nothing if they asked for no news (`alamat_warga`)."""
    alamat = kontak.alamat() if penerima_user is not None else alamat_warga(kontak)
    if alamat is False:
        logger.info("Pesan %s tidak diantrekan: penerima memilih tidak menerima kabar", acara)
        return None
    if alamat is None:
        if not settings.NOTIFIKASI_LOG_TANPA_ALAMAT:
            return None
        alamat = (Kanal.LOG, "")  # development: show it in the log all the same
    kanal, tujuan = alamat
    if templat:
        teks = teks_dari_templat(
            templat,
            konteks or {},
            kanal=kanal,
            zona_waktu=getattr(instansi, "zona_waktu", ""),
        )
    return _simpan(
        kanal=kanal,
        tujuan=tujuan,
        acara=acara,
        teks=teks,
        subjek=subjek,
        instansi=instansi,
        penerima_user=penerima_user,
        penerima_ref=penerima_ref,
    )


def kirim_ke_pengguna(*, user: Pengguna, acara: str, **kwargs: Any) -> Pesan | None:
    """Queue a message to a staff user through the channel they chose."""
    kontak = kontak_pengguna(user)
    if kontak is None:
        return None
    return kirim(
        kontak=kontak, acara=acara, penerima_user=user, penerima_ref=f"user:{user.pk}", **kwargs
    )


def kirim_langsung(
    *,
    kanal: str,
    tujuan: str,
    teks: str,
    acara: str = "warga.kode",
    subjek: str = "",
    penerima_ref: str = "",
) -> Pesan:
    """A message that must go now (a one-time login code): ahead of the rest of
    the queue, retried quickly (`NOTIFIKASI_JEDA_LANGSUNG_DETIK`), given up
    after `NOTIFIKASI_MAKS_PERCOBAAN_LANGSUNG` tries. Still after commit."""
    if kanal not in Kanal.values:
        raise ValueError(f"kanal tidak dikenal: {kanal}")
    return _simpan(
        kanal=kanal,
        tujuan=tujuan,
        acara=acara,
        teks=teks,
        subjek=subjek,
        penerima_ref=penerima_ref,
        maks_percobaan=settings.NOTIFIKASI_MAKS_PERCOBAAN_LANGSUNG,
        jeda_detik=list(settings.NOTIFIKASI_JEDA_LANGSUNG_DETIK),
        prioritas=50,
    )


def preferensi_simpan(
    *, user: Pengguna, kanal: str, telepon: str, aktif: bool
) -> PreferensiNotifikasi:
    with transaction.atomic():
        pref, _ = PreferensiNotifikasi.objects.select_for_update().get_or_create(user=user)
        pref.kanal, pref.telepon, pref.aktif = kanal, telepon, aktif
        pref.full_clean()
        pref.save()
    return pref


def pilihan_kabar(*, telepon: bool) -> list[str]:
    """What a citizen may choose: a proven phone WhatsApp or SMS, a proven
    e-mail e-mail; either may ask for no news."""
    P = PreferensiKontak.Pilihan
    return [P.WHATSAPP, P.SMS, P.TIDAK] if telepon else [P.EMAIL, P.TIDAK]


def preferensi_kontak_simpan(*, telepon: str = "", email: str = "", kanal: str) -> PreferensiKontak:
    """Keep a citizen's choice for their proven contact (a phone or an e-mail)."""
    if kanal not in pilihan_kabar(telepon=bool(telepon)):
        raise ValueError(f"pilihan tidak tersedia untuk kontak ini: {kanal}")
    kunci = sidik_kontak(telepon=telepon, email=email)
    if not kunci:
        raise ValueError("kontak kosong")
    with transaction.atomic():
        pref, _ = PreferensiKontak.objects.update_or_create(sidik=kunci, defaults={"kanal": kanal})
    return pref
