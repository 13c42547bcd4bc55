"""Retention: how long each kind of stored file is kept after its case or
complaint closed, and the sweep that applies it (`manage.py terapkan_retensi`).

The kinds are declared by the app that owns the rows — rujukan (the scans of
a case's requirements), lapangan (field photos and videos), pengaduan
(complaint attachments) — in its own `retensi` module, listed in
SUMBER_RETENSI and loaded by dotted path (as layanan.roles reads every app's
role grants), so layanan imports no app above it. Issued letters
(rujukan.Dokumen) and a panti's answer letters are no kind: they are the
office's archive (naskah dinas) and are never removed automatically.

A kind forgets a closed case's files in one transaction: the FileField is
cleared and the row marked, one event is written on the case; the stored
objects are deleted once that commits. A file whose deletion failed is left
without a row and goes with the orphan sweep of the next run. Applying the
policy twice removes nothing the second time.

Orphans: files under the portal's storage folders (PREFIKS_BERKAS) that no
FileField of any model names, older than RETENSI_YATIM_JAM hours (a crash
between writing a PDF and the commit leaves one). Only the storage API is used
(listdir, get_modified_time, size, delete), so local disk and S3 both work.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from layanan.models import Instansi

logger = logging.getLogger(__name__)

# Every app's retention kinds (a list of JenisRetensi), by dotted path.
SUMBER_RETENSI = [
    "rujukan.retensi.JENIS",
    "lapangan.retensi.JENIS",
    "pengaduan.retensi.JENIS",
]

# The storage folders the portal writes under (the upload_to of every FileField).
PREFIKS_BERKAS = ("rujukan", "lapangan", "pengaduan", "instansi")

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass
class BerkasBaris:
    """One row holding files due for removal: its primary key and the stored
    names (with their sizes, as the row recorded them when it did)."""

    baris: models.Model
    nama: list[str]


class JenisRetensi:
    """One kind of record whose files are removed some years after closing.

    Subclasses name the setting (`variabel`, read as settings.<variabel> and
    overridden per office by the environment variable <variabel>_<SLUG>) and
    answer three questions: which closed cases/complaints (`induk`) of an
    office closed before a moment still hold such files; which rows and file
    names those are; and how to forget them (clear, mark, log once)."""

    kode: str = ""
    label: StrOrPromise = ""
    variabel: str = ""
    bawaan: int = 5
    induk_label: str = ""  # "rujukan", "pengaduan": the ids the report names

    def tahun(self, instansi) -> int:
        """Years after closing; 0 keeps the files for good."""
        per_instansi = os.environ.get(f"{self.variabel}_{_slug_env(instansi.slug)}", "").strip()
        if per_instansi:
            return max(int(per_instansi), 0)
        return max(int(getattr(settings, self.variabel, self.bawaan)), 0)

    def induk_jatuh_tempo(self, *, instansi, batas: dt.datetime) -> models.QuerySet:
        raise NotImplementedError

    def berkas(self, induk) -> list[BerkasBaris]:
        raise NotImplementedError

    def lupakan(self, induk, baris: list[BerkasBaris], *, pada: dt.datetime) -> None:
        """Clear the rows' file fields and mark them (inside the caller's
        transaction), and record one event on `induk`."""
        raise NotImplementedError


def _slug_env(slug: str) -> str:
    """An office's slug as an environment-variable suffix (dinsos-depok → DINSOS_DEPOK)."""
    return re.sub(r"[^A-Z0-9]+", "_", slug.upper()).strip("_")


def jenis_retensi() -> list[JenisRetensi]:
    out: list[JenisRetensi] = []
    for path in SUMBER_RETENSI:
        out.extend(import_string(path))
    return out


@dataclass
class HasilJenis:
    """What one kind removed (or would remove): ids and counts; the stored
    names only for the orphan sweep of the same run, never in the report."""

    kode: str
    label: str
    induk_label: str
    nama: list[str] = field(default_factory=list)
    induk: list[int] = field(default_factory=list)
    baris: int = 0
    berkas: int = 0
    bita: int = 0
    tahun: dict[int, int] = field(default_factory=dict)  # instansi pk → years applied


@dataclass
class HasilYatim:
    berkas: list[str] = field(default_factory=list)  # storage names (random, no personal data)
    bita: int = 0
    jam: int = 24


@dataclass
class Laporan:
    hapus: bool
    pada: dt.datetime
    jenis: list[HasilJenis]
    yatim: HasilYatim

    @property
    def jumlah_berkas(self) -> int:
        return sum(h.berkas for h in self.jenis) + len(self.yatim.berkas)

    @property
    def jumlah_bita(self) -> int:
        return sum(h.bita for h in self.jenis) + self.yatim.bita


def _ukuran(storage: Storage, nama: str) -> int:
    try:
        return int(storage.size(nama))
    except Exception:  # gone already, or the backend cannot tell: nothing to free
        return 0


def _hapus_berkas(storage: Storage, nama: list[str]) -> None:
    for n in nama:
        try:
            storage.delete(n)
        except Exception:
            # left for the orphan sweep of the next run (the row no longer names it)
            logger.warning("Retensi: berkas tidak terhapus, disapu pada putaran berikut")


