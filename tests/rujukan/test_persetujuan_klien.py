"""The klien's consent before their data goes to a panti (UU 27/2022): the
klien's own, a parent's or guardian's for a child, or an official's recorded
exception — never a proposal without one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from layanan.models import Panti
from rujukan import services as s
from rujukan.models import PersetujuanKlien, Status
from tests.personas import personas_untuk
from tests.rujukan.factories import data_klien, s_register, standar_sederhana
from tests.rujukan.views_helpers import post_aksi, url_aksi

pytestmark = pytest.mark.django_db


def _kasus(lahir: dt.date):
    layanan = standar_sederhana(perlu_konfirmasi_panti=True)
    panti = Panti.objects.create(instansi=layanan.instansi, nama="Panti Uji")
    staf = personas_untuk(layanan.instansi)
    r = s_register(layanan, staf, klien=data_klien(lahir, nama="Putri Ayu")).rujukan
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    r = s.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
    assert r.status == Status.PENGAJUAN_PANTI
    return r, staf, panti


def _tahun_lalu(n: int) -> dt.date:
    hari_ini = dt.date.today()
    return hari_ini.replace(year=hari_ini.year - n, day=min(hari_ini.day, 28))


def test_no_proposal_to_a_panti_before_the_klien_consents():
    r, staf, panti = _kasus(_tahun_lalu(40))
    with pytest.raises(s.TransisiTidakSah, match="persetujuan klien"):
        s.rujukan_prepare_panti_proposal(rujukan=r, by=staf.peksos, panti=panti)
    assert not r.usulan_panti.exists()
    with pytest.raises(s.DataTidakValid, match="nama yang memberi"):
        s.rujukan_record_consent(rujukan=r, by=staf.peksos, pemberi="  ")
    p = s.rujukan_record_consent(rujukan=r, by=staf.peksos, pemberi="Putri Ayu")
    assert (p.jenis, p.hubungan, p.cara) == ("diberikan", "klien", "tertulis")
    assert r.kejadian.filter(kode="rujukan.consent_recorded", oleh=staf.peksos).exists()
    s.rujukan_prepare_panti_proposal(rujukan=r, by=staf.peksos, panti=panti)
    assert r.usulan_panti_menunggu() is not None


def test_a_child_consents_through_a_parent_or_guardian_who_says_why():
    r, staf, _ = _kasus(_tahun_lalu(9))
    with pytest.raises(s.DataTidakValid, match="orang tua atau walinya"):
        s.rujukan_record_consent(rujukan=r, by=staf.peksos, pemberi="Putri Ayu")
    with pytest.raises(s.DataTidakValid, match="Tuliskan mengapa"):
        s.rujukan_record_consent(
            rujukan=r, by=staf.peksos, pemberi="Ibu Sari", hubungan="orang_tua"
        )
    with pytest.raises(s.DataTidakValid, match="hubungan"):
        s.rujukan_record_consent(rujukan=r, by=staf.peksos, pemberi="Ibu", hubungan="tetangga")
    assert not PersetujuanKlien.objects.filter(rujukan=r).exists()
    p = s.rujukan_record_consent(
        rujukan=r,
        by=staf.peksos,
        pemberi="Ibu Sari",
        hubungan="orang_tua",
        cara="cap_jempol",
        alasan="Klien berusia 9 tahun.",
    )
    assert p.hubungan == "orang_tua" and p.alasan == "Klien berusia 9 tahun."


def test_sharing_without_consent_needs_the_permission_and_a_written_reason():
    r, staf, panti = _kasus(_tahun_lalu(70))
    with pytest.raises(s.IzinDitolak):
        s.rujukan_record_consent(
            rujukan=r, by=staf.peksos, alasan="Tidak dapat ditanya.", tanpa_persetujuan=True
        )
    with pytest.raises(s.DataTidakValid, match="dasar"):
        s.rujukan_record_consent(rujukan=r, by=staf.kadis, alasan=" ", tanpa_persetujuan=True)
    assert not PersetujuanKlien.objects.filter(rujukan=r).exists()
    alasan = "Klien tidak sadar dan tidak berkeluarga; penempatan demi keselamatannya."
    p = s.rujukan_record_consent(rujukan=r, by=staf.kadis, alasan=alasan, tanpa_persetujuan=True)
    assert p.jenis == "pengecualian" and p.pemberi == ""
    assert r.kejadian.get(kode="rujukan.consent_exception").oleh == staf.kadis
    s.rujukan_prepare_panti_proposal(rujukan=r, by=staf.peksos, panti=panti)


def test_the_case_page_asks_for_consent_first_and_shows_it(client):
    r, staf, panti = _kasus(_tahun_lalu(40))
    client.force_login(staf.kadis)  # may grant the exception, offered as such
    halaman = client.get(reverse("rujukan:detail", args=[r.pk])).content.decode()
    assert url_aksi(r, "tanpa-persetujuan") in halaman
    client.force_login(staf.peksos)
    halaman = client.get(reverse("rujukan:detail", args=[r.pk])).content.decode()
    assert "belum dicatat" in halaman
    assert url_aksi(r, "persetujuan-klien") in halaman
    assert url_aksi(r, "siapkan-usulan") not in halaman  # blocked, with the reason
    assert "Catat dahulu persetujuan klien" in halaman
    assert url_aksi(r, "tanpa-persetujuan") not in halaman  # not the peksos's to grant
    assert client.get(url_aksi(r, "tanpa-persetujuan")).status_code == 403
    assert post_aksi(client, r, "persetujuan-klien", {"pemberi": ""}).status_code == 400
    response = post_aksi(
        client,
        r,
        "persetujuan-klien",
        {"pemberi": "Putri Ayu", "hubungan": "klien", "cara": "lisan", "alasan": ""},
    )
    assert response.status_code == 302
    halaman = client.get(reverse("rujukan:detail", args=[r.pk])).content.decode()
    assert "diberikan oleh Putri Ayu (klien sendiri), lisan, disaksikan petugas." in halaman
    assert url_aksi(r, "siapkan-usulan") in halaman
    assert url_aksi(r, "persetujuan-klien") not in halaman  # recorded once
    client.force_login(staf.kadis)
    assert (
        url_aksi(r, "tanpa-persetujuan")
        not in client.get(reverse("rujukan:detail", args=[r.pk])).content.decode()
    )


def test_a_standard_that_sends_nobody_to_a_panti_asks_no_consent(client):
    layanan = standar_sederhana()
    Panti.objects.create(instansi=layanan.instansi, nama="Panti Uji")
    staf = personas_untuk(layanan.instansi)
    r = s_register(layanan, staf).rujukan
    client.force_login(staf.peksos)
    halaman = client.get(reverse("rujukan:detail", args=[r.pk])).content.decode()
    assert url_aksi(r, "persetujuan-klien") not in halaman
    assert "Persetujuan klien" not in halaman
