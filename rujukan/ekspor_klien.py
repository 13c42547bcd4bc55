"""Everything the portal holds about one klien, as one ZIP, for an access
request of the data subject (UU 27/2022, the right to obtain a copy of one's
personal data).

The ZIP holds `data.json` (machine-readable), `ringkasan.html` (the same, to
read or print, no script or outside resource) and `berkas/` (every stored file:
requirement scans, field photos and videos, the panti's answers, the issued
letters). It gathers:

- the klien record (identity numbers in clear: they are the subject's own),
  the officers of an organisation, the office's DTKS/DTSEN rows of the NIK, and
  any other row of any app that points at the klien (a consent, a log);
- every case the klien is the subject or a member of, with every row of any
  app that points at the case (requirements, assessments with the facts checked,
  activities, proposals to panti and their answers, drafts and approvals,
  letters, stage times, pauses, steps, field photos…) and the rows pointing at
  those (an approval of a draft), and the case's history in words;
- the applicant of each case: who they are and how they relate; their phone and
  address only when the applicant is the klien (another person's contact
  details are not the klien's data).

Rows are found through the models' relations, not a list of models, so a model
added later that points at a klien or a case is exported without a change here.
Complaints (pengaduan) hold no link to a klien: none can be included, which
the export says. Secrets of the portal (tracking-code hashes, keyed hashes of
identity numbers, verification tokens) are not data about the person and are
left out.

The export is recorded, before it is served, as one event on each of the
klien's cases (who, when, the stated basis of the request, the ZIP's SHA-256).
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import logging
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import IO, Any

from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from rujukan.errors import DataTidakValid, IzinDitolak
from rujukan.models import (
    AnggotaRujukan,
    DataDTKS,
    Kejadian,
    Klien,
    Pemohon,
    Rujukan,
)
from rujukan.permissions import boleh_ekspor_data_klien
from rujukan.riwayat import riwayat_rujukan

logger = logging.getLogger(__name__)

KODE_KEJADIAN = "rujukan.client_data_exported"
MAKS_DASAR = 500

# The portal's own secrets: not data about the person.
KOLOM_RAHASIA = frozenset({"kode_lacak_hash", "token"})
# Reached otherwise: the cases themselves, and the case events (told as the history).
_RELASI_LAIN = {(Rujukan, "klien"), (AnggotaRujukan, "klien"), (Kejadian, "rujukan")}
# What of an applicant who is not the klien is told.
_PEMOHON_LAIN = ("id", "jenis", "nama", "hubungan", "lembaga", "dibuat_pada")


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _kolom(model: type[models.Model]) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in KOLOM_RAHASIA and not f.name.endswith("_sidik")
    ]


def _relasi_anak(model: type[models.Model]) -> list[models.ForeignObjectRel]:
    """The relations by which other rows point at a row of `model`."""
    return [
        r
        for r in model._meta.related_objects
        if (r.one_to_many or r.one_to_one)
        and not r.related_model._meta.auto_created
        and (r.related_model, r.field.name) not in _RELASI_LAIN
    ]


def _teks_objek(obj: models.Model | None) -> str:
    if obj is None:
        return ""
    pegawai = getattr(obj, "pegawai", None) if hasattr(obj, "get_username") else None
    if pegawai is not None:
        return pegawai.nama
    if hasattr(obj, "get_username"):
        return obj.get_username()
    return str(obj)


def _lokal(nilai: dt.datetime) -> dt.datetime:
    return timezone.localtime(nilai) if timezone.is_aware(nilai) else nilai


def _json(nilai: Any) -> Any:
    if isinstance(nilai, dt.datetime):
        return _lokal(nilai).isoformat()
    if isinstance(nilai, dt.date):
        return nilai.isoformat()
    if isinstance(nilai, decimal.Decimal | uuid.UUID):
        return str(nilai)
    return nilai


def _tampil(nilai: Any) -> str:
    if nilai is None or nilai == "":
        return "—"
    if isinstance(nilai, bool):
        return _("ya") if nilai else _("tidak")
    if isinstance(nilai, dt.datetime):
        return _lokal(nilai).strftime("%d-%m-%Y %H:%M")
    if isinstance(nilai, dt.date):
        return nilai.strftime("%d-%m-%Y")
    if isinstance(nilai, dict | list):
        return json.dumps(nilai, ensure_ascii=False, default=str)
    return str(nilai)


@dataclass
class Baris:
    """One row: its values for data.json and its labelled values for the page."""

    model: str
    judul: str
    pk: Any
    data: dict[str, Any]
    tampil: list[tuple[str, str]]


@dataclass
class HasilEkspor:
    klien: Klien
    rujukan: list[int]
    berkas: int
    bita: int
    sha256: str


@dataclass
class _Pengumpul:
    """Writes the rows' files into the ZIP as it meets them."""

    zf: zipfile.ZipFile
    berkas: list[dict] = field(default_factory=list)
    dilihat: set[tuple[str, Any]] = field(default_factory=set)
    bita: int = 0

    def baris(self, obj: models.Model, *, kolom: tuple[str, ...] | None = None) -> Baris:
        model = type(obj)
        data: dict[str, Any] = {}
        tampil: list[tuple[str, str]] = []
        for f in _kolom(model):
            if kolom is not None and f.name not in kolom:
                continue
            label = str(f.verbose_name)
            if isinstance(f, models.FileField):
                nilai = self._salin(obj, f)
                data[f.name] = nilai
                tampil.append((label, nilai or "—"))
            elif f.is_relation:
                terkait = getattr(obj, f.name)
                data[f.name] = {"id": getattr(obj, f.attname), "teks": _teks_objek(terkait)}
                tampil.append((label, _teks_objek(terkait) or "—"))
            else:
                nilai = getattr(obj, f.attname)
                data[f.name] = _json(nilai)
                if f.choices and nilai not in (None, ""):
                    tampil.append((label, str(getattr(obj, f"get_{f.name}_display")())))
                else:
                    tampil.append((label, _tampil(nilai)))
        for m2m in model._meta.many_to_many:
            ids = list(getattr(obj, m2m.name).values_list("pk", flat=True))
            data[m2m.name] = ids
            tampil.append((str(m2m.verbose_name), ", ".join(f"#{i}" for i in ids) or "—"))
        return Baris(
            model=_label(model),
            judul=str(model._meta.verbose_name),
            pk=obj.pk,
            data=data,
            tampil=tampil,
        )

    def _salin(self, obj: models.Model, f: models.FileField) -> str:
        """Copy a stored file into the ZIP; its path there ('' when there is none)."""
        berkas = getattr(obj, f.attname)
        if not berkas:
            return ""
        ext = PurePosixPath(berkas.name).suffix.lower()[:8]
        if not re.fullmatch(r"\.[a-z0-9]{1,7}", ext or "."):
            ext = ""
        path = f"berkas/{type(obj)._meta.model_name}-{obj.pk}-{f.name}{ext}"
        sha = hashlib.sha256()
        ukuran = 0
        try:
            with berkas.open("rb") as src, self.zf.open(path, "w") as dst:
                for potong in iter(lambda: src.read(1024 * 1024), b""):
                    sha.update(potong)
                    ukuran += len(potong)
                    dst.write(potong)
        except (FileNotFoundError, OSError):
            logger.warning(
                "Ekspor klien: berkas %s#%s tidak ada di penyimpanan", _label(type(obj)), obj.pk
            )
            self.berkas.append(
                {"asal": f"{_label(type(obj))}#{obj.pk}.{f.name}", "path": "", "ada": False}
            )
            return _("(berkas tidak ditemukan di penyimpanan)")
        self.bita += ukuran
        self.berkas.append(
            {
                "asal": f"{_label(type(obj))}#{obj.pk}.{f.name}",
                "path": path,
                "ukuran": ukuran,
                "sha256": sha.hexdigest(),
                "ada": True,
            }
        )
        return path

    def turunan(self, induk: models.Model, *, kedalaman: int = 2) -> list[Baris]:
        """Every row pointing at `induk` (and, `kedalaman` levels down, at those
        rows), each once."""
        out: list[Baris] = []
        for rel in _relasi_anak(type(induk)):
            qs = rel.related_model._base_manager.filter(**{rel.field.name: induk}).order_by("pk")
            for obj in qs:
                kunci = (_label(type(obj)), obj.pk)
                if kunci in self.dilihat:
                    continue
                self.dilihat.add(kunci)
                out.append(self.baris(obj))
                if kedalaman > 1:
                    out.extend(self.turunan(obj, kedalaman=kedalaman - 1))
        return out


