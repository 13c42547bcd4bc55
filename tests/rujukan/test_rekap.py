"""The monthly and yearly recap per service (rujukan.laporan, /rujukan/rekap/):
figures on a small hand-made data set whose answers are worked out here, the
XLSX, CSV and PDF downloads, who may open it, bad input, and a number of
queries that does not grow with the data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import subprocess
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from layanan.models import KategoriPPKS, Layanan, StatusVersi, Tahap
from rujukan import laporan
from rujukan.models import Klien, Pemohon, Rujukan, Status, TahapWaktu
from tests.factories import make_layanan
from tests.rujukan.factories import teks_pdf

pytestmark = pytest.mark.django_db

_seq = itertools.count(1)


def _bulan_lalu() -> laporan.Periode:
    """Last month, in the office's zone: a whole month, whatever today is."""
    kini = timezone.localtime(timezone.now(), ZoneInfo("Asia/Jakarta"))
    awal = kini.date().replace(day=1) - dt.timedelta(days=1)
    return laporan.Periode(tahun=awal.year, bulan=awal.month)


def _pada(periode: laporan.Periode, hari: int, jam: int = 9) -> dt.datetime:
    return dt.datetime(periode.tahun, periode.bulan, hari, jam, tzinfo=ZoneInfo("Asia/Jakarta"))


def _klien(instansi, kelurahan: str = "", kecamatan: str = "") -> Klien:
    return Klien.objects.create(
        instansi=instansi,
        nama=f"Klien Uji {next(_seq)}",
        alasan_tanpa_identitas="Ditemukan terlantar.",
        kelurahan=kelurahan,
        kecamatan=kecamatan,
    )


def _kasus(layanan: Layanan, oleh, *, klien: Klien, simpan: bool = True, **kwargs) -> Rujukan:
    """A case row as the workflow leaves it (state, clock fields), written
    directly: these tests read figures, they do not run the workflow."""
    n = next(_seq)
    r = Rujukan(
        instansi=layanan.instansi,
        layanan=layanan,
        klien=klien,
        pemohon=Pemohon.objects.create(
            instansi=layanan.instansi, jenis="keluarga", nama="Pemohon Uji"
        )
        if simpan
        else kwargs.pop("pemohon"),
        tahun=kwargs["dibuat_pada"].year,
        nomor_urut=n,
        nomor_registrasi=f"REK/{n:05d}",
        kode_lacak_hash=f"{n:064d}",
        dibuat_oleh=oleh,
        **kwargs,
    )
    if simpan:
        r.save()
    return r


@pytest.fixture
def dunia(personas):
    """Office A: standard 'Rekomendasi' in two versions (one case on the
    first) and a standard with no case; office B with a standard of the same
    slug. Last month: one case finished on time (delivered before the
    deadline, archived after it), one late, one refused, one withdrawn, one
    still open; one case of the month before; one case of office B."""
    p = _bulan_lalu()
    a, b = personas.instansi, personas.instansi_lain
    v1 = make_layanan(
        a, nama="Rekomendasi Lama", slug="rekomendasi", status_versi=StatusVersi.ARSIP,
        aktif=False,
    )  # fmt: skip
    v2 = make_layanan(a, nama="Rekomendasi PBI-JK", slug="rekomendasi", versi=2)
    sepi = make_layanan(a, nama="Rehabilitasi Sosial", slug="rehabilitasi")
    lain = make_layanan(b, nama="Rekomendasi Kantor Lain", slug="rekomendasi")
    hanya_b = make_layanan(b, nama="Layanan Kantor Lain", slug="hanya-kantor-b")
    lansia, _ = KategoriPPKS.objects.get_or_create(
        kode="lansia-terlantar-uji", defaults={"nama": "Lanjut Usia Terlantar", "urutan": 1}
    )
    anak, _ = KategoriPPKS.objects.get_or_create(
        kode="anak-terlantar-uji", defaults={"nama": "Anak Terlantar", "urutan": 2}
    )
    oleh = personas.petugas_loket
    pelambuan = _klien(a, "Pelambuan", "Banjarmasin Barat")
    pelambuan_kecil = _klien(a, "  pelambuan ", "banjarmasin barat")  # same kelurahan
    kuin = _klien(a, "Kuin Cerucuk", "Banjarmasin Utara")
    tanpa = _klien(a)
    tepat = _kasus(
        v1, oleh, klien=pelambuan, kategori_ppks=lansia, status=Status.SELESAI,
        dibuat_pada=_pada(p, 3), tenggat=_pada(p, 10), selesai_pada=_pada(p, 12),
        diserahkan_pada=_pada(p, 8),
    )  # fmt: skip
    TahapWaktu.objects.create(
        rujukan=tepat, tahap=Tahap.PENGARSIPAN, mulai=_pada(p, 8), selesai=_pada(p, 12)
    )
    _kasus(  # delivered after the deadline, not archived yet
        v2, oleh, klien=pelambuan_kecil, kategori_ppks=lansia,
        status=Status.DISERAHKAN_PEMOHON, dibuat_pada=_pada(p, 3), tenggat=_pada(p, 10),
        diserahkan_pada=_pada(p, 14),
    )  # fmt: skip
    _kasus(
        v2, oleh, klien=kuin, kategori_ppks=anak, status=Status.TIDAK_MEMENUHI_SYARAT,
        dibuat_pada=_pada(p, 5), selesai_pada=_pada(p, 6),
    )  # fmt: skip
    _kasus(
        v2, oleh, klien=kuin, kategori_ppks=anak, status=Status.DITARIK,
        dibuat_pada=_pada(p, 6), selesai_pada=_pada(p, 7),
    )  # fmt: skip
    _kasus(
        v2, oleh, klien=tanpa, status=Status.VERIFIKASI, dibuat_pada=_pada(p, 20),
        tenggat=_pada(p, 27),
    )  # fmt: skip
    sebelum = laporan.Periode(*((p.tahun, p.bulan - 1) if p.bulan > 1 else (p.tahun - 1, 12)))
    _kasus(
        v2, oleh, klien=pelambuan, kategori_ppks=lansia, status=Status.SELESAI,
        dibuat_pada=_pada(sebelum, 27), tenggat=_pada(p, 28), selesai_pada=_pada(p, 2),
    )  # fmt: skip
    klien_b = _klien(b, "Pelambuan", "Banjarmasin Barat")
    _kasus(
        lain, personas.staf_lain, klien=klien_b, kategori_ppks=lansia, status=Status.SELESAI,
        dibuat_pada=_pada(p, 4), tenggat=_pada(p, 10), selesai_pada=_pada(p, 5),
    )  # fmt: skip
    return {"periode": p, "v2": v2, "sepi": sepi, "hanya_b": hanya_b, "personas": personas}


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
    personas = dunia["personas"]
    akhir = (p.batas("Asia/Jakarta")[1] - dt.timedelta(minutes=30)).astimezone(dt.UTC)
    _kasus(
        dunia["v2"], personas.petugas_loket, klien=_klien(personas.instansi),
        status=Status.DIAJUKAN, dibuat_pada=akhir,
    )  # fmt: skip
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
def test_officials_see_the_link_and_open_the_page(client, dunia, persona):
    client.force_login(getattr(dunia["personas"], persona))
    resp = client.get(reverse("rujukan:rekap"))
    assert resp.status_code == 200
    assert f'href="{reverse("rujukan:rekap")}"' in resp.content.decode()


