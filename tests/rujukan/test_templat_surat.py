"""Letters as the office writes them (issue #9, item 1): an office's Admin
Instansi edits the wording of its own templates with named fields only,
previews it on a fictitious case, and saves a new version; the next letter
uses it and records the version, an earlier letter stays byte-identical.
The default wording states only what happened."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.urls import reverse

from layanan.models import CaraPeriksa, JenisProduk, Peran, Persyaratan
from rujukan import documents
from rujukan import services as s
from rujukan.models import Dokumen, JenisDokumen, TemplatSurat
from rujukan.services.templat import templat_surat_create
from rujukan.templat import JENIS_BERTEMPLAT, KOLOM, periksa_isi, render_isi, teks_bawaan
from rujukan.templat_contoh import konteks_contoh
from tests.berkas_palsu import pdf
from tests.factories import make_instansi, make_user
from tests.personas import personas_untuk
from tests.rujukan.dokumen_uji import isi, terbitkan_surat
from tests.rujukan.factories import data_klien, data_pemohon, teks_pdf
from tests.rujukan.test_produk_loket import standar_loket

pytestmark = pytest.mark.django_db
perlu_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises all writers and has no row locks: run with DATABASE_URL=postgres://…",
)

TAMBAH = "admin:rujukan_templatsurat_add"
WORDING_BARU = (
    "Dengan ini {{ instansi }} menyatakan bahwa {{ klien_nama }} (Nomor Registrasi "
    "{{ nomor_registrasi }}) kami rekomendasikan untuk {{ layanan }}.\n\n"
    "{{ data_klien }}\n\n"
    "Kalimat versi {versi} dari kantor kami."
)


def kasus_loket(layanan, staf, *, lahir=dt.date(1950, 1, 1), nama="Siti Aminah"):
    """A registered case of a desk standard (standar_loket), its papers in."""
    return s.rujukan_register(
        by=staf.petugas_loket,
        permohonan=s.PermohonanBaru(
            layanan=layanan,
            klien=data_klien(lahir, nama=nama),
            pemohon=data_pemohon("keluarga"),
            berkas={layanan.persyaratan.get(jenis="dokumen").pk: pdf()},
        ),
    ).rujukan


def galat_form(response) -> list[str]:
    """The form's error messages as the user reads them."""
    daftar = re.findall(
        r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S
    )
    return [html.unescape(re.sub(r"<[^>]+>", " ", d)).strip() for d in daftar]


def staf_admin(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def lestari(personas):
    """Admin Instansi of the office."""
    return staf_admin(personas.admin_instansi)


@pytest.fixture
def andi(personas):
    """Admin Instansi of the other office."""
    return staf_admin(
        make_user("andi", instansi=personas.instansi_lain, peran=Peran.ADMIN_INSTANSI)
    )


def simpan(client, instansi, jenis: str, teks: str, **extra):
    return client.post(
        reverse(TAMBAH),
        {"instansi": instansi.pk, "jenis": jenis, "isi": teks, "catatan": "", **extra},
    )


# -- the sandboxed language ---------------------------------------------------------------------
def test_every_default_template_is_valid():
    for jenis in JENIS_BERTEMPLAT:
        assert teks_bawaan(jenis), jenis
        assert periksa_isi(teks_bawaan(jenis)) == [], jenis


@pytest.mark.parametrize(
    ("teks", "disebut"),
    [
        ("Yth. {{ klien.nama }}", "{{ klien.nama }}"),
        ("Yth. {{ nama_ibu_kandung }}", "{{ nama_ibu_kandung }}"),
        ("Yth. {{ klien_nama|safe }}", "{{ klien_nama|safe }}"),
        ("{% load static %}{% static 'x' %}", "{% load static %}"),
        ("{% for x in rujukan.klien.instansi.pegawai.all %}x{% endfor %}", "{% for x in"),
        ("Halo {{ klien_nama", "{{ klien_nama"),
        ("Halo <script>alert(1)</script>", "<script>"),
        ('<img src=x onerror="alert(1)">', "<img"),
        ("Kepada {{ data_klien }} di tempat.", "{{ data_klien }}"),
    ],
)
def test_unknown_fields_tags_and_html_are_refused_on_save_and_nothing_is_saved(
    client, lestari, personas, teks, disebut
):
    client.force_login(lestari)
    response = simpan(client, personas.instansi, JenisDokumen.SURAT_REKOMENDASI, teks)
    assert response.status_code == 400
    assert disebut in " ".join(galat_form(response))
    assert "<script>alert" not in response.content.decode()  # shown escaped, never run
    assert not TemplatSurat.objects.exists()
    # the preview button refuses it the same way: the form again, no PDF
    response = simpan(client, personas.instansi, "surat_rekomendasi", teks, _pratinjau="1")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert not TemplatSurat.objects.exists()


def test_every_value_and_every_word_is_escaped_and_never_expanded_twice(personas):
    ctx = konteks_contoh(instansi=personas.instansi, jenis="surat_rekomendasi", teks="x")
    ctx["klien"].nama = "<script>alert(1)</script> {{ pemohon }}"
    html = render_isi("A & B: {{ klien_nama }} < 5\n\n{{ data_klien }}", ctx)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ pemohon }}" in html
    assert "A &amp; B:" in html and "&lt; 5" in html
    assert ctx["pemohon"].nama not in html.split("<table")[0]


