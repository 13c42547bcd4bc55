"""Nothing secret in the session table (issue 10, item 5).

Database sessions are only signed: a copy of `django_session` is read with
base64 and zlib alone. After the journeys that put a secret in a session —
a citizen filing and tracking a complaint, the front desk logging one by phone,
a case intake whose code is shown once, searches by NIK — no session row holds
a tracking code, a case code or the NIK, neither decoded by Django nor by hand."""

from __future__ import annotations

import base64
import json
import re
import zlib

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from layanan import sesi
from pengaduan.views import SESSION_KODE
from pengaduan.views_staf import SESI_KODE as SESI_KODE_STAF
from rujukan.models import Rujukan
from rujukan.views.daftar import SESI_CARI
from rujukan.views.intake import SESI_KODE as SESI_KODE_RUJUKAN
from tests.akses.data import Data, bangun_data
from tests.akses.peta import _post_catat
from tests.berkas_palsu import mp4, pdf, png
from tests.rujukan.views_helpers import data_intake, url_registrasi

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(db, settings, tmp_path) -> Data:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    return bangun_data()


def _dibaca_penyerang(session_data: str) -> str:
    """What base64 and zlib alone make of a session row (no key needed)."""
    isi = session_data.split(":", 1)[0]
    mampat = isi.startswith(".")
    raw = base64.urlsafe_b64decode(isi.lstrip(".") + "=" * (-len(isi.lstrip(".")) % 4))
    return (zlib.decompress(raw) if mampat else raw).decode("utf-8", "replace")


def _isi_sesi() -> list[tuple[str, dict, str]]:
    """(raw row, decoded by Django, decoded by hand) of every session row."""
    return [
        (s.session_data, s.get_decoded(), _dibaca_penyerang(s.session_data))
        for s in Session.objects.all()
    ]


def _bocoran(rahasia: dict[str, str]) -> list[str]:
    out = []
    for raw, decoded, manual in _isi_sesi():
        teks = {"raw": raw, "decoded": json.dumps(decoded), "by hand": manual}
        for label, nilai in rahasia.items():
            varian = {nilai, nilai.replace("-", ""), sesi_kode_tampil(nilai)}
            for cara, t in teks.items():
                if any(v and v.upper() in t.upper() for v in varian):
                    out.append(f"{label} ({cara})")
    return out


def sesi_kode_tampil(kode: str) -> str:
    polos = kode.replace("-", "")
    return "-".join(polos[i : i + 4] for i in range(0, len(polos), 4))


def _kunci_sesi() -> set[str]:
    return {k for _, decoded, _ in _isi_sesi() for k in decoded}


def _berkas_lengkap(layanan) -> dict:
    files = {}
    for p in layanan.persyaratan.all():
        if p.jenis == "dokumen":
            files[f"berkas_{p.pk}"] = (
                mp4() if "Video" in p.teks else png() if "Foto" in p.teks else pdf()
            )
        elif p.jenis == "fakta":
            files[f"ada_{p.pk}"] = "on"
    return files


def _kode_di(html: str, pola: str) -> str:
    m = re.search(pola, html)
    assert m, f"no code on the page ({pola})"
    return m.group(1)


