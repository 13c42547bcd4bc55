"""A small office whose figures are worked out by hand.

Day D is a working day about three weeks ago (08:00–16:00, 480 working
minutes). Five cases of one service (published: 5 hari kerja; its step 2
"Konsep surat": 2 jam) were registered on D at 08:00:
- step 2 took 1, 1.5, 2, 3 and 4 working hours (3 within 2 jam: 60 %;
  median 2, P90 = 3 + 0.6 × (4 − 3) = 3.6);
- the cases closed 1, 2, 3, 4 and 6 working days after registration
  (median 3, P90 = 4 + 0.6 × (6 − 4) = 5.2), due after 5: 4 of 5 on time.
The steps' and cases' working minutes are stored by the backfill
(kinerja.waktu.isi_menit_kerja), as the services would have stored them.
Four complaints received on D at 09:00, due D' 09:00 (the next working day):
answered at 11:00 (120 min), exactly at the deadline (480 min), at D' 10:00
(540 min, late), and one never answered: 2 of 4 on time, median 480 min = 8 jam.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import pytest
from django.utils import timezone

from kinerja.waktu import isi_menit_kerja
from layanan.calendar import Kalender
from layanan.models import Layanan
from pengaduan.models import Pengaduan
from rujukan.models import LangkahKasus, Rujukan, Status
from rujukan.models.langkah import StatusLangkah
from tests.personas import personas_untuk
from tests.rujukan.factories import s_register, standar_sederhana

_nomor = itertools.count(1)


@dataclass
class Kantor:
    layanan: Layanan
    kal: Kalender
    d: dt.date
    contoh: Rujukan  # a registered case: its klien, pemohon and author are reused


def pada(kal: Kalender, hari: dt.date, jam: int, menit: int = 0) -> dt.datetime:
    return dt.datetime.combine(hari, dt.time(jam, menit), tzinfo=kal.tz)


def kasus_massal(kantor: Kantor, n: int, *, dibuat: dt.datetime, **kwargs) -> list[Rujukan]:
    c = kantor.contoh
    rows = []
    for _ in range(n):
        urut = 100000 + next(_nomor)
        rows.append(
            Rujukan(
                instansi=c.instansi,
                layanan=c.layanan,
                klien=c.klien,
                pemohon=c.pemohon,
                tahun=dibuat.year,
                nomor_urut=urut,
                nomor_registrasi=f"UJI/{urut}",
                kode_lacak_hash=f"h{urut}",
                dibuat_oleh=c.dibuat_oleh,
                dibuat_pada=dibuat,
                **kwargs,
            )
        )
    return Rujukan.objects.bulk_create(rows)


def pengaduan(kantor: Kantor, *, diterima, batas, dijawab=None, **kwargs) -> Pengaduan:
    n = next(_nomor)
    return Pengaduan.objects.create(
        nomor=f"ADU-{n}",
        kode_lacak_hash=f"a{n}",
        instansi=kantor.layanan.instansi,
        layanan=kantor.layanan,
        jenis=kwargs.pop("jenis", Pengaduan.Jenis.PENGADUAN),
        saluran=kwargs.pop("saluran", Pengaduan.Saluran.values[0]),
        judul="Uji",
        uraian="Uji",
        diterima_pada=diterima,
        respons_nilai=1,
        respons_satuan="hari_kerja",
        batas_waktu=batas,
        dijawab_pertama_pada=dijawab,
        **kwargs,
    )


@pytest.fixture
def kantor(personas) -> Kantor:
    instansi = personas.instansi
    layanan = standar_sederhana(instansi, waktu_nilai=5, waktu_satuan="hari_kerja")
    layanan.langkah.filter(urutan=2).update(durasi_nilai=2, durasi_satuan="jam")
    kal = Kalender(instansi)
    assert kal.minutes_per_day == 480
    hari = timezone.now().astimezone(kal.tz).date() - dt.timedelta(days=21)
    while not (kal.is_working_day(hari) and kal.is_working_day(kal.next_working_day(hari))):
        hari -= dt.timedelta(days=1)
    contoh = s_register(layanan, personas_untuk(instansi)).rujukan
    k = Kantor(layanan=layanan, kal=kal, d=hari, contoh=contoh)
    mulai = pada(kal, hari, 8)
    langkah2 = layanan.langkah.get(urutan=2)
    tenggat = kal.add_working_days(mulai, 5)
    for hari_kerja, menit_langkah in zip([1, 2, 3, 4, 6], [60, 90, 120, 180, 240], strict=True):
        (r,) = kasus_massal(
            k,
            1,
            dibuat=mulai,
            status=Status.SELESAI,
            tenggat=tenggat,
            selesai_pada=kal.add_working_days(mulai, hari_kerja),
        )
        LangkahKasus.objects.create(
            rujukan=r,
            langkah=langkah2,
            urutan=2,
            status=StatusLangkah.SELESAI,
            mulai_pada=pada(kal, hari, 9),
            selesai_pada=pada(kal, hari, 9) + dt.timedelta(minutes=menit_langkah),
        )
    besok = kal.next_working_day(hari)
    batas = pada(kal, besok, 9)
    diterima = pada(kal, hari, 9)
    pengaduan(k, diterima=diterima, batas=batas, dijawab=pada(kal, hari, 11))
    pengaduan(k, diterima=diterima, batas=batas, dijawab=batas, saluran=Pengaduan.Saluran.values[1])
    pengaduan(k, diterima=diterima, batas=batas, dijawab=pada(kal, besok, 10))
    pengaduan(k, diterima=diterima, batas=batas, jenis=Pengaduan.Jenis.SARAN)
    # the rows above were written around the services: their working minutes
    # are measured as after a deployment (manage.py hitung_menit_kerja)
    isi_menit_kerja(instansi=instansi)
    return k
