"""Access sweep over the URL configuration (UU 27/2022 on personal data).

Every URL of the staff namespaces (rujukan, lapangan, pengaduan, staf) is
visited with kwargs filled from one realistic dataset of office A, built
through the apps' own services: a Banjarmasin case waiting for a panti (berkas
uploads, receipt and proposal letters, an assessment and an activity with
photos, a refused proposal with the panti's letter), a case of a second
standard waiting for the Koordinator's paraf, an anonymous complaint with a
photo, a reply template and a DTKS row.

- anonymous: sent to the login page (or 403/404), never 200/500;
- the Kabid of another instansi: 403/404, or a list of his own office that
  shows nothing of office A; POSTs change nothing;
- the panti user: only the panti pages of her own panti;
- roles without the permission: refused, or the page hides the data;
- the public pages (catalog, standard and its PDF, tracking) show no NIK, KK,
  phone or address of the klien, and nothing of an anonymous reporter.

Self-checks keep the sweep honest: each staff URL gets a 200 for an insider
with the same kwargs, and the sweep must visit a minimum number of URLs.
A new staff URL without an entry in PETA fails the first test.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from layanan.models import SubLayanan
from tests.akses.data import (
    KLIEN_NAMA,
    MIN_URL_DIKUNJUNGI,
    PELAPOR_NAMA,
)
from tests.akses.peta import (
    PETA,
    _pelapor,
    _post_lapangan,
    _post_pengaduan,
    _post_rujukan,
    bocoran,
    isi_respons,
    potret,
    semua_sasaran,
    teks_respons,
    url_staf,
)

pytestmark = pytest.mark.django_db


# -- the map covers the URL configuration ----------------------------------------------------------
def test_every_staff_url_has_an_entry_in_the_sweep_map():
    urls = url_staf()
    tanpa_peta = sorted(set(urls) - set(PETA))
    assert not tanpa_peta, (
        "Staff URLs without an entry in tests/akses/peta.py PETA (add one, with kwargs from the "
        f"dataset and the insider who may open it): {[f'{n} {urls[n]}' for n in tanpa_peta]}"
    )
    usang = sorted(set(PETA) - set(urls))
    assert not usang, f"PETA names URLs that no longer exist: {usang}"
    assert len(urls) >= 30, sorted(urls)


def test_insiders_open_every_staff_url_of_the_sweep(client, data):
    """Self-check: the dataset gives every staff URL a page an insider can open,
    so the refusals below are refusals of real pages."""
    dibuka, gagal = set(), []
    for s in semua_sasaran(data):
        if s.dalam is None:
            continue
        client.force_login(data.orang[s.dalam])
        resp = client.get(s.url)
        body = isi_respons(resp)
        if s.hanya_post and resp.status_code == 405:
            dibuka.add(s.nama)
        elif resp.status_code != 200 or not body:
            gagal.append(f"{s} as {s.dalam}: {resp.status_code}")
        else:
            dibuka.add(s.nama)
    assert not gagal, "\n".join(gagal)
    assert dibuka == set(url_staf()), sorted(set(url_staf()) - dibuka)


def _sweep_get(client, data, user, periksa) -> tuple[int, list[str]]:
    if user is None:
        client.logout()
    else:
        client.force_login(user)
    n, gagal = 0, []
    for s in semua_sasaran(data):
        resp = client.get(s.url)
        n += 1
        masalah = periksa(s, resp)
        if masalah:
            gagal.append(f"{s}: {resp.status_code} {masalah}")
    return n, gagal


def test_anonymous_visitors_are_sent_to_the_login_page(client, data):
    login = resolve_url(settings.LOGIN_URL)

    def periksa(s, resp):
        if resp.status_code == 302:
            return "" if resp["Location"].startswith(login) else f"→ {resp['Location']}"
        return "" if resp.status_code in (403, 404) else "expected login redirect/403/404"

    n, gagal = _sweep_get(client, data, None, periksa)
    assert not gagal, "\n".join(gagal)
    assert n >= MIN_URL_DIKUNJUNGI, n


def test_kabid_of_another_instansi_sees_nothing_of_office_a(client, data):
    penanda = data.penanda_kantor_a()

    def periksa(s, resp):
        if resp.status_code in (403, 404):
            return ""
        if resp.status_code == 405 and (s.hanya_post or not s.aksi):
            return ""
        if resp.status_code == 200 and s.daftar:
            bocor = bocoran(teks_respons(resp), penanda)
            return f"shows office A's {bocor}" if bocor else ""
        return "expected 403/404"

    n, gagal = _sweep_get(client, data, data.orang["joko"], periksa)
    assert not gagal, "\n".join(gagal)
    assert n >= MIN_URL_DIKUNJUNGI, n


def test_kabid_of_another_instansi_finds_nothing_by_office_a_identifiers(client, data):
    """Search boxes of his own lists, fed office A's NIK, name and numbers."""
    client.force_login(data.orang["joko"])
    penanda = data.penanda_kantor_a()
    gagal = []
    # the case list and the DTKS lookup take their term by POST (a `q` in the URL is ignored)
    for url, kolom in (
        (reverse("rujukan:daftar") + "?tampilan=semua&q=", ""),
        (reverse("pengaduan:daftar") + "?selesai=on&q=", ""),
        (reverse("rujukan:daftar") + "?tampilan=semua", "q"),
        (reverse("lapangan:cari_dtks"), "nik"),
    ):
        for nilai in (data.nik, KLIEN_NAMA, data.a1.nomor_registrasi, data.pengaduan.nomor):
            if kolom:
                resp = client.post(url, {kolom: nilai}, follow=True)
            else:
                resp = client.get(url + nilai)
            if resp.status_code == 200:
                bocor = bocoran(teks_respons(resp).replace(f'value="{nilai}"', ""), penanda)
                if bocor:
                    gagal.append(f"{url} {kolom}={nilai}: shows {bocor}")
            elif resp.status_code not in (400, 403, 404):
                gagal.append(f"{url} {kolom}={nilai}: {resp.status_code}")
    # the intake page of office B's front desk, prefilled with office A's klien or
    # searching her NIK/name
    client.force_login(data.orang["sari"])
    sub = SubLayanan.objects.filter(layanan__instansi=data.lain).first()
    intake = reverse("rujukan:registrasi_sub", args=[sub.layanan_id, sub.pk])
    assert client.get(intake).status_code == 200
    resp = client.get(f"{intake}?klien={data.a1.klien_id}")
    if resp.status_code not in (200, 400, 404) or bocoran(teks_respons(resp), penanda):
        gagal.append(f"{intake}?klien=: {resp.status_code} {bocoran(teks_respons(resp), penanda)}")
    for nilai in (data.nik, KLIEN_NAMA):  # the returning-klien lookup is posted
        resp = client.post(intake, {"cari": nilai}, follow=True)
        teks = teks_respons(resp).replace(f'value="{nilai}"', "")
        if resp.status_code not in (200, 400, 404) or bocoran(teks, penanda):
            gagal.append(f"{intake} cari={nilai}: {resp.status_code} {bocoran(teks, penanda)}")
    assert not gagal, "\n".join(gagal)