def test_no_code_or_nik_in_the_session_table_after_the_journeys(data):
    rahasia: dict[str, str] = {
        "NIK of the klien": data.nik,
        "case code of A1": data.kode_lacak,
        "complaint code": data.kode_pengaduan,
    }

    # A citizen files a complaint: her code sits in her session until the receipt shows it.
    warga = Client()
    resp = warga.post(
        reverse("pengaduan:baru"),
        {
            "jenis": "pengaduan",
            "instansi": data.instansi.slug,
            "layanan": "",
            "judul": "Bantuan lansia belum cair",
            "uraian": "Nenek saya sudah tiga bulan tidak menerima bantuan.",
            "harapan": "Mohon dicek.",
            "nama": "Siti Rahmawati",
            "telepon": "0812-3456-7890",
            "email": "",
            "situs_web": "",
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:300]
    assert SESSION_KODE in _kunci_sesi()  # the secret is in the session …
    terima = warga.get(resp["Location"]).content.decode()
    rahasia["citizen's complaint code"] = _kode_di(terima, r'id="kode-pelacakan">([A-Z0-9-]+)<')
    assert not _bocoran(rahasia), _bocoran(rahasia)  # … but not readable there
    nomor = _kode_di(terima, r'id="nomor-tiket">([A-Z0-9-]+)<')
    # … and she tracks it (and the anonymous complaint of the dataset) with the code
    tiket = [(nomor, rahasia["citizen's complaint code"])]
    for n, k in [*tiket, (data.pengaduan.nomor, data.kode_pengaduan)]:
        resp = warga.post(reverse("pengaduan:lacak"), {"nomor": n, "kode": k})
        assert resp.status_code == 302
        assert warga.get(resp["Location"]).status_code == 200

    # The pemohon tracks the case with its code.
    pemohon = Client()
    resp = pemohon.post(
        reverse("rujukan:lacak"), {"nomor": data.a1.nomor_registrasi, "kode": data.kode_lacak}
    )
    assert resp.status_code == 200 and data.a1.nomor_registrasi in resp.content.decode()

    # The front desk logs a complaint taken by WhatsApp: the code is shown once.
    loket = Client()
    loket.force_login(data.orang["rina"])
    resp = loket.post(reverse("pengaduan:catat"), _post_catat(data))
    assert resp.status_code == 302, resp.content.decode()[:300]
    assert SESI_KODE_STAF in _kunci_sesi()
    html = loket.get(resp["Location"]).content.decode()
    rahasia["code of the logged complaint"] = _kode_di(html, r'id="kode-pelacakan">([A-Z0-9-]+)<')

    # The front desk registers a case: its code is shown once on the case page.
    isian = data_intake(nama="Nenek Uji Sesi") | _berkas_lengkap(data.layanan)
    rahasia["NIK typed at intake"] = isian["nik"]
    resp = loket.post(url_registrasi(data.layanan), isian)
    assert resp.status_code == 302, resp.content.decode()[:500]
    assert SESI_KODE_RUJUKAN in _kunci_sesi()
    assert not _bocoran(rahasia), _bocoran(rahasia)
    html = loket.get(resp["Location"]).content.decode()
    rahasia["case code at intake"] = _kode_di(html, r"data-kode-lacak>([A-Z0-9-]+)<")
    assert Rujukan.objects.filter(klien__nama="Nenek Uji Sesi").exists()

    # Searches by NIK: the case list, the register of letters, the intake's klien lookup.
    for url, field in (
        (reverse("rujukan:daftar"), "q"),
        (reverse("rujukan:arsip"), "q"),
        (url_registrasi(data.layanan), "cari"),
    ):
        resp = loket.post(url, {field: data.nik})
        assert resp.status_code == 303, (url, resp.status_code)
        assert data.nik not in resp["Location"]
        halaman = loket.get(resp["Location"])
        assert halaman.status_code == 200
        assert f'value="{data.nik}"' in halaman.content.decode()  # the term was kept …
    assert SESI_CARI in _kunci_sesi()
    # The DTKS lookup by NIK (answered at once, nothing kept).
    peksos = Client()
    peksos.force_login(data.orang["bima"])
    assert peksos.post(reverse("lapangan:cari_dtks"), {"nik": data.nik}).status_code == 200

    assert Session.objects.count() >= 3  # the citizen, the front desk, the peksos
    bocor = _bocoran(rahasia)
    assert not bocor, f"readable in django_session: {bocor}"  # … but not in the table


def test_a_value_kept_secret_reads_back_only_with_the_key(settings):
    token = sesi.sandikan({"kode": "K7Q3XMABCD12"})
    assert "K7Q3" not in token
    assert "K7Q3XMABCD12" not in base64.urlsafe_b64decode(token + "==").decode("latin-1")
    assert sesi.buka(token) == {"kode": "K7Q3XMABCD12"}
    # tampered, foreign, or an old session's plain value: absent, never an error
    assert sesi.buka(token[:-4] + "AAAA") is None
    assert sesi.buka({"kode": "K7Q3XMABCD12"}) is None
    assert sesi.buka("bukan token") is None
    # after a key rotation the old key (a fallback) still opens it; without it, nothing
    lama = settings.SECRET_KEY
    settings.SECRET_KEY = "kunci-baru-" + "x" * 40
    settings.SECRET_KEY_FALLBACKS = [lama]
    assert sesi.buka(token) == {"kode": "K7Q3XMABCD12"}
    settings.SECRET_KEY_FALLBACKS = []
    assert sesi.buka(token) is None
