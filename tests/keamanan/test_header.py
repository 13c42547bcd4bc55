"""Response headers (issue 10, item 6): a Content-Security-Policy without inline
script, a Permissions-Policy, `Cache-Control: private, no-store` on every page
and file with personal data, and stored files readable by the portal only.

Every staff URL of the access sweep's map (tests/akses/peta.py) is fetched as
its insider and as an anonymous visitor; the public result pages (complaint
receipt and tracking, case tracking, letter verification) as the citizen."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from rujukan.models import Dokumen
from tests.akses.data import Data, bangun_data
from tests.akses.peta import isi_respons, semua_sasaran

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# Templates written into files, never served as a page of the portal: printed by
# WeasyPrint (letters are also shown in the letter preview, with its own policy) or
# the summary inside a client's data export (a ZIP).
TEMPLATES_CETAK = (
    "rujukan/dokumen/",
    "layanan/standar_pdf.html",
    "rujukan/ekspor/",
    "rujukan/online/surat_kelurahan_pdf.html",  # the kelurahan letter signed in the portal
)


@pytest.fixture
def media(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root


@pytest.fixture
def data(db, media) -> Data:
    return bangun_data()


def csp(resp) -> dict[str, list[str]]:
    kebijakan = resp.get("Content-Security-Policy", "")
    out = {}
    for bagian in kebijakan.split(";"):
        kata = bagian.split()
        if kata:
            out[kata[0]] = kata[1:]
    return out


def masalah_csp(k: dict[str, list[str]], *, pratinjau: bool = False) -> list[str]:
    """What is missing or too lax in one Content-Security-Policy."""
    if not k:
        return ["no Content-Security-Policy"]
    if k.get("default-src") == ["'none'"] and "sandbox" in k and "script-src" not in k:
        return []  # a stored file shown inline: its own stricter policy, nothing may load
    out = []
    if k.get("default-src") != ["'self'"]:
        out.append(f"default-src {k.get('default-src')}")
    skrip = k.get("script-src", [])
    if skrip not in (["'self'"], ["'none'"]):
        out.append(f"script-src {skrip}")
    if not pratinjau and k.get("style-src") != ["'self'"]:
        out.append(f"style-src {k.get('style-src')}")
    for arahan, nilai in (
        ("object-src", ["'none'"]),
        ("base-uri", ["'none'"]),
        ("form-action", ["'self'"]),
        ("frame-ancestors", ["'self'"] if pratinjau else ["'none'"]),
    ):
        if k.get(arahan) != nilai:
            out.append(f"{arahan} {k.get(arahan)}")
    if set(k.get("img-src", [])) - {"'self'", "data:"}:
        out.append(f"img-src {k['img-src']}")
    return out


def masalah_header(resp, *, pratinjau: bool = False) -> list[str]:
    """What is missing or too lax in the headers of one response."""
    out = masalah_csp(csp(resp), pratinjau=pratinjau)
    cache = {c.strip() for c in resp.get("Cache-Control", "").split(",")}
    if not {"private", "no-store"} <= cache:
        out.append(f"Cache-Control {resp.get('Cache-Control')!r}")
    izin = resp.get("Permissions-Policy", "")
    if "microphone=()" not in izin or "payment=()" not in izin:
        out.append(f"Permissions-Policy {izin!r}")
    if resp.get("Referrer-Policy") != "same-origin":
        out.append(f"Referrer-Policy {resp.get('Referrer-Policy')!r}")
    if resp.get("X-Content-Type-Options") != "nosniff":
        out.append("no X-Content-Type-Options: nosniff")
    return out


def test_every_staff_url_sends_csp_permissions_policy_and_no_store(client, data):
    dilihat, gagal = 0, []
    for s in semua_sasaran(data):
        for siapa in (s.dalam, None):
            if siapa is None:
                client.logout()
            else:
                client.force_login(data.orang[siapa])
            resp = client.get(s.url)
            isi_respons(resp)  # read streamed files to the end (and close them)
            dilihat += 1
            pratinjau = s.nama == "rujukan:pratinjau" and siapa is not None
            masalah = masalah_header(resp, pratinjau=pratinjau)
            if masalah:
                gagal.append(f"{s} as {siapa or 'anonymous'} ({resp.status_code}): {masalah}")
    assert not gagal, "\n".join(gagal)
    assert dilihat >= 100, dilihat


def test_field_pages_allow_camera_and_location_only_on_this_site(client, data):
    client.force_login(data.orang["bima"])
    lapangan = client.get(reverse("lapangan:kegiatan", args=[data.a1.pk]))
    assert lapangan.status_code == 200
    izin = lapangan["Permissions-Policy"]
    assert "camera=(self)" in izin and "geolocation=(self)" in izin
    assert "microphone=()" in izin
    kasus = client.get(reverse("rujukan:detail", args=[data.a1.pk]))
    assert kasus.status_code == 200
    assert "camera=()" in kasus["Permissions-Policy"]
    assert "geolocation=()" in kasus["Permissions-Policy"]


def test_letter_preview_may_be_framed_by_the_portal_but_runs_no_script(client, data):
    client.force_login(data.orang["dewi"])
    kasus = client.get(reverse("rujukan:aksi", args=[data.a2.pk, "setujui"]))
    assert kasus.status_code == 200
    src = re.search(r'<iframe class="pratinjau" src="([^"]+)"', kasus.content.decode())
    assert src, "the approval page frames the preview"
    assert csp(kasus)["frame-ancestors"] == ["'none'"]  # the page itself is never framed
    pratinjau = client.get(src.group(1))
    assert pratinjau.status_code == 200 and b"<style" in pratinjau.content
    k = csp(pratinjau)
    assert k["frame-ancestors"] == ["'self'"] and pratinjau["X-Frame-Options"] == "SAMEORIGIN"
    assert k["script-src"] == ["'none'"]
    assert "'unsafe-inline'" in k["style-src"]


def test_public_result_pages_are_not_cached(client, data):
    # the pemohon's case tracking result
    hasil = client.post(
        reverse("rujukan:lacak"), {"nomor": data.a1.nomor_registrasi, "kode": data.kode_lacak}
    )
    assert hasil.status_code == 200 and data.a1.nomor_registrasi in hasil.content.decode()
    halaman = {"rujukan:lacak (hasil)": hasil}
    # the reporter's complaint tracking page
    resp = client.post(
        reverse("pengaduan:lacak"), {"nomor": data.pengaduan.nomor, "kode": data.kode_pengaduan}
    )
    assert resp.status_code == 302
    halaman["pengaduan:lacak_detail"] = client.get(resp["Location"])
    # a citizen filing a complaint: her receipt with the code
    resp = client.post(
        reverse("pengaduan:baru"),
        {
            "jenis": "saran",
            "instansi": data.instansi.slug,
            "layanan": "",
            "judul": "Ruang tunggu",
            "uraian": "Mohon ditambah kursi di ruang tunggu loket.",
            "harapan": "",
            "nama": "Warga Uji",
            "telepon": "081234500011",
            "email": "",
            "situs_web": "",
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:500]
    halaman["pengaduan:tanda_terima"] = client.get(resp["Location"])
    # the public verification page of an issued letter (a masked name)
    dok = Dokumen.objects.filter(rujukan=data.a1).exclude(token="").order_by("pk").first()
    halaman["verifikasi:dokumen"] = client.get(reverse("verifikasi:dokumen", args=[dok.token]))
    for url in (reverse("pengaduan:baru"), reverse("pengaduan:lacak"), reverse("verifikasi:cari")):
        halaman[url] = client.get(url)
    gagal = []
    for nama, r in halaman.items():
        if r.status_code != 200:
            gagal.append(f"{nama}: {r.status_code}")
        elif masalah := masalah_header(r):
            gagal.append(f"{nama}: {masalah}")
    assert not gagal, "\n".join(gagal)


def test_public_catalogue_and_static_files_stay_cacheable(client, data, django_user_model):
    slug = data.instansi.slug
    for url in (
        reverse("layanan:katalog"),
        reverse("layanan:instansi", args=[slug]),
        reverse("layanan:detail", args=[slug, data.layanan.slug]),
        reverse("layanan:pdf", args=[slug, data.layanan.slug]),
    ):
        resp = client.get(url)
        assert resp.status_code == 200, url
        assert "no-store" not in resp.get("Cache-Control", ""), url
        assert csp(resp)["script-src"] == ["'self'"], url
    static = client.get("/static/css/portal.css")
    assert static.status_code == 200
    isi_respons(static)
    assert "no-store" not in static.get("Cache-Control", "")
    # the same catalogue page for a logged-in user is personal (his name in the header)
    client.force_login(data.orang["rina"])
    resp = client.get(reverse("layanan:katalog"))
    assert "no-store" in resp["Cache-Control"]


def test_admin_pages_send_the_same_policy(client, data):
    """Django's admin has no inline script or style: the same policy, no exemption."""
    resp = client.get("/admin/login/")
    assert resp.status_code == 200
    assert not masalah_header(resp), masalah_header(resp)
    client.force_login(data.orang["lestari"])
    for url in ("/admin/", "/admin/rujukan/templatsurat/", "/admin/layanan/layanan/"):
        resp = client.get(url)
        assert resp.status_code in (200, 302), url  # 302: a second factor asked first
        assert not masalah_header(resp), (url, masalah_header(resp))