def test_panti_user_opens_only_the_pages_of_her_own_panti(client, data):
    def periksa(s, resp):
        if s.panti:
            if resp.status_code == 200:
                return ""
            if resp.status_code == 302 and resp["Location"] == reverse(
                "rujukan:panti_detail", args=[data.pengajuan_b.pk]
            ):
                return ""
            return "her panti's page should open"
        if resp.status_code in (403, 404):
            return ""
        if resp.status_code == 405 and (s.hanya_post or not s.aksi):
            return ""
        return "expected 403/404"

    n, gagal = _sweep_get(client, data, data.orang["maria"], periksa)
    assert not gagal, "\n".join(gagal)
    assert n >= MIN_URL_DIKUNJUNGI, n
    # her panti page shows the proposal, not the other panti's refusal letter or contact
    client.force_login(data.orang["maria"])
    html = client.get(reverse("rujukan:panti_detail", args=[data.pengajuan_b.pk])).content.decode()
    assert KLIEN_NAMA in html
    assert "Kapasitas penuh" not in html and "Ibu Rahma" not in html
    # only what the panti needs to decide: no identity numbers, phone or address
    assert bocoran(html, data.rahasia) == []


PERAN_TANPA_IZIN = [
    # (persona, url name, kwargs builder, what they lack)
    ("rina", "rujukan:aksi", lambda d: {"pk": d.a2.pk, "kode": "setujui"}, "approval"),
    ("bima", "rujukan:aksi", lambda d: {"pk": d.a2.pk, "kode": "setujui"}, "approval"),
    ("yusuf", "rujukan:aksi", lambda d: {"pk": d.a2.pk, "kode": "setujui"}, "not his chain step"),
    ("bima", "rujukan:baru", lambda d: {}, "intake"),
    ("bima", "rujukan:registrasi", lambda d: {"layanan": d.layanan.pk}, "intake"),
    ("dewi", "rujukan:registrasi", lambda d: {"layanan": d.layanan.pk}, "intake"),
    ("lestari", "rujukan:detail", lambda d: {"pk": d.a1.pk}, "case pages"),
    ("lestari", "rujukan:daftar", lambda d: {}, "case pages"),
    ("lestari", "rujukan:unduh_berkas", lambda d: {"pk": d.a1.pk, "item": 0}, "case files"),
    ("lestari", "pengaduan:detail", lambda d: {"pk": d.pengaduan.pk}, "complaints"),
    ("rina", "rujukan:panti_daftar", lambda d: {}, "panti login"),
    ("rina", "lapangan:kasus", lambda d: {"pk": d.a1.pk}, "not assigned, not supervisor"),
    ("bayu", "lapangan:kasus", lambda d: {"pk": d.a1.pk}, "another peksos's case"),
    ("yusuf", "lapangan:kasus", lambda d: {"pk": d.a1.pk}, "not a field supervisor"),
    ("bayu", "lapangan:dokumentasi", lambda d: {"pk": d.a1.pk, "dok": d.dokumentasi.pk}, "photo"),
    ("rina", "lapangan:penugasan", lambda d: {}, "assignment"),
    ("bima", "lapangan:tugaskan", lambda d: {"pk": d.a1.pk}, "assignment"),
    ("maria", "lapangan:cari_dtks", lambda d: {}, "DTKS"),
    ("lestari", "lapangan:periksa_dtks", lambda d: {"pk": d.a1.pk}, "file check"),
    ("bayu", "pengaduan:detail", lambda d: {"pk": d.pengaduan.pk}, "not disposed to him"),
    ("bayu", "pengaduan:lampiran", lambda d: {"pk": d.lampiran.pk}, "not disposed to him"),
    ("bima", "pengaduan:templat_daftar", lambda d: {}, "templates"),
    ("rina", "pengaduan:templat_ubah", lambda d: {"pk": d.templat.pk}, "templates"),
    ("yusuf", "pengaduan:catat", lambda d: {}, "intake of complaints"),
    ("andi", "rujukan:detail", lambda d: {"pk": d.online.pk}, "case pages (even his own)"),
    ("andi", "rujukan:daftar", lambda d: {}, "case pages"),
    ("andi", "rujukan:baru", lambda d: {}, "front-desk intake"),
    ("andi", "rujukan:unduh_dokumen", lambda d: {"pk": d.a1.pk, "dokumen": 0}, "case files"),
    ("andi", "pengaduan:daftar", lambda d: {}, "complaints"),
    ("rina", "rujukan:online", lambda d: {}, "kelurahan operator's page"),
    ("rina", "rujukan:online_formulir", lambda d: {"layanan": d.layanan.pk}, "online form"),
]


