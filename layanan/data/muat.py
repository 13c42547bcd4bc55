"""Load the project's own transcription of the service standards into the database.

Each file in ``standar/`` is one published Standar Pelayanan with the identity of
its office; its keys are the field names of the layanan models. Loading is
idempotent: the instansi is found by its slug, the layanan by instansi + slug,
and each list of child rows (persyaratan, langkah, …) is brought in line with
the file position by position, so rows keep their primary keys when only their
text changes, new rows are added and rows the file no longer has are removed.
Keys starting with ``_`` are notes for the reader and are ignored.

References inside a file are written the way the office publishes them:

- ``"jabatan": [{"nama": …, "peran": …}]`` names the office's officials. They
  are found by instansi + nama and take their order from the file; officials
  the file does not name are kept, since another standard of the same office
  or its staff may hold them.
- a step's ``"jabatan": ["nama", …]`` lists who does it (more than one name:
  alternatives); each name must be in the file's own ``jabatan`` list.
- a step's ``"kembali_ke": N`` and a requirement's ``"langkah_periksa": N``
  point at the N-th step of the file's ``langkah`` list (1-based). They are
  resolved once every step is saved (a second pass), so a step may point at
  a step that is new in this run.

No other column may point at a row by its database id: relation columns are
refused, so a file never depends on the primary keys of one database.

Versions: a file loads into the version in force of its standard, or makes
version 1 when the standard is new. The columns of a version's state (versi,
status_versi, aktif) are the portal's, set when a version is drafted and
published (layanan.services), and are refused in a file. An office's admin
imports a file as a new draft instead (``muat_standar_data`` with
``instansi`` and ``sebagai_draf``): the file loads into that office, whatever
office the file names, without touching the office's identity, its panti or
the officials it already has, and the draft takes its SK when it is published.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError

from layanan.models import (
    FaseWaktu,
    Instansi,
    Jabatan,
    KategoriPPKS,
    LangkahProsedur,
    Layanan,
    Panti,
    Persyaratan,
    Produk,
    SaluranPengaduan,
    StatusVersi,
    SubLayanan,
    TahapPengaduan,
    UnsurTerlibat,
)

DATA_DIR = Path(__file__).resolve().parent
STANDAR_DIR = DATA_DIR / "standar"
KATEGORI_PPKS_FILE = DATA_DIR / "kategori_ppks.json"

# Child lists of a layanan in the file → the model of their rows.
CHILD_LISTS: dict[str, type[models.Model]] = {
    "langkah": LangkahProsedur,
    "fase_waktu": FaseWaktu,
    "produk": Produk,
    "saluran": SaluranPengaduan,
    "tahap_pengaduan": TahapPengaduan,
    "unsur_terlibat": UnsurTerlibat,
}

# Keys of a row that point at other rows of the same file: taken out before the
# row's own fields are copied and resolved once every step exists.
RUJUKAN_LANGKAH = ("jabatan", "kembali_ke")
RUJUKAN_PERSYARATAN = ("langkah_periksa",)
RUJUKAN_PRODUK = ("sub_layanan",)

# A version's state: set by the portal when a version is drafted and published.
KOLOM_STATUS_VERSI = ("versi", "status_versi", "aktif")
# What a draft does not take from a file: its SK is given when it is published.
KOLOM_SK = ("nomor_sk", "tanggal_sk", "berlaku_mulai")


class StandarError(Exception):
    """A standard file that cannot be loaded; the message is for the operator."""


@dataclass
class Perubahan:
    dibuat: int = 0
    diubah: int = 0
    dihapus: int = 0

    @property
    def ada(self) -> bool:
        return bool(self.dibuat or self.diubah or self.dihapus)

    def __str__(self) -> str:
        return f"{self.dibuat} dibuat, {self.diubah} diubah, {self.dihapus} dihapus"


@dataclass
class Ringkasan:
    """What one standard file put in the database."""

    berkas: str
    instansi: Instansi
    layanan: Layanan
    jumlah: dict[str, int] = field(default_factory=dict)
    perubahan: Perubahan = field(default_factory=Perubahan)


def daftar_berkas_standar() -> list[Path]:
    return sorted(STANDAR_DIR.glob("*.json"))


def cari_berkas(nama: str) -> Path:
    """A standard file by path, file name or stem ("depok", "depok.json")."""
    path = Path(nama)
    if path.is_file():
        return path
    for candidate in (STANDAR_DIR / nama, STANDAR_DIR / f"{nama}.json"):
        if candidate.is_file():
            return candidate
    tersedia = ", ".join(p.stem for p in daftar_berkas_standar())
    raise StandarError(f"Berkas standar '{nama}' tidak ditemukan. Yang tersedia: {tersedia}.")


def baca_json(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, json.JSONDecodeError) as exc:
        raise StandarError(f"{path.name}: tidak dapat dibaca sebagai JSON ({exc}).") from exc
    if not isinstance(data, dict):
        raise StandarError(f"{path.name}: isi berkas harus berupa objek JSON.")
    return data


# --- loading ------------------------------------------------------------------


def muat_kategori_ppks(*, path: Path = KATEGORI_PPKS_FILE) -> Perubahan:
    """Load the national PPKS categories (keyed by kode)."""
    data = baca_json(path)
    perubahan = Perubahan()
    with transaction.atomic():
        for urutan, row in enumerate(_daftar(data, "kategori_ppks", path.name), start=1):
            row = _bersihkan(row)
            kode = row.pop("kode", None)
            if not kode:
                raise StandarError(f"{path.name}: kategori ke-{urutan} tidak punya kode.")
            obj = KategoriPPKS.objects.filter(kode=kode).first() or KategoriPPKS(kode=kode)
            _simpan(obj, {"urutan": urutan, **row}, perubahan, konteks=f"{path.name} {kode}")
    return perubahan


def muat_standar(*, path: Path) -> Ringkasan:
    """Load one standard file inside one transaction: the instansi, its panti and its layanan."""
    return muat_standar_data(data=baca_json(path), nama=path.name)


def muat_standar_data(
    *,
    data: dict[str, Any],
    nama: str,
    instansi: Instansi | None = None,
    sebagai_draf: bool = False,
) -> Ringkasan:
    """Load the content of one standard file (`nama` names it in messages).

    With `instansi`, the standard loads into that office: the file's
    'instansi' and 'panti' are not read, and officials the office already has
    (by name) are used as they are. With `sebagai_draf`, the layanan becomes
    a new draft version of its standard (refused when it already has one)."""
    perubahan = Perubahan()
    with transaction.atomic():
        if instansi is None:
            instansi = _muat_instansi(data.get("instansi"), nama, perubahan)
        jabatan = _muat_jabatan(
            instansi,
            _daftar(data, "jabatan", nama, wajib=False),
            nama,
            perubahan,
            perbarui=not sebagai_draf,
        )
        if not sebagai_draf:
            for row in _daftar(data, "panti", nama, wajib=False):
                _muat_panti(instansi, row, nama, perubahan)
        layanan_data = data.get("layanan")
        if not isinstance(layanan_data, dict):
            raise StandarError(f"{nama}: bagian 'layanan' tidak ada.")
        layanan, jumlah = _muat_layanan(
            instansi,
            dict(layanan_data),
            nama,
            perubahan,
            jabatan=jabatan,
            sebagai_draf=sebagai_draf,
        )
        jumlah["jabatan"] = len(jabatan)
    return Ringkasan(
        berkas=nama, instansi=instansi, layanan=layanan, jumlah=jumlah, perubahan=perubahan
    )


def _muat_instansi(data: Any, nama: str, perubahan: Perubahan) -> Instansi:
    if not isinstance(data, dict) or not data.get("slug"):
        raise StandarError(f"{nama}: bagian 'instansi' dengan 'slug' wajib ada.")
    data = _bersihkan(data)
    obj = Instansi.objects.filter(slug=data["slug"]).first() or Instansi()
    _simpan(obj, data, perubahan, konteks=f"{nama} instansi")
    return obj


def _muat_jabatan(
    instansi: Instansi, rows: list[Any], nama: str, perubahan: Perubahan, *, perbarui: bool = True
) -> dict[str, Jabatan]:
    """The officials the file names, by name, in the file's order (→ urutan).
    Without `perbarui`, an official the office already has is kept as it is."""
    hasil: dict[str, Jabatan] = {}
    for urutan, row in enumerate(rows, start=1):
        row = _bersihkan(row)
        nama_jabatan = row.get("nama")
        if not isinstance(nama_jabatan, str) or not nama_jabatan.strip():
            raise StandarError(f"{nama}: jabatan ke-{urutan} tidak punya nama.")
        if nama_jabatan in hasil:
            raise StandarError(f"{nama}: jabatan '{nama_jabatan}' tertulis dua kali.")
        obj = Jabatan.objects.filter(instansi=instansi, nama=nama_jabatan).first()
        if obj is not None and not perbarui:
            hasil[nama_jabatan] = obj
            continue
        obj = obj or Jabatan(instansi=instansi)
        _simpan(obj, {**row, "urutan": urutan}, perubahan, konteks=f"{nama} jabatan {nama_jabatan}")
        hasil[nama_jabatan] = obj
    return hasil


def _muat_panti(instansi: Instansi, row: Any, nama: str, perubahan: Perubahan) -> Panti:
    row = _bersihkan(row)
    kategori_kode = row.pop("kategori", [])
    if not row.get("nama"):
        raise StandarError(f"{nama}: panti tanpa nama.")
    obj = Panti.objects.filter(instansi=instansi, nama=row["nama"]).first()
    obj = obj or Panti(instansi=instansi)
    _simpan(obj, row, perubahan, konteks=f"{nama} panti {row['nama']}")
    kategori = list(KategoriPPKS.objects.filter(kode__in=kategori_kode))
    hilang = set(kategori_kode) - {k.kode for k in kategori}
    if hilang:
        raise StandarError(f"{nama}: kategori PPKS tidak dikenal: {', '.join(sorted(hilang))}.")
    if {k.pk for k in kategori} != set(obj.kategori.values_list("pk", flat=True)):
        obj.kategori.set(kategori)
        perubahan.diubah += 1
    return obj


def _muat_layanan(
    instansi: Instansi,
    data: dict[str, Any],
    nama: str,
    perubahan: Perubahan,
    *,
    jabatan: dict[str, Jabatan],
    sebagai_draf: bool = False,
) -> tuple[Layanan, dict[str, int]]:
    data = _bersihkan(data)
    sub_rows = data.pop("sub_layanan", [])
    persyaratan_rows = data.pop("persyaratan", [])
    child_rows = {key: data.pop(key, []) for key in CHILD_LISTS}
    if not data.get("slug"):
        raise StandarError(f"{nama}: layanan tanpa slug.")
    for key in KOLOM_STATUS_VERSI:
        if key in data:
            raise StandarError(
                f"{nama} layanan: kolom '{key}' diatur portal saat standar diterbitkan, "
                "bukan dari berkas."
            )

    layanan = _layanan_tujuan(instansi, data, nama, sebagai_draf=sebagai_draf)
    _simpan(layanan, data, perubahan, konteks=f"{nama} layanan")

    jumlah: dict[str, int] = {}
    ctx = f"{nama} {layanan.slug}"

    # Requirements common to the whole service, then each sub-service with its own.
    syarat = _sinkron_berujukan(
        Persyaratan.objects.filter(layanan=layanan, sub_layanan__isnull=True),
        Persyaratan,
        persyaratan_rows,
        RUJUKAN_PERSYARATAN,
        {"layanan": layanan},
        perubahan,
        f"{ctx} persyaratan",
    )
    sub_data = []
    for row in _list(sub_rows, f"{ctx} sub_layanan"):
        row = _bersihkan(row)
        sub_data.append((row.pop("persyaratan", []), row))
    subs = _sinkron(
        SubLayanan.objects.filter(layanan=layanan),
        SubLayanan,
        [row for _, row in sub_data],
        {"layanan": layanan},
        perubahan,
        f"{ctx} sub_layanan",
    )
    for sub, (rows, _) in zip(subs, sub_data, strict=True):
        syarat += _sinkron_berujukan(
            Persyaratan.objects.filter(layanan=layanan, sub_layanan=sub),
            Persyaratan,
            rows,
            RUJUKAN_PERSYARATAN,
            {"layanan": layanan, "sub_layanan": sub},
            perubahan,
            f"{ctx} persyaratan {sub.nama}",
        )
    jumlah["sub_layanan"] = len(subs)
    jumlah["persyaratan"] = len(syarat)

    langkah = _sinkron_berujukan(
        LangkahProsedur.objects.filter(layanan=layanan),
        LangkahProsedur,
        child_rows.pop("langkah"),
        RUJUKAN_LANGKAH,
        {"layanan": layanan},
        perubahan,
        f"{ctx} langkah",
    )
    jumlah["langkah"] = len(langkah)
    produk = _sinkron_berujukan(
        Produk.objects.filter(layanan=layanan),
        Produk,
        child_rows.pop("produk"),
        RUJUKAN_PRODUK,
        {"layanan": layanan},
        perubahan,
        f"{ctx} produk",
    )
    jumlah["produk"] = len(produk)
    for row in produk:
        _tautkan(row, "sub_layanan", _sub_ke(row, subs), perubahan)
    for key, rows in child_rows.items():
        model = CHILD_LISTS[key]
        objs = _sinkron(
            model.objects.filter(layanan=layanan),
            model,
            rows,
            {"layanan": layanan},
            perubahan,
            f"{ctx} {key}",
        )
        jumlah[key] = len(objs)

    _hubungkan(langkah, syarat, jabatan, perubahan)
    return layanan, jumlah


def _layanan_tujuan(
    instansi: Instansi, data: dict[str, Any], nama: str, *, sebagai_draf: bool
) -> Layanan:
    """The version row the file loads into: the version in force (a new
    version 1 for a new standard), or a new draft version. Takes the draft's
    SK columns out of `data`."""
    versi = Layanan.objects.filter(instansi=instansi, slug=data["slug"])
    berlaku = versi.filter(status_versi=StatusVersi.BERLAKU).order_by("-versi").first()
    if not sebagai_draf and berlaku is not None:
        return berlaku
    berikut = (versi.aggregate(n=models.Max("versi"))["n"] or 0) + 1
    if not sebagai_draf:
        return Layanan(instansi=instansi, versi=berikut)
    if versi.filter(status_versi=StatusVersi.DRAF).exists():
        raise StandarError(
            f"{nama}: layanan '{data['slug']}' sudah mempunyai draf; terbitkan atau hapus "
            "draf itu dulu."
        )
    for key in KOLOM_SK:
        data.pop(key, None)
    if berlaku is not None:
        data["urutan"] = berlaku.urutan  # keeps its place in the office's list
    return Layanan(
        instansi=instansi,
        versi=berikut,
        status_versi=StatusVersi.DRAF,
        aktif=False,
        versi_asal=berlaku,
    )


@dataclass
class _Baris:
    """A synced row with the references the file gives for it (second pass)."""

    obj: models.Model
    baru: bool  # created in this run: its references are part of creating it
    rujukan: dict[str, Any]
    konteks: str


def _sinkron_berujukan(
    queryset: models.QuerySet,
    model: type[models.Model],
    rows: Any,
    keys: tuple[str, ...],
    parent: dict[str, models.Model],
    perubahan: Perubahan,
    konteks: str,
) -> list[_Baris]:
    """`_sinkron` for rows that may point at other rows of the file: the keys in
    `keys` are taken out first and returned with each row."""
    bersih, rujukan = [], []
    for row in _list(rows, konteks):
        row = _bersihkan(row)
        rujukan.append({key: row.pop(key) for key in keys if key in row})
        bersih.append(row)
    lama = set(queryset.values_list("pk", flat=True))
    objs = _sinkron(queryset, model, bersih, parent, perubahan, konteks)
    return [
        _Baris(obj, obj.pk not in lama, ref, f"{konteks} ke-{i}")
        for i, (obj, ref) in enumerate(zip(objs, rujukan, strict=True), start=1)
    ]


def _hubungkan(
    langkah: list[_Baris],
    syarat: list[_Baris],
    jabatan: dict[str, Jabatan],
    perubahan: Perubahan,
) -> None:
    """Second pass, once every step is saved: a step's return target and
    officials, and the step at which a requirement is checked."""
    steps = [row.obj for row in langkah]
    for row in langkah:
        target = _langkah_ke(row.rujukan.get("kembali_ke"), steps, row.konteks, "kembali_ke")
        if target is not None and target.urutan >= row.obj.urutan:
            raise StandarError(
                f"{row.konteks}: 'kembali_ke' harus menunjuk langkah sebelumnya, "
                f"bukan langkah ke-{target.urutan}."
            )
        _tautkan(row, "kembali_ke", target, perubahan)
        _atur_jabatan(row, row.rujukan.get("jabatan", []), jabatan, perubahan)
    for row in syarat:
        target = _langkah_ke(
            row.rujukan.get("langkah_periksa"), steps, row.konteks, "langkah_periksa"
        )
        _tautkan(row, "langkah_periksa", target, perubahan)


def _sub_ke(row: _Baris, subs: list[models.Model]) -> models.Model | None:
    """The sub-service a product belongs to: 1-based position in the file's
    `sub_layanan` list, or None (the product of every sub-service)."""
    nomor = row.rujukan.get("sub_layanan")
    if nomor is None:
        return None
    if isinstance(nomor, bool) or not isinstance(nomor, int) or not 1 <= nomor <= len(subs):
        raise StandarError(
            f"{row.konteks}: 'sub_layanan' harus nomor urut sub-layanan (1 sampai "
            f"{len(subs)}), bukan {nomor!r}."
        )
    return subs[nomor - 1]


def _langkah_ke(
    nomor: Any, langkah: list[models.Model], konteks: str, kolom: str
) -> models.Model | None:
    """The step at 1-based position `nomor` of the file's list, or None."""
    if nomor is None:
        return None
    if isinstance(nomor, bool) or not isinstance(nomor, int):
        raise StandarError(
            f"{konteks}: '{kolom}' harus nomor urut langkah (1 sampai {len(langkah)}), "
            f"bukan {nomor!r}."
        )
    if not 1 <= nomor <= len(langkah):
        raise StandarError(
            f"{konteks}: '{kolom}' menunjuk langkah ke-{nomor}, padahal standar ini "
            f"hanya punya {len(langkah)} langkah."
        )
    return langkah[nomor - 1]


