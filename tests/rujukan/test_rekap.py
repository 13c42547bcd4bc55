"""The monthly and yearly recap per service (rujukan.laporan, /rujukan/rekap/):
figures on a small data set whose answers are worked out here, the XLSX, CSV
and PDF downloads, who may open it, bad input, and a number of queries that
does not grow with the data.

The cases are made by the services a desk and its officials use (register,
check, sign, hand over, close, refuse, withdraw) at moments of last month
(time-machine), so the recap reads rows shaped by the real workflow: its
clock, its stages and its states."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import itertools
import subprocess
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from layanan import services as layanan_services
from layanan.calendar import Kalender
from layanan.models import KategoriPPKS, Layanan, StatusVersi
from rujukan import laporan
from rujukan import services as s
from rujukan.models import Rujukan, Status
from tests.factories import make_layanan
from tests.personas import Personas, personas_untuk
from tests.rujukan.factories import data_klien, s_register, standar_sederhana, teks_pdf

pytestmark = pytest.mark.django_db
_urut = itertools.count(1)


def _bulan_lalu() -> laporan.Periode:
    """Last month, in the office's zone: a whole month, whatever today is."""
    kini = timezone.localtime(timezone.now(), ZoneInfo("Asia/Jakarta"))
    awal = kini.date().replace(day=1) - dt.timedelta(days=1)
    return laporan.Periode(tahun=awal.year, bulan=awal.month)


def _hari_kerja(kal: Kalender, periode: laporan.Periode) -> list[dt.date]:
    """The office's working days of the month, in order."""
    hari = dt.date(periode.tahun, periode.bulan, 1)
    out = []
    while hari.month == periode.bulan:
        if kal.is_working_day(hari):
            out.append(hari)
        hari += dt.timedelta(days=1)
    return out


def _jam(kal: Kalender, hari: dt.date, jam: int) -> dt.datetime:
    return dt.datetime.combine(hari, dt.time(jam), tzinfo=kal.tz)


def _standar(instansi, *, nama: str, slug: str) -> Layanan:
    """standar_sederhana (one letter signed by the Kepala Dinas, done in 5
    hari kerja) under the office's own name and slug."""
    layanan = standar_sederhana(instansi, waktu_nilai=5, waktu_satuan="hari_kerja")
    Layanan.objects.filter(pk=layanan.pk).update(nama=nama, slug=slug)
    layanan.refresh_from_db()
    return layanan


def _daftar(
    layanan, staf: Personas, pada: dt.datetime, *, kelurahan="", kecamatan="", kategori=None
):
    """The desk registers a case at `pada` for a klien of that kelurahan."""
    klien = dataclasses.replace(
        data_klien(dt.date(1950, 5, 17)), kelurahan=kelurahan, kecamatan=kecamatan
    )
    with time_machine.travel(pada, tick=False):
        return s_register(layanan, staf, klien=klien, kategori_ppks=kategori).rujukan


def _diserahkan(
    layanan, staf: Personas, pada: dt.datetime, serah: dt.datetime, tutup=None, **klien
) -> Rujukan:
    """Registered at `pada`, checked, initialled and signed an hour later;
    the letter handed to the applicant at `serah`, the case closed at `tutup`."""
    r = _daftar(layanan, staf, pada, **klien)
    with time_machine.travel(pada + dt.timedelta(hours=1), tick=False):
        r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
        r = s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
        s.rujukan_submit_for_approval(rujukan=r, by=staf.petugas_loket)
        r = s.rujukan_approve(rujukan=r, by=staf.koordinator)  # paraf
        r = s.rujukan_approve(rujukan=r, by=staf.kadis)  # signature: the letter is issued
    with time_machine.travel(serah, tick=False):
        r = s.rujukan_hand_to_pemohon(rujukan=r, by=staf.petugas_loket)
    if tutup is not None:
        with time_machine.travel(tutup, tick=False):
            r = s.rujukan_close(rujukan=r, by=staf.petugas_loket)
    return r


