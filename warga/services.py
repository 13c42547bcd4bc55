"""Logging a citizen in without a password.

- `minta_kode`: a 6-digit code by WhatsApp or SMS, or (for an e-mail address)
  a one-time link. Valid BERLAKU_MENIT minutes; only the newest one counts.
  At most KIRIM_PER_KONTAK per contact and KIRIM_PER_ALAMAT per client
  address within their windows (HTTP 429 beyond).
- `periksa_kode`: at most MAKS_SALAH wrong codes per code; MAKS_SALAH wrong
  codes for one contact within KUNCI_MENIT lock it for KUNCI_MENIT minutes
  (HTTP 429 with the minutes left), whatever code is typed meanwhile. A client
  address typing SALAH_PER_ALAMAT wrong codes (for any numbers) is stopped too.
- `buka_tautan`: the e-mail link, once.

Every count is taken with the contact's row of `layanan.KunciPembatas`
locked, so two app servers cannot both let the last try through. A wrong
answer is committed before the refusal is raised.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from layanan.models import KunciPembatas
from layanan.sesi import buka, sandikan
from warga import errors
from warga.kirim import kirim_pesan
from warga.kontak import EMAIL, Kontak
from warga.models import KodeMasuk, KodeSalah

BERLAKU_MENIT = 5
MAKS_SALAH = 5
KUNCI_MENIT = 15
# (how many, within how many seconds)
KIRIM_PER_KONTAK = (3, 15 * 60)
KIRIM_PER_ALAMAT = (10, 60 * 60)
SALAH_PER_ALAMAT = (20, 60 * 60)
_KUNCI = "warga_kode"


def batas(nama: str) -> Any:
    """A limit, overridable in settings.WARGA_BATAS (e.g. for a load test): a
    number of minutes or tries, or a (count, seconds) pair, as named."""
    return getattr(settings, "WARGA_BATAS", {}).get(nama, globals()[nama])


def _hash(kontak_sidik: str, rahasia: str) -> str:
    pesan = f"warga.kode:{kontak_sidik}:{rahasia}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), pesan, hashlib.sha256).hexdigest()


def _kunci_baris(kunci: str) -> None:
    """Serialise the counting for one contact (inside transaction.atomic)."""
    KunciPembatas.objects.get_or_create(kunci=kunci, tindakan=_KUNCI)
    KunciPembatas.objects.select_for_update().get(kunci=kunci, tindakan=_KUNCI)


def _menit(sisa: dt.timedelta) -> int:
    return max(1, math.ceil(sisa.total_seconds() / 60))


def terkunci_sampai(kontak_sidik: str, *, now: dt.datetime) -> dt.datetime | None:
    """When the contact's lock ends, or None when it is not locked."""
    jendela = dt.timedelta(minutes=batas("KUNCI_MENIT"))
    salah = list(
        KodeSalah.objects.filter(kontak_sidik=kontak_sidik, waktu__gt=now - jendela)
        .order_by("-waktu")
        .values_list("waktu", flat=True)[: batas("MAKS_SALAH")]
    )
    if len(salah) < batas("MAKS_SALAH"):
        return None
    return salah[-1] + jendela


def _pesan_terkunci(menit: int) -> str:
    return _(
        "Nomor atau alamat ini dikunci sementara karena %(n)s kali salah memasukkan kode. "
        "Demi keamanan data Anda, silakan coba lagi dalam %(menit)s menit."
    ) % {"n": batas("MAKS_SALAH"), "menit": menit}


def pesan_kunci(kontak: Kontak) -> str:
    """The lock message while the contact is locked, else ''."""
    now = timezone.now()
    sampai = terkunci_sampai(kontak.sidik, now=now)
    return _pesan_terkunci(_menit(sampai - now)) if sampai is not None else ""


def _periksa_kunci(kontak_sidik: str, now: dt.datetime) -> None:
    sampai = terkunci_sampai(kontak_sidik, now=now)
    if sampai is not None:
        raise errors.Terkunci(_pesan_terkunci(_menit(sampai - now)))