def _tautkan(row: _Baris, name: str, target: models.Model | None, perubahan: Perubahan) -> None:
    """Point the foreign key `name` of the row at `target`; save only a change."""
    attname = row.obj._meta.get_field(name).attname
    pk = target.pk if target is not None else None
    if getattr(row.obj, attname) == pk:
        return
    setattr(row.obj, attname, pk)
    row.obj.save(update_fields=[name])
    if not row.baru:
        perubahan.diubah += 1


def _atur_jabatan(
    row: _Baris, names: Any, jabatan: dict[str, Jabatan], perubahan: Perubahan
) -> None:
    """The step's officials: names from the file's own `jabatan` list."""
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise StandarError(f"{row.konteks}: 'jabatan' harus berupa daftar nama jabatan.")
    hilang = [n for n in names if n not in jabatan]
    if hilang:
        daftar = ", ".join(f"'{n}'" for n in hilang)
        raise StandarError(
            f"{row.konteks}: jabatan {daftar} tidak ada dalam daftar 'jabatan' berkas ini."
        )
    if len(set(names)) != len(names):
        raise StandarError(f"{row.konteks}: satu jabatan disebut dua kali.")
    wanted = {jabatan[n].pk for n in names}
    if wanted != set(row.obj.jabatan.values_list("pk", flat=True)):
        row.obj.jabatan.set(wanted)
        if not row.baru:
            perubahan.diubah += 1


