"""Complaint channels: one working link per number or address, with the
channel's icon and kind, and plain text where a channel has no link."""

from __future__ import annotations

import re

import pytest

from layanan.links import Tautan, nomor_dalam, tautan_daftar
from layanan.models import SaluranPengaduan
from tests.factories import make_layanan

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("jenis", "alamat", "expected"),
    [
        ("telepon", "(021) 29402264", [("(021) 29402264", "tel:+622129402264")]),
        ("telepon", "112", [("112", "tel:112")]),
        ("darurat_112", "", [("112", "tel:112")]),
        ("faks", "(0274) 123456", [("(0274) 123456", "")]),
        ("whatsapp", "0819-0513-3188", [("0819-0513-3188", "https://wa.me/6281905133188")]),
        ("whatsapp", "+62 812 3456 7890", [("+62 812 3456 7890", "https://wa.me/6281234567890")]),
        ("whatsapp", "812-3456-7890", [("812-3456-7890", "https://wa.me/6281234567890")]),
        ("email", "dinsos@depok.go.id", [("dinsos@depok.go.id", "mailto:dinsos@depok.go.id")]),
        ("website", "www.lapor.go.id", [("www.lapor.go.id", "https://www.lapor.go.id")]),
        (
            "website",
            "https://dinsos.example.go.id/aduan",
            [("https://dinsos.example.go.id/aduan", "https://dinsos.example.go.id/aduan")],
        ),
        ("instagram", "@dinsosblk", [("@dinsosblk", "https://www.instagram.com/dinsosblk/")]),
        (
            "instagram",
            "https://www.instagram.com/dinsosblk/",
            [("https://www.instagram.com/dinsosblk/", "https://www.instagram.com/dinsosblk/")],
        ),
        (
            "facebook",
            "dinsos.bulukumba",
            [("dinsos.bulukumba", "https://www.facebook.com/dinsos.bulukumba")],
        ),
        ("facebook", "Dinas Sosial Dinsos BLK", [("Dinas Sosial Dinsos BLK", "")]),
        ("twitter", "@dinsos_depok", [("@dinsos_depok", "https://x.com/dinsos_depok")]),
        ("sp4n_lapor", "", [("www.lapor.go.id", "https://www.lapor.go.id")]),
        ("sp4n_lapor", "Aplikasi LAPOR!", [("Aplikasi LAPOR!", "https://www.lapor.go.id")]),
        ("kotak_saran", "Lobi lantai 1", [("Lobi lantai 1", "")]),
        ("langsung", "Loket pengaduan", [("Loket pengaduan", "")]),
        ("surat", "Jl. Merdeka No. 1", [("Jl. Merdeka No. 1", "")]),
        ("kotak_saran", "", []),
    ],
)
def test_each_kind_gets_its_own_link(jenis, alamat, expected):
    assert tautan_daftar(jenis, alamat) == [Tautan(*pair) for pair in expected]


@pytest.mark.parametrize(
    ("jenis", "alamat", "expected"),
    [
        (
            "telepon",
            "0511-3252123 / 0812 5555 1234",
            [("0511-3252123", "tel:+625113252123"), ("0812 5555 1234", "tel:+6281255551234")],
        ),
        (
            "telepon",
            "Telp/Fax 0274 123, 0274 456",
            [("0274 123", "tel:+62274123"), ("0274 456", "tel:+62274456")],
        ),
        (
            "telepon",
            "(021) 777 8888 (021) 777 9999",
            [("(021) 777 8888", "tel:+62217778888"), ("(021) 777 9999", "tel:+62217779999")],
        ),
        (
            "whatsapp",
            "0819-0513-3188 atau 0812-1111-2222",
            [
                ("0819-0513-3188", "https://wa.me/6281905133188"),
                ("0812-1111-2222", "https://wa.me/6281211112222"),
            ],
        ),
        ("faks", "0274 123, 0274 456", [("0274 123", ""), ("0274 456", "")]),
        (
            "email",
            "dinsos@depok.go.id / aduan@depok.go.id",
            [
                ("dinsos@depok.go.id", "mailto:dinsos@depok.go.id"),
                ("aduan@depok.go.id", "mailto:aduan@depok.go.id"),
            ],
        ),
        (
            "website",
            "dinsos.depok.go.id, www.lapor.go.id",
            [
                ("dinsos.depok.go.id", "https://dinsos.depok.go.id"),
                ("www.lapor.go.id", "https://www.lapor.go.id"),
            ],
        ),
    ],
)
def test_an_address_with_several_numbers_becomes_one_link_per_number(jenis, alamat, expected):
    assert tautan_daftar(jenis, alamat) == [Tautan(*pair) for pair in expected]


@pytest.mark.parametrize(
    ("teks", "nomor"),
    [
        ("0822-2636-0473", ["0822-2636-0473"]),
        ("0822 2636 0473", ["0822 2636 0473"]),
        ("0887.4360.59071", ["0887.4360.59071"]),
        ("0511 3252123 0812 5555 1234", ["0511 3252123", "0812 5555 1234"]),
        ("WA 0812 3456 7890 (08.00-16.00 WITA)", ["0812 3456 7890"]),
        ("Telp. 0274-123456 ext. 12", ["0274-123456"]),
    ],
)
def test_numbers_are_read_as_people_write_them(teks, nomor):
    assert nomor_dalam(teks) == nomor