@pytest.mark.parametrize("persona", ["petugas_loket", "peksos", "panti"])
def test_roles_without_the_permission_get_403_and_no_link(client, dunia, persona):
    user = getattr(dunia["personas"], persona)
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
def test_bad_period_is_400_with_an_indonesian_message(client, dunia, query, pesan):
    client.force_login(dunia["personas"].kabid)
    resp = client.get(reverse("rujukan:rekap"), query)
    assert resp.status_code == 400
    assert pesan in resp.content.decode()
    resp = client.get(reverse("rujukan:rekap_unduh", args=["pdf"]), query)
    assert resp.status_code == 400 and pesan in resp.content.decode()
    assert client.get(reverse("rujukan:rekap_unduh", args=["doc"])).status_code == 404


# -- bounded queries -------------------------------------------------------------------------------
def _isi_massal(personas, layanan: list[Layanan], n: int, periode: laporan.Periode) -> None:
    """n cases of the period, bulk-created, over several services, states,
    categories and kelurahan."""
    instansi = personas.instansi
    kategori = list(KategoriPPKS.objects.all()[:3]) + [None]
    klien = [_klien(instansi, f"Kelurahan {i}", f"Kecamatan {i % 2}") for i in range(4)]
    pemohon = Pemohon.objects.create(instansi=instansi, jenis="keluarga", nama="Pemohon Massal")
    status = [Status.SELESAI, Status.DISERAHKAN_PANTI, Status.VERIFIKASI, Status.DITARIK]
    Rujukan.objects.bulk_create(
        _kasus(
            layanan[i % len(layanan)],
            personas.petugas_loket,
            klien=klien[i % 4],
            simpan=False,
            pemohon=pemohon,
            kategori_ppks=kategori[i % len(kategori)],
            status=status[i % 4],
            dibuat_pada=_pada(periode, 1 + i % 27),
            tenggat=_pada(periode, 10),
            selesai_pada=_pada(periode, 1 + (i * 7) % 27) if i % 4 != 2 else None,
        )
        for i in range(n)
    )


def test_the_page_and_each_download_cost_the_same_queries_for_10_or_300_cases(client, personas):
    p = _bulan_lalu()
    layanan = [make_layanan(personas.instansi) for _ in range(3)]
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

    _isi_massal(personas, layanan, 10, p)
    sedikit = hitung()
    assert Rujukan.objects.count() == 10
    _isi_massal(personas, layanan, 290, p)
    assert Rujukan.objects.count() == 300
    assert hitung() == sedikit
    assert max(sedikit) <= 20, sedikit