@pytest.fixture
def dunia(personas):
    """Office A: standard 'Rekomendasi' in two versions (the second published
    on the first working day of last month) and a standard with no case;
    office B with a standard of the same slug. Working days W0, W1, … of last
    month, every case due 5 working days after its registration:
    - on version 1: one case registered in the month before (still open);
      one registered on W0 09:00, handed over on W2 (due W5: on time) and
      archived on W3 - Pelambuan, lansia;
    - on version 2: one registered on W1, handed over on W7 (due W6: late),
      not archived yet - "  pelambuan ", lansia; one refused and one
      withdrawn - Kuin Cerucuk, anak; one still at the file check, registered
      on W10 - no kelurahan, no category;
    - office B: one case registered on W1."""
    p = _bulan_lalu()
    a, b = personas.instansi, personas.instansi_lain
    kal = Kalender(a)
    w = _hari_kerja(kal, p)
    staf = personas_untuk(a)
    lansia, _ = KategoriPPKS.objects.get_or_create(
        kode="lansia-terlantar-uji", defaults={"nama": "Lanjut Usia Terlantar", "urutan": 1}
    )
    anak, _ = KategoriPPKS.objects.get_or_create(
        kode="anak-terlantar-uji", defaults={"nama": "Anak Terlantar", "urutan": 2}
    )
    pelambuan = {"kelurahan": "Pelambuan", "kecamatan": "Banjarmasin Barat", "kategori": lansia}
    kuin = {"kelurahan": "Kuin Cerucuk", "kecamatan": "Banjarmasin Utara", "kategori": anak}

    v1 = _standar(a, nama="Rekomendasi Lama", slug="rekomendasi")
    sebelum = dt.date(p.tahun, p.bulan, 1) - dt.timedelta(days=3)
    while not kal.is_working_day(sebelum):
        sebelum -= dt.timedelta(days=1)
    _daftar(v1, staf, _jam(kal, sebelum, 9), **pelambuan)
    _diserahkan(v1, staf, _jam(kal, w[0], 9), _jam(kal, w[2], 9), _jam(kal, w[3], 9), **pelambuan)
    with time_machine.travel(_jam(kal, w[0], 12), tick=False):
        v2 = layanan_services.layanan_create_draft(layanan=v1, by=personas.admin_instansi)
        Layanan.objects.filter(pk=v2.pk).update(nama="Rekomendasi PBI-JK")
        v2 = layanan_services.layanan_publish(
            layanan=v2,
            by=personas.admin_instansi,
            nomor_sk="400.9/12/Dinsos",
            tanggal_sk=w[0],
            berlaku_mulai=w[0],
        )
    v1.refresh_from_db()
    assert (v1.status_versi, v1.aktif) == (StatusVersi.ARSIP, False)  # its cases run on
    _diserahkan(
        v2, staf, _jam(kal, w[1], 9), _jam(kal, w[7], 9),
        kelurahan="  pelambuan ", kecamatan="banjarmasin barat", kategori=lansia,
    )  # fmt: skip
    r = _daftar(v2, staf, _jam(kal, w[2], 9), **kuin)
    with time_machine.travel(_jam(kal, w[2], 10), tick=False):
        r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
        s.rujukan_reject_ineligible(
            rujukan=r, by=staf.petugas_loket, alasan="Masih punya keluarga."
        )
    r = _daftar(v2, staf, _jam(kal, w[3], 9), **kuin)
    with time_machine.travel(_jam(kal, w[3], 10), tick=False):
        s.rujukan_withdraw(rujukan=r, by=staf.petugas_loket, alasan="Pemohon pindah domisili.")
    r = _daftar(v2, staf, _jam(kal, w[10], 9))
    with time_machine.travel(_jam(kal, w[10], 10), tick=False):
        s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)

    sepi = make_layanan(a, nama="Rehabilitasi Sosial", slug="rehabilitasi")
    lain = _standar(b, nama="Rekomendasi Kantor Lain", slug="rekomendasi")
    hanya_b = make_layanan(b, nama="Layanan Kantor Lain", slug="hanya-kantor-b")
    _daftar(lain, personas_untuk(b), _jam(kal, w[1], 9), **pelambuan)
    return {
        "periode": p, "v2": v2, "sepi": sepi, "hanya_b": hanya_b, "personas": personas,
        "staf": staf,
    }  # fmt: skip


