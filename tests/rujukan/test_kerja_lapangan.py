"""One rule for who writes a case's field record, read by the case page, the
field pages and the services alike: the peksos assigned to it; any peksos
of the office while nobody is assigned; the Koordinator and Kabid supervise.
Another peksos is neither offered the work nor allowed it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from layanan.models import Peran
from rujukan import services as s
from rujukan.models import Status
from tests.factories import make_user
from tests.personas import personas_untuk
from tests.rujukan.views_helpers import daftarkan

pytestmark = pytest.mark.django_db


@pytest.fixture
def kasus(standar):
    layanan = standar["banjarmasin"]
    staf = personas_untuk(layanan.instansi)
    r = daftarkan(layanan, staf, lahir=dt.date(1950, 3, 4)).rujukan
    s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    r = s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    assert r.status == Status.VERIFIKASI and r.peksos_id is None
    bima = make_user("bima", instansi=layanan.instansi, peran=Peran.PEKERJA_SOSIAL)
    return r, staf, bima


def _asesmen(r, oleh):
    return s.rujukan_record_assessment(
        rujukan=r, by=oleh, kondisi="Lansia tinggal sendiri.", kesimpulan_layak=True
    )


def test_while_nobody_is_assigned_any_peksos_of_the_office_may_start(client, kasus):
    r, staf, bima = kasus
    client.force_login(bima)
    page = client.get(reverse("rujukan:detail", args=[r.pk])).content.decode()
    assert reverse("lapangan:kasus", args=[r.pk]) in page
    assert reverse("rujukan:aksi", args=[r.pk, "asesmen"]) in page
    assert client.get(reverse("lapangan:kasus", args=[r.pk])).status_code == 200
    _asesmen(r, bima)


def test_once_assigned_another_peksos_is_neither_offered_nor_allowed(client, kasus):
    r, staf, bima = kasus
    s.rujukan_assign_peksos(rujukan=r, by=staf.kabid, peksos=staf.peksos)
    r.refresh_from_db()
    client.force_login(bima)
    page = client.get(reverse("rujukan:detail", args=[r.pk])).content.decode()
    assert reverse("lapangan:kasus", args=[r.pk]) not in page
    assert "ditugaskan kepada pekerja sosial lain" in page
    assert reverse("rujukan:aksi", args=[r.pk, "asesmen"]) not in page
    assert client.get(reverse("lapangan:kasus", args=[r.pk])).status_code == 403
    with pytest.raises(s.IzinDitolak, match="yang ditugaskan"):
        _asesmen(r, bima)
    assert not r.asesmen.exists()
    # the one assigned and the supervisors
    _asesmen(r, staf.peksos)
    client.force_login(staf.koordinator)
    assert client.get(reverse("lapangan:kasus", args=[r.pk])).status_code == 200
