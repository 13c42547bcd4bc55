"""The case page reads a case's drafts, approvals and pauses once for the
page (issue 13, item 3): its number of queries does not grow with them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rujukan import services as s
from rujukan.models import Status
from tests.personas import personas_untuk
from tests.rujukan.views_helpers import daftarkan

pytestmark = pytest.mark.django_db


def _sampai_persetujuan(standar):
    layanan = standar["depok"]
    staf = personas_untuk(layanan.instansi)
    bpnt = layanan.sub_layanan.get(nama__contains="BPNT")
    r = daftarkan(layanan, staf, sub=bpnt, lahir=dt.date(1980, 2, 2)).rujukan
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    r = s.rujukan_skip_verification(
        rujukan=r, by=staf.petugas_loket, catatan="Sudah terdaftar DTKS.", terdaftar_dtks=True
    )
    s.rujukan_submit_for_approval(rujukan=r, by=staf.peksos)
    r.refresh_from_db()
    assert r.status == Status.PERSETUJUAN
    return r, staf


def test_three_drafts_cost_the_queries_of_one(client, standar):
    r, staf = _sampai_persetujuan(standar)
    client.force_login(staf.kabid)
    url = reverse("rujukan:detail", args=[r.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as satu:
        assert client.get(url).status_code == 200
    for _ in range(2):
        s.rujukan_return_draft(rujukan=r, by=staf.koordinator, catatan="Perbaiki alamat.")
        s.rujukan_submit_for_approval(rujukan=r, by=staf.peksos)
    r.refresh_from_db()
    assert r.status == Status.PERSETUJUAN and r.konsep.count() == 3
    with CaptureQueriesContext(connection) as tiga:
        response = client.get(url)
    assert "Versi 3" in response.content.decode()
    assert len(tiga) == len(satu), [q["sql"][:80] for q in tiga.captured_queries]
    assert len(satu) <= 40
