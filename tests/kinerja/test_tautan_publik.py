"""A citizen reaches an office's performance figures from the public pages
(the office page and each standard's page), and every such link answers 200."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from layanan.models import Instansi

pytestmark = pytest.mark.django_db


def test_office_and_standard_pages_link_to_their_transparency_pages(client):
    call_command("muat_standar", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    instansi = Instansi.objects.get(slug="depok")
    layanan = instansi.layanan.get()  # the seed office publishes one standard
    halaman = {
        instansi.get_absolute_url(): f"/transparansi/{instansi.slug}/",
        f"/layanan/{instansi.slug}/{layanan.slug}/": (
            f"/transparansi/{instansi.slug}/{layanan.slug}/"
        ),
    }
    for url, tujuan in halaman.items():
        html = client.get(url).content.decode()
        assert tujuan in re.findall(r'href="([^"]+)"', html), url
        assert client.get(tujuan).status_code == 200
