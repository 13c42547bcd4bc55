"""Write one version of a standard in the format of ``standar/*.json``, the
format ``muat`` reads (see its docstring): the office's identity, the
officials the steps name, and the layanan with its child lists in published
order. A step names its officials by name; a return step and the step a
requirement is checked at are 1-based positions in the ``langkah`` list.
A child row leaves out the columns that hold their default, as the
hand-written files do; muat gives a missing column its default back.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models

from layanan.data.muat import CHILD_LISTS, KOLOM_STATUS_VERSI, kolom_data
from layanan.models import Jabatan, LangkahProsedur, Layanan, Persyaratan, Produk, SubLayanan

# The office's identity as the hand-written files give it (no staff names).
KOLOM_INSTANSI = (
    "nama",
    "singkatan",
    "slug",
    "pemerintah_daerah",
    "kode_wilayah",
    "alamat",
    "kode_pos",
    "telepon",
    "email",
    "website",
    "zona_waktu",
)
# Where the office lists it is the office's own choice, not part of the standard.
KOLOM_LAYANAN_TIDAK_DIEKSPOR = (*KOLOM_STATUS_VERSI, "urutan")


def nilai_json(value: Any) -> Any:
    """A column value as JSON: a whole decimal as an integer, dates as ISO text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def _baris(obj: models.Model, *, lengkap: bool = False) -> dict[str, Any]:
    """The row's own columns (no urutan, no relation), defaults left out unless `lengkap`."""
    out: dict[str, Any] = {}
    skip = KOLOM_LAYANAN_TIDAK_DIEKSPOR if isinstance(obj, Layanan) else ("urutan",)
    for f in kolom_data(type(obj), exclude=skip):
        value = getattr(obj, f.attname)
        if lengkap or value != f.get_default():
            out[f.name] = nilai_json(value)
    return out


def ekspor_standar(layanan: Layanan) -> dict[str, Any]:
    """The standard file of this version (any status) as a JSON-ready dict."""
    instansi = layanan.instansi
    langkah = list(
        LangkahProsedur.objects.filter(layanan=layanan)
        .order_by("urutan", "pk")
        .prefetch_related(
            models.Prefetch("jabatan", queryset=Jabatan.objects.order_by("urutan", "nama"))
        )
    )
    posisi = {step.pk: nomor for nomor, step in enumerate(langkah, 1)}
    jabatan: dict[int, Jabatan] = {}
    for step in langkah:
        for j in step.jabatan.all():
            jabatan.setdefault(j.pk, j)

    def persyaratan(rows) -> list[dict[str, Any]]:
        out = []
        for p in rows:
            row = _baris(p)
            if p.langkah_periksa_id in posisi:
                row["langkah_periksa"] = posisi[p.langkah_periksa_id]
            out.append(row)
        return out

    syarat = list(Persyaratan.objects.filter(layanan=layanan).order_by("urutan", "pk"))
    isi: dict[str, Any] = _baris(layanan, lengkap=True)
    isi["persyaratan"] = persyaratan(p for p in syarat if p.sub_layanan_id is None)
    subs = list(SubLayanan.objects.filter(layanan=layanan).order_by("urutan", "pk"))
    isi["sub_layanan"] = [
        {**_baris(sub), "persyaratan": persyaratan(p for p in syarat if p.sub_layanan_id == sub.pk)}
        for sub in subs
    ]
    posisi_sub = {sub.pk: nomor for nomor, sub in enumerate(subs, 1)}
    baris_langkah = []
    for step in langkah:
        row = _baris(step)
        nama_jabatan = [j.nama for j in step.jabatan.all()]
        if nama_jabatan:
            row["jabatan"] = nama_jabatan
        if step.kembali_ke_id in posisi:
            row["kembali_ke"] = posisi[step.kembali_ke_id]
        baris_langkah.append(row)
    isi["langkah"] = baris_langkah
    for key, model in CHILD_LISTS.items():
        if key != "langkah":
            isi[key] = [
                _baris(row)
                for row in model.objects.filter(layanan=layanan).order_by("urutan", "pk")
            ]
    for row, produk in zip(
        isi["produk"], Produk.objects.filter(layanan=layanan).order_by("urutan", "pk"), strict=True
    ):
        if produk.sub_layanan_id in posisi_sub:
            row["sub_layanan"] = posisi_sub[produk.sub_layanan_id]
    return {
        "_sumber": (
            f"Diekspor dari Portal Layanan Dinas Sosial: {instansi.nama}, {layanan.nama}, "
            f"versi {layanan.versi} ({layanan.get_status_versi_display()})."
        ),
        "instansi": {key: nilai_json(getattr(instansi, key)) for key in KOLOM_INSTANSI},
        "jabatan": [
            {"nama": j.nama, "peran": j.peran}
            for j in sorted(jabatan.values(), key=lambda j: (j.urutan, j.nama))
        ],
        "layanan": isi,
    }
