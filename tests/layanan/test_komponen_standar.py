"""The public page and the PDF show every Permenpan RB 15/2014 component the
office filled in, under its heading, in the regulation's order (delivery
components, then management components); empty ones are not shown. Steps
name their jabatan in the office's words."""

from __future__ import annotations

import pytest

from layanan.models import LangkahProsedur, Peran
from tests.layanan.factories import make_jabatan, make_standar_lengkap
from tests.layanan.test_public_pages import text_of
from tests.layanan.test_standar_pdf import pdf_text

pytestmark = pytest.mark.django_db

KOMPONEN = [
    ("dasar_hukum", "Dasar hukum", "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik"),
    ("sarana_prasarana", "Sarana, prasarana dan/atau fasilitas", "Ruang tunggu ber-AC"),
    ("kompetensi_pelaksana", "Kompetensi pelaksana", "Memahami tugas pokok dan fungsi"),
    ("pengawasan_internal", "Pengawasan internal", "Pengawasan oleh atasan langsung"),
    ("jumlah_pelaksana", "Jumlah pelaksana", "Tiga orang petugas SLRT"),
    ("jaminan_pelayanan", "Jaminan pelayanan", "Pelayanan diberikan sesuai maklumat"),
    (
        "jaminan_keamanan",
        "Jaminan keamanan dan keselamatan pelayanan",
        "Kerahasiaan data pemohon dijaga",
    ),
    ("evaluasi_kinerja", "Evaluasi kinerja pelaksana", "Evaluasi setiap tiga bulan"),
]


@pytest.fixture
def standar(instansi):
    return make_standar_lengkap(instansi, **{name: teks for name, _, teks in KOMPONEN})


def urutan_muncul(text: str, parts: list[str]) -> list[int]:
    return [text.index(p) for p in parts]


def test_page_shows_every_filled_component_in_the_regulations_order(client, standar):
    html = client.get(standar.get_absolute_url()).content.decode()
    # delivery components, each a section of its own …
    parts = [
        f'id="{section}"'
        for section in [
            "persyaratan",
            "prosedur",
            "waktu",
            "biaya",
            "produk",
            "pengaduan",
            "pengelolaan",
        ]
    ]
    # … then the management components, each under its heading
    for _, judul, teks in KOMPONEN:
        parts += [f"<h3>{judul}</h3>", teks]
    positions = urutan_muncul(html, parts)
    assert positions == sorted(positions)
    assert "<h2>Pengelolaan pelayanan</h2>" in html
    assert 'href="#pengelolaan"' in html


def test_page_leaves_out_empty_components(client, instansi):
    standar = make_standar_lengkap(
        instansi, dasar_hukum="Peraturan Menteri Sosial Nomor 9 Tahun 2018", jumlah_pelaksana=" "
    )
    response = client.get(standar.get_absolute_url())
    text = text_of(response)
    assert "Dasar hukum Peraturan Menteri Sosial Nomor 9 Tahun 2018" in text
    for _, judul, _teks in KOMPONEN[1:]:
        assert judul not in text, judul


def test_page_without_any_management_component_has_no_such_section(client, instansi):
    standar = make_standar_lengkap(instansi)
    html = client.get(standar.get_absolute_url()).content.decode()
    assert 'id="pengelolaan"' not in html
    assert "Pengelolaan pelayanan" not in html


def test_pdf_shows_filled_components_in_order(client, standar, tmp_path):
    response = client.get(f"{standar.get_absolute_url()}standar.pdf")
    text = pdf_text(response.content, tmp_path)
    parts = ["4. Pengaduan, saran dan masukan", "5. Pengelolaan pelayanan"]
    for _, judul, teks in KOMPONEN:
        parts += [judul, teks]
    parts.append("6. Keterangan lain")
    positions = urutan_muncul(text, parts)
    assert positions == sorted(positions)


def test_pdf_leaves_out_empty_components(client, instansi, tmp_path):
    standar = make_standar_lengkap(instansi, evaluasi_kinerja="Survei kepuasan masyarakat")
    text = pdf_text(client.get(f"{standar.get_absolute_url()}standar.pdf").content, tmp_path)
    assert "Evaluasi kinerja pelaksana" in text
    assert "Survei kepuasan masyarakat" in text
    assert "Dasar hukum" not in text
    assert "5. Keterangan lain" not in text
    assert "6. Keterangan lain" in text


# --- who does a step ---------------------------------------------------------------------


@pytest.fixture
def berjabatan(instansi):
    """The standard's approval steps named by the office's jabatan."""
    standar = make_standar_lengkap(instansi)
    kadis = make_jabatan(instansi, "Kepala Dinas Sosial", Peran.KEPALA_DINAS, urutan=1)
    kabid = make_jabatan(
        instansi, "Kepala Bidang Rehabilitasi Sosial", Peran.KEPALA_BIDANG, urutan=2
    )
    kasi = make_jabatan(instansi, "Kepala Seksi", Peran.KOORDINATOR, urutan=3)
    paraf, ttd = LangkahProsedur.objects.filter(layanan=standar, tahap="persetujuan").order_by(
        "urutan"
    )
    paraf.jabatan.set([kasi])
    paraf.boleh_diwakilkan = True
    paraf.save()
    ttd.jabatan.set([kabid, kadis])
    return standar


def test_page_names_each_steps_jabatan(client, berjabatan):
    text = text_of(client.get(berjabatan.get_absolute_url()))
    assert "Pelaksana Kepala Seksi atau pejabat yang mewakili" in text
    assert "Pelaksana Kepala Dinas Sosial atau Kepala Bidang Rehabilitasi Sosial" in text
    # a step without jabatan keeps its published pelaksana text
    assert "Pelaksana Petugas SLRT" in text


def test_three_alternatives_read_as_an_indonesian_list(instansi, berjabatan):
    ttd = berjabatan.langkah.get(tahap="persetujuan", urutan=3)
    ttd.jabatan.add(make_jabatan(instansi, "Sekretaris", Peran.KEPALA_BIDANG, urutan=4))
    ttd.boleh_diwakilkan = True
    assert ttd.pelaksana_tampil == (
        "Kepala Dinas Sosial, Kepala Bidang Rehabilitasi Sosial, Sekretaris, "
        "atau pejabat yang mewakili"
    )


def test_pdf_names_each_steps_jabatan(client, berjabatan, tmp_path):
    text = pdf_text(client.get(f"{berjabatan.get_absolute_url()}standar.pdf").content, tmp_path)
    for expected in ["Kepala Seksi atau pejabat", "Kepala Dinas Sosial atau", "Petugas SLRT"]:
        assert expected in text, expected


def test_page_with_jabatan_costs_a_fixed_number_of_queries(
    client, berjabatan, django_assert_max_num_queries
):
    with django_assert_max_num_queries(11):  # the version, then the standard (first render)
        response = client.get(berjabatan.get_absolute_url())
    assert response.status_code == 200