def _rekap(dunia, **kw) -> laporan.Rekap:
    instansi = dunia["personas"].instansi
    return laporan.rekap_layanan(
        instansi=instansi,
        periode=kw.pop("periode", dunia["periode"]),
        standar=laporan.layanan_instansi(instansi=instansi),
        **kw,
    )


def _angka(a: laporan.Angka) -> tuple:
    return (
        a.diterima,
        a.selesai,
        a.tepat_waktu,
        a.terlambat,
        a.tidak_memenuhi_syarat,
        a.ditarik_dibatalkan,
        a.berjalan,
    )


# -- the figures -----------------------------------------------------------------------------------
def test_figures_of_the_month_per_service_category_and_kelurahan(dunia):
    rekap = _rekap(dunia)
    assert [lay.slug for lay in rekap.layanan] == ["rehabilitasi", "rekomendasi"]  # by name
    [rehab, rek] = rekap.layanan
    # both versions of the standard are one service, named as the version in force
    assert (rek.slug, rek.nama) == ("rekomendasi", "Rekomendasi PBI-JK")
    # 5 received = 2 finished (1 on time, 1 late) + 1 refused + 1 withdrawn + 1 open;
    # the case of the month before and office B's case do not count
    assert _angka(rek.angka) == (5, 2, 1, 1, 1, 1, 1)
    assert rek.angka.persen_tepat_waktu == 50.0
    assert (rehab.nama, _angka(rehab.angka)) == ("Rehabilitasi Sosial", (0,) * 7)
    assert _angka(rekap.total) == _angka(rek.angka)
    kategori = {r.label: _angka(r.angka) for r in rek.per_kategori}
    assert kategori == {
        "Lanjut Usia Terlantar": (2, 2, 1, 1, 0, 0, 0),
        "Anak Terlantar": (2, 0, 0, 0, 1, 1, 0),
        "Tanpa kategori PPKS": (1, 0, 0, 0, 0, 0, 1),
    }
    assert [r.label for r in rek.per_kategori][-1] == "Tanpa kategori PPKS"
    # "Pelambuan" and "  pelambuan " are one kelurahan
    kelurahan = {r.label: _angka(r.angka) for r in rek.per_kelurahan}
    assert kelurahan == {
        "Pelambuan, Kec. Banjarmasin Barat": (2, 2, 1, 1, 0, 0, 0),
        "Kuin Cerucuk, Kec. Banjarmasin Utara": (2, 0, 0, 0, 1, 1, 0),
        "Tidak dicatat": (1, 0, 0, 0, 0, 0, 1),
    }


def test_the_year_counts_the_month_before_too_and_one_service_only_its_own(dunia):
    p = dunia["periode"]
    tahun = _rekap(dunia, periode=laporan.Periode(tahun=p.tahun))
    # the case of the month before is in the same year unless last month was January
    dalam_tahun = 6 if p.bulan > 1 else 5
    assert tahun.total.diterima == dalam_tahun
    satu = _rekap(dunia, slug="rehabilitasi")
    assert [lay.slug for lay in satu.layanan] == ["rehabilitasi"]
    assert satu.total.diterima == 0 and not satu.semua_layanan


def test_a_month_runs_in_the_office_time_zone(dunia):
    """A case registered at 23.30 WIB on the last day of the month belongs to
    that month, though it is already the next day in UTC+9 and the same day in UTC."""
    p = dunia["periode"]
    akhir = (p.batas("Asia/Jakarta")[1] - dt.timedelta(minutes=30)).astimezone(dt.UTC)
    r = _daftar(dunia["v2"], dunia["staf"], akhir)
    assert r.status == Status.DIAJUKAN and r.dibuat_pada == akhir
    assert _rekap(dunia).total.diterima == 6