# --- helpers ------------------------------------------------------------------


def _bersihkan(row: Any) -> dict[str, Any]:
    """A copy of a row without the reader's notes (keys starting with '_')."""
    if not isinstance(row, dict):
        raise StandarError(f"Baris harus berupa objek JSON, bukan {type(row).__name__}.")
    return {k: v for k, v in row.items() if not k.startswith("_")}


def _daftar(data: dict[str, Any], key: str, nama: str, *, wajib: bool = True) -> list[Any]:
    if key not in data:
        if wajib:
            raise StandarError(f"{nama}: bagian '{key}' tidak ada.")
        return []
    return _list(data[key], f"{nama} {key}")


def _list(value: Any, konteks: str) -> list[Any]:
    if not isinstance(value, list):
        raise StandarError(f"{konteks}: harus berupa daftar.")
    return value


def kolom_data(model: type[models.Model], exclude: Iterable[str]) -> list[models.Field]:
    """The columns a file gives for a row of `model`: its own values, no relation."""
    skip = set(exclude)
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.editable and not f.is_relation and f.name not in skip
    ]


def _sinkron(
    queryset: models.QuerySet,
    model: type[models.Model],
    rows: Any,
    parent: dict[str, models.Model],
    perubahan: Perubahan,
    konteks: str,
) -> list[models.Model]:
    """Make the rows of `queryset` equal to `rows`, matched by position.

    Fields a row leaves out get their model default, so removing a value from the
    file removes it from the database too.
    """
    rows = _list(rows, konteks)
    fields = kolom_data(model, exclude=[*parent, "urutan"])
    existing = list(queryset.order_by("urutan", "pk"))
    hasil = []
    for index, row in enumerate(rows):
        row = _bersihkan(row)
        for key in row:
            if key not in {f.name for f in fields}:
                raise StandarError(f"{konteks} ke-{index + 1}: kolom '{key}' tidak dikenal.")
        values: dict[str, Any] = {f.name: f.get_default() for f in fields}
        values.update(row)
        values["urutan"] = index + 1
        obj = existing[index] if index < len(existing) else model(**parent)
        _simpan(obj, values, perubahan, konteks=f"{konteks} ke-{index + 1}")
        hasil.append(obj)
    for obj in existing[len(rows) :]:
        try:
            obj.delete()
        except ProtectedError as exc:
            raise StandarError(
                f"{konteks}: baris '{obj}' tidak dapat dihapus karena masih dipakai data lain."
            ) from exc
        perubahan.dihapus += 1
    return hasil


