"""The public pages: catalog, search, office home, service standard, 404."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from layanan.models import Layanan, Persyaratan
from tests.factories import make_instansi, make_layanan, make_user
from tests.layanan.factories import make_standar_lengkap

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The visible text of a page, whitespace collapsed (tags dropped)."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return re.sub(r" ([:;,.])", r"\1", text)


@pytest.fixture
def standar(instansi) -> Layanan:
    return make_standar_lengkap(instansi)


# --- katalog -------------------------------------------------------------------


def test_katalog_lists_every_office_with_its_services(client, instansi, standar):
    lain = make_instansi(nama="Dinas Sosial Kabupaten Contoh")
    layanan_lain = make_layanan(lain, nama="Pendampingan Lansia Terlantar")
    response = client.get(reverse("layanan:katalog"))
    assert response.status_code == 200
    text = text_of(response)
    assert instansi.nama in text
    assert "Dinas Sosial Kabupaten Contoh" in text
    assert standar.nama in text
    assert "Pendampingan Lansia Terlantar" in text
    html = response.content.decode()
    assert f'href="{standar.get_absolute_url()}"' in html
    assert f'href="{layanan_lain.get_absolute_url()}"' in html
    assert f'href="{lain.get_absolute_url()}"' in html
    assert "5 hari kerja" in text


def test_katalog_hides_unpublished_services(client, instansi):
    make_layanan(instansi, nama="Layanan Konsep Belum Terbit", aktif=False)
    response = client.get("/layanan/")
    assert "Layanan Konsep Belum Terbit" not in response.content.decode()


def test_katalog_query_count_does_not_grow_with_services(client, django_assert_max_num_queries):
    for i in range(4):
        office = make_instansi()
        for _ in range(3):
            make_standar_lengkap(office, nama=f"Layanan {i}", slug=f"layanan-{i}-{_}")
    # the version of the public data, then the offices and their services (first render)
    with django_assert_max_num_queries(3):
        response = client.get("/layanan/")
    assert response.status_code == 200
    assert response.content.decode().count('class="svc"') == 12


def test_root_redirects_to_katalog(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/layanan/"


# --- instansi ------------------------------------------------------------------


def test_instansi_page_shows_identity_and_services(client, instansi, standar):
    instansi.website = "https://dinsos.example.go.id/"
    instansi.zona_waktu = "Asia/Makassar"
    instansi.save()
    response = client.get(f"/layanan/{instansi.slug}/")
    assert response.status_code == 200
    text = text_of(response)
    html = response.content.decode()
    assert instansi.nama in text
    assert instansi.pemerintah_daerah in text
    assert "Jl. Merdeka No. 1" in text
    assert 'href="tel:+62211234567"' in html
    assert f'href="mailto:{instansi.email}"' in html
    assert 'href="https://dinsos.example.go.id/"' in html
    assert "Senin–Jumat, 08.00–16.00 WITA" in text
    assert standar.nama in text


def test_instansi_page_query_count_is_fixed(client, instansi, django_assert_max_num_queries):
    for i in range(5):
        make_layanan(instansi, nama=f"Layanan {i}")
    with django_assert_max_num_queries(3):  # the version, then the office and its services
        response = client.get(f"/layanan/{instansi.slug}/")
    assert response.status_code == 200


def test_unknown_instansi_is_404_in_indonesian(client):
    response = client.get("/layanan/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


# --- the standard page -----------------------------------------------------------


def test_standard_page_shows_every_component(client, instansi, standar):
    response = client.get(standar.get_absolute_url())
    assert response.status_code == 200
    text = text_of(response)
    for expected in [
        standar.nama,
        "44 TAHUN 2024",
        "menghubungkan warga miskin",
        # requirements, grouped by sub-service, with their kind and condition
        "Bantuan Sosial Kesehatan",
        "Bantuan Pangan Non Tunai",
        "Usia 60 tahun keatas",
        "Keadaan yang diperiksa petugas",
        "Fotocopy KTP dan KK",
        "Dokumen yang dibawa",
        "Fotocopy KIA",
        "Bersyarat",
        "untuk ibu yang melahirkan",
        "Lembar asesmen Pekerja Sosial",
        "Dibuat/diisi saat proses",
        # steps, with actor, time, output and what is needed
        "Petugas SLRT melakukan registrasi permohonan",
        "Petugas SLRT",
        "30 menit",
        "5 menit — paling lama",
        "Konsep berparaf",
        "Kelengkapan KTP/KK",
        "Kepala Bidang menandatangani Surat Rekomendasi",
        # time, phases, cost, product
        "5 hari kerja",
        "selama pejabat yang berwenang berada di tempat",
        "Pengajuan Berkas Usulan: 3 hari kerja",
        "Waktu Pelayanan Rehabilitasi: 2–4 minggu",
        "tergantung kondisi klien",
        "Tidak dipungut biaya",
        "Surat Rekomendasi",
        # complaints
        "cek administrasi",
        "koordinasi internal/eksternal",
        "paling lambat 3 hari kerja",
        "Kotak saran di lobi",
        "Penyelesaian pengaduan sesuai kondisi",
        # other components
        "Karang Taruna",
        "TKSK",
        "Kepala Seksi Rehabilitasi Sosial",
        "pendampingan ke rumah sakit",
        # the office
        "Jl. Merdeka No. 1",
        "Senin–Jumat, 08.00–16.00 WIB",
    ]:
        assert expected in text, expected


def test_standard_page_numbers_steps_in_order(client, standar):
    text = text_of(client.get(standar.get_absolute_url()))
    first = text.index("Petugas SLRT melakukan registrasi")
    second = text.index("Koordinator memeriksa konsep")
    third = text.index("Kepala Bidang menandatangani")
    assert first < second < third


def test_complaint_channels_are_working_links(client, standar):
    html = client.get(standar.get_absolute_url()).content.decode()
    assert 'href="mailto:dinsos@depok.go.id"' in html
    assert 'href="tel:+622129402264"' in html
    assert 'href="https://wa.me/6281905133188"' in html
    assert 'href="https://www.lapor.go.id"' in html
    # a channel without an address is shown as text, not as a dead link
    assert "Kotak saran di lobi" in html
    assert 'href=""' not in html


def test_standard_page_links_to_pdf_and_complaint_form(client, standar):
    html = client.get(standar.get_absolute_url()).content.decode()
    assert f'href="{standar.get_absolute_url()}standar.pdf"' in html
    assert "Cetak / unduh PDF" in html
    assert f'href="/pengaduan/baru/?layanan={standar.pk}"' in html


def test_response_time_not_in_standard_is_labelled_as_portal_target(client, instansi):
    layanan = make_standar_lengkap(
        instansi, slug="tanpa-respons", respons_pengaduan_dari_standar=False
    )
    text = text_of(client.get(layanan.get_absolute_url()))
    assert "Standar ini tidak menyebutkan batas waktu tanggapan" in text


def test_requirements_without_sub_service_render_as_one_list(client, instansi):
    layanan = make_layanan(instansi, nama="Layanan Sederhana")
    Persyaratan.objects.create(layanan=layanan, urutan=1, teks="Membawa KTP", jenis="dokumen")
    text = text_of(client.get(layanan.get_absolute_url()))
    assert "Membawa KTP" in text
    assert "Untuk semua jenis layanan" not in text
    assert "Standar ini tidak mencantumkan langkah prosedur" in text


def test_standard_page_costs_a_fixed_number_of_queries(
    client, standar, django_assert_max_num_queries
):
    with django_assert_max_num_queries(11):  # the version, then the standard (first render)
        response = client.get(standar.get_absolute_url())
    assert response.status_code == 200


def test_unknown_or_unpublished_standard_is_404(client, instansi, standar):
    assert client.get(f"/layanan/{instansi.slug}/tidak-ada/").status_code == 404
    lain = make_instansi()
    # the right slug under another office is not found either
    assert client.get(f"/layanan/{lain.slug}/{standar.slug}/").status_code == 404
    standar.aktif = False
    standar.save()
    response = client.get(standar.get_absolute_url())
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_public_pages_reject_post(client, standar):
    assert client.post(standar.get_absolute_url()).status_code == 405
    assert client.post("/layanan/").status_code == 405


def test_public_pages_leak_no_staff_accounts(client, personas, standar):
    personas.instansi.refresh_from_db()
    make_user("operator_rahasia", instansi=standar.instansi, nama="Operator Rahasia")
    pages = [
        "/layanan/",
        f"/layanan/{standar.instansi.slug}/",
        standar.get_absolute_url(),
        "/layanan/cari/?q=rekomendasi",
    ]
    for url in pages:
        html = client.get(url).content.decode().lower()
        for secret in [
            "operator_rahasia",
            "operator rahasia",
            "rina",
            "hasan",
            "yusuf",
            "197801012005011002",
            "rahasia-uji-123",
        ]:
            assert secret not in html, (url, secret)


# --- search ------------------------------------------------------------------------


def test_search_finds_service_by_requirement_and_shows_where(client, standar):
    response = client.get("/layanan/cari/", {"q": "kks"})
    assert response.status_code == 200
    text = text_of(response)
    assert "1 layanan cocok" in text
    assert standar.nama in text
    assert "Persyaratan: Kartu KKS" in text
    assert "<mark>KKS</mark>" in response.content.decode()


@pytest.mark.parametrize(
    "q",
    [
        "Rekomendasi Bantuan",
        "menghubungkan",
        "registrasi permohonan",
        "surat rekomendasi",
        "KOORDINATOR paraf",
    ],
)
def test_search_matches_name_pengertian_steps_and_products(client, standar, q):
    response = client.get("/layanan/cari/", {"q": q})
    assert standar.nama in text_of(response)


def test_search_needs_every_word(client, standar):
    response = client.get("/layanan/cari/", {"q": "KTP helikopter"})
    assert response.status_code == 200
    text = text_of(response)
    assert "Tidak ada layanan yang cocok" in text
    assert standar.nama not in text


def test_search_miss_is_kind(client, standar):
    response = client.get("/layanan/cari/", {"q": "zzzz"})
    assert response.status_code == 200
    assert "Tidak ada layanan yang cocok dengan “zzzz”" in text_of(response)


@pytest.mark.parametrize("q", ["", "   ", "!!!", "%", "_"])
def test_search_empty_or_symbol_query_is_kind(client, standar, q):
    response = client.get("/layanan/cari/", {"q": q})
    assert response.status_code == 200
    text = text_of(response)
    assert standar.nama not in text
    assert "cocok" not in text or "Tidak ada" in text


def test_search_without_q_parameter(client):
    response = client.get("/layanan/cari/")
    assert response.status_code == 200
    assert "Tulis kata yang dicari" in text_of(response)


def test_search_too_long_query_is_400_with_message(client):
    response = client.get("/layanan/cari/", {"q": "a" * 5000})
    assert response.status_code == 400
    assert "terlalu panjang" in text_of(response)


def test_search_escapes_the_query(client, standar):
    response = client.get("/layanan/cari/", {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_search_hides_unpublished(client, instansi):
    make_layanan(instansi, nama="Layanan Rahasia Konsep", aktif=False)
    assert "Layanan Rahasia Konsep" not in text_of(client.get("/layanan/cari/?q=rahasia"))


def test_search_query_count_is_fixed(client, instansi, django_assert_max_num_queries):
    for i in range(6):
        make_standar_lengkap(instansi, slug=f"s-{i}")
    with django_assert_max_num_queries(4):
        response = client.get("/layanan/cari/", {"q": "KTP"})
    assert text_of(response).count("Persyaratan: Fotocopy KTP dan KK") == 6


def test_sub_services_without_requirements_are_listed_as_kinds_of_service(client, instansi):
    from layanan.models import SubLayanan

    layanan = make_layanan(instansi, nama="Pendampingan PPKS", biaya="")
    SubLayanan.objects.create(layanan=layanan, urutan=1, nama="Pelayanan di rumah singgah")
    SubLayanan.objects.create(layanan=layanan, urutan=2, nama="Petugas penunggu pasien")
    Persyaratan.objects.create(layanan=layanan, urutan=1, teks="KTP/KK/SIM", jenis="dokumen")
    text = text_of(client.get(layanan.get_absolute_url()))
    assert "Jenis layanan" in text
    assert "Pelayanan di rumah singgah" in text
    assert "Petugas penunggu pasien" in text
    assert "KTP/KK/SIM" in text
    # no empty requirement groups, and a missing cost is said, not left blank
    assert "Untuk semua jenis layanan" not in text
    assert "Tidak dicantumkan dalam standar" in text


def test_search_lists_a_repeated_requirement_once(client, standar):
    Persyaratan.objects.create(
        layanan=standar,
        sub_layanan=standar.sub_layanan.last(),
        urutan=9,
        teks="Fotocopy KTP dan KK",
        jenis="dokumen",
    )
    text = text_of(client.get("/layanan/cari/", {"q": "fotocopy ktp"}))
    assert text.count("Persyaratan: Fotocopy KTP dan KK") == 1


def test_channel_without_address_but_with_national_link_has_link_text(client, instansi):
    from layanan.models import SaluranPengaduan

    layanan = make_layanan(instansi, nama="Layanan Lapor")
    SaluranPengaduan.objects.create(layanan=layanan, jenis="sp4n_lapor", label="SPAN Lapor")
    SaluranPengaduan.objects.create(layanan=layanan, jenis="sigap", label="SIGAP")
    html = client.get(layanan.get_absolute_url()).content.decode()
    link = SaluranPengaduan.objects.get(jenis="sp4n_lapor").tautan
    if link:
        assert re.search(rf'<a href="{re.escape(link)}"[^>]*>\s*SPAN Lapor\s*</a>', html)
    else:
        assert "SPAN Lapor" in html
    assert not re.search(r"<a [^>]*>\s*</a>", html)


def test_search_understands_the_words_citizens_type(client, instansi):
    lansia = make_layanan(instansi, nama="Rekomendasi bagi Lanjut Usia Terlantar")
    make_layanan(instansi, nama="Bantuan Pendidikan Anak")
    text = text_of(client.get("/layanan/cari/", {"q": "lansia"}))
    assert lansia.nama in text
    assert "Bantuan Pendidikan Anak" not in text