# -- the page and the downloads --------------------------------------------------------------------
def _q(p: laporan.Periode, **extra) -> dict:
    return {"jenis": "bulan", "bulan": p.bulan, "tahun": p.tahun, **extra}


def test_the_kabid_reads_the_recap_page(client, dunia):
    client.force_login(dunia["personas"].kabid)
    resp = client.get(reverse("rujukan:rekap"), _q(dunia["periode"]))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Rekomendasi PBI-JK" in html and "Rehabilitasi Sosial" in html
    assert "Kuin Cerucuk" in html and "Lanjut Usia Terlantar" in html
    assert "Rekomendasi Kantor Lain" not in html
    assert reverse("rujukan:rekap_unduh", args=["xlsx"]) in html
    assert "Dihitung pada" in html
    # without a query: this month, 200
    assert client.get(reverse("rujukan:rekap")).status_code == 200


def test_xlsx_download(client, dunia):
    p = dunia["periode"]
    client.force_login(dunia["personas"].kadis)
    resp = client.get(reverse("rujukan:rekap_unduh", args=["xlsx"]), _q(p))
    assert resp.status_code == 200
    instansi = dunia["personas"].instansi
    assert resp["Content-Disposition"] == (
        f'attachment; filename="rekap-layanan-{instansi.pk}-{p.kode}.xlsx"'
    )
    assert "no-store" in resp["Cache-Control"]
    wb = load_workbook(io.BytesIO(resp.content))
    ws = wb["Ringkasan"]
    assert p.label in ws["A1"].value
    assert [c.value for c in ws[4]][:2] == ["Rehabilitasi Sosial", 0]
    assert [c.value for c in ws[5]] == ["Rekomendasi PBI-JK", 5, 2, 1, 1, 50.0, 1, 1, 1]
    assert [c.value for c in ws[6]] == ["Jumlah", 5, 2, 1, 1, 50.0, 1, 1, 1]
    kategori = {
        row[1]: row[2:] for row in wb["Kategori PPKS"].iter_rows(min_row=4, values_only=True)
    }
    assert kategori["Anak Terlantar"] == (2, 0, 0, 0, None, 1, 1, 0)


def test_csv_download_opens_in_excel_and_parses(client, dunia):
    p = dunia["periode"]
    client.force_login(dunia["personas"].admin_instansi)
    resp = client.get(reverse("rujukan:rekap_unduh", args=["csv"]), _q(p, layanan="rekomendasi"))
    assert resp.status_code == 200
    assert resp.content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    pertama = Layanan.objects.filter(slug="rekomendasi", instansi=dunia["v2"].instansi)
    assert resp["Content-Disposition"].endswith(f'-{p.kode}-{pertama.order_by("pk")[0].pk}.csv"')
    rows = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Bagian", "Layanan", "Kategori / kelurahan"]
    assert rows[1][:3] == ["Layanan", "Rekomendasi PBI-JK", ""]
    assert rows[1][3:] == ["5", "2", "1", "1", "50.0", "1", "1", "1"]
    kelurahan = [r for r in rows if r[0] == "Kelurahan/desa"]
    assert [r[3] for r in kelurahan] == ["2", "2", "1"]
    assert rows[-1][0] == "Jumlah" and rows[-1][3] == "5"
    assert not any("Rehabilitasi" in c for r in rows for c in r)  # one service chosen