def test_roles_without_the_permission_are_refused(client, data):
    data.a1.berkas.exclude(berkas="").first()
    item = data.a1.berkas.exclude(berkas="").order_by("pk").first()
    gagal = []
    for persona, nama, kwargs, alasan in PERAN_TANPA_IZIN:
        kw = kwargs(data)
        if "item" in kw:
            kw["item"] = item.pk
        client.force_login(data.orang[persona])
        url = reverse(nama, kwargs=kw)
        resp = client.get(url)
        if resp.status_code not in (403, 404, 409):
            gagal.append(f"GET {url} as {persona} ({alasan}): {resp.status_code}")
    assert not gagal, "\n".join(gagal)


def test_handler_without_identity_permission_sees_the_complaint_but_not_the_reporter(client, data):
    """The peksos the anonymous complaint was disposed to: the page opens, the reporter does not."""
    client.force_login(data.orang["bima"])
    resp = client.get(reverse("pengaduan:detail", args=[data.pengaduan.pk]))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert data.pengaduan.judul in html
    assert bocoran(html, _pelapor()) == []
    resp = client.get(reverse("pengaduan:lampiran", args=[data.lampiran.pk]))
    assert resp.status_code == 200
    assert "ratna" not in resp["Content-Disposition"].lower()
    # the Kabid, who may see identities, does see the reporter (the check above can fail)
    client.force_login(data.orang["hasan"])
    html = client.get(reverse("pengaduan:detail", args=[data.pengaduan.pk])).content.decode()
    assert PELAPOR_NAMA in html


