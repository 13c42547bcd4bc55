"""The IKM per Permenpan RB 14/2017 on hand-made data: the right answers are
worked out here, element by element."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from survei.selectors import ikm_hitung, mutu_dari, periode_dari
from tests.factories import make_instansi
from tests.survei.factories import banyak_respons, layanan_uji, respons

pytestmark = pytest.mark.django_db


def _tahun_ini():
    hari = timezone.localdate()
    return dt.date(hari.year, 1, 1), dt.date(hari.year, 12, 31)


def test_ikm_of_four_respondents_one_of_whom_skipped_an_element():
    instansi = make_instansi()
    layanan = layanan_uji(instansi)
    respons(layanan, [4] * 9, jenis_kelamin="L", umur=19, pendidikan="sd", pekerjaan="pns")
    respons(layanan, [3] * 9, umur=25, pendidikan="s1", pekerjaan="swasta")
    respons(layanan, [2] * 9, umur=60, pendidikan="s2", pekerjaan="lainnya")
    respons(layanan, [4, 4, 4, None, 4, 4, 4, 4, 4], umur=42)  # skipped U4 (biaya)
    # not counted: another service of the office, another office, last year
    respons(layanan_uji(instansi), [1] * 9)
    respons(layanan_uji(make_instansi()), [1] * 9)
    mulai, sampai = _tahun_ini()
    respons(layanan, [1] * 9, diisi=timezone.now() - dt.timedelta(days=400))

    hasil = ikm_hitung(instansi=instansi, layanan=layanan, mulai=mulai, sampai=sampai)

    # U1–U3, U5–U9: (4+3+2+4)/4 = 3.25; U4: (4+3+2)/3 = 3 (the skip is not a zero)
    assert hasil.jumlah_responden == 4
    nrr = {u.label: u.nrr for u in hasil.unsur}
    assert nrr["U1"] == Decimal("3.250")
    assert nrr["U4"] == Decimal("3.000")
    assert [u.jumlah_jawaban for u in hasil.unsur] == [4, 4, 4, 3, 4, 4, 4, 4, 4]
    assert hasil.unsur[3].jumlah_nilai == 9
    # mean of the nine NRR = (8 × 3.25 + 3) / 9 = 29/9; × 25 = 80.555… → 80.56, B
    assert hasil.nrr_tertimbang == Decimal("3.2222")
    assert hasil.ikm == Decimal("80.56")
    assert (hasil.mutu.huruf, hasil.mutu.kinerja) == ("B", "Baik")
    assert hasil.unsur[0].nrr_tertimbang == Decimal("0.361")  # 3.25 / 9
    assert hasil.unsur_tanpa_jawaban == []
    profil = {k: {b.label: b.jumlah for b in v} for k, v in hasil.profil.items()}
    assert profil["Jenis kelamin"] == {"Laki-laki": 1, "Perempuan": 3}
    assert profil["Umur"] == {"< 20": 1, "20–29": 1, "30–39": 0, "40–49": 1, "50–59": 0, "≥ 60": 1}
    assert profil["Pendidikan"]["SD ke bawah"] == 1 and profil["Pendidikan"]["SMA"] == 1
    assert profil["Pekerjaan"]["PNS"] == 1 and profil["Pekerjaan"]["Wirausaha"] == 1

    # the whole office: the fifth respondent (all 1) of the other service joins
    kantor = ikm_hitung(instansi=instansi, mulai=mulai, sampai=sampai)
    assert kantor.jumlah_responden == 5
    # U1: (13+1)/5 = 2.8 ×8; U4: (9+1)/4 = 2.5; (22.4 + 2.5)/9 × 25 = 69.166… → 69.17, C
    assert kantor.ikm == Decimal("69.17")
    assert kantor.mutu.huruf == "C"


def test_an_element_nobody_answered_is_named_and_left_out_of_the_mean():
    instansi = make_instansi()
    layanan = layanan_uji(instansi)
    respons(layanan, [4, 4, 4, 4, 4, 4, 4, 4, None])
    respons(layanan, [3, 3, 3, 3, 3, 3, 3, 3, None])
    mulai, sampai = _tahun_ini()
    hasil = ikm_hitung(instansi=instansi, layanan=layanan, mulai=mulai, sampai=sampai)
    assert hasil.unsur_tanpa_jawaban == ["U9"]
    assert hasil.unsur[8].nrr is None
    # eight elements of 3.5: IKM 87.50 (a zero for U9 would give 77.78)
    assert hasil.ikm == Decimal("87.50")
    assert hasil.mutu.huruf == "B"


def test_no_response_gives_no_index_and_no_grade():
    instansi = make_instansi()
    mulai, sampai = _tahun_ini()
    hasil = ikm_hitung(instansi=instansi, mulai=mulai, sampai=sampai)
    assert hasil.jumlah_responden == 0
    assert hasil.ikm is None and hasil.mutu is None
    assert hasil.unsur_tanpa_jawaban == []


def test_grade_boundary_from_data_88_30_is_b_and_88_31_is_a():
    mulai, sampai = _tahun_ini()
    a, b = make_instansi(), make_instansi()
    # 19 respondents, 171 answers: 91 fours and 80 threes = 604; 25 × 604 / 171 = 88.304… → 88.30
    banyak_respons(layanan_uji(a), n=19, empat=91)
    # 24 respondents, 216 answers: 115 fours and 101 threes = 763; 25 × 763 / 216 = 88.310… → 88.31
    banyak_respons(layanan_uji(b), n=24, empat=115)
    ha = ikm_hitung(instansi=a, mulai=mulai, sampai=sampai)
    hb = ikm_hitung(instansi=b, mulai=mulai, sampai=sampai)
    assert (ha.ikm, ha.mutu.huruf, ha.mutu.kinerja) == (Decimal("88.30"), "B", "Baik")
    assert (hb.ikm, hb.mutu.huruf, hb.mutu.kinerja) == (Decimal("88.31"), "A", "Sangat Baik")


@pytest.mark.parametrize(
    ("ikm", "huruf"),
    [
        ("100.00", "A"),
        ("88.31", "A"),
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("25.00", "D"),
    ],
)
def test_grade_table_of_the_regulation(ikm, huruf):
    assert mutu_dari(Decimal(ikm)).huruf == huruf


def test_periods_cover_whole_calendar_units():
    assert periode_dari(jenis="bulan", tahun=2024, ke=2).sampai == dt.date(2024, 2, 29)
    tw = periode_dari(jenis="triwulan", tahun=2025, ke=4)
    assert (tw.mulai, tw.sampai) == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    sm = periode_dari(jenis="semester", tahun=2025, ke=1)
    assert (sm.mulai, sm.sampai) == (dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    th = periode_dari(jenis="tahun", tahun=2025)
    assert (th.mulai, th.sampai) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    with pytest.raises(ValueError):
        periode_dari(jenis="triwulan", tahun=2025, ke=5)


def test_a_period_counts_only_its_own_answers():
    instansi = make_instansi()
    layanan = layanan_uji(instansi)
    tz = timezone.get_current_timezone()
    tahun = timezone.localdate().year - 1
    respons(layanan, [4] * 9, diisi=dt.datetime(tahun, 3, 31, 23, 30, tzinfo=tz))
    respons(layanan, [2] * 9, diisi=dt.datetime(tahun, 4, 1, 0, 30, tzinfo=tz))
    tw1 = periode_dari(jenis="triwulan", tahun=tahun, ke=1)
    tw2 = periode_dari(jenis="triwulan", tahun=tahun, ke=2)
    h1 = ikm_hitung(instansi=instansi, mulai=tw1.mulai, sampai=tw1.sampai)
    h2 = ikm_hitung(instansi=instansi, mulai=tw2.mulai, sampai=tw2.sampai)
    assert (h1.jumlah_responden, h1.ikm) == (1, Decimal("100.00"))
    assert (h2.jumlah_responden, h2.ikm) == (1, Decimal("50.00"))