def _kelompok(baris: list[Baris]) -> list[dict]:
    """Rows grouped by model, in the order met: [{model, judul, baris}]."""
    grup: dict[str, dict] = {}
    for b in baris:
        g = grup.setdefault(b.model, {"model": b.model, "judul": b.judul, "baris": []})
        g["baris"].append(b)
    return list(grup.values())


def kasus_klien(klien: Klien) -> list[Rujukan]:
    """The cases `klien` is the subject or a member of, oldest first."""
    ids = set(klien.rujukan.values_list("pk", flat=True)) | set(
        AnggotaRujukan.objects.filter(klien=klien).values_list("rujukan_id", flat=True)
    )
    return list(
        Rujukan.objects.filter(pk__in=ids)
        .select_related("instansi", "layanan", "pemohon", "klien")
        .order_by("dibuat_pada", "pk")
    )


def _pemohon(p: _Pengumpul, pemohon: Pemohon) -> Baris:
    if pemohon.jenis == Pemohon.Jenis.KLIEN:
        return p.baris(pemohon)
    return p.baris(pemohon, kolom=_PEMOHON_LAIN)


def tulis_zip(
    *, klien: Klien, keluar: IO[bytes], oleh: str, dasar: str
) -> tuple[list[int], int, int]:
    """Write the ZIP of everything held about `klien` to `keluar`. Returns
    (case ids, number of files, bytes of files)."""
    kasus = kasus_klien(klien)
    sekarang = timezone.now()
    with zipfile.ZipFile(keluar, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        p = _Pengumpul(zf=zf)
        p.dilihat.add((_label(Klien), klien.pk))
        klien_baris = p.baris(klien)
        lain_klien = p.turunan(klien, kedalaman=1)
        dtks = []
        if klien.nik:
            dtks = [
                p.baris(d)
                for d in DataDTKS.objects.filter(instansi=klien.instansi_id).dengan_nik(klien.nik)
            ]
        bagian_kasus = []
        for r in kasus:
            p.dilihat.add((_label(Rujukan), r.pk))
            bagian_kasus.append(
                {
                    "peran_klien": _("klien utama") if r.klien_id == klien.pk else _("anggota"),
                    "rujukan": p.baris(r),
                    "pemohon": _pemohon(p, r.pemohon),
                    "riwayat": [
                        {
                            "pada": _json(e.pada),
                            "kalimat": e.kalimat,
                            "dari": e.dari,
                            "ke": e.ke,
                            "catatan": e.catatan,
                        }
                        for e in riwayat_rujukan(r)
                    ],
                    "kelompok": _kelompok(p.turunan(r)),
                }
            )
        catatan = [
            _(
                "Pengaduan tidak terhubung dengan data klien di portal ini, sehingga tidak "
                "ada pengaduan yang disertakan."
            ),
            _(
                "Nomor telepon dan alamat pemohon yang bukan klien sendiri tidak disertakan "
                "karena merupakan data pribadi orang lain."
            ),
        ]
        data = {
            "diekspor_pada": _json(sekarang),
            "diekspor_oleh": oleh,
            "dasar_permintaan": dasar,
            "instansi": klien.instansi.nama,
            "klien": klien_baris.data,
            "data_terkait_klien": {
                g["model"]: [b.data for b in g["baris"]] for g in _kelompok(lain_klien)
            },
            "data_dtks": [b.data for b in dtks],
            "rujukan": [
                {
                    "peran_klien": k["peran_klien"],
                    **k["rujukan"].data,
                    "pemohon": k["pemohon"].data,
                    "riwayat": k["riwayat"],
                    "data_terkait": {
                        g["model"]: [b.data for b in g["baris"]] for g in k["kelompok"]
                    },
                }
                for k in bagian_kasus
            ],
            "berkas": p.berkas,
            "catatan": catatan,
        }
        zf.writestr(
            "data.json", json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8")
        )
        html = render_to_string(
            "rujukan/ekspor/ringkasan.html",
            {
                "diekspor_pada": sekarang,
                "oleh": oleh,
                "dasar": dasar,
                "klien": klien,
                "klien_baris": klien_baris,
                "lain_klien": _kelompok(lain_klien),
                "dtks": dtks,
                "kasus": bagian_kasus,
                "berkas": p.berkas,
                "catatan": catatan,
            },
        )
        zf.writestr("ringkasan.html", html.encode("utf-8"))
    jumlah = sum(1 for b in p.berkas if b["ada"])
    return [r.pk for r in kasus], jumlah, p.bita


def _sha256(berkas: IO[bytes]) -> str:
    berkas.seek(0)
    sha = hashlib.sha256()
    for potong in iter(lambda: berkas.read(1024 * 1024), b""):
        sha.update(potong)
    berkas.seek(0)
    return sha.hexdigest()


def klien_export(*, klien: Klien, by, dasar: str, keluar: IO[bytes]) -> HasilEkspor:
    """Export everything held about `klien` into `keluar` (a seekable binary
    file) and record it on each of the klien's cases. `by` is the official
    (checked: rujukan.ekspor_data_klien in the klien's instansi), or None for
    an operator's command line."""
    if by is not None and not boleh_ekspor_data_klien(user=by, klien=klien):
        raise IzinDitolak(_("Anda tidak berwenang mengekspor data klien ini."))
    dasar = (dasar or "").strip()
    if not dasar:
        raise DataTidakValid(
            _("Tuliskan dasar permintaan akses (misalnya surat permohonan klien).")
        )
    if len(dasar) > MAKS_DASAR:
        raise DataTidakValid(
            _("Dasar permintaan paling panjang %(n)d karakter.") % {"n": MAKS_DASAR}
        )
    oleh = _teks_objek(by) if by is not None else _("operator (baris perintah)")
    kasus, jumlah, bita = tulis_zip(klien=klien, keluar=keluar, oleh=oleh, dasar=dasar)
    sha = _sha256(keluar)
    with transaction.atomic():
        pada = timezone.now()
        Kejadian.objects.bulk_create(
            [
                Kejadian(
                    rujukan_id=pk,
                    kode=KODE_KEJADIAN,
                    oleh=by,
                    pada=pada,
                    catatan=dasar,
                    data={"klien": klien.pk, "berkas": jumlah, "sha256": sha},
                )
                for pk in kasus
            ]
        )
    logger.info(
        "Data klien %s diekspor (%d rujukan, %d berkas) oleh pengguna %s",
        klien.pk,
        len(kasus),
        jumlah,
        getattr(by, "pk", "-"),
    )
    return HasilEkspor(klien=klien, rujukan=kasus, berkas=jumlah, bita=bita, sha256=sha)
