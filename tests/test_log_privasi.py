"""No personal data in logs, nor in the URLs that access logs record (UU 27/2022).

The main journeys run through the services and the pages with every logger
at DEBUG (django.request and django.server included, although the latter does
not propagate to the root logger); no record may carry a NIK, KK number,
phone number, e-mail address or name of a klien, pemohon or reporter in its
message, its arguments or its traceback.

A search by NIK must not put the NIK into the request line: proxies, the
application server's access log and the browser history keep every URL.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import smtplib
from html import unescape
from urllib.parse import urlencode

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from lapangan import services as ls
from pengaduan import services as ps
from rujukan import services as rs
from rujukan.models import Status
from tests.akses.data import (
    KLIEN_ALAMAT,
    KLIEN_NAMA,
    PELAPOR_EMAIL,
    PELAPOR_NAMA,
    PELAPOR_TELEPON,
    PEMOHON_NAMA,
    PEMOHON_TELEPON,
    Data,
    bangun_data,
    digits,
)
from tests.akses.peta import isi_respons
from tests.berkas_palsu import jpeg
from tests.rujukan.views_helpers import data_intake

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


@pytest.fixture
def log_semua(caplog):
    """Every logger at DEBUG (unless the settings hold it higher), and the records
    of loggers that do not propagate."""
    from django.conf import settings

    # Loggers the settings deliberately hold above DEBUG stay there (e.g.
    # django.template, which at DEBUG writes whole template contexts).
    ditahan = set(settings.LOGGING.get("loggers", {}))
    caplog.set_level(logging.DEBUG)
    tambahan = []
    for name in ["django", "django.request", "django.server", "django.security"] + list(
        logging.root.manager.loggerDict
    ):
        logger = logging.getLogger(name)
        if name not in ditahan:
            caplog.set_level(logging.DEBUG, logger=name)
        if not logger.propagate and caplog.handler not in logger.handlers:
            logger.addHandler(caplog.handler)
            tambahan.append(logger)
    yield caplog
    for logger in tambahan:
        logger.removeHandler(caplog.handler)


def teks_catatan(record: logging.LogRecord) -> str:
    """What a log handler can write: the message, its arguments and any traceback."""
    bagian = [record.getMessage(), repr(record.args)]
    if record.exc_info:
        bagian.append(logging.Formatter().formatException(record.exc_info))
    if record.exc_text:
        bagian.append(record.exc_text)
    return "\n".join(bagian)


def data_pribadi(d: Data) -> dict[str, str]:
    return {
        "NIK klien": d.nik,
        "KK klien": d.no_kk,
        "nama klien": KLIEN_NAMA,
        "alamat klien": KLIEN_ALAMAT,
        "nama pemohon": PEMOHON_NAMA,
        "telepon pemohon": PEMOHON_TELEPON,
        "telepon pemohon (angka)": digits(PEMOHON_TELEPON),
        "nama pelapor": PELAPOR_NAMA,
        "telepon pelapor": PELAPOR_TELEPON,
        "telepon pelapor (angka)": digits(PELAPOR_TELEPON),
        "email pelapor": PELAPOR_EMAIL,
    }


# Loggers whose records are not checked (none: every logger is).
LOGGER_DIKECUALIKAN: set[str] = set()


def bocor_di_log(caplog, rahasia: dict[str, str]) -> list[str]:
    out = []
    for record in caplog.records:
        if record.name in LOGGER_DIKECUALIKAN:
            continue
        teks = teks_catatan(record)
        for label, nilai in rahasia.items():
            if nilai and nilai in teks:
                i = teks.index(nilai)
                sekitar = teks[max(0, i - 200) : i + 100]
                out.append(f"{label} in {record.name} {record.levelname}: …{sekitar!r}…")
    return out


def _sampai_selesai(d: Data, django_capture_on_commit_callbacks):
    """The rest of the Banjarmasin journey, the second standard's approvals,
    and the complaint answered."""
    o = d.orang
    r = rs.rujukan_panti_answer(
        rujukan=d.a1, by=o["maria"], diterima=True, tanggal=dt.date.today(), narahubung="Maria"
    )
    assert r.status == Status.PENYUSUNAN
    rs.rujukan_submit_for_approval(rujukan=r, by=o["bima"])
    r = rs.rujukan_approve(rujukan=r, by=o["yusuf"])
    r = rs.rujukan_deliver_to_panti(rujukan=r, by=o["rina"], diantar_oleh="dinas")
    r = rs.rujukan_close(rujukan=r, by=o["rina"])
    assert r.status == Status.SELESAI
    a2 = rs.rujukan_approve(rujukan=d.a2, by=o["dewi"])
    a2 = rs.rujukan_approve(rujukan=a2, by=o["yusuf"])
    assert a2.status == Status.PRODUK_TERBIT
    ls.lapangan_save_assessment(
        rujukan=d.a3,
        by=o["bima"],
        data=ls.DataAsesmen(
            kesimpulan_layak=False,
            alasan="Klien masih dirawat anaknya.",
            instrumen={"situasi_keluarga": "Anak tinggal serumah."},
        ),
        foto=[jpeg()],
    )
    with django_capture_on_commit_callbacks(execute=True):
        ps.pengaduan_answer(pengaduan=d.pengaduan, by=o["bima"], isi="Petugas sudah ditegur.")


def test_case_and_complaint_journeys_leave_no_personal_data_in_logs(
    client, log_semua, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        d = bangun_data()
    _sampai_selesai(d, django_capture_on_commit_callbacks)
    o = d.orang
    # pages: lists and searches, the case, downloads, refusals (4xx are logged by django.request)
    client.force_login(o["rina"])
    for url in (
        reverse("rujukan:daftar") + "?tampilan=semua",
        reverse("rujukan:detail", args=[d.a1.pk]),
        reverse("pengaduan:detail", args=[d.pengaduan.pk]),
    ):
        assert client.get(url).status_code == 200, url
    # the searches post their term (the case list and the intake keep it in the session)
    daftar = reverse("rujukan:daftar") + "?tampilan=semua"
    intake = reverse("rujukan:registrasi", args=[d.layanan.pk])
    for url, field, nilai, status in (
        (daftar, "q", d.nik, 200),
        (daftar, "q", KLIEN_NAMA, 200),
        (daftar, "q", d.nik * 7, 400),  # too long
        (intake, "cari", d.nik, 200),
        (intake, "cari", KLIEN_NAMA, 200),
        (reverse("lapangan:cari_dtks"), "nik", d.nik, 200),
        (reverse("lapangan:cari_dtks"), "nik", d.nik[:-1], 400),  # a NIK has 16 digits
    ):
        assert client.post(url, {field: nilai}, follow=True).status_code == status, (url, nilai)
    for dok in d.a1.dokumen.all():
        assert (
            client.get(reverse("rujukan:unduh_dokumen", args=[d.a1.pk, dok.pk])).status_code == 200
        )
    layanan = d.layanan
    bad = data_intake(
        nama=KLIEN_NAMA, nik=d.nik[:6] + "999999" + d.nik[12:], pemohon_telepon=PEMOHON_TELEPON
    )
    assert client.post(reverse("rujukan:registrasi", args=[layanan.pk]), bad).status_code == 400
    client.force_login(o["joko"])
    assert client.get(reverse("rujukan:detail", args=[d.a1.pk])).status_code == 404
    client.force_login(o["lestari"])
    assert client.get(reverse("rujukan:detail", args=[d.a1.pk])).status_code == 403
    # the citizen: a complaint with a wrong phone number (400), then a good one, then tracking
    client.logout()
    isian = {
        "jenis": "pengaduan",
        "instansi": d.instansi.slug,
        "judul": "Bantuan belum cair",
        "uraian": "Sudah tiga bulan bantuan untuk nenek kami belum diterima.",
        "nama": PELAPOR_NAMA,
        "telepon": "12",
        "email": PELAPOR_EMAIL,
    }
    assert client.post(reverse("pengaduan:baru"), isian).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(reverse("pengaduan:baru"), {**isian, "telepon": PELAPOR_TELEPON})
    assert resp.status_code == 302
    salah = {"nomor": d.pengaduan.nomor, "kode": "SALAH1234567"}
    assert client.post(reverse("pengaduan:lacak"), salah).status_code == 404
    lacak = {"nomor": d.a1.nomor_registrasi, "kode": "SALAH1234567"}
    assert client.post(reverse("rujukan:lacak"), lacak).status_code == 404

    # the capture works: the refusals above reached django.request
    permintaan = [r for r in log_semua.records if r.name == "django.request"]
    assert len(permintaan) >= 5, [r.getMessage() for r in permintaan]
    assert bocor_di_log(log_semua, data_pribadi(d)) == []
    # and the check finds a leak where there is one, also in django.server (not propagating)
    logging.getLogger("django.server").info('"GET /rujukan/?q=%s HTTP/1.1" 200 5120', d.nik)
    assert [b.split(":")[0] for b in bocor_di_log(log_semua, data_pribadi(d))] == [
        "NIK klien in django.server INFO"
    ]


# -- search by NIK and the request line --------------------------------------------------------
def _form_dengan(html: str, field: str) -> tuple[str, str]:
    """(method, action) of the form holding the input `field`."""
    for attrs, isi in re.findall(r"<form\b([^>]*)>(.*?)</form>", html, flags=re.S | re.I):
        if re.search(rf'name="{re.escape(field)}"', isi):
            method = re.search(r'method="(\w+)"', attrs, flags=re.I)
            action = re.search(r'action="([^"]*)"', attrs)
            return (
                (method.group(1).lower() if method else "get"),
                unescape(action.group(1)) if action else "",
            )
    raise AssertionError(f"no form with the field {field!r}")


def _cari_seperti_peramban(client, halaman: str, field: str, nilai: str, extra=None):
    """Submit the page's own search form as a browser does; return the final
    response and every request line the browser sent (what access logs keep)."""
    html = client.get(halaman).content.decode()
    method, action = _form_dengan(html, field)
    url = action or halaman
    data = {field: nilai, **(extra or {})}
    if method == "get":
        url = f"{url.split('?')[0]}?{urlencode(data)}"
        resp = client.get(url, follow=True)
        baris = [f"GET {url}"]
    else:
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if csrf:
            data["csrfmiddlewaretoken"] = csrf.group(1)
        resp = client.post(url, data, follow=True)
        baris = [f"POST {url}"]
    baris += [f"GET {u}" for u, _status in resp.redirect_chain]
    return resp, baris


def test_searching_by_nik_keeps_the_nik_out_of_every_request_line(client):
    d = bangun_data()
    client.force_login(d.orang["rina"])
    bocor, tidak_ketemu = [], []
    for halaman, field, tanda in (
        (reverse("rujukan:daftar") + "?tampilan=semua", "q", d.a1.nomor_registrasi),
        (reverse("rujukan:registrasi", args=[d.layanan.pk]), "cari", KLIEN_NAMA),
        (reverse("lapangan:cari_dtks"), "nik", "Mardiyah Salamuddin"),
    ):
        resp, baris = _cari_seperti_peramban(client, halaman, field, d.nik)
        if resp.status_code != 200 or tanda not in isi_respons(resp).decode():
            tidak_ketemu.append(f"{halaman} ({resp.status_code})")
        bocor += [b for b in baris if d.nik in b]
    assert not tidak_ketemu, f"the search should still find the klien: {tidak_ketemu}"
    assert not bocor, "request lines with the NIK:\n" + "\n".join(bocor)


class SmtpMenolak(BaseEmailBackend):
    """A mail server that refuses the recipient (infrastructure, not our code)."""

    def send_messages(self, email_messages):
        for m in email_messages:
            raise smtplib.SMTPRecipientsRefused(dict.fromkeys(m.to, (550, b"5.1.1 User unknown")))
        return 0


def test_a_refused_email_is_logged_without_the_reporters_address(
    settings, log_semua, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.test_log_privasi.SmtpMenolak"
    with django_capture_on_commit_callbacks(execute=True):
        d = bangun_data()
    # the outbox logs the refusal (the message's id and the error's type only)
    assert [r for r in log_semua.records if "SMTPRecipientsRefused" in r.getMessage()]
    assert bocor_di_log(log_semua, data_pribadi(d)) == []