def _periksa_jumlah(qs: QuerySet[Any], nama: str, now: dt.datetime, pesan: str) -> None:
    n, detik = batas(nama)
    tercatat = list(
        qs.filter(dibuat_pada__gt=now - dt.timedelta(seconds=detik))
        .order_by("-dibuat_pada")
        .values_list("dibuat_pada", flat=True)[:n]
    )
    if len(tercatat) >= n:
        sisa = tercatat[-1] + dt.timedelta(seconds=detik) - now
        raise errors.TerlaluBanyak(pesan % {"menit": _menit(sisa)})


@dataclass(frozen=True)
class KodeTerkirim:
    kanal: str
    berlaku_sampai: dt.datetime


def minta_kode(*, kontak: Kontak, kanal: str, alamat_kunci: str) -> KodeTerkirim:
    """Send a fresh code (phone) or link (e-mail) to the contact. The answer is
    the same whether or not the contact has anything at the office."""
    if kontak.jenis == EMAIL:
        kanal = KodeMasuk.Kanal.EMAIL
    elif kanal not in (KodeMasuk.Kanal.WHATSAPP, KodeMasuk.Kanal.SMS):
        kanal = KodeMasuk.Kanal.WHATSAPP
    now = timezone.now()
    with transaction.atomic():
        _kunci_baris(kontak.sidik)
        _periksa_kunci(kontak.sidik, now)
        _periksa_jumlah(
            KodeMasuk.objects.filter(kontak_sidik=kontak.sidik),
            "KIRIM_PER_KONTAK",
            now,
            _(
                "Kode sudah beberapa kali dikirim ke kontak ini. Tunggu pesan yang sudah "
                "dikirim, atau minta kode baru dalam %(menit)s menit."
            ),
        )
        _periksa_jumlah(
            KodeMasuk.objects.filter(alamat_kunci=alamat_kunci),
            "KIRIM_PER_ALAMAT",
            now,
            _(
                "Terlalu banyak permintaan kode dari jaringan Anda. Silakan coba lagi "
                "dalam %(menit)s menit."
            ),
        )
        berlaku_sampai = now + dt.timedelta(minutes=batas("BERLAKU_MENIT"))
        if kanal == KodeMasuk.Kanal.EMAIL:
            rahasia = secrets.token_urlsafe(24)
        else:
            rahasia = f"{secrets.randbelow(10**6):06d}"
        baris = KodeMasuk.objects.create(
            kontak_sidik=kontak.sidik,
            kanal=kanal,
            rahasia_hash=_hash(kontak.sidik, rahasia),
            alamat_kunci=alamat_kunci,
            dibuat_pada=now,
            kedaluwarsa_pada=berlaku_sampai,
        )
        menit = batas("BERLAKU_MENIT")
        if kanal == KodeMasuk.Kanal.EMAIL:
            token = sandikan({"k": baris.pk, "r": rahasia, "e": kontak.nilai})
            tautan = getattr(settings, "PORTAL_URL", "").rstrip("/") + reverse(
                "warga:tautan", args=[token]
            )
            kirim_pesan(
                kanal=kanal,
                tujuan=kontak.nilai,
                subjek=str(_("Tautan masuk Portal Layanan Dinas Sosial")),
                teks=_(
                    "Buka tautan ini untuk masuk ke halaman permohonan Anda (berlaku %(menit)s "
                    "menit, sekali pakai):\n%(tautan)s\n\nAbaikan email ini bila Anda tidak "
                    "memintanya. Petugas tidak pernah meminta tautan ini."
                )
                % {"menit": menit, "tautan": tautan},
            )
        else:
            kirim_pesan(
                kanal=kanal,
                tujuan=kontak.nilai,
                teks=_(
                    "Kode masuk Portal Layanan Dinas Sosial: %(kode)s. Berlaku %(menit)s menit. "
                    "JANGAN berikan kode ini kepada siapa pun, termasuk petugas."
                )
                % {"kode": rahasia, "menit": menit},
            )
    return KodeTerkirim(kanal=kanal, berlaku_sampai=berlaku_sampai)