def test_pdf_in_naskah_dinas_form(client, dunia):
    p = dunia["periode"]
    personas = dunia["personas"]
    client.force_login(personas.kadis)
    resp = client.get(
        reverse("rujukan:rekap_unduh", args=["pdf"]),
        _q(p, kepada="Wali Kota Uji", cq="Kepala Bagian Kesejahteraan Rakyat"),
    )
    assert resp.status_code == 200 and resp.content.startswith(b"%PDF")
    assert resp["Content-Disposition"].endswith(f'-{p.kode}.pdf"')
    teks = teks_pdf(resp.content)
    instansi = personas.instansi
    assert instansi.nama.upper() in teks.upper()  # the letterhead
    assert "Yth. Wali Kota Uji" in teks and "c.q. Kepala Bagian Kesejahteraan Rakyat" in teks
    assert f"Laporan Rekapitulasi Layanan {p.label}" in teks
    baris = _baris_pdf(resp.content)  # the tables row by row, as laid out
    assert "2 Rekomendasi PBI-JK 5 2 1 1 50,0% 1 1 1" in baris
    assert "Jumlah 5 2 1 1 50,0% 1 1 1" in baris
    assert "1 Lanjut Usia Terlantar 2 2 1 1 50,0% 0 0 0" in baris
    assert "Kuin Cerucuk" in teks and "Lanjut Usia Terlantar" in teks
    assert instansi.kepala_nama in teks  # signed block: the head of office
    assert f"KEPALA {instansi.nama.upper()}" in teks
    assert "Dicetak dari Portal Layanan pada" in teks
    # the addressee defaults to the head of the region
    resp = client.get(reverse("rujukan:rekap_unduh", args=["pdf"]), _q(p))
    assert "Yth. Wali Kota Uji" in teks_pdf(resp.content)


def _baris_pdf(data: bytes) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return [" ".join(line.split()) for line in out.stdout.decode().splitlines()]


# -- who may, and bad input ------------------------------------------------------------------------
@pytest.mark.parametrize("persona", ["koordinator", "kabid", "kadis", "admin_instansi"])
def test_officials_see_the_link_and_open_the_page(client, personas, persona):
    client.force_login(getattr(personas, persona))
    resp = client.get(reverse("rujukan:rekap"))
    assert resp.status_code == 200
    assert f'href="{reverse("rujukan:rekap")}"' in resp.content.decode()


@pytest.mark.parametrize("persona", ["petugas_loket", "peksos", "panti"])
def test_roles_without_the_permission_get_403_and_no_link(client, personas, persona):
    user = getattr(personas, persona)
    client.force_login(user)
    assert client.get(reverse("rujukan:rekap")).status_code == 403
    for f in ("xlsx", "csv", "pdf"):
        assert client.get(reverse("rujukan:rekap_unduh", args=[f])).status_code == 403
    beranda = client.get(reverse("staf:beranda"), follow=True)
    assert reverse("rujukan:rekap") not in beranda.content.decode()


def test_another_offices_service_is_404_and_its_kabid_sees_only_his_office(client, dunia):
    p = dunia["periode"]
    personas = dunia["personas"]
    client.force_login(personas.kabid)
    for url in (reverse("rujukan:rekap"), reverse("rujukan:rekap_unduh", args=["csv"])):
        assert client.get(url, _q(p, layanan="hanya-kantor-b")).status_code == 404
    client.force_login(personas.staf_lain)
    resp = client.get(reverse("rujukan:rekap_unduh", args=["csv"]), _q(p))
    rows = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))
    layanan = {r[1]: r[3] for r in rows if r[0] == "Layanan"}
    assert layanan == {"Layanan Kantor Lain": "0", "Rekomendasi Kantor Lain": "1"}
    assert "Rekomendasi PBI-JK" not in resp.content.decode("utf-8-sig")