def test_html_templates_have_no_inline_script_style_or_event_handler():
    """The CSP refuses inline code: a template that brings some back fails here, not in a
    browser. (Letters printed by WeasyPrint keep their <style>: see TEMPLATES_CETAK.)"""
    pola = {
        "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
        "event handler": re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
        "style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.I),
        "<style> block": re.compile(r"<style[\s>]", re.I),
        "javascript: URL": re.compile(r"(href|src|action)\s*=\s*[\"']?\s*javascript:", re.I),
    }
    gagal = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        nama = path.relative_to(TEMPLATES).as_posix()
        if nama.startswith(TEMPLATES_CETAK):
            continue
        teks = path.read_text()
        for apa, rx in pola.items():
            if m := rx.search(teks):
                baris = teks.count("\n", 0, m.start()) + 1
                gagal.append(f"{nama}:{baris}: {apa}")
    assert not gagal, "\n".join(gagal)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_stored_files_are_0640_in_0750_folders(data, media):
    """Uploaded berkas, field photos and the signed PDFs the portal writes itself."""
    berkas = [b.berkas for b in data.a1.berkas.exclude(berkas="")]
    surat = [d.berkas for d in Dokumen.objects.filter(rujukan=data.a1).exclude(berkas="")]
    assert berkas and surat
    baru = default_storage.save("uji-mode/sub/catatan.txt", ContentFile(b"x"))
    gagal = []
    for f in [*berkas, *surat, data.lampiran.berkas]:
        path = Path(f.path)
        if _mode(path) != 0o640:
            gagal.append(f"{path.relative_to(media)}: {oct(_mode(path))}")
    for folder in {Path(f.path).parent for f in [*berkas, *surat]} | {
        media / "uji-mode",
        media / "uji-mode" / "sub",
    }:
        if _mode(folder) != 0o750:
            gagal.append(f"{folder.relative_to(media)}/: {oct(_mode(folder))}")
    assert _mode(Path(default_storage.path(baru))) == 0o640
    assert not gagal, "\n".join(gagal)
