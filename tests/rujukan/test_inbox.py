"""The approvals inbox (rujukan.selectors_persetujuan, rujukan.views.persetujuan):
exactly the user's turn, overdue first, a fixed number of queries, the review
page with the draft beside the field evidence, approving several opened items
at once, returning with a note, and the count in the staff header."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lapangan.models import Dokumentasi
from layanan.models_akses import AksesData
from rujukan import services as s
from rujukan.models import Asesmen, Kegiatan, Konsep, Rujukan, Status
from rujukan.selectors_persetujuan import (
    APA_PERIKSA,
    jumlah_menunggu_persetujuan,
    persetujuan_menunggu,
)
from rujukan.views.tindakan import jejak
from tests.berkas_palsu import png
from tests.factories import make_instansi
from tests.personas import personas_untuk
from tests.rujukan.factories import kasus_di_persetujuan, standar_sederhana

pytestmark = pytest.mark.django_db
PASSWORD = "rahasia-uji-123"


@pytest.fixture(autouse=True)
def _lupakan_giliran():
    cache.clear()  # the header's memory of the user's turns
    yield
    cache.clear()


@pytest.fixture
def dunia(personas):
    layanan = standar_sederhana(personas.instansi)
    return layanan, personas_untuk(personas.instansi)


def _pks(user) -> list[int]:
    return [i.pk for i in persetujuan_menunggu(user=user)]


def _masuk(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_inbox_lists_exactly_the_users_turn_of_the_chain(dunia):
    layanan, staf = dunia
    paraf = kasus_di_persetujuan(layanan, staf, paraf=False)  # the Koordinator's paraf
    ttd = kasus_di_persetujuan(layanan, staf)  # the Kadis's signature
    lain = personas_untuk(make_instansi())
    kasus_di_persetujuan(standar_sederhana(lain.instansi), lain)  # another office's
    assert _pks(staf.koordinator) == [paraf.pk]
    assert _pks(staf.kadis) == [ttd.pk]
    assert _pks(staf.kabid) == []  # a Kabid does not see the Kadis's signature
    assert _pks(staf.petugas_loket) == [] and _pks(staf.peksos) == []
    assert len(_pks(lain.kadis)) == 1 and ttd.pk not in _pks(lain.kadis)
    item = persetujuan_menunggu(user=staf.kadis)[0]
    assert item.tanda_tangan and not item.usulan and not item.dibuka
    assert not persetujuan_menunggu(user=staf.koordinator)[0].tanda_tangan
    assert jumlah_menunggu_persetujuan(user=staf.kadis) == 1
    assert jumlah_menunggu_persetujuan(user=staf.kabid) == 0


def test_overdue_first_then_by_deadline(dunia):
    layanan, staf = dunia
    sekarang = timezone.now()
    a, b, c = (kasus_di_persetujuan(layanan, staf) for _ in range(3))
    Rujukan.objects.filter(pk=a.pk).update(tenggat_tahap=sekarang + dt.timedelta(days=3))
    Rujukan.objects.filter(pk=b.pk).update(tenggat_tahap=sekarang - dt.timedelta(hours=2))
    Rujukan.objects.filter(pk=c.pk).update(tenggat_tahap=sekarang + dt.timedelta(days=1))
    items = persetujuan_menunggu(user=staf.kadis, pada=sekarang)
    assert [i.pk for i in items] == [b.pk, c.pk, a.pk]
    assert [i.terlambat for i in items] == [True, False, False]
    page = _masuk(staf.kadis).get(reverse("rujukan:persetujuan")).content.decode()
    assert page.index(b.nomor_registrasi) < page.index(c.nomor_registrasi)
    assert "Terlambat" in page


def test_inbox_reads_only_its_first_items_in_the_same_order(dunia, monkeypatch):
    """The inbox is cut in SQL (rujukan.views.persetujuan.BATAS_INBOX): its
    first items are the first of the whole ordered list, and the page says
    how many wait in all."""
    from rujukan.views import persetujuan as v

    layanan, staf = dunia
    sekarang = timezone.now()
    a, b, c, d, e = (kasus_di_persetujuan(layanan, staf) for _ in range(5))
    Rujukan.objects.filter(pk=a.pk).update(tenggat_tahap=sekarang + dt.timedelta(days=3))
    Rujukan.objects.filter(pk=b.pk).update(tenggat_tahap=sekarang - dt.timedelta(hours=2))
    Rujukan.objects.filter(pk=c.pk).update(tenggat_tahap=None, tenggat=None)
    Rujukan.objects.filter(pk=d.pk).update(
        tenggat_tahap=sekarang - dt.timedelta(hours=5), dijeda=True
    )
    Rujukan.objects.filter(pk=e.pk).update(tenggat_tahap=sekarang + dt.timedelta(days=3))
    semua = [i.pk for i in persetujuan_menunggu(user=staf.kadis, pada=sekarang)]
    assert len(semua) == 5 and semua[0] == b.pk and semua[-1] == c.pk
    for n in range(1, 6):
        assert [
            i.pk for i in persetujuan_menunggu(user=staf.kadis, pada=sekarang, batas=n)
        ] == semua[:n]
    monkeypatch.setattr(v, "BATAS_INBOX", 2)
    page = _masuk(staf.kadis).get(reverse("rujukan:persetujuan")).content.decode()
    nomor = dict(Rujukan.objects.values_list("pk", "nomor_registrasi"))
    assert nomor[semua[0]] in page and nomor[semua[1]] in page
    assert all(nomor[pk] not in page for pk in semua[2:])
    assert "Ditampilkan 2 dari 5 yang menunggu" in page


def _hitung(user, url) -> int:
    c = _masuk(user)
    c.get(url)  # warm: the session's second-factor device, the cache
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(url).status_code == 200
    return len(ctx.captured_queries)


def _header(user) -> int:
    user.refresh_from_db()
    with CaptureQueriesContext(connection) as ctx:
        jumlah = jumlah_menunggu_persetujuan(user=user)
    with CaptureQueriesContext(connection) as lagi:
        assert jumlah_menunggu_persetujuan(user=user) == jumlah
    return jumlah, len(ctx.captured_queries), len(lagi.captured_queries)


def test_inbox_and_header_count_take_the_same_queries_for_10_or_100_items(dunia):
    layanan, staf = dunia
    kasus = [kasus_di_persetujuan(layanan, staf) for _ in range(10)]  # noqa: F841
    url = reverse("rujukan:persetujuan")
    sepuluh = _hitung(staf.kadis, url)
    assert _header(staf.kadis)[0] == 10
    kasus += [kasus_di_persetujuan(layanan, staf) for _ in range(90)]
    assert len(_pks(staf.kadis)) == 100
    assert _hitung(staf.kadis, url) == sepuluh
    jumlah, pertama, kedua = _header(staf.kadis)
    assert jumlah == 100
    assert kedua == 1  # the header's one counting query once the turns are known
    assert pertama <= 6
    # nothing for a role that never approves
    with CaptureQueriesContext(connection) as ctx:
        assert jumlah_menunggu_persetujuan(user=staf.petugas_loket) == 0
    assert len(ctx.captured_queries) <= 2  # the user's office and permissions, once


def _bukti(r: Rujukan, staf) -> Dokumentasi:
    asesmen = Asesmen.objects.create(
        rujukan=r,
        kondisi="Lansia tinggal sendiri, rumah panggung bocor.",
        kesimpulan_layak=True,
        alasan="Tidak ada keluarga yang merawat.",
        oleh=staf.peksos,
        lintang="-3.316694",
        bujur="114.590111",
    )
    kunjungan = Kegiatan.objects.create(
        rujukan=r,
        jenis="kunjungan_rumah",
        tanggal=timezone.localdate(),
        uraian="Kunjungan rumah bersama ketua RT.",
        oleh=staf.peksos,
    )
    Dokumentasi.objects.create(
        rujukan=r,
        kegiatan=kunjungan,
        jenis="foto",
        berkas=SimpleUploadedFile("x.png", b"x"),
        mime="image/png",
        ukuran=1,
        diunggah_oleh=staf.peksos,
    ).berkas.delete(save=True)  # removed by the retention schedule
    foto = png("rumah.png")
    return Dokumentasi.objects.create(
        rujukan=r,
        asesmen=asesmen,
        jenis="foto",
        berkas=foto,
        mime="image/png",
        ukuran=foto.size,
        diunggah_oleh=staf.peksos,
    )


def test_review_page_shows_the_draft_beside_the_assessment_and_photos(dunia):
    layanan, staf = dunia
    r = kasus_di_persetujuan(layanan, staf)
    foto = _bukti(r, staf)
    c = _masuk(staf.kadis)
    resp = c.get(reverse("rujukan:persetujuan_periksa", args=[r.pk]))
    assert resp.status_code == 200
    page = resp.content.decode()
    assert "Lansia tinggal sendiri, rumah panggung bocor." in page
    assert "Layak dilayani" in page
    assert "Kunjungan rumah bersama ketua RT." in page
    foto_url = reverse("rujukan:persetujuan_foto", args=[r.pk, foto.pk])
    assert f'src="{foto_url}"' in page
    assert "berkas dihapus sesuai jadwal retensi" in page
    assert f'src="{reverse("rujukan:pratinjau", args=[r.pk, "surat_rekomendasi"])}"' in page
    assert "geo:-3.316694,114.590111" in page
    # the Kadis is no field officer: no link that would answer 403
    assert reverse("lapangan:kasus", args=[r.pk]) not in page
    gambar = c.get(foto_url)
    assert gambar.status_code == 200 and gambar["Content-Type"] == "image/png"
    # the view is the "opened" record
    assert AksesData.objects.filter(user_id=staf.kadis.pk, apa=APA_PERIKSA, rujukan_id=r.pk)
    assert persetujuan_menunggu(user=staf.kadis)[0].dibuka
    # the Kabid supervises the field work: the link is there for him, not the photo
    assert _masuk(staf.kabid).get(foto_url).status_code == 404


def test_review_page_is_not_found_for_whom_the_case_does_not_wait(dunia):
    layanan, staf = dunia
    r = kasus_di_persetujuan(layanan, staf)
    url = reverse("rujukan:persetujuan_periksa", args=[r.pk])
    assert _masuk(staf.koordinator).get(url).status_code == 404  # already gave paraf
    assert _masuk(staf.petugas_loket).get(url).status_code == 403
    assert _masuk(personas_untuk(make_instansi()).kadis).get(url).status_code == 404


def test_approve_several_at_once_only_the_opened_ones(dunia):
    layanan, staf = dunia
    a, b, c = (kasus_di_persetujuan(layanan, staf) for _ in range(3))
    klien = _masuk(staf.kadis)
    for r in (a, b):
        assert klien.get(reverse("rujukan:persetujuan_periksa", args=[r.pk])).status_code == 200
    inbox = klien.get(reverse("rujukan:persetujuan")).content.decode()
    assert f'name="pilih" value="{a.pk}"' in inbox and f'name="pilih" value="{c.pk}"' not in inbox
    assert "Belum Anda buka" in inbox
    data = {
        "pilih": [a.pk, b.pk, c.pk],
        "kata_sandi": PASSWORD,
        **{f"jejak_{r.pk}": jejak(r) for r in (a, b, c)},
    }
    resp = klien.post(reverse("rujukan:persetujuan_bersama"), data, follow=True)
    assert resp.status_code == 200
    for r in (a, b, c):
        r.refresh_from_db()
    assert a.status == b.status == Status.PRODUK_TERBIT
    assert c.status == Status.PERSETUJUAN
    page = resp.content.decode()
    assert f"{a.nomor_registrasi}: disetujui" in page
    assert f"{c.nomor_registrasi} tidak disetujui: belum dibuka" in page
    assert _pks(staf.kadis) == [c.pk]


def test_wrong_password_approves_none(dunia):
    layanan, staf = dunia
    a, b = (kasus_di_persetujuan(layanan, staf) for _ in range(2))
    klien = _masuk(staf.kadis)
    for r in (a, b):
        klien.get(reverse("rujukan:persetujuan_periksa", args=[r.pk]))
    resp = klien.post(
        reverse("rujukan:persetujuan_bersama"),
        {"pilih": [a.pk, b.pk], "kata_sandi": "salah", "jejak_1": ""},
    )
    assert resp.status_code == 403
    assert "Tidak ada yang disetujui" in resp.content.decode()
    assert set(Rujukan.objects.filter(pk__in=[a.pk, b.pk]).values_list("status", flat=True)) == {
        Status.PERSETUJUAN
    }


def test_an_item_whose_turn_changed_is_reported_and_the_others_approved(dunia):
    layanan, staf = dunia
    a, b = (kasus_di_persetujuan(layanan, staf, paraf=False) for _ in range(2))
    klien = _masuk(staf.koordinator)
    for r in (a, b):
        klien.get(reverse("rujukan:persetujuan_periksa", args=[r.pk]))
    isian = {f"jejak_{r.pk}": jejak(r) for r in (a, b)}
    # meanwhile the draft of A is returned for correction
    s.rujukan_return_draft(rujukan=a, by=staf.koordinator, catatan="Alamat keliru.")
    resp = klien.post(
        reverse("rujukan:persetujuan_bersama"),
        {"pilih": [a.pk, b.pk], "kata_sandi": PASSWORD, **isian},
        follow=True,
    )
    page = resp.content.decode()
    assert "tidak lagi menunggu paraf atau tanda tangan Anda" in page
    assert f"{b.nomor_registrasi}: disetujui" in page
    assert _pks(staf.kadis) == [b.pk]  # B went on to the Kadis's signature
    a.refresh_from_db()
    assert a.status != Status.PERSETUJUAN or not a.konsep.filter(status="diajukan").exists()


def test_return_with_a_note_from_the_review_page(dunia):
    layanan, staf = dunia
    r = kasus_di_persetujuan(layanan, staf)
    klien = _masuk(staf.kadis)
    url = reverse("rujukan:persetujuan_periksa", args=[r.pk])
    klien.get(url)
    kosong = klien.post(url, {"keputusan": "kembalikan", "jejak": jejak(r), "catatan": ""})
    assert kosong.status_code == 400
    resp = klien.post(
        url, {"keputusan": "kembalikan", "jejak": jejak(r), "catatan": "Perbaiki hal surat."}
    )
    assert resp.status_code == 302 and resp["Location"] == reverse("rujukan:persetujuan")
    konsep = Konsep.objects.get(rujukan=r)
    assert konsep.status == "dikembalikan" and konsep.catatan_pengembalian == "Perbaiki hal surat."
    assert _pks(staf.kadis) == []


def test_sign_from_the_review_page_asks_the_password(dunia):
    layanan, staf = dunia
    r = kasus_di_persetujuan(layanan, staf)
    klien = _masuk(staf.kadis)
    url = reverse("rujukan:persetujuan_periksa", args=[r.pk])
    assert 'name="kata_sandi"' in klien.get(url).content.decode()
    salah = klien.post(url, {"keputusan": "setujui", "jejak": jejak(r), "kata_sandi": "x"})
    assert salah.status_code == 403
    ok = klien.post(url, {"keputusan": "setujui", "jejak": jejak(r), "kata_sandi": PASSWORD})
    assert ok.status_code == 302
    r.refresh_from_db()
    assert r.status == Status.PRODUK_TERBIT


def test_header_shows_the_count_to_approvers_only(dunia):
    layanan, staf = dunia
    kasus_di_persetujuan(layanan, staf)
    kasus_di_persetujuan(layanan, staf)
    page = _masuk(staf.kadis).get(reverse("staf:beranda")).content.decode()
    assert "data-jumlah-persetujuan>2<" in page
    assert reverse("rujukan:persetujuan") in page
    page = _masuk(staf.petugas_loket).get(reverse("staf:beranda")).content.decode()
    assert "data-jumlah-persetujuan" not in page