def test_an_optional_part_is_printed_only_when_its_fields_have_values(personas):
    ctx = konteks_contoh(instansi=personas.instansi, jenis="surat_rekomendasi", teks="x")
    teks = "untuk {{ layanan }}[[, dengan panti/lembaga tujuan {{ panti }}]]."
    assert "dengan panti/lembaga tujuan Panti" in render_isi(teks, ctx)
    ctx["panti"] = None
    assert render_isi(teks, ctx) == f"<p>untuk {ctx['layanan'].nama}.</p>"


def test_the_field_reference_is_on_the_admin_page(client, lestari):
    client.force_login(lestari)
    html = client.get(reverse(TAMBAH) + "?jenis=surat_keterangan").content.decode()
    for kolom in KOLOM.values():
        assert kolom.tanda in html
    # the form starts from the wording in force: here the portal's default
    assert "menerangkan bahwa" in html
    assert 'name="_pratinjau"' in html and 'name="_save"' in html
    daftar = client.get(reverse("admin:rujukan_templatsurat_changelist")).content.decode()
    assert daftar.count("templat bawaan portal") == len(JENIS_BERTEMPLAT)
    assert reverse(TAMBAH) + "?jenis=surat_penolakan" in daftar


# -- versions: the next letter uses the new wording, the earlier one stays ------------------------
def test_an_office_edits_its_template_the_next_letter_uses_it_and_an_earlier_stays_identical(
    client,
):
    instansi = make_instansi()
    sari = staf_admin(make_user("sari", instansi=instansi, peran=Peran.ADMIN_INSTANSI))
    pertama = terbitkan_surat(instansi).surat
    assert pertama.templat is None  # the portal's default
    bytes_pertama, sha_pertama = isi(pertama), pertama.sha256
    assert "Demikian surat rekomendasi ini dibuat" in teks_pdf(bytes_pertama)

    client.force_login(sari)
    for versi in (1, 2):
        teks = WORDING_BARU.replace("{versi}", str(versi))
        response = simpan(client, instansi, JenisDokumen.SURAT_REKOMENDASI, teks)
        assert response.status_code == 302, response.content.decode()[:2000]
    v2 = TemplatSurat.objects.get(instansi=instansi, jenis="surat_rekomendasi", versi=2)
    assert v2.dibuat_oleh == sari

    kedua = terbitkan_surat(instansi).surat
    assert kedua.templat == v2
    teks = teks_pdf(isi(kedua))
    assert "Kalimat versi 2 dari kantor kami." in teks
    assert "kami rekomendasikan untuk Rekomendasi Uji" in teks
    assert "Demikian surat rekomendasi ini dibuat" not in teks

    pertama.refresh_from_db()
    assert pertama.templat is None and pertama.sha256 == sha_pertama
    assert isi(pertama) == bytes_pertama
    assert hashlib.sha256(isi(pertama)).hexdigest() == sha_pertama


