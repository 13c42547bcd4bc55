"""What a logged-in citizen sees: the cases whose pemohon gave their phone
number and the complaints they filed under their own name with that phone or
e-mail address (an anonymous complaint never appears, even to its reporter:
the link would betray who filed it to anyone holding the phone or mailbox).
The pemohon has no e-mail address, so an e-mail login sees no cases.
Everything is found by keyed hashes; no id from the URL is trusted without
this filter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, QuerySet
from django_fsm_log.models import StateLog

from layanan.models import Instansi
from pengaduan.models import Pelapor, Pengaduan, Tanggapan
from rujukan import langkah as langkah_kasus
from rujukan.models import BerkasItem, Dokumen, Rujukan, Status
from rujukan.models.langkah import LangkahKasus
from rujukan.services.warga import (
    berkas_diminta,
    berkas_terkirim,
    rujukan_pemohon,
    surat_untuk_pemohon,
)
from warga.kontak import EMAIL, TELEPON, Kontak

BATAS = 50


@dataclass
class Permohonan:
    rujukan: Rujukan
    langkah: list[str]
    tenggat: dt.date | None
    surat: list[Dokumen]
    berkas_diminta: list[BerkasItem]
    catatan_kembali: str = ""
    terkirim: set[int] = field(default_factory=set)  # rows uploaded since the return

    @property
    def dikembalikan(self) -> bool:
        return self.rujukan.status == Status.DIKEMBALIKAN


@dataclass
class Aduan:
    pengaduan: Pengaduan
    batas_waktu: dt.date | None
    balasan: list[Tanggapan] = field(default_factory=list)


def rujukan_warga(kontak: Kontak) -> QuerySet[Rujukan]:
    if kontak.jenis != TELEPON:
        return Rujukan.objects.none()
    return rujukan_pemohon(kontak.nilai)


def _tz(instansi: Instansi) -> ZoneInfo:
    return ZoneInfo(instansi.zona_waktu)


def permohonan(kontak: Kontak) -> list[Permohonan]:
    """The citizen's cases, newest first, each with its current step(s) by the
    standard's words, the expected completion, the letters that are theirs
    and, for a returned case, what it waits for."""
    rows = list(
        rujukan_warga(kontak)
        .select_related("instansi", "layanan", "sub_layanan", "pemohon")
        .prefetch_related(
            Prefetch(
                "langkah_kasus",
                queryset=LangkahKasus.objects.select_related("langkah"),
            ),
            Prefetch("dokumen", queryset=Dokumen.objects.order_by("diterbitkan_pada", "pk")),
            Prefetch("berkas", queryset=BerkasItem.objects.select_related("persyaratan")),
        )
        .order_by("-dibuat_pada", "-pk")[:BATAS]
    )
    kembali = _catatan_kembali([r for r in rows if r.status == Status.DIKEMBALIKAN])
    out = []
    for r in rows:
        # the standard's step(s) of the stage the case stands in; none when the
        # standard publishes no step there (the state then says it all)
        kini = [
            row
            for row in (langkah_kasus.saat_ini(r.langkah_kasus.all()) if r.terbuka else [])
            if row.langkah.tahap == r.tahap
        ]
        diminta = berkas_diminta(r)
        out.append(
            Permohonan(
                rujukan=r,
                langkah=[row.langkah.teks for row in kini],
                tenggat=r.tenggat.astimezone(_tz(r.instansi)).date()
                if r.tenggat and r.terbuka
                else None,
                surat=[d for d in r.dokumen.all() if surat_untuk_pemohon(r, d)],
                berkas_diminta=diminta,
                catatan_kembali=kembali.get(r.pk, ""),
                terkirim=berkas_terkirim(r) if diminta else set(),
            )
        )
    return out


def _catatan_kembali(rows: list[Rujukan]) -> dict[int, str]:
    """The front desk's note of the last return of each returned case (what to bring)."""
    if not rows:
        return {}
    out: dict[int, str] = {}
    logs = StateLog.objects.filter(
        content_type__app_label="rujukan",
        content_type__model="rujukan",
        object_id__in=[r.pk for r in rows],
        transition="return_to_pemohon",
    ).order_by("timestamp", "pk")
    for log in logs:
        out[int(log.object_id)] = log.description or ""
    return out


def _sidik_pelapor(kontak: Kontak) -> list[str]:
    """A complaint keeps the number as typed through its form (0812…); older
    rows may hold 62…: both are looked for."""
    field_telepon = Pelapor._meta.get_field("telepon")
    return [field_telepon.sidik_dari(kontak.telepon_lokal), field_telepon.sidik_dari(kontak.nilai)]


def pengaduan_warga(kontak: Kontak) -> QuerySet[Pengaduan]:
    named = Pengaduan.objects.filter(anonim=False)
    if kontak.jenis == TELEPON:
        return named.filter(pelapor__telepon_sidik__in=_sidik_pelapor(kontak))
    if kontak.jenis == EMAIL:
        # the field keeps the address lower-case, as the Kontak does
        sidik_email = Pelapor._meta.get_field("email").sidik_dari(kontak.nilai)
        return named.filter(pelapor__email_sidik=sidik_email)
    return Pengaduan.objects.none()


def aduan(kontak: Kontak) -> list[Aduan]:
    """The citizen's complaints, newest first, with the office's public replies."""
    rows = list(
        pengaduan_warga(kontak)
        .select_related("instansi", "layanan")
        .prefetch_related(
            Prefetch(
                "tanggapan",
                queryset=Tanggapan.objects.filter(jenis=Tanggapan.Jenis.BALASAN),
                to_attr="balasan",
            )
        )
        .order_by("-diterima_pada", "-pk")[:BATAS]
    )
    return [
        Aduan(
            pengaduan=p,
            batas_waktu=p.batas_waktu.astimezone(_tz(p.instansi)).date()
            if p.batas_waktu and p.status not in Pengaduan.AKHIR and not p.dijawab_pada
            else None,
            balasan=list(p.balasan),
        )
        for p in rows
    ]
