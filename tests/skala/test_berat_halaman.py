"""Page weight of the public pages (issue 13, item 5): each, with the CSS and
JS it links, is at most 100 KB on the wire (gzip, as WhiteNoise and the
proxy send it; images excluded) and asks nothing from outside the portal. A
citizen opens these on a cheap phone over a slow, paid connection. (The
field pages have their own, stricter check in tests/lapangan/test_berat.py.)"""

from __future__ import annotations

import gzip
import re

import pytest
from django.core.management import call_command

from layanan.models import Instansi

pytestmark = pytest.mark.django_db
BATAS = 100 * 1024


def _berat_gzip(client, url: str) -> tuple[int, int]:
    """(bytes gzip-compressed, bytes raw) of the page and what it links."""
    resp = client.get(url)
    assert resp.status_code == 200, url
    bagian = [resp.content]
    teks = resp.content.decode()
    for src in re.findall(r'<(?:link[^>]+href|script[^>]+src)="([^"]+)"', teks):
        if src.startswith(("data:", "#")) or not src.startswith("/static/"):
            assert not re.match(r"^(https?:)?//", src), f"permintaan ke luar di {url}: {src}"
            continue
        r = client.get(src)
        assert r.status_code == 200, src
        bagian.append(b"".join(r.streaming_content) if r.streaming else r.content)
    for src in re.findall(r'<img[^>]+src="([^"]+)"', teks):
        assert not re.match(r"^(https?:)?//", src), f"gambar dari luar di {url}: {src}"
    return sum(len(gzip.compress(b, 6)) for b in bagian), sum(len(b) for b in bagian)


def test_every_public_page_is_under_100_kb_compressed(client):
    call_command("muat_standar", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    halaman = ["/layanan/", "/layanan/cari/?q=lansia", "/pengaduan/baru/", "/pengaduan/lacak/"]
    halaman += ["/lacak/", "/rujukan/lacak/"]
    for instansi in Instansi.objects.prefetch_related("layanan"):
        halaman.append(f"/layanan/{instansi.slug}/")
        halaman.append(f"/transparansi/{instansi.slug}/")
        halaman += [f"/layanan/{instansi.slug}/{lay.slug}/" for lay in instansi.layanan.all()]
    assert len(halaman) >= 6 + 3 * 5  # five offices, each with its standard
    berat = {url: _berat_gzip(client, url) for url in halaman}
    for url, (terkompresi, mentah) in berat.items():
        assert terkompresi <= BATAS, f"{url}: {terkompresi} bytes gzip ({mentah} mentah)"
    url, (terkompresi, mentah) = max(berat.items(), key=lambda kv: kv[1][0])
    print(f"terberat: {url}, {terkompresi} bytes gzip, {mentah} mentah")