# -- POSTs change nothing ------------------------------------------------------------------------
def _sweep_post(client, data, persona: str) -> tuple[int, list[str]]:
    client.force_login(data.orang[persona])
    n, gagal = 0, []
    for s in semua_sasaran(data):
        if not s.aksi:
            continue
        sebelum = potret()
        payload = s.post(data) if s.post else {}
        resp = client.post(s.url, payload)
        n += 1
        sesudah = potret()
        boleh = (403, 404, 400) if s.nama == "pengaduan:catat" else (403, 404)
        if resp.status_code not in boleh:
            gagal.append(f"POST {s} as {persona}: {resp.status_code}")
        if sesudah != sebelum:
            beda = {k: (sebelum[k], sesudah[k]) for k in sebelum if sebelum[k] != sesudah[k]}
            gagal.append(f"POST {s} as {persona} changed {beda}")
    return n, gagal


def test_posts_of_the_kabid_of_another_instansi_change_nothing(client, data):
    n, gagal = _sweep_post(client, data, "joko")
    assert not gagal, "\n".join(gagal)
    assert n >= 40, n


def test_posts_of_the_panti_user_to_staff_actions_change_nothing(client, data):
    client.force_login(data.orang["maria"])
    gagal = []
    for s in semua_sasaran(data):
        if not s.aksi or s.panti:
            continue
        sebelum = potret()
        resp = client.post(s.url, s.post(data) if s.post else {})
        if resp.status_code not in (403, 404):
            gagal.append(f"POST {s}: {resp.status_code}")
        if potret() != sebelum:
            gagal.append(f"POST {s} changed data")
    assert not gagal, "\n".join(gagal)


def test_the_same_posts_work_for_insiders(client, data):
    """Self-check of the POST payloads: sent by the right insider they do act."""
    cases = [
        ("hasan", reverse("pengaduan:aksi", args=[data.pengaduan.pk, "catatan"]), _post_pengaduan),
        ("hasan", reverse("lapangan:tugaskan", args=[data.a1.pk]), _post_lapangan),
        ("lestari", reverse("pengaduan:templat_ubah", args=[data.templat.pk]), _post_pengaduan),
        ("dewi", reverse("rujukan:aksi", args=[data.a2.pk, "setujui"]), _post_rujukan(data.a2)),
        ("hasan", reverse("rujukan:aksi", args=[data.a2.pk, "jeda"]), _post_rujukan(data.a2)),
        ("rina", reverse("rujukan:aksi", args=[data.a1.pk, "tarik"]), _post_rujukan(data.a1)),
    ]
    gagal = []
    for persona, url, payload in cases:
        client.force_login(data.orang[persona])
        sebelum = potret()
        resp = client.post(url, payload(data))
        if resp.status_code != 302 or potret() == sebelum:
            gagal.append(f"POST {url} as {persona}: {resp.status_code}")
    assert not gagal, "\n".join(gagal)


def test_outsider_posts_with_roles_lacking_the_permission_change_nothing(client, data):
    cases = [
        ("rina", reverse("rujukan:aksi", args=[data.a2.pk, "setujui"]), _post_rujukan(data.a2)),
        ("lestari", reverse("rujukan:aksi", args=[data.a1.pk, "batalkan"]), _post_rujukan(data.a1)),
        ("bayu", reverse("lapangan:kegiatan", args=[data.a1.pk]), _post_lapangan),
        ("bima", reverse("lapangan:tugaskan", args=[data.a1.pk]), _post_lapangan),
        ("bima", reverse("pengaduan:templat_ubah", args=[data.templat.pk]), _post_pengaduan),
        ("bayu", reverse("pengaduan:aksi", args=[data.pengaduan.pk, "catatan"]), _post_pengaduan),
        (
            "maria",
            reverse("rujukan:panti_detail", args=[data.pengajuan_a.pk]),
            _post_rujukan(data.a1),
        ),
    ]
    gagal = []
    for persona, url, payload in cases:
        client.force_login(data.orang[persona])
        sebelum = potret()
        resp = client.post(url, payload(data))
        if resp.status_code not in (403, 404) or potret() != sebelum:
            gagal.append(f"POST {url} as {persona}: {resp.status_code}")
    assert not gagal, "\n".join(gagal)


# -- public pages ----------------------------------------------------------------------------------
