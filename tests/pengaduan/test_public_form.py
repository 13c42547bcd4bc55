"""The public complaint form: phone-first, no login, no JavaScript; bad input never a 500."""

from __future__ import annotations

import pytest
from django.core import mail

from layanan import sesi
from pengaduan.models import Lampiran, Pengaduan
from pengaduan.views import SESSION_KODE
from tests.berkas_palsu import gambar_palsu, jpeg, jpeg_rusak, pdf
from tests.factories import make_layanan

pytestmark = pytest.mark.django_db
URL = "/pengaduan/baru/"


def data(kantor, /, **kwargs):
    d = {
        "jenis": "pengaduan",
        "instansi": kantor.slug,
        "layanan": "",
        "judul": "Bantuan lansia belum cair",
        "uraian": "Nenek saya terdaftar tetapi sudah tiga bulan tidak menerima bantuan.",
        "harapan": "Mohon dicek.",
        "nama": "Siti Rahmawati",
        "telepon": "0812-3456-7890",
        "email": "siti@example.com",
        "situs_web": "",
    }
    d.update(kwargs)
    return d


def test_form_page_names_every_field_and_the_emergency_numbers(client, personas):
    personas.instansi.kontak_darurat = "0511-3300-112 (TRC Dinsos)"
    personas.instansi.save()
    r = client.get(URL, {"instansi": personas.instansi.slug})
    assert r.status_code == 200
    html = r.content.decode()
    assert "Keadaan darurat?" in html and 'href="tel:112"' in html
    assert "0511-3300-112 (TRC Dinsos)" in html
    for label in ("Jenis laporan", "Apa yang terjadi?", "Apa yang Anda harapkan?", "Nama Anda"):
        assert label in html
    assert "anonim" in html and "rahasia" in html.lower()
    assert "10 MB" in html  # the size limit is stated
    assert "<script" not in html  # works without JavaScript


def test_service_is_preselected_from_the_standard_page(client, personas):
    layanan = make_layanan(personas.instansi, nama="Rujukan Lansia ke Panti")
    other = make_layanan(personas.instansi_lain, nama="Layanan Kantor Lain")
    r = client.get(URL, {"layanan": layanan.pk})
    html = r.content.decode()
    assert f'<option value="{layanan.pk}" selected>Rujukan Lansia ke Panti</option>' in html
    assert other.nama not in html  # only that office's services are offered
    assert f'value="{personas.instansi.slug}" selected' in html


def test_citizen_files_and_gets_ticket_and_code_once(
    client, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(URL, data(personas.instansi, lampiran=[jpeg()]))
    p = Pengaduan.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/pengaduan/tanda-terima/{p.nomor}/"
    kode = sesi.baca_rahasia(client.session, SESSION_KODE)["kode"]
    page = client.get(r["Location"]).content.decode()
    assert p.nomor in page
    assert f"{kode[:4]}-{kode[4:8]}-{kode[8:]}" in page
    assert p.pelapor.telepon == "081234567890"
    assert p.lampiran.get().tipe_konten == "image/jpeg"
    # The receipt by email carries the ticket and code.
    assert len(mail.outbox) == 1
    assert p.nomor in mail.outbox[0].body and f"{kode[:4]}-{kode[4:8]}" in mail.outbox[0].body
    # Another browser cannot open the receipt.
    client.logout()
    assert client.get(f"/pengaduan/tanda-terima/{p.nomor}/").status_code == 404


def test_attachment_is_stored_under_a_path_that_hides_its_name(client, personas):
    client.post(URL, data(personas.instansi, lampiran=[jpeg("KTP_Siti_Rahmawati.jpg"), pdf()]))
    names = [lam.berkas.name for lam in Lampiran.objects.all()]
    assert len(names) == 2
    for name in names:
        assert "Siti" not in name and name.startswith("pengaduan/")
        assert len(name.split("/")[1]) == 32  # a random folder


def test_no_email_no_mail(client, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, data(personas.instansi, email=""))
    assert Pengaduan.objects.count() == 1 and mail.outbox == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"uraian": ""}, "Bidang ini tidak boleh kosong"),
        ({"uraian": "   "}, "Bidang ini tidak boleh kosong"),
        ({"judul": ""}, "Bidang ini tidak boleh kosong"),
        ({"uraian": "x" * 6000}, "paling banyak 5000 karakter"),
        ({"telepon": "12345"}, "Nomor telepon tidak valid"),
        ({"telepon": "0812-abc-999"}, "Nomor telepon tidak valid"),
        ({"email": "bukan-email"}, "alamat email yang valid"),
        ({"instansi": "tidak-ada"}, "Masukkan pilihan yang valid"),
        ({"uraian": "ada\x00nol"}, "Karakter null tidak diizinkan"),
        ({"waktu_kejadian": "2999-01-01"}, "Tanggal kejadian tidak boleh di masa depan"),
        ({"waktu_kejadian": "31/31/2026"}, "Masukkan tanggal yang valid"),
    ],
    ids=[
        "uraian-kosong",
        "uraian-spasi",
        "judul-kosong",
        "terlalu-panjang",
        "telepon-pendek",
        "telepon-huruf",
        "email",
        "instansi",
        "null",
        "tanggal-depan",
        "tanggal-ngawur",
    ],
)
def test_bad_input_gets_a_clear_indonesian_message(client, personas, changes, message):
    r = client.post(URL, data(personas.instansi, **changes))
    assert r.status_code == 400
    assert message in r.content.decode()
    assert "Periksa kembali isian yang ditandai" in r.content.decode()
    assert Pengaduan.objects.count() == 0