def test_a_saved_version_is_never_changed_nor_deleted(client, lestari, personas):
    client.force_login(lestari)
    simpan(client, personas.instansi, "surat_keterangan", teks_bawaan("surat_keterangan"))
    v1 = TemplatSurat.objects.get()
    url = reverse("admin:rujukan_templatsurat_change", args=[v1.pk])
    assert client.get(url).status_code == 200  # read-only page
    data = {"instansi": personas.instansi.pk, "jenis": v1.jenis, "isi": "Diubah.", "catatan": ""}
    assert client.post(url, data).status_code == 403
    delete = reverse("admin:rujukan_templatsurat_delete", args=[v1.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    v1.refresh_from_db()
    assert v1.isi == teks_bawaan("surat_keterangan")
    with pytest.raises(ValueError):
        v1.save()
    # a new version starts from this one
    html = client.get(reverse(TAMBAH) + f"?dari={v1.pk}").content.decode()
    assert "Yang bertanda tangan di bawah ini" in html


@perlu_postgres
@pytest.mark.django_db(transaction=True)
def test_two_admins_saving_at_once_get_versions_1_and_2():
    instansi = make_instansi()
    admin = [make_user(n, instansi=instansi, peran=Peran.ADMIN_INSTANSI) for n in ("sari", "tono")]
    barrier = threading.Barrier(2)

    def tulis(user):
        try:
            barrier.wait(timeout=30)
            return templat_surat_create(
                instansi=instansi, jenis="surat_keterangan", isi=f"Oleh {user}.", by=user
            ).versi
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        assert sorted(pool.map(tulis, admin)) == [1, 2]


# -- preview --------------------------------------------------------------------------------------
def test_preview_shows_the_unsaved_wording_on_a_fictitious_case_and_saves_nothing(
    client, lestari, personas
):
    client.force_login(lestari)
    teks = WORDING_BARU.replace("{versi}", "pratinjau")
    response = simpan(client, personas.instansi, "surat_rekomendasi", teks, _pratinjau="1")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    text = teks_pdf(response.content)
    assert "Kalimat versi pratinjau dari kantor kami." in text
    assert "(CONTOH)" in text and personas.instansi.nama.upper() in text.upper()
    assert not TemplatSurat.objects.exists()


@pytest.mark.parametrize("jenis", JENIS_BERTEMPLAT)
def test_every_kind_previews_with_its_default_wording(client, lestari, personas, jenis):
    client.force_login(lestari)
    response = simpan(client, personas.instansi, jenis, teks_bawaan(jenis), _pratinjau="1")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "(CONTOH)" in teks_pdf(response.content)


def test_the_sample_case_has_every_key_of_a_real_letter(personas):
    layanan = standar_loket(JenisProduk.SURAT_LOKET, "Surat Keterangan")
    staf = personas_untuk(layanan.instansi)
    r = kasus_loket(layanan, staf)
    nyata = documents.konteks(rujukan=r, jenis="surat_keterangan")
    contoh = konteks_contoh(instansi=r.instansi, jenis="surat_keterangan", teks="x")
    assert set(nyata) - set(contoh) == set()


# -- another office ------------------------------------------------------------------------------
def test_another_offices_admin_cannot_see_open_preview_or_pick_them(
    client, lestari, andi, personas
):
    client.force_login(lestari)
    simpan(client, personas.instansi, "surat_keterangan", "Milik kantor Lestari {{ klien_nama }}.")
    v1 = TemplatSurat.objects.get()

    client.force_login(andi)
    daftar = client.get(reverse("admin:rujukan_templatsurat_changelist"))
    assert daftar.status_code == 200
    assert "Milik kantor Lestari" not in daftar.content.decode()
    for url in (
        reverse("admin:rujukan_templatsurat_change", args=[v1.pk]),
        reverse("admin:rujukan_templatsurat_pratinjau", args=[v1.pk]),
    ):
        assert client.get(url).status_code == 404
    assert (
        "Milik kantor Lestari"
        not in client.get(reverse(TAMBAH) + f"?dari={v1.pk}").content.decode()
    )
    # nor write one for Lestari's office
    response = simpan(client, personas.instansi, "surat_keterangan", "Diambil alih {{ instansi }}.")
    assert response.status_code == 400
    assert TemplatSurat.objects.count() == 1
    # staff who are not the office's admin have no page at all
    bima = staf_admin(personas.peksos)
    client.force_login(bima)
    assert client.get(reverse(TAMBAH)).status_code == 403


# -- the default wording states only what happened -------------------------------------------------
@pytest.mark.parametrize(
    ("jenis_produk", "nama", "jenis"),
    [
        (JenisProduk.SURAT_LOKET, "Surat Keterangan Terdaftar DTKS", "surat_keterangan"),
        (JenisProduk.REGISTRASI, "Tanda Terdaftar PMKS", "bukti_registrasi"),
    ],
)
def test_a_desk_certificate_claims_no_recommendation_nor_verification(jenis_produk, nama, jenis):
    layanan = standar_loket(jenis_produk, nama)
    staf = personas_untuk(layanan.instansi)
    r = kasus_loket(layanan, staf)
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    r = s.rujukan_issue_at_desk(rujukan=r, by=staf.petugas_loket)
    doc = Dokumen.objects.get(rujukan=r, jenis=jenis)
    text = teks_pdf(isi(doc))
    badan = text[text.index("menerangkan bahwa") : text.index("Demikian")]
    assert "berdasarkan pemeriksaan berkas persyaratan." in badan
    for klaim in ("rekomendasi", "verifikasi", "asesmen", "kunjungan", "DTKS/DTSEN"):
        assert klaim not in badan
    # the eligibility fact with its source and date
    assert "Usia 18 tahun ke atas terpenuhi NIK" in badan


def test_the_basis_names_the_assessment_and_dtks_check_only_once_recorded(personas):
    layanan = standar_loket(JenisProduk.SURAT_LOKET, "Surat Keterangan")
    staf = personas_untuk(layanan.instansi)
    r = kasus_loket(layanan, staf)
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    ctx = documents.konteks(rujukan=r, jenis="surat_keterangan")
    assert ctx["pelaksanaan"].dasar == ("pemeriksaan berkas persyaratan",)
    s.rujukan_record_assessment(
        rujukan=r, by=staf.peksos, kondisi="Lansia tinggal sendiri.", kesimpulan_layak=True
    )
    type(r).objects.filter(pk=r.pk).update(terdaftar_dtks=True)
    r.refresh_from_db()
    dasar = documents.konteks(rujukan=r, jenis="surat_keterangan")["pelaksanaan"].dasar
    assert dasar[:2] == ("pemeriksaan berkas persyaratan", "pencocokan data DTKS/DTSEN")
    assert dasar[2].startswith("asesmen oleh pekerja sosial pada ")
    assert not any("verifikasi" in d or "kunjungan" in d for d in dasar)


# -- refusal ------------------------------------------------------------------------------------
def test_a_refused_case_gets_its_numbered_penolakan_letter_naming_the_reason():
    layanan = standar_loket(JenisProduk.SURAT_LOKET, "Surat Keterangan")
    staf = personas_untuk(layanan.instansi)
    muda = dt.date.today().replace(year=dt.date.today().year - 17)
    r = kasus_loket(layanan, staf, lahir=muda, nama="Putri Ayu")
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    alasan = "Klien berusia 17 tahun; standar mensyaratkan 18 tahun ke atas."
    r = s.rujukan_reject_ineligible(rujukan=r, by=staf.petugas_loket, alasan=alasan)
    surat = Dokumen.objects.get(rujukan=r, jenis=JenisDokumen.SURAT_PENOLAKAN)
    assert surat.nomor and surat.nomor_urut is not None
    assert surat.penandatangan == staf.petugas_loket
    text = teks_pdf(isi(surat))
    assert "Pemberitahuan Penolakan Permohonan" in text
    assert "Putri Ayu" in text and "H. Mahmud" in text
    assert f"dengan alasan: {alasan}" in text
    assert "tidak terpenuhi" in text  # the age fact, with its source
    assert "Rina Marlina" in text
    assert "rekomendasi" not in text.lower()


def test_a_fact_nobody_checked_has_no_source_and_no_date_on_the_letter():
    layanan = standar_loket(JenisProduk.SURAT_LOKET, "Surat Keterangan")
    Persyaratan.objects.create(
        layanan=layanan,
        urutan=3,
        teks="Tidak memiliki keluarga yang merawat",
        jenis="fakta",
        cara_periksa=CaraPeriksa.ATESTASI,
    )
    staf = personas_untuk(layanan.instansi)
    muda = dt.date.today().replace(year=dt.date.today().year - 17)
    r = kasus_loket(layanan, staf, lahir=muda, nama="Putri Ayu")
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    r = s.rujukan_reject_ineligible(rujukan=r, by=staf.petugas_loket, alasan="Belum cukup umur.")
    text = teks_pdf(isi(Dokumen.objects.get(rujukan=r, jenis=JenisDokumen.SURAT_PENOLAKAN)))
    baris = text.split("Tidak memiliki keluarga yang merawat", 1)[1][:80]
    # neither a source nor a date: nothing says it was checked
    assert baris.lstrip().startswith("belum diperiksa —"), baris
    assert "-," not in text
