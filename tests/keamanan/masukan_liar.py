"""What the hostile-input tests send: the URL patterns read from the resolver,
hostile values, the valid values and form payloads of office A, and one
`Pengirim` that sends a request, counts its answer and checks that a refused
request saved nothing."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import strategies as st

from pengaduan.views_staf import PengaduanFilter
from rujukan.filters import RujukanFilter
from rujukan.views.arsip import ArsipForm
from tests.akses.data import PELAPOR_NAMA, Data
from tests.akses.peta import PETA, potret, url_staf

# Values an attacker (or a broken client) sends: Unicode digits, NUL bytes,
# numbers out of every range, overlong strings, SQL/HTML payloads, nothing.
LIAR = [
    "²",
    "¹²³",
    "٣",
    "߁",
    "1\x00",
    "\x00",
    "%00",
    "a\x00b",
    "-1",
    "0",
    "00",
    "+1",
    " 1",
    "1.5",
    "1e9",
    "NaN",
    "9" * 19,
    str(2**63),
    "9" * 400,
    "A" * 5000,
    "²" * 3000,
    "",
    " ",
    "' OR '1'='1' --",
    "1; DROP TABLE rujukan_rujukan;--",
    '"><script>alert(1)</script>',
    "{{ 7*7 }}{% debug %}",
    "../../../etc/passwd",
    "\u202e\u200b\ufeff",
    "😀",
    "true",
    "[]",
    "{}",
    "null",
    "0x1A",
    "１２",  # full-width digits
]

nilai_liar = st.one_of(
    st.sampled_from(LIAR),
    st.text(max_size=30),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.builds(
        lambda c, n: c * n, st.sampled_from(["9", "²", "\x00", "<", "a"]), st.integers(1, 4000)
    ),
)

# Query keys any page reads: the filters' fields and the values views read by hand.
KUNCI_QUERY = sorted(
    {
        *RujukanFilter.base_filters,
        *PengaduanFilter.base_filters,
        *ArsipForm.base_fields,
        "layanan",
        "klien",
        "templat",
        "instansi",
        "cari",
        "halaman",
        "nomor",
        "kode",
        "jenis",
        "unduh",
        "format",
        "dari",
        "next",
        "q",
        "o",
        "p",
        "_changelist_filters",
        "instansi__id__exact",
    }
)

_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<nama>\w+)>")


@dataclass(frozen=True)
class Pola:
    route: str  # "/rujukan/<int:pk>/aksi/<slug:kode>/"
    nama: str  # "rujukan:aksi"

    @property
    def param(self) -> list[str]:
        return [m["nama"] for m in _PARAM.finditer(self.route)]

    def url(self, nilai: dict[str, str]) -> str:
        return _PARAM.sub(lambda m: quote(nilai[m["nama"]], safe=""), self.route)


def semua_pola() -> list[Pola]:
    """Every URL pattern of the portal (the admin's included), from the resolver."""
    out: list[Pola] = []

    def walk(patterns, ns: list[str], prefix: str):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(
                    p.url_patterns,
                    ns + [p.namespace] if p.namespace else ns,
                    prefix + str(p.pattern),
                )
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                if route.startswith("/^") or "(?P" in route:  # regex patterns (none today)
                    continue
                out.append(Pola(route, ":".join([*ns, p.name or route])))

    walk(get_resolver().url_patterns, [], "/")
    return out


def contoh_sah(d: Data) -> dict[str, list[str]]:
    """Valid values of office A for each URL parameter name, so that a request
    with one hostile value still reaches the view behind the others."""
    out: dict[str, set[str]] = {}
    for nama in url_staf():
        for sasaran in PETA[nama](d):
            for k, v in sasaran.kwargs.items():
                out.setdefault(k, set()).add(str(v))
    publik = {
        "slug": [d.instansi.slug, d.layanan.slug],
        "instansi": [d.instansi.slug],
        "versi": [str(d.layanan.versi)],
        "nomor": [d.pengaduan.nomor],
        "token": [d.pengajuan_b.dokumen.token],
        "format": ["csv", "xlsx"],
        "object_id": [str(d.a1.pk), str(d.instansi.pk), str(d.layanan.pk)],
        "content_type_id": ["1"],
        "app_label": ["layanan", "rujukan", "pengaduan", "lapangan"],
    }
    for k, v in publik.items():
        out.setdefault(k, set()).update(v)
    return {k: sorted(v) for k, v in out.items()}


def payload_form(d: Data) -> dict[str, dict]:
    """URL name -> a valid POST of its form: the access sweep's staff payloads
    and the public forms (complaint, tracking, reporter's replies, login)."""
    out: dict[str, dict] = {}
    for nama in url_staf():
        for sasaran in PETA[nama](d):
            if sasaran.post is not None and nama not in out:
                out[nama] = dict(sasaran.post(d))
    out["pengaduan:baru"] = {
        "jenis": "pengaduan",
        "instansi": d.instansi.slug,
        "layanan": str(d.layanan.pk),
        "judul": "Bantuan belum diterima",
        "uraian": "Sudah tiga bulan bantuan untuk nenek belum diterima.",
        "harapan": "Segera diproses.",
        "waktu_kejadian": dt.date.today().isoformat(),
        "lokasi_kejadian": "Kantor dinas",
        "nama": PELAPOR_NAMA,
        "telepon": "081234567890",
        "email": "warga@example.com",
    }
    lacak = {"nomor": d.pengaduan.nomor, "kode": d.kode_pengaduan}
    out["pengaduan:lacak"] = lacak
    out["rujukan:lacak"] = {"nomor": d.a1.nomor_registrasi, "kode": d.kode_lacak}
    out["pengaduan:lacak_balas"] = {"isi": "Terima kasih, mohon kabarnya."}
    out["pengaduan:lacak_buka_kembali"] = {"alasan": "Masalahnya belum selesai."}
    out["pengaduan:lacak_nilai"] = {"nilai": "4", "komentar": "Cukup baik."}
    out["verifikasi:cari"] = {"kode": d.pengajuan_b.dokumen.kode_verifikasi}
    out["login"] = {"username": "rina", "password": "salah-sekali"}
    out["admin:login"] = {"username": "rina", "password": "salah-sekali"}
    return out


@dataclass
class Pengirim:
    """Sends requests as one persona, each in a savepoint rolled back after it
    (so every request meets the same office A), and checks the answers."""

    client: Client
    persona: str
    awal: dict
    hitung: Counter = field(default_factory=Counter)
    gagal: list[str] = field(default_factory=list)

    def kirim(self, metode: str, url: str, query: dict | None = None, form: dict | None = None):
        if query:
            url = f"{url}?{urlencode(query)}"
        sid = transaction.savepoint()
        try:
            kirim = self.client.get if metode == "GET" else self.client.post
            resp = kirim(url, form or {}) if form is not None else kirim(url)
            status = resp.status_code
            self.hitung[status] += 1
            if status >= 500:
                exc = resp.exc_info[1] if getattr(resp, "exc_info", None) else None
                self.gagal.append(f"{status} {metode} {url[:200]!r} {form!r:.200}: {exc!r:.300}")
            elif status >= 400 and potret() != self.awal:
                self.gagal.append(f"{status} {metode} {url[:200]!r} {form!r:.200}: saved rows")
        finally:
            transaction.savepoint_rollback(sid)
        return status