def terapkan(
    *, hapus: bool, pada: dt.datetime | None = None, storage: Storage | None = None
) -> Laporan:
    """Apply the retention policy: with `hapus` remove what is due, otherwise
    only report it (a dry run changes nothing)."""
    pada = pada or timezone.now()
    storage = storage or default_storage
    hasil: list[HasilJenis] = []
    kantor = list(Instansi.objects.order_by("pk"))
    for jenis in jenis_retensi():
        h = HasilJenis(kode=jenis.kode, label=str(jenis.label), induk_label=jenis.induk_label)
        for instansi in kantor:
            tahun = jenis.tahun(instansi)
            h.tahun[instansi.pk] = tahun
            if tahun <= 0:
                continue
            batas = pada - relativedelta(years=tahun)
            for pk in jenis.induk_jatuh_tempo(instansi=instansi, batas=batas).values_list(
                "pk", flat=True
            ):
                _satu_induk(jenis, pk, h, hapus=hapus, pada=pada, batas=batas, storage=storage)
        hasil.append(h)
    # the files the kinds just forgot are no orphans of this run (their rows no longer
    # name them, and they go when the transaction that forgot them commits)
    sudah = {n for h in hasil for n in h.nama}
    yatim = sapu_yatim(hapus=hapus, pada=pada, storage=storage, kecuali=sudah)
    logger.info(
        "Retensi %s: %d berkas, %d bita",
        "diterapkan" if hapus else "uji coba",
        sum(h.berkas for h in hasil) + len(yatim.berkas),
        sum(h.bita for h in hasil) + yatim.bita,
    )
    return Laporan(hapus=hapus, pada=pada, jenis=hasil, yatim=yatim)


def _satu_induk(
    jenis: JenisRetensi,
    pk: int,
    h: HasilJenis,
    *,
    hapus: bool,
    pada: dt.datetime,
    batas: dt.datetime,
    storage: Storage,
) -> None:
    """One closed case or complaint: count its due files; with `hapus`, forget
    them in one transaction (the row locked and checked again) and delete the
    stored objects once it commits."""
    with transaction.atomic():
        qs = jenis.induk_jatuh_tempo(instansi=None, batas=batas).filter(pk=pk)
        induk = (qs.select_for_update(of=("self",)) if hapus else qs).first()
        if induk is None:  # reopened or already forgotten meanwhile
            return
        baris = [b for b in jenis.berkas(induk) if b.nama]
        if not baris:
            return
        nama = [n for b in baris for n in b.nama]
        h.induk.append(induk.pk)
        h.baris += len(baris)
        h.berkas += len(nama)
        h.nama.extend(nama)
        h.bita += sum(_ukuran(storage, n) for n in nama)
        if hapus:
            jenis.lupakan(induk, baris, pada=pada)
            transaction.on_commit(lambda: _hapus_berkas(storage, nama))


# -- orphans -------------------------------------------------------------------------------------
def berkas_tercatat() -> set[str]:
    """Every stored name any FileField of any model holds."""
    nama: set[str] = set()
    for model in apps.get_models():
        kolom = [f.attname for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        for k in kolom:
            nama.update(
                model._base_manager.exclude(**{k: ""})
                .exclude(**{f"{k}__isnull": True})
                .values_list(k, flat=True)
            )
    return nama


def telusuri(storage: Storage, folder: str) -> Iterator[str]:
    """Every file under `folder`, recursively, through the storage API."""
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for f in files:
        yield f"{folder}/{f}"
    for d in folders:
        yield from telusuri(storage, f"{folder}/{d}")


def _umur_cukup(storage: Storage, nama: str, batas: dt.datetime) -> bool:
    try:
        diubah = storage.get_modified_time(nama)
    except Exception:  # a backend that cannot tell: never removed
        return False
    if timezone.is_naive(diubah):
        diubah = timezone.make_aware(diubah)
    return diubah < batas


def sapu_yatim(
    *,
    hapus: bool,
    pada: dt.datetime | None = None,
    storage: Storage | None = None,
    prefiks: Iterable[str] = PREFIKS_BERKAS,
    kecuali: set[str] | frozenset[str] = frozenset(),
) -> HasilYatim:
    """Files under the portal's folders that no row names, older than
    RETENSI_YATIM_JAM hours: reported, and deleted with `hapus`."""
    pada = pada or timezone.now()
    storage = storage or default_storage
    jam = int(getattr(settings, "RETENSI_YATIM_JAM", 24))
    batas = pada - dt.timedelta(hours=jam)
    ada = [n for p in prefiks for n in telusuri(storage, p)]
    tercatat = berkas_tercatat()  # read after listing: a file saved meanwhile is young
    hasil = HasilYatim(jam=jam)
    for nama in ada:
        if nama in tercatat or nama in kecuali or not _umur_cukup(storage, nama, batas):
            continue
        hasil.berkas.append(nama)
        hasil.bita += _ukuran(storage, nama)
    if hapus:
        _hapus_berkas(storage, hasil.berkas)
    return hasil
