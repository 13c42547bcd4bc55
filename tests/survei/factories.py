"""Survey rows for tests: an invitation and its answer, at a chosen time."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from layanan.models import Instansi, Layanan
from survei.models import KODE_UNSUR, ResponSurvei, UndanganSurvei

_seq = itertools.count(1)


def layanan_uji(instansi: Instansi, nama: str = "Rekomendasi Uji") -> Layanan:
    n = next(_seq)
    return Layanan.objects.create(instansi=instansi, nama=f"{nama} {n}", slug=f"survei-uji-{n}")


def undangan(layanan: Layanan, **kwargs) -> UndanganSurvei:
    return UndanganSurvei.objects.create(
        asal=kwargs.pop("asal", UndanganSurvei.Asal.LOKET),
        instansi_id=layanan.instansi_id,
        layanan=layanan,
        **kwargs,
    )


def respons(
    layanan: Layanan,
    nilai: list[int | None],
    *,
    diisi: dt.datetime | None = None,
    jenis_kelamin: str = "P",
    umur: int = 35,
    pendidikan: str = "sma",
    pekerjaan: str = "wirausaha",
) -> ResponSurvei:
    """One answered survey; `nilai` are U1…U9 (None = tidak menjawab)."""
    assert len(nilai) == len(KODE_UNSUR)
    waktu = diisi or timezone.now()
    u = undangan(layanan, used_at=waktu)
    return ResponSurvei.objects.create(
        undangan=u,
        instansi_id=layanan.instansi_id,
        layanan=layanan,
        diisi=waktu,
        jenis_kelamin=jenis_kelamin,
        umur=umur,
        pendidikan=pendidikan,
        pekerjaan=pekerjaan,
        **dict(zip(KODE_UNSUR, nilai, strict=True)),
    )


def banyak_respons(layanan: Layanan, *, n: int, empat: int, diisi=None) -> None:
    """n respondents answering all nine elements: the first `empat` answers
    (in order U1…U9 of respondent 1, then respondent 2, …) are 4, the rest 3."""
    semua = [4 if i < empat else 3 for i in range(9 * n)]
    for k in range(n):
        respons(layanan, semua[9 * k : 9 * k + 9], diisi=diisi)
