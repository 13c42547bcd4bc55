"""The one log of a complaint's transitions: django-fsm-log's StateLog, as for
cases. Events that are not transitions (filed, a note, a message, a reply, a
rating, a reminder, files removed) are Kejadian rows.

A transition's row carries, in its `description`, a small JSON object: the
dotted action code its history shows (`pengaduan.didisposisikan` and
`pengaduan.dikoordinasikan_eksternal` are both `koordinasikan`) and the
event's own data the sentence names (the unit disposed to, the original
ticket). The words written to the citizen or kept as a note are Tanggapan
rows, not repeated here."""

from __future__ import annotations

import json
from typing import Any

# transition → the code its history shows when the row names none (rows
# written before the code was recorded)
KODE_TRANSISI: dict[str, str] = {
    "mulai_cek": "pengaduan.cek_dimulai",
    "minta_kelengkapan": "pengaduan.kelengkapan_diminta",
    "lanjutkan": "pengaduan.dilanjutkan",
    "dilengkapi_pelapor": "pengaduan.dilengkapi_pelapor",
    "koordinasikan": "pengaduan.didisposisikan",
    "jawab": "pengaduan.dijawab",
    "tutup": "pengaduan.ditutup",
    "tutup_otomatis": "pengaduan.ditutup_otomatis",
    "dikonfirmasi_pelapor": "pengaduan.dikonfirmasi_pelapor",
    "buka_kembali": "pengaduan.dibuka_kembali",
    "tandai_duplikat": "pengaduan.duplikat",
    "teruskan": "pengaduan.diteruskan",
    "hentikan": "pengaduan.dihentikan",
}


def keterangan(kode: str, data: dict[str, Any] | None = None) -> str:
    """The description a transition's StateLog row carries."""
    return json.dumps({"kode": kode, **(data or {})}, ensure_ascii=False)


def baca(transisi: str, description: str | None) -> tuple[str, dict[str, Any]]:
    """The action code and the data of a transition's StateLog row."""
    try:
        isi = json.loads(description or "")
    except ValueError:
        isi = None
    data = dict(isi) if isinstance(isi, dict) else {}
    kode = data.pop("kode", None)
    if not isinstance(kode, str):
        kode = KODE_TRANSISI.get(transisi, f"pengaduan.{transisi}")
    return kode, data
