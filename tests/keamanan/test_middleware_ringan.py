"""The middleware stack made cheap for a request that does not need it (issue
13: a bare view through the stack at least 75 % of one without it) keeps every
header and rule: django-csp's policy built once per process still follows the
settings and a view's own policy, the message storage made on first use still
carries a message to the page that reads it, one language is still activated
and announced, and an anonymous request without a session reads none (no
query, no `Vary: Cookie`) while a logged-in one is still checked."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from csp.constants import NONCE, SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext

from config.urls import urlpatterns as portal
from layanan.keamanan import PERMISSIONS_POLICY

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def polos(request):
    return HttpResponse("ok")


def bahasa(request):
    return HttpResponse(f"{request.LANGUAGE_CODE} {translation.get_language()}")


@csp_replace({"img-src": ["https://peta.contoh"]})
def kebijakan_sendiri(request):
    return HttpResponse("ok")


def dengan_nonce(request):
    return HttpResponse(str(request.csp_nonce))


def tambah_pesan(request):
    messages.success(request, "Tersimpan.")
    return redirect("/_uji/polos/")


def baca_pesan(request):
    return HttpResponse(" | ".join(str(m) for m in messages.get_messages(request)))


def siapa(request):
    return HttpResponse(request.user.get_username() or "anonim")


urlpatterns = [
    path("_uji/polos/", polos),
    path("_uji/bahasa/", bahasa),
    path("_uji/kebijakan-sendiri/", kebijakan_sendiri),
    path("_uji/nonce/", dengan_nonce),
    path("_uji/tambah-pesan/", tambah_pesan),
    path("_uji/baca-pesan/", baca_pesan),
    path("_uji/siapa/", siapa),
    *portal,  # the login page and the account's pages the middleware sends to
]


def _csp(resp) -> dict[str, list[str]]:
    out = {}
    for bagian in resp["Content-Security-Policy"].split(";"):
        kata = bagian.split()
        if kata:
            out[kata[0]] = kata[1:]
    return out


def test_a_bare_anonymous_request_gets_every_header_and_reads_no_session(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        resp = client.get("/_uji/polos/")
    assert resp.status_code == 200
    kebijakan = _csp(resp)
    assert kebijakan["default-src"] == ["'self'"] and kebijakan["script-src"] == ["'self'"]
    assert kebijakan["frame-ancestors"] == ["'none'"] and kebijakan["object-src"] == ["'none'"]
    assert resp["X-Frame-Options"] == "DENY"
    assert resp["Cache-Control"] == "private, no-store"
    assert resp["Permissions-Policy"] == PERMISSIONS_POLICY
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert resp["Referrer-Policy"] == "same-origin"
    assert resp["Content-Language"] == "id"
    assert resp["Vary"] == "Accept-Language"  # no Cookie: nothing here depends on one
    assert not resp.cookies


def test_the_policy_follows_changed_settings(client, settings):
    assert "https://cdn.contoh" not in client.get("/_uji/polos/")["Content-Security-Policy"]
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]}
        | {"img-src": ["'self'", "https://cdn.contoh"]}
    }
    assert _csp(client.get("/_uji/polos/"))["img-src"] == ["'self'", "https://cdn.contoh"]
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    resp = client.get("/_uji/polos/")
    assert "default-src 'none'" in resp["Content-Security-Policy-Report-Only"]


def test_a_view_with_its_own_policy_or_a_nonce_gets_it(client, settings):
    resp = client.get("/_uji/kebijakan-sendiri/")
    assert _csp(resp)["img-src"] == ["https://peta.contoh"]
    assert _csp(resp)["script-src"] == ["'self'"]
    # the next bare page has the settings' policy again
    assert _csp(client.get("/_uji/polos/"))["img-src"] == ["'self'", "data:"]
    # a policy that names a nonce: the page that used one gets it, a page that did not has none
    arahan = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": arahan | {"script-src": [SELF, NONCE]}}
    resp = client.get("/_uji/nonce/")
    assert _csp(resp)["script-src"] == ["'self'", f"'nonce-{resp.content.decode()}'"]
    assert _csp(client.get("/_uji/polos/"))["script-src"] == ["'self'"]


def test_a_message_waits_through_pages_that_do_not_read_it(client):
    resp = client.get("/_uji/tambah-pesan/")
    assert resp.status_code == 302 and "messages" in resp.cookies
    assert client.get("/_uji/polos/").status_code == 200  # reads no message, stores nothing
    assert client.get("/_uji/baca-pesan/").content.decode() == "Tersimpan."
    assert client.get("/_uji/baca-pesan/").content.decode() == ""  # read once, gone


def test_one_language_whatever_the_browser_asks(client):
    with translation.override("en"):
        pass  # another language activated and left in this thread meanwhile
    resp = client.get("/_uji/bahasa/", headers={"accept-language": "en-US,en;q=0.9"})
    assert resp.content.decode() == "id id"
    assert resp["Content-Language"] == "id" and "Accept-Language" in resp["Vary"]
    assert gettext("Alamat halaman tidak sah.") == "Alamat halaman tidak sah."


def test_a_logged_in_request_is_still_checked_and_varies_by_cookie(client, personas):
    with time_machine.travel(timezone.now(), tick=False) as waktu:
        client.force_login(personas.peksos)
        resp = client.get("/_uji/siapa/")
        assert resp.content.decode() == personas.peksos.get_username()
        assert "Cookie" in resp["Vary"]
        waktu.shift(dt.timedelta(minutes=31))  # an idle session still ends (akun.middleware)
        resp = client.get("/_uji/siapa/")
        assert resp.status_code == 302 and resp["Location"].startswith("/masuk/")
        assert client.get("/_uji/siapa/").content.decode() == "anonim"