def _simpan(
    obj: models.Model, values: dict[str, Any], perubahan: Perubahan, *, konteks: str
) -> bool:
    """Set `values` on `obj`, validate, and save when new or changed."""
    baru = obj._state.adding
    berubah = False
    for name, value in values.items():
        try:
            model_field = obj._meta.get_field(name)
        except FieldDoesNotExist as exc:
            raise StandarError(f"{konteks}: kolom '{name}' tidak dikenal.") from exc
        # Rows of other tables are named by the file's own references, never by raw id.
        if not getattr(model_field, "concrete", False) or model_field.is_relation:
            raise StandarError(f"{konteks}: kolom '{name}' tidak dapat diisi dari berkas.")
        try:
            value = model_field.to_python(value)
        except ValidationError as exc:
            raise StandarError(f"{konteks}: nilai '{name}' tidak sah ({exc.messages[0]}).") from exc
        if not _sama(getattr(obj, model_field.attname), value):
            setattr(obj, model_field.attname, value)
            berubah = True
    if not (baru or berubah):
        return False
    # A blank value means "not stated in the standard": only what is given is validated.
    kosong = [name for name, value in values.items() if value in ("", None)]
    try:
        obj.full_clean(exclude=kosong, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        pesan = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise StandarError(f"{konteks}: {pesan}") from exc
    obj.save()
    if baru:
        perubahan.dibuat += 1
    else:
        perubahan.diubah += 1
    return True


def _sama(lama: Any, baru: Any) -> bool:
    if isinstance(lama, Decimal) or isinstance(baru, Decimal):
        if lama is None or baru is None:
            return lama is baru
        return Decimal(lama) == Decimal(baru)
    return lama == baru
