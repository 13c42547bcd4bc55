"""The register of outgoing letters (agenda surat keluar): only numbered
documents of the user's own instansi; searched without the client's name
ever reaching a URL; filtered by year, kind and date; exported as CSV and
XLSX only by the roles that may, with spreadsheet formulas defused; bad
filters answer 400, never 500; a fixed number of queries per page."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from rujukan.models import Dokumen
from tests.personas import personas_untuk
from tests.rujukan.views_helpers import daftarkan

pytestmark = pytest.mark.django_db


def _terbitkan(rujukan, urut: int, *, jenis="surat_rekomendasi", tanggal=None, oleh):
    tanggal = tanggal or dt.date(2026, 3, urut % 28 + 1)
    d = Dokumen(
        instansi=rujukan.instansi,
        rujukan=rujukan,
        jenis=jenis,
        judul="Surat Rekomendasi",
        nomor=f"400.9/{urut:04d}/Dinsos/{tanggal.year}",
        tahun=tanggal.year,
        nomor_urut=urut,
        tanggal=tanggal,
        sha256="0" * 64,
        ukuran=10,
        penandatangan_info={"nama": "Dr. H. Ahmad Fauzi, M.Si"},
        diterbitkan_oleh=oleh,
    )
    d.berkas.save("surat.pdf", ContentFile(b"%PDF-1.4 uji"), save=False)
    d.save()
    return d


@pytest.fixture
def kantor(standar):
    layanan = standar["bulukumba"]
    staf = personas_untuk(layanan.instansi)
    siti = daftarkan(layanan, staf, nama="Siti Aminah").rujukan
    rahmat = daftarkan(layanan, staf, nama='=HYPERLINK("http://x")').rujukan
    _terbitkan(siti, 1, oleh=staf.petugas_loket)
    _terbitkan(siti, 2, jenis="surat_keterangan", oleh=staf.petugas_loket)
    _terbitkan(rahmat, 3, tanggal=dt.date(2025, 12, 30), oleh=staf.petugas_loket)
    return layanan, staf, siti


def test_the_register_lists_the_numbered_letters_of_the_office_only(client, standar, kantor):
    layanan, staf, siti = kantor
    lain = standar["banjar"]
    staf_lain = personas_untuk(lain.instansi)
    _terbitkan(daftarkan(lain, staf_lain).rujukan, 9, oleh=staf_lain.petugas_loket)
    client.force_login(staf.kabid)
    page = client.get(reverse("rujukan:arsip")).content.decode()
    assert "400.9/0001/Dinsos/2026" in page and "400.9/0003/Dinsos/2025" in page
    assert "400.9/0009" not in page  # another office's letter
    assert "Tanda Terima" not in page  # the unnumbered receipt is no letter
    assert "3 surat" in page


def test_search_by_client_name_never_puts_the_name_in_a_url(client, kantor):
    _layanan, staf, _siti = kantor
    client.force_login(staf.petugas_loket)
    response = client.post(reverse("rujukan:arsip"), {"q": "Siti Aminah"})
    assert response.status_code == 303
    assert "Siti" not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "400.9/0001/Dinsos/2026" in page and "400.9/0003" not in page


@pytest.mark.parametrize(
    ("query", "pesan"),
    [
        ("?tahun=abc", "pilihan yang valid"),
        ("?tahun=%C2%B2", "pilihan yang valid"),
        ("?dari=2026-05-01&sampai=2026-01-01", "tidak boleh sebelum"),
        ("?dari=bukan-tanggal", "tanggal|date"),
        ("?jenis=%00", "karakter yang tidak sah"),  # refused before any view (NUL)
    ],
)
def test_bad_filters_answer_400_with_a_message(client, kantor, query, pesan):
    import re

    _layanan, staf, _siti = kantor
    client.force_login(staf.kabid)
    response = client.get(reverse("rujukan:arsip") + query)
    assert response.status_code == 400
    assert re.search(pesan, response.content.decode(), re.I)
    ekspor = client.get(reverse("rujukan:arsip_ekspor", args=["csv"]) + query)
    assert ekspor.status_code == 400


def test_filters_by_year_kind_and_date(client, kantor):
    _layanan, staf, _siti = kantor
    client.force_login(staf.kabid)
    url = reverse("rujukan:arsip")
    assert "3 surat" not in client.get(url + "?tahun=2026").content.decode()
    assert "2 surat" in client.get(url + "?tahun=2026").content.decode()
    page = client.get(url + "?jenis=surat_keterangan").content.decode()
    assert "1 surat" in page and "400.9/0002" in page
    page = client.get(url + "?dari=2025-12-01&sampai=2025-12-31").content.decode()
    assert "1 surat" in page and "400.9/0003" in page


def test_the_heads_export_csv_and_xlsx_with_formulas_defused(client, kantor):
    _layanan, staf, _siti = kantor
    client.force_login(staf.kadis)
    response = client.get(reverse("rujukan:arsip_ekspor", args=["csv"]) + "?tahun=2025")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][1] == "Nomor surat" and len(rows) == 2
    assert rows[1][1] == "400.9/0003/Dinsos/2025"
    assert rows[1][6].startswith("'=HYPERLINK")  # not run as a formula
    response = client.get(reverse("rujukan:arsip_ekspor", args=["xlsx"]))
    wb = load_workbook(
        io.BytesIO(b"".join(response.streaming_content))
        if response.streaming
        else io.BytesIO(response.content)
    )
    ws = wb.active
    nomor = [ws.cell(row=r, column=2).value for r in range(3, ws.max_row + 1)]
    assert sorted(nomor) == [
        "400.9/0001/Dinsos/2026",
        "400.9/0002/Dinsos/2026",
        "400.9/0003/Dinsos/2025",
    ]
    assert all(not str(ws.cell(row=r, column=7).value).startswith("=") for r in range(3, 6))


def test_the_front_desk_reads_the_register_but_is_not_offered_the_export(client, kantor):
    _layanan, staf, _siti = kantor
    client.force_login(staf.petugas_loket)
    page = client.get(reverse("rujukan:arsip")).content.decode()
    assert "data-ekspor" not in page and "Ekspor agenda hanya untuk" in page
    response = client.get(reverse("rujukan:arsip_ekspor", args=["csv"]))
    assert response.status_code == 403


def test_outsiders_get_no_register(client, kantor):
    _layanan, _staf, _siti = kantor
    assert client.get(reverse("rujukan:arsip")).status_code == 302  # to the login page
    response = client.get(reverse("rujukan:arsip_ekspor", args=["csv"]))
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_the_register_page_runs_a_fixed_number_of_queries(client, kantor):
    _layanan, staf, siti = kantor
    client.force_login(staf.kabid)
    url = reverse("rujukan:arsip")
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as sedikit:
        client.get(url)
    for i in range(10, 30):
        _terbitkan(siti, i, oleh=staf.petugas_loket)
    with CaptureQueriesContext(connection) as banyak:
        client.get(url)
    assert len(banyak) == len(sedikit)