def test_service_of_another_office_is_refused(client, personas):
    lain = make_layanan(personas.instansi_lain)
    r = client.post(URL, data(personas.instansi, layanan=lain.pk))
    assert r.status_code == 400
    assert Pengaduan.objects.count() == 0


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (gambar_palsu, "Jenis berkas tidak diterima"),
        (jpeg_rusak, "Gambar rusak atau bukan gambar yang sah"),
    ],
)
def test_fake_image_is_refused_by_its_content(client, personas, upload, message):
    r = client.post(URL, data(personas.instansi, lampiran=[upload()]))
    assert r.status_code == 400
    assert message in r.content.decode()
    assert Pengaduan.objects.count() == 0 and Lampiran.objects.count() == 0


def test_too_many_and_too_large_files_are_refused(client, personas, settings):
    r = client.post(URL, data(personas.instansi, lampiran=[jpeg(), jpeg(), jpeg(), jpeg()]))
    assert r.status_code == 400 and "Paling banyak 3 berkas" in r.content.decode()
    settings.MAX_UPLOAD_MB = 0  # every non-empty file is now too big
    r = client.post(URL, data(personas.instansi, lampiran=[jpeg()]))
    assert r.status_code == 400 and "batasnya 0 MB" in r.content.decode()
    assert Pengaduan.objects.count() == 0


def test_ten_megabytes_of_text_gets_a_clear_page_not_an_error(client, personas):
    r = client.post(URL, data(personas.instansi, uraian="a" * (10 * 1024 * 1024)))
    assert r.status_code == 413
    assert "Isian terlalu panjang" in r.content.decode()
    assert Pengaduan.objects.count() == 0


def test_ten_megabytes_of_text_with_csrf_checks_on(personas):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    r = browser.post(URL, data(personas.instansi, uraian="a" * (10 * 1024 * 1024)))
    assert r.status_code == 413
    assert "Isian terlalu panjang" in r.content.decode()


def test_csrf_is_still_enforced(personas):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    r = browser.post(URL, data(personas.instansi))
    assert r.status_code == 403
    assert Pengaduan.objects.count() == 0


def test_script_tags_are_shown_as_text(client, personas):
    client.post(
        URL,
        data(
            personas.instansi,
            judul="<script>alert('x')</script>",
            uraian="<b>tebal</b> <img src=x onerror=alert(1)>",
        ),
    )
    p = Pengaduan.objects.get()
    assert p.judul == "<script>alert('x')</script>"  # stored as typed
    page = client.get(f"/pengaduan/lacak/{p.nomor}/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<img src=x" not in page and "&lt;img src=x" in page


def test_honeypot_filled_by_a_bot_saves_nothing(client, personas):
    r = client.post(URL, data(personas.instansi, situs_web="http://spam.example"))
    assert r.status_code == 400
    assert Pengaduan.objects.count() == 0


def test_form_never_tells_whether_a_contact_is_already_known(client, personas):
    first = client.post(URL, data(personas.instansi))
    second = client.post(URL, data(personas.instansi))
    assert first.status_code == second.status_code == 302
    assert Pengaduan.objects.count() == 2
    a = client.get(first["Location"]).content.decode()
    assert "sudah" not in a.replace("sudah kami terima", "")  # no "already registered"


def test_thirty_rapid_submissions_from_one_address(client, personas):
    statuses = []
    for i in range(30):
        r = client.post(
            URL, data(personas.instansi, judul=f"Aduan ke-{i}"), REMOTE_ADDR="203.0.113.7"
        )
        statuses.append(r.status_code)
        if r.status_code == 429:
            assert "Terlalu banyak permintaan dari jaringan Anda" in r.content.decode()
    accepted = statuses.count(302)
    assert accepted == 10 and statuses.count(429) == 20
    assert statuses[:10] == [302] * 10  # the first ten pass, then the limit holds
    # None of the accepted ones is lost, none of the refused ones is half-saved.
    assert sorted(Pengaduan.objects.values_list("judul", flat=True)) == sorted(
        f"Aduan ke-{i}" for i in range(10)
    )
    # Another address is not affected.
    r = client.post(URL, data(personas.instansi), REMOTE_ADDR="198.51.100.9")
    assert r.status_code == 302


def test_the_raw_address_is_never_stored(client, personas):
    from layanan.models import JejakPermintaan

    client.post(URL, data(personas.instansi), REMOTE_ADDR="203.0.113.7")
    row = JejakPermintaan.objects.get()
    assert "203.0.113.7" not in row.kunci and len(row.kunci) == 64
