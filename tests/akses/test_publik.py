"""Public pages and cross-office identifiers: no personal data leaks."""

from __future__ import annotations

import pytest
from django.urls import reverse

from layanan.models import Panti, Peran
from pengaduan import services as ps
from tests.akses.data import KLIEN_NAMA, PELAPOR_EMAIL, PELAPOR_NAMA, PELAPOR_TELEPON
from tests.akses.peta import (
    _pelapor,
    _post_lapangan,
    _post_pengaduan,
    _post_rujukan,
    bocoran,
    potret,
    teks_respons,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_public_pages_show_no_personal_data_of_the_klien_or_anonymous_reporter(client, data):
    rahasia = {**data.rahasia, **_pelapor()}
    halaman = {}
    slug = data.instansi.slug
    for url in (
        reverse("layanan:katalog"),
        reverse("layanan:instansi", args=[slug]),
        reverse("layanan:detail", args=[slug, data.layanan.slug]),
        reverse("layanan:pdf", args=[slug, data.layanan.slug]),
        reverse("lacak"),
        reverse("pengaduan:baru"),
        reverse("pengaduan:lacak"),
        reverse("rujukan:lacak"),
        reverse("transparansi:instansi", args=[slug]),
        reverse("transparansi:layanan", args=[slug, data.layanan.slug]),
    ):
        resp = client.get(url)
        assert resp.status_code == 200, url
        halaman[url] = teks_respons(resp)
    # the pemohon's tracking page, with the right number and code
    resp = client.post(
        reverse("rujukan:lacak"), {"nomor": data.a1.nomor_registrasi, "kode": data.kode_lacak}
    )
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Menunggu" in html or data.a1.get_status_display() in html  # the result is shown
    halaman["rujukan:lacak (hasil)"] = html
    # the reporter's tracking page of the anonymous complaint, with its code
    resp = client.post(
        reverse("pengaduan:lacak"), {"nomor": data.pengaduan.nomor, "kode": data.kode_pengaduan}
    )
    assert resp.status_code == 302, resp.status_code
    resp = client.get(resp["Location"])
    assert resp.status_code == 200 and data.pengaduan.judul in resp.content.decode()
    halaman["pengaduan:lacak_detail"] = resp.content.decode()
    petugas = {
        f"nama petugas {u.username}": u.pegawai.nama
        for u in data.orang.values()
        if u.pegawai.instansi_id == data.instansi.pk
    }
    gagal = []
    for url, teks in halaman.items():
        bocor = bocoran(teks, {**rahasia, **petugas})
        if KLIEN_NAMA in teks:
            bocor.append("nama klien")
        if "Demensia" in teks or "tidak ada yang merawat" in teks:
            bocor.append("asesmen/ringkasan")
        if bocor:
            gagal.append(f"{url}: {bocor}")
    assert not gagal, "\n".join(gagal)


def test_anonymous_reporter_filing_online_is_not_named_on_her_receipt_page(client, data):
    resp = client.post(
        reverse("pengaduan:baru"),
        {
            "jenis": "pengaduan",
            "instansi": data.instansi.slug,
            "judul": "Bantuan nenek belum cair",
            "uraian": "Sudah tiga bulan bantuan untuk nenek kami belum diterima.",
            "nama": PELAPOR_NAMA,
            "telepon": PELAPOR_TELEPON,
            "email": PELAPOR_EMAIL,
            "anonim": "on",
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    resp = client.get(resp["Location"])
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "ADU-" in html  # the receipt itself
    assert bocoran(html, _pelapor()) == []


def test_public_tracking_posts_without_the_code_change_nothing(client, data):
    """The citizen's action URLs need the session that tracked the ticket with its code."""
    nomor = data.pengaduan.nomor
    gagal = []
    for nama, payload in (
        ("pengaduan:lacak_balas", {"isi": "Audit"}),
        ("pengaduan:lacak_buka_kembali", {"alasan": "Audit"}),
        ("pengaduan:lacak_selesai", {}),
        ("pengaduan:lacak_nilai", {"nilai": "4", "komentar": "Audit"}),
    ):
        sebelum = potret()
        resp = client.post(reverse(nama, args=[nomor]), payload)
        if resp.status_code != 404 or potret() != sebelum:
            gagal.append(f"{nama}: {resp.status_code}")
        if bocoran(resp.content.decode(), _pelapor()):
            gagal.append(f"{nama}: shows the reporter")
    for nama in ("pengaduan:lacak_detail", "pengaduan:tanda_terima"):
        resp = client.get(reverse(nama, args=[nomor]))
        if resp.status_code != 404 or data.pengaduan.judul in resp.content.decode():
            gagal.append(f"{nama}: {resp.status_code}")
    assert not gagal, "\n".join(gagal)


def test_insiders_cannot_point_their_actions_at_another_offices_rows(client, data):
    """Ids in a POST are data too: a panti, peksos, officer or ticket of office B is
    refused; the same POST naming office A's own row goes through (self-check)."""
    lain = data.lain
    panti_b = Panti.objects.create(instansi=lain, nama="Panti Kota Depok", jenis="panti")
    peksos_b = make_user("peksos-b", instansi=lain, peran=Peran.PEKERJA_SOSIAL)
    aduan = {"jenis": "pengaduan", "judul": "Aduan lain", "uraian": "Aduan yang sama.", "nama": "W"}
    p_b, _ = ps.pengaduan_submit(
        kunci_klien="b", instansi=lain, isian=ps.IsianPengaduan(layanan=None, **aduan)
    )
    p_a, _ = ps.pengaduan_submit(
        kunci_klien="a", instansi=data.instansi, isian=ps.IsianPengaduan(layanan=None, **aduan)
    )
    a3 = data.a3
    cases = [
        # (persona, url, payload builder, field, office B's id, office A's id)
        (
            "bima",
            reverse("rujukan:aksi", args=[a3.pk, "panti-tujuan"]),
            _post_rujukan(a3),
            "panti",
            panti_b.pk,
            data.panti_a.pk,
        ),
        (
            "hasan",
            reverse("rujukan:aksi", args=[a3.pk, "tugaskan"]),
            _post_rujukan(a3),
            "peksos",
            peksos_b.pk,
            data.orang["bayu"].pk,
        ),
        (
            "hasan",
            reverse("lapangan:tugaskan", args=[a3.pk]),
            _post_lapangan,
            "peksos",
            peksos_b.pk,
            data.orang["bima"].pk,
        ),
        (
            "hasan",
            reverse("pengaduan:aksi", args=[data.pengaduan.pk, "disposisi"]),
            _post_pengaduan,
            "petugas",
            peksos_b.pk,
            data.orang["bayu"].pk,
        ),
        (
            "hasan",
            reverse("pengaduan:aksi", args=[p_a.pk, "duplikat"]),
            _post_pengaduan,
            "nomor_asli",
            p_b.nomor,
            data.pengaduan.nomor,
        ),
        (
            "bima",
            reverse("lapangan:asesmen", args=[a3.pk]),
            _post_lapangan,
            "panti_rekomendasi",
            panti_b.pk,
            data.panti_a.pk,
        ),
    ]
    gagal = []
    for sah in (False, True):
        for persona, url, payload, field_, id_b, id_a in cases:
            client.force_login(data.orang[persona])
            sebelum = potret()
            resp = client.post(url, {**payload(data), field_: id_a if sah else id_b})
            berubah = potret() != sebelum
            if sah and (resp.status_code != 302 or not berubah):
                gagal.append(f"POST {url} {field_}=office A's as {persona}: {resp.status_code}")
            if not sah and (resp.status_code < 400 or berubah):
                gagal.append(f"POST {url} {field_}=office B's as {persona}: {resp.status_code}")
    assert not gagal, "\n".join(gagal)
