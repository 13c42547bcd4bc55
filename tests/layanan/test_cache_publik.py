"""The public pages are rendered once per version of the public data
(layanan.cache_publik): a second visit costs one query, and any change of what
they show — a new version published, a component edited, an office's details,
a jabatan renamed — is visible on the very next request, on every server."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory

from layanan import services
from layanan.cache_publik import naikkan_versi, versi_sekarang
from layanan.models import Jabatan, LangkahProsedur, Persyaratan, SaluranPengaduan
from layanan.models_publik import SATU, VersiPublik
from tests.factories import make_instansi
from tests.layanan.factories import make_standar_berjalan, make_standar_lengkap
from tests.layanan.test_public_pages import text_of

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
HARI_INI = dt.datetime(2026, 3, 3, 10, 0, tzinfo=WIB)
SK = {"nomor_sk": "400.9/12/Dinsos/2026", "tanggal_sk": dt.date(2026, 3, 2)}


@pytest.fixture(autouse=True)
def _cache_kosong():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def standar(personas):
    return make_standar_berjalan(personas, nomor_sk="44 TAHUN 2024")


def halaman(standar) -> dict[str, str]:
    instansi = standar.instansi
    return {
        "katalog": "/layanan/",
        "instansi": instansi.get_absolute_url(),
        "standar": standar.get_absolute_url(),
        "pdf": f"{standar.get_absolute_url()}standar.pdf",
    }


@pytest.mark.parametrize("nama", ["katalog", "instansi", "standar", "pdf"])
def test_second_visit_is_served_with_one_query(client, standar, nama, django_assert_num_queries):
    url = halaman(standar)[nama]
    pertama = client.get(url)
    assert pertama.status_code == 200
    with django_assert_num_queries(1):  # the version of the public data
        kedua = client.get(url)
    assert kedua.status_code == 200
    assert kedua.content == pertama.content
    assert kedua["Content-Type"] == pertama["Content-Type"]
    assert kedua["ETag"] == pertama["ETag"]
    if nama == "pdf":
        assert kedua["Content-Disposition"] == pertama["Content-Disposition"]
        assert "max-age=600" in kedua["Cache-Control"]
    else:
        assert set(kedua["Cache-Control"].split(", ")) == {"public", "no-cache"}


def test_publishing_a_new_version_shows_at_once_everywhere(client, personas, standar):
    admin = personas.admin_instansi
    urls = halaman(standar)
    lama = {nama: client.get(url) for nama, url in urls.items()}
    assert "44 TAHUN 2024" in text_of(lama["standar"])

    with time_machine.travel(HARI_INI, tick=False):
        draf = services.layanan_create_draft(layanan=standar, by=admin)
        # a draft is no part of the public pages: they stay as they were
        assert client.get(urls["standar"]).content == lama["standar"].content
        draf.nama = "Rekomendasi SLRT (versi baru)"
        draf.save()
        draf.persyaratan.create(urutan=9, teks="Surat pengantar kelurahan", jenis="dokumen")
        assert client.get(urls["katalog"]).content == lama["katalog"].content
        services.layanan_publish(layanan=draf, by=admin, **SK)

        teks = text_of(client.get(urls["standar"]))
        assert "Rekomendasi SLRT (versi baru)" in teks
        assert "400.9/12/Dinsos/2026" in teks and "Surat pengantar kelurahan" in teks
        for nama in ("katalog", "instansi"):
            assert "Rekomendasi SLRT (versi baru)" in text_of(client.get(urls[nama])), nama
        pdf = client.get(urls["pdf"])
        assert pdf.status_code == 200 and pdf.content != lama["pdf"].content
        # the earlier version is an archive page of its own, also rendered afresh
        arsip = client.get(f"{standar.get_absolute_url()}versi/1/")
        assert "Versi ini tidak berlaku lagi" in text_of(arsip)


@pytest.mark.parametrize(
    "ubah, terlihat",
    [
        (lambda s: Persyaratan.objects.filter(layanan=s).update(teks="x"), None),
        (
            lambda s: _simpan(s.persyaratan.order_by("pk").first(), teks="Fotokopi KTP terbaru"),
            "Fotokopi KTP terbaru",
        ),
        (
            lambda s: _simpan(s.langkah.get(urutan=1), teks="Petugas menyambut pemohon"),
            "Petugas menyambut pemohon",
        ),
        (
            lambda s: _simpan(Jabatan.objects.get(nama="Koordinator SLRT"), nama="Kasi SLRT"),
            "Kasi SLRT",
        ),
        (
            lambda s: s.langkah.get(urutan=5).jabatan.add(
                Jabatan.objects.get(nama="Pekerja Sosial")
            ),
            "Koordinator SLRT atau Pekerja Sosial",
        ),
        (
            lambda s: s.saluran.create(urutan=5, jenis="email", alamat="aduan@dinsos.go.id"),
            "aduan@dinsos.go.id",
        ),
        (lambda s: _simpan(s.instansi, kontak_darurat="0811-0000-112"), "0811-0000-112"),
    ],
    ids=["(silent)", "persyaratan", "langkah", "jabatan", "jabatan-langkah", "saluran", "instansi"],
)
def test_an_edit_of_what_the_page_shows_is_seen_on_the_next_visit(client, standar, ubah, terlihat):
    url = standar.get_absolute_url()
    sebelum = client.get(url).content
    versi = versi_sekarang()
    ubah(standar)
    if terlihat is None:
        # a write that bypasses the model's signals draws no version by itself:
        # whoever writes so calls naikkan_versi (the module says so)
        assert versi_sekarang() == versi
        assert client.get(url).content == sebelum
        naikkan_versi()
        assert client.get(url).content != sebelum
        return
    assert versi_sekarang() != versi
    assert terlihat in text_of(client.get(url))


def _simpan(obj, **kolom):
    for k, v in kolom.items():
        setattr(obj, k, v)
    obj.save()


def test_a_deleted_channel_leaves_the_page_at_once(client, standar):
    saluran = SaluranPengaduan.objects.create(
        layanan=standar, urutan=1, jenis="email", alamat="hapus@dinsos.go.id"
    )
    assert "hapus@dinsos.go.id" in text_of(client.get(standar.get_absolute_url()))
    saluran.delete()
    assert "hapus@dinsos.go.id" not in text_of(client.get(standar.get_absolute_url()))


def test_a_version_drawn_by_another_server_is_seen_at_once(client, standar):
    """Another app server has its own cache; only the row in the shared
    database tells this one that its pages are stale."""
    url = standar.get_absolute_url()
    client.get(url)
    # the other server's write, and the version it draws, seen only through the database
    LangkahProsedur.objects.filter(layanan=standar, urutan=1).update(teks="Langkah dari server B")
    VersiPublik.objects.filter(pk=SATU).update(kunci="b" * 32)
    assert "Langkah dari server B" in text_of(client.get(url))


def test_offices_with_the_same_slug_never_share_a_page(client, personas):
    a = make_standar_lengkap(personas.instansi, nama="Layanan Kantor A", slug="slrt")
    b = make_standar_lengkap(make_instansi(), nama="Layanan Kantor B", slug="slrt")
    halaman_a = client.get(a.get_absolute_url())
    halaman_b = client.get(b.get_absolute_url())
    assert "Layanan Kantor A" in text_of(halaman_a) and "Kantor B" not in text_of(halaman_a)
    assert "Layanan Kantor B" in text_of(halaman_b) and "Kantor A" not in text_of(halaman_b)
    # the other office edits its standard: this office's page is right, theirs too
    _simpan(b, nama="Layanan Kantor B baru")
    assert "Layanan Kantor A" in text_of(client.get(a.get_absolute_url()))
    assert "Layanan Kantor B baru" in text_of(client.get(b.get_absolute_url()))
    katalog = text_of(client.get("/layanan/"))
    assert "Layanan Kantor A" in katalog and "Layanan Kantor B baru" in katalog


def test_staff_and_visitors_get_the_same_page_each_with_its_own_headers(
    client, personas, standar, django_assert_num_queries
):
    url = standar.get_absolute_url()
    staf = Client()
    staf.force_login(personas.kabid)
    dari_staf = staf.get(url)  # rendered for the staff member, then kept
    assert dari_staf.status_code == 200
    assert dari_staf["Cache-Control"] == "private, no-store"
    with django_assert_num_queries(1):
        umum = client.get(url)
    assert umum.content == dari_staf.content
    assert "no-store" not in umum["Cache-Control"]
    isi = umum.content.decode()
    assert personas.kabid.username not in isi and "csrfmiddlewaretoken" not in isi
    assert staf.get(url)["Cache-Control"] == "private, no-store"


def test_a_pending_message_is_shown_and_never_kept(client, standar):
    url = "/layanan/"
    client.get(url)  # the catalogue is kept
    # a flash message waiting in the messages cookie, as after a redirect
    storage = CookieStorage(RequestFactory().get(url))
    storage.add(constants.INFO, "Pesan untuk satu orang")
    dibawa = HttpResponse()
    storage.update(dibawa)
    client.cookies[storage.cookie_name] = dibawa.cookies[storage.cookie_name].value
    assert "Pesan untuk satu orang" in text_of(client.get(url))
    # shown once, to its owner only: the kept page never had it
    assert "Pesan untuk satu orang" not in text_of(client.get(url))
    assert "Pesan untuk satu orang" not in text_of(Client().get(url))


def test_revalidation_is_a_304_until_the_data_change(client, standar):
    url = standar.get_absolute_url()
    etag = client.get(url)["ETag"]
    sama = client.get(url, headers={"if-none-match": etag})
    assert sama.status_code == 304 and sama.content == b""
    _simpan(standar, biaya="Gratis, tanpa pungutan")
    baru = client.get(url, headers={"if-none-match": etag})
    assert baru.status_code == 200 and baru["ETag"] != etag
    assert "Gratis, tanpa pungutan" in text_of(baru)


def test_a_missing_page_is_never_kept(client, standar):
    url = f"/layanan/{standar.instansi.slug}/belum-ada/"
    assert client.get(url).status_code == 404
    standar.slug = "belum-ada"
    standar.save()
    assert client.get(url).status_code == 200


def test_without_the_version_row_pages_are_rendered_every_time(
    client, standar, django_assert_num_queries
):
    VersiPublik.objects.all().delete()  # a database flushed by a test
    client.get("/layanan/")
    with django_assert_num_queries(3):  # the missing version, then the render
        assert client.get("/layanan/").status_code == 200
    naikkan_versi()
    assert VersiPublik.objects.count() == 1
    client.get("/layanan/")
    with django_assert_num_queries(1):
        client.get("/layanan/")
