"""Who looked at a client's data: one middleware writes the access log
(layanan.models_akses.AksesData), one read gives a client's history.

- Each app declares its pages that show a client's record, document or
  letter, or export one, in a registry `AKSES_DATA` (URL name → `Pantau`),
  listed in AKSES_DATA_SOURCES like the role permissions: the views do not
  change, and `tests/keamanan/test_akses_log.py` fails when a staff URL is
  neither in a registry nor in its list of pages without client data.
- `AksesLogMiddleware` records one row after a successful (2xx) answer of a
  registered page to a logged-in user: who, their office, when, what, which
  object, case and client (ids only), the address (`CLIENT_IP_HEADER` behind a
  proxy, else REMOTE_ADDR) and the browser. A refusal (403/404), a redirect
  or a public page writes nothing. The row is one INSERT: the case's client
  and the user's office are read by subqueries inside it.
- The row is written before the body is sent; if it cannot be written, the
  page is not served (an error), so nothing is shown without a record.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Q, Subquery
from django.http import HttpRequest
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from layanan import pembatas
from layanan.models import Pegawai, Peran
from layanan.models_akses import AksesData
from layanan.roles import GROUP_NAMES

# Every app's registry of pages with client data (URL name → Pantau).
AKSES_DATA_SOURCES = [
    "rujukan.akses_data.AKSES_DATA",
    "lapangan.akses_data.AKSES_DATA",
    "pengaduan.akses_data.AKSES_DATA",
]
PANJANG_USER_AGENT = 200
BANYAK_RIWAYAT = 20


@dataclass(frozen=True)
class Kaitan:
    """What one request looked at: the object (model label and id), the case
    and the client. An id may be an expression (a subquery evaluated inside
    the INSERT), so that finding the client costs no query of its own."""

    objek: str = ""
    objek_id: int | None = None
    rujukan_id: Any = None
    klien_id: Any = None


@dataclass(frozen=True)
class Pantau:
    """A registered page: `apa` is the log's code (dotted, e.g.
    "rujukan.detail"), `label` its sentence for the history, `kaitan` turns
    the request and the URL's kwargs into what was looked at (None: this
    request showed no client data, e.g. a search form not yet sent)."""

    apa: str
    label: Any
    kaitan: Callable[[HttpRequest, dict], Kaitan | None]


def tanpa_objek(request: HttpRequest, kwargs: dict) -> Kaitan:
    """An export or a lookup that concerns no single object."""
    return Kaitan()


def angka(nilai: object) -> int | None:
    """An id from a URL: ASCII digits only (the admin's object ids are strings)."""
    teks = str(nilai)
    if not teks.isascii() or not teks.isdigit() or len(teks) > 18:
        return None
    return int(teks)


@functools.cache
def registri() -> dict[str, Pantau]:
    out: dict[str, Pantau] = {}
    for path in AKSES_DATA_SOURCES:
        for nama, pantau in import_string(path).items():
            if nama in out:
                raise ValueError(f"{nama} terdaftar dua kali dalam registri akses data.")
            out[nama] = pantau
    return out


def label_apa() -> dict[str, Any]:
    """The one registry of the log's codes as sentences."""
    return {p.apa: p.label for p in registri().values()}


def alamat_ip(request: HttpRequest) -> str | None:
    """The client's address as the rate limits see it (CLIENT_IP_HEADER behind a
    trusted proxy, else REMOTE_ADDR), or None when it is not an IP address."""
    try:
        return str(ipaddress.ip_address(pembatas.client_address(request)))
    except ValueError:
        return None


def catat_akses(request: HttpRequest) -> AksesData | None:
    """Record the request if it is a view of a registered page by a logged-in
    user. Called after a 2xx answer."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    pantau = registri().get(match.view_name)
    if pantau is None:
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    kaitan = pantau.kaitan(request, match.kwargs)
    if kaitan is None:
        return None
    return AksesData.objects.create(
        user_id=user.pk,
        instansi_id=Subquery(Pegawai.objects.filter(user_id=user.pk).values("instansi_id")[:1]),
        apa=pantau.apa,
        objek=kaitan.objek,
        objek_id=kaitan.objek_id,
        rujukan_id=kaitan.rujukan_id,
        klien_id=kaitan.klien_id,
        alamat_ip=alamat_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:PANJANG_USER_AGENT],
    )


class AksesLogMiddleware:
    """One row per successful view of a registered page (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if 200 <= response.status_code < 300:
            catat_akses(request)
        return response


# -- reading the history -------------------------------------------------------------------------
@dataclass(frozen=True)
class BarisAkses:
    waktu: Any
    nama: str
    peran: str
    apa: str


@dataclass(frozen=True)
class RiwayatAkses:
    jumlah: int
    terakhir: list[BarisAkses]


_PERAN_GROUP = {name: Peran(peran).label for peran, name in GROUP_NAMES.items()}


def akses_data_klien(
    *, klien_id: int | None, rujukan_id: int | None = None, batas: int = BANYAK_RIWAYAT
) -> RiwayatAkses:
    """Who looked at this client's data (through any of their cases), and at
    this case: how many views in all, and the last `batas` (who, role, when,
    what). Three queries: the count, the rows with their users, the users' roles."""
    saring = Q(klien_id=klien_id) if klien_id is not None else Q(pk__in=[])
    if rujukan_id is not None:
        saring |= Q(rujukan_id=rujukan_id)
    qs = AksesData.objects.filter(saring)
    jumlah = qs.count()
    if not jumlah:
        return RiwayatAkses(jumlah=0, terakhir=[])
    nama_pegawai = Pegawai.objects.filter(user_id=OuterRef("user_id")).values("nama")[:1]
    baris = list(
        qs.select_related("user")
        .prefetch_related("user__groups")
        .annotate(nama_pegawai=Subquery(nama_pegawai))
        .order_by("-waktu", "-pk")[:batas]
    )
    label = label_apa()
    return RiwayatAkses(
        jumlah=jumlah,
        terakhir=[
            BarisAkses(
                waktu=b.waktu,
                nama=b.nama_pegawai or b.user.get_full_name() or b.user.get_username(),
                peran=", ".join(
                    str(_PERAN_GROUP[g.name]) for g in b.user.groups.all() if g.name in _PERAN_GROUP
                )
                or str(_("tanpa peran")),
                apa=str(label.get(b.apa, b.apa)),
            )
            for b in baris
        ],
    )