def test_a_general_social_media_channel_links_the_platform_its_label_names(instansi):
    layanan = make_layanan(instansi)
    ig = SaluranPengaduan.objects.create(
        layanan=layanan, jenis="media_sosial", label="Instagram", alamat="dinsosblk"
    )
    fb = SaluranPengaduan.objects.create(
        layanan=layanan, jenis="media_sosial", label="Facebook: Dinas Sosial Dinsos BLK"
    )
    assert ig.tautan_daftar == [Tautan("dinsosblk", "https://www.instagram.com/dinsosblk/")]
    assert ig.ikon == "instagram"
    assert fb.tautan_daftar == []
    assert fb.ikon == "facebook"


def test_channel_property_gives_one_pair_per_number_and_keeps_first_link(instansi):
    layanan = make_layanan(instansi)
    saluran = SaluranPengaduan.objects.create(
        layanan=layanan, jenis="telepon", alamat="0511-3252123 / 0812 5555 1234"
    )
    assert [tuple(t) for t in saluran.tautan_daftar] == [
        ("0511-3252123", "tel:+625113252123"),
        ("0812 5555 1234", "tel:+6281255551234"),
    ]
    assert saluran.tautan == "tel:+625113252123"


@pytest.fixture
def halaman(client, instansi):
    layanan = make_layanan(instansi, nama="Layanan Banyak Saluran")
    rows = [
        ("telepon", "Telp/Fax", "0511-3252123 / 0812 5555 1234"),
        ("faks", "", "(0274) 123456"),
        ("whatsapp", "WA", "0819-0513-3188, 0812-1111-2222"),
        ("email", "", "dinsos@depok.go.id"),
        ("website", "", "dinsos.depok.go.id"),
        ("facebook", "", "Dinas Sosial Dinsos BLK"),
        ("instagram", "", "@dinsosblk"),
        ("twitter", "", "@dinsos_depok"),
        ("sp4n_lapor", "SP4N LAPOR", ""),
        ("kotak_saran", "Kotak saran di lobi", ""),
        ("langsung", "Loket pengaduan lantai 1", ""),
        ("surat", "", "Jl. Merdeka No. 1"),
    ]
    for i, (jenis, label, alamat) in enumerate(rows, 1):
        SaluranPengaduan.objects.create(
            layanan=layanan, urutan=i, jenis=jenis, label=label, alamat=alamat
        )
    return client.get(layanan.get_absolute_url()).content.decode()


def hrefs(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


def test_page_links_every_number_of_a_channel(halaman):
    links = hrefs(halaman)
    for href in [
        "tel:+625113252123",
        "tel:+6281255551234",
        "https://wa.me/6281905133188",
        "https://wa.me/6281211112222",
        "mailto:dinsos@depok.go.id",
        "https://dinsos.depok.go.id",
        "https://www.instagram.com/dinsosblk/",
        "https://x.com/dinsos_depok",
        "https://www.lapor.go.id",
    ]:
        assert href in links, href
    # never one broken link made of two numbers
    assert not [h for h in links if h.startswith("tel:") and len(re.sub(r"\D", "", h)) > 14]
    assert re.search(r'<a href="tel:\+625113252123">\s*0511-3252123\s*</a>', halaman)
    # a national channel without an address links its well-known one
    assert re.search(r'<a href="https://www.lapor.go.id"[^>]*>\s*www.lapor.go.id\s*</a>', halaman)
    assert 'href=""' not in halaman
    assert not re.search(r"<a [^>]*>\s*</a>", halaman)


def test_page_shows_channels_without_a_link_as_text(halaman):
    faks = re.search(
        r'<use href="#ikon-faks"></use></svg>\s*([^<]+)</span>\s*<span>([^<]+)</span>', halaman
    )
    assert faks and faks.groups() == ("Faksimile", "(0274) 123456")
    assert "tel:+62274123456" not in halaman
    assert "<span>Dinas Sosial Dinsos BLK</span>" in halaman
    assert "Kotak saran di lobi" in halaman
    assert "Loket pengaduan lantai 1" in halaman
    assert "<span>Jl. Merdeka No. 1</span>" in halaman


def test_page_gives_every_channel_its_icon(halaman):
    for ikon in [
        "telepon",
        "faks",
        "whatsapp",
        "email",
        "web",
        "facebook",
        "instagram",
        "x",
        "lapor",
        "kotak",
        "loket",
        "surat",
    ]:
        assert f'<use href="#ikon-{ikon}">' in halaman, ikon
        assert f'id="ikon-{ikon}"' in halaman, ikon


def test_office_phone_with_two_numbers_gets_two_links(client, instansi):
    instansi.telepon = "(0511) 3252123 / 0812 5555 1234"
    instansi.save()
    html = client.get(instansi.get_absolute_url()).content.decode()
    assert 'href="tel:+625113252123"' in html
    assert 'href="tel:+6281255551234"' in html