@pytest.mark.parametrize(
    ("query", "pesan"),
    [
        ({"jenis": "bulan", "bulan": "13", "tahun": "2026"}, "Bulan harus antara 1 dan 12"),
        ({"jenis": "bulan", "bulan": "", "tahun": "2026"}, "Pilih bulan laporan"),
        ({"jenis": "bulan", "bulan": "5", "tahun": "dua ribu"}, "Tahun harus berupa angka"),
        ({"jenis": "tahun", "tahun": "1899"}, "Tahun tidak boleh sebelum 2000"),
        ({"jenis": "minggu", "tahun": "2026"}, "Pilih periode bulanan atau tahunan"),
        ({"jenis": "tahun", "tahun": "2026", "kepada": "x" * 201}, "paling banyak 200"),
    ],
)
def test_bad_period_is_400_with_an_indonesian_message(client, personas, query, pesan):
    client.force_login(personas.kabid)
    resp = client.get(reverse("rujukan:rekap"), query)
    assert resp.status_code == 400
    assert pesan in resp.content.decode()
    resp = client.get(reverse("rujukan:rekap_unduh", args=["pdf"]), query)
    assert resp.status_code == 400 and pesan in resp.content.decode()
    assert client.get(reverse("rujukan:rekap_unduh", args=["doc"])).status_code == 404


# -- bounded queries -------------------------------------------------------------------------------
def _isi_massal(contoh: list[Rujukan], n: int, periode: laporan.Periode) -> None:
    """n cases of the period, bulk-created for volume only: copies of the cases
    in `contoh` (registered by the desk: their service, klien, pemohon and
    author) over several states, categories and days."""
    kategori = list(KategoriPPKS.objects.all()[:3]) + [None]
    status = [Status.SELESAI, Status.DISERAHKAN_PANTI, Status.VERIFIKASI, Status.DITARIK]
    wib = ZoneInfo("Asia/Jakarta")

    def pada(hari: int) -> dt.datetime:
        return dt.datetime(periode.tahun, periode.bulan, hari, 9, tzinfo=wib)

    rows = []
    for i in range(n):
        c, urut = contoh[i % len(contoh)], 100_000 + next(_urut)
        rows.append(
            Rujukan(
                instansi=c.instansi,
                layanan=c.layanan,
                klien=c.klien,
                pemohon=c.pemohon,
                dibuat_oleh=c.dibuat_oleh,
                tahun=periode.tahun,
                nomor_urut=urut,
                nomor_registrasi=f"MASSAL/{urut}",
                kode_lacak_hash=f"massal{urut}",
                kategori_ppks=kategori[i % len(kategori)],
                status=status[i % 4],
                dibuat_pada=pada(1 + i % 27),
                tenggat=pada(10),
                selesai_pada=pada(1 + (i * 7) % 27) if i % 4 != 2 else None,
            )
        )
    Rujukan.objects.bulk_create(rows)


def test_the_page_and_each_download_cost_the_same_queries_for_10_or_300_cases(client, personas):
    p = _bulan_lalu()
    staf = personas_untuk(personas.instansi)
    layanan = [
        _standar(personas.instansi, nama=f"Layanan {i}", slug=f"layanan-{i}") for i in range(3)
    ]
    pada = dt.datetime(p.tahun, p.bulan, 2, 9, tzinfo=ZoneInfo("Asia/Jakarta"))
    contoh = [  # four klien, four kelurahan in two kecamatan, over the three services
        _daftar(layanan[i % 3], staf, pada, kelurahan=f"Kelurahan {i}", kecamatan=f"Kec {i % 2}")
        for i in range(4)
    ]
    client.force_login(personas.kabid)
    urls = [reverse("rujukan:rekap")] + [
        reverse("rujukan:rekap_unduh", args=[f]) for f in ("xlsx", "csv", "pdf")
    ]

    def hitung() -> list[int]:
        out = []
        for url in urls:
            client.get(url, _q(p))  # warm the session and the user's caches
            with CaptureQueriesContext(connection) as ctx:
                resp = client.get(url, _q(p))
            assert resp.status_code == 200
            out.append(len(ctx.captured_queries))
        return out

    _isi_massal(contoh, 6, p)
    sedikit = hitung()
    assert Rujukan.objects.count() == 10
    _isi_massal(contoh, 290, p)
    assert Rujukan.objects.count() == 300
    assert hitung() == sedikit
    assert max(sedikit) <= 20, sedikit
