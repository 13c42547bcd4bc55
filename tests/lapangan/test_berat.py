"""Each field page, with the CSS and JS it links, weighs under 150 KB on the
wire (images excluded) and makes no request outside the portal."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.lapangan.factories import kasus_di_lapangan

pytestmark = pytest.mark.django_db
BATAS = 150 * 1024


def _berat(client, url) -> tuple[int, list[str]]:
    resp = client.get(url)
    assert resp.status_code == 200, url
    html = resp.content
    total, aset = len(html), []
    teks = html.decode()
    for src in re.findall(r'<(?:link[^>]+href|script[^>]+src)="([^"]+)"', teks):
        if src.startswith("data:"):
            continue
        assert not re.match(r"^(https?:)?//", src), f"external request on {url}: {src}"
        r = client.get(src)
        assert r.status_code == 200, src
        body = b"".join(r.streaming_content) if r.streaming else r.content
        total += len(body)
        aset.append(src)
    for src in re.findall(r'<img[^>]+src="([^"]+)"', teks):
        assert not re.match(r"^(https?:)?//", src), f"external image on {url}: {src}"
    return total, aset


def test_each_field_page_is_under_150_kb_without_external_requests(client, standar):
    r, staf = kasus_di_lapangan(standar["bulukumba"], lahir=dt.date(1950, 1, 1))
    client.force_login(staf.peksos)
    for url in (
        "/lapangan/",
        f"/lapangan/{r.pk}/",
        f"/lapangan/{r.pk}/asesmen/",
        f"/lapangan/{r.pk}/kegiatan/",
        "/lapangan/dtks/",
    ):
        total, aset = _berat(client, url)
        assert any(a.endswith("lapangan.css") for a in aset)
        assert total < BATAS, f"{url}: {total} bytes"
    total, aset = _berat(client, f"/lapangan/{r.pk}/asesmen/")
    assert any(a.endswith("lapangan.js") for a in aset)
    print(f"asesmen page with CSS and JS: {total} bytes")
