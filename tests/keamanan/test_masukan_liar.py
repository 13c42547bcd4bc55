"""Hostile values at every URL parameter of every URL pattern and at every
public and staff form, as a citizen and as staff: never a 500, and a refused
request saves nothing (row counts and states unchanged). The counts of what was
sent are printed at the end of the run (tests/keamanan/conftest.py)."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.akses.peta import potret
from tests.keamanan.conftest import CATATAN
from tests.keamanan.masukan_liar import (
    KUNCI_QUERY,
    LIAR,
    Pengirim,
    contoh_sah,
    nilai_liar,
    payload_form,
    semua_pola,
)

pytestmark = pytest.mark.django_db

# One value of each kind for the sweep of every parameter (the exploration below draws the rest).
SAPUAN = ["²", "9" * 19, "' OR 1=1--<b>" + "A" * 300]
# django-otp's own device admin answered 500 for an unknown id on these two pages
# (TOTPDevice.objects.get unguarded); akun replaced that admin (see the test below).
OTP_ADMIN_500 = {"admin:otp_totp_totpdevice_config", "admin:otp_totp_totpdevice_qrcode"}
PERSONA = {"warga": None, "kabid": "hasan", "loket": "rina", "admin": "lestari"}
CONTOH = 50  # examples per persona in the exploration (a fixed budget: CI stays under 2 minutes)


def _pengirim(data, persona: str) -> Pengirim:
    client = Client(raise_request_exception=False)
    if PERSONA[persona]:
        user = data.orang[PERSONA[persona]]
        if persona == "admin":  # the office's Admin Instansi works in the admin
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        client.force_login(user)
    return Pengirim(client, persona, potret())


def _lapor(nama: str, p: Pengirim) -> None:
    CATATAN.append((nama, p.persona, dict(p.hitung)))
    assert not p.gagal, f"{len(p.gagal)} of {sum(p.hitung.values())}:\n" + "\n".join(p.gagal[:40])


@pytest.mark.parametrize("staf", [False, True], ids=["warga", "staf"])
def test_every_parameter_of_every_url_pattern_refuses_hostile_values_without_500(data, staf):
    """Each parameter of each pattern in turn takes each hostile value, the others
    valid; as a citizen, and as staff (the Kabid on the portal, the office's Admin
    Instansi in the admin)."""
    sah = contoh_sah(data)
    portal = _pengirim(data, "kabid" if staf else "warga")
    admin = _pengirim(data, "admin") if staf else portal
    for i, pola in enumerate(semua_pola()):
        di_admin = pola.nama.startswith("admin:")
        p = admin if di_admin else portal
        # the admin's pages are heavy: one value each, "²" and an overflowing id in turn
        nilai_uji = [SAPUAN[i % 2]] if di_admin else SAPUAN
        if not pola.param:
            for nilai in nilai_uji:
                p.kirim("GET", pola.url({}), query={"layanan": nilai, "halaman": nilai})
            continue
        dasar = {nama: (sah.get(nama) or ["1"])[0] for nama in pola.param}
        for nama in pola.param:
            for nilai in nilai_uji:
                p.kirim("GET", pola.url({**dasar, nama: nilai}))
    _lapor("every URL parameter", portal)
    if admin is not portal:
        _lapor("every URL parameter (admin)", admin)


@pytest.mark.parametrize("persona", list(PERSONA))
def test_hostile_values_in_urls_queries_and_forms_never_give_500_nor_save(data, persona):
    sah = contoh_sah(data)
    forms = payload_form(data)
    pola_semua = list(semua_pola())
    # The forms first (public and staff), then every other pattern.
    pola_form = [pola for pola in pola_semua if pola.nama in forms]
    p = _pengirim(data, persona)

    @settings(
        max_examples=CONTOH,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def satu(draw):
        pola = draw.draw(st.one_of(st.sampled_from(pola_form), st.sampled_from(pola_semua)))
        nilai = {
            nama: draw.draw(st.one_of(*[st.sampled_from(sah.get(nama) or ["1"])] * 3, nilai_liar))
            for nama in pola.param
        }
        query = draw.draw(st.dictionaries(st.sampled_from(KUNCI_QUERY), nilai_liar, max_size=3))
        metode = draw.draw(st.sampled_from(["GET", "POST"]))
        form = None
        if metode == "POST":
            form = dict(forms.get(pola.nama, {}))
            kunci = sorted(form) + ["csrfmiddlewaretoken", "jejak", "x"]
            for k in draw.draw(st.lists(st.sampled_from(kunci), min_size=1, max_size=3)):
                form[k] = draw.draw(nilai_liar)
        p.kirim(metode, pola.url(nilai), query=query, form=form)

    satu()
    _lapor("hostile forms and queries", p)


def test_the_known_500s_of_the_probe_answer_4xx(data, client):
    """The requests the probe found answering 500."""
    p = _pengirim(data, "warga")
    # a preselection that is no id is ignored: the form opens without it
    resp = p.client.get("/pengaduan/baru/", {"layanan": "²", "instansi": data.instansi.slug})
    assert resp.status_code == 200 and resp.context["form"].initial.get("layanan") is None
    for url, query in [
        ("/pengaduan/baru/", {"instansi": "\x00"}),
        ("/pengaduan/lacak/%00/", None),
        ("/layanan/", {"instansi": "\x00"}),
    ]:
        assert 400 <= p.kirim("GET", url, query=query) < 500, url
    staf = _pengirim(data, "loket")
    status = staf.kirim("GET", f"/rujukan/baru/{data.layanan.pk}/", query={"klien": "²"})
    assert status == 404
    kabid = _pengirim(data, "kabid")
    for slug in ("jawab", "catatan"):
        url = f"/pengaduan/staf/{data.pengaduan.pk}/{slug}/"
        assert kabid.kirim("GET", url, query={"templat": "²"}) < 500
    assert not (p.gagal or staf.gagal or kabid.gagal)
    for nilai in LIAR[:6]:
        assert p.kirim("POST", "/pengaduan/lacak/", form={"nomor": nilai, "kode": nilai}) < 500


def test_the_totp_device_admin_answers_4xx_for_an_unknown_id(data):
    """The second-factor devices' admin (akun's, replacing django-otp's own,
    whose config and QR pages answered 500) is in the sweep above; its pages
    that took an id answer below 500, and the two old pages are gone."""
    nama = {p.nama for p in semua_pola()}
    assert not OTP_ADMIN_500 & nama
    perangkat = [p for p in semua_pola() if "totpdevice" in p.nama and p.param]
    assert perangkat
    lestari = data.orang["lestari"]
    lestari.is_superuser = True  # the only one who may open that admin at all
    lestari.save(update_fields=["is_superuser"])
    try:
        admin = _pengirim(data, "admin")
        for pola in perangkat:
            admin.kirim("GET", pola.url(dict.fromkeys(pola.param, "9" * 19)))
    finally:
        lestari.is_superuser = False
        lestari.save(update_fields=["is_superuser"])
    assert not admin.gagal, admin.gagal
