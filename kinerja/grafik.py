"""Shapes for the server-drawn SVG charts: lengths scaled to the chart's own
coordinate box, so the template only writes presentation attributes."""

from __future__ import annotations

from dataclasses import dataclass

from kinerja.selectors import TrenBulan


@dataclass(frozen=True)
class Batang:
    label: str
    nilai: int | float
    lebar: float  # 0..100, in the chart's viewBox units
    url: str = ""


def batang(baris: list[tuple[str, int | float, str]]) -> list[Batang]:
    """Horizontal bars (label, value, link) scaled to the largest value."""
    terbesar = max((n for _, n, _ in baris), default=0) or 1
    return [Batang(label, n, round(100 * n / terbesar, 2), url) for label, n, url in baris]


@dataclass(frozen=True)
class Kolom:
    label: str
    x: float
    masuk: int
    selesai: int
    y_masuk: float
    t_masuk: float
    y_selesai: float
    t_selesai: float


TINGGI = 100.0
LEBAR_BULAN = 24.0


def kolom_tren(tren: list[TrenBulan]) -> list[Kolom]:
    """Paired columns per month (received, closed) in a 288 x 100 box."""
    terbesar = max((max(t.masuk, t.selesai) for t in tren), default=0) or 1
    out = []
    for i, t in enumerate(tren):
        tm = round(TINGGI * t.masuk / terbesar, 2)
        ts = round(TINGGI * t.selesai / terbesar, 2)
        out.append(
            Kolom(
                label=t.bulan.strftime("%m/%y"),
                x=i * LEBAR_BULAN + 3,
                masuk=t.masuk,
                selesai=t.selesai,
                y_masuk=TINGGI - tm,
                t_masuk=tm,
                y_selesai=TINGGI - ts,
                t_selesai=ts,
            )
        )
    return out