def periksa_kode(*, kontak: Kontak, kode: str, alamat_kunci: str) -> None:
    """Accept the newest code sent to the contact, once; raise a GagalMasuk
    (wrong, expired, locked, too many) otherwise."""
    kode = "".join(c for c in (kode or "") if c.isdigit())
    now = timezone.now()
    gagal: errors.GagalMasuk | None = None
    with transaction.atomic():
        _kunci_baris(kontak.sidik)
        _periksa_kunci(kontak.sidik, now)
        n, detik = batas("SALAH_PER_ALAMAT")
        if (
            KodeSalah.objects.filter(
                alamat_kunci=alamat_kunci, waktu__gt=now - dt.timedelta(seconds=detik)
            ).count()
            >= n
        ):
            raise errors.TerlaluBanyak(
                _(
                    "Terlalu banyak kode salah dari jaringan Anda. Silakan coba lagi dalam "
                    "%(menit)s menit."
                )
                % {"menit": max(1, detik // 60)}
            )
        baris = (
            KodeMasuk.objects.select_for_update()
            .filter(kontak_sidik=kontak.sidik)
            .exclude(kanal=KodeMasuk.Kanal.EMAIL)
            .order_by("-dibuat_pada", "-pk")
            .first()
        )
        if baris is None or baris.dipakai_pada is not None or baris.kedaluwarsa_pada <= now:
            raise errors.KodeTidakBerlaku(
                _(
                    "Kode sudah tidak berlaku (lebih dari %(menit)s menit atau sudah dipakai). "
                    "Minta kode baru."
                )
                % {"menit": batas("BERLAKU_MENIT")}
            )
        if baris.percobaan >= batas("MAKS_SALAH"):
            raise errors.KodeTidakBerlaku(
                _("Kode ini sudah %(n)s kali salah dimasukkan. Minta kode baru.")
                % {"n": batas("MAKS_SALAH")}
            )
        if kode and hmac.compare_digest(baris.rahasia_hash, _hash(kontak.sidik, kode)):
            baris.dipakai_pada = now
            baris.save(update_fields=["dipakai_pada"])
            return
        baris.percobaan += 1
        baris.save(update_fields=["percobaan"])
        KodeSalah.objects.create(kontak_sidik=kontak.sidik, alamat_kunci=alamat_kunci, waktu=now)
        sampai = terkunci_sampai(kontak.sidik, now=now)
        if sampai is not None:
            gagal = errors.Terkunci(_pesan_terkunci(_menit(sampai - now)))
        else:
            sisa = batas("MAKS_SALAH") - baris.percobaan
            gagal = errors.KodeSalah(
                _("Kode salah. Sisa %(sisa)s kali percobaan untuk kode ini.") % {"sisa": sisa}
                if sisa > 0
                else _("Kode salah. Minta kode baru.")
            )
    raise gagal  # after commit: the wrong answer stays counted


def buka_tautan(*, token: str) -> Kontak:
    """The e-mail address a link was sent to, once, within its minutes."""
    data = buka(token)
    tidak_berlaku = errors.KodeTidakBerlaku(
        _(
            "Tautan masuk tidak berlaku: sudah dipakai, lebih dari %(menit)s menit, atau "
            "tidak lengkap tersalin. Minta tautan baru."
        )
        % {"menit": batas("BERLAKU_MENIT")}
    )
    if not isinstance(data, dict) or not {"k", "r", "e"} <= data.keys():
        raise tidak_berlaku
    kontak = Kontak(EMAIL, str(data["e"]))
    now = timezone.now()
    with transaction.atomic():
        baris = (
            KodeMasuk.objects.select_for_update()
            .filter(pk=data["k"], kanal=KodeMasuk.Kanal.EMAIL, kontak_sidik=kontak.sidik)
            .first()
        )
        if (
            baris is None
            or baris.dipakai_pada is not None
            or baris.kedaluwarsa_pada <= now
            or not hmac.compare_digest(baris.rahasia_hash, _hash(kontak.sidik, str(data["r"])))
        ):
            raise tidak_berlaku
        baris.dipakai_pada = now
        baris.save(update_fields=["dipakai_pada"])
    return kontak


def bersihkan(*, now: dt.datetime | None = None) -> int:
    """Delete codes and wrong answers older than a day (from cron or the queue)."""
    batas_waktu = (now or timezone.now()) - dt.timedelta(days=1)
    a, _x = KodeMasuk.objects.filter(dibuat_pada__lt=batas_waktu).delete()
    b, _y = KodeSalah.objects.filter(waktu__lt=batas_waktu).delete()
    return a + b
