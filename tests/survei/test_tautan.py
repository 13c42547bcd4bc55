"""The respondent's own survey on what the citizen takes home: the case's
receipt (Tanda Terima PDF, given at intake), the letter handed over, and the
complaint's receipt page. The codes are read as a phone would: the page is
rasterised (pdftoppm) and decoded (zxing-cpp).

The invitation exists from intake; its page opens only when the service is
done, then accepts one answer per case. The QR code is printed at issuance,
never added later: the stored bytes of a letter do not change."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image
from weasyprint import HTML

from rujukan import documents
from rujukan import services as rs
from rujukan.models import Dokumen, JenisDokumen, Status
from rujukan.verifikasi import alamat_portal, url_verifikasi
from survei.models import ResponSurvei, UndanganSurvei
from tests.personas import personas_untuk
from tests.rujukan.dokumen_uji import isi, terbitkan_surat
from tests.rujukan.factories import s_register, standar_sederhana, teks_pdf

pytestmark = pytest.mark.django_db

LABEL = "Bantu kami memperbaiki layanan: isi Survei Kepuasan Masyarakat"
BELUM = "Survei dapat diisi setelah layanan Anda selesai"


def _isian() -> dict:
    return {
        "jenis_kelamin": "L",
        "umur": "52",
        "pendidikan": "smp",
        "pekerjaan": "lainnya",
        **{f"u{i}": "3" for i in range(1, 10)},
    }


def _qr(pdf: bytes, tmp_path: Path, nama: str = "dok") -> list[str]:
    """The texts of every QR code on every page, as a phone camera at
    150 dpi would read them."""
    path = tmp_path / f"{nama}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(path), str(tmp_path / nama)], check=True)
    teks = []
    for png in sorted(tmp_path.glob(f"{nama}-*.png")):
        for b in zxingcpp.read_barcodes(Image.open(png)):
            if b.format == zxingcpp.BarcodeFormat.QRCode:
                teks.append(b.text)
    return teks


def _url_survei(u: UndanganSurvei) -> str:
    return alamat_portal() + reverse("survei:isi", kwargs={"token": u.token})


def _path(url: str) -> str:
    return url.removeprefix(alamat_portal())


def test_the_case_receipt_carries_a_readable_qr_of_its_own_survey_beside_the_other_two(tmp_path):
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    hasil = s_register(layanan, staf, url_lacak="http://127.0.0.1:8000/rujukan/lacak/")
    lain = s_register(layanan, staf)
    u = UndanganSurvei.objects.get(rujukan=hasil.rujukan)
    assert u.asal == "rujukan" and u.layanan == layanan and u.used_at is None
    assert UndanganSurvei.objects.get(rujukan=lain.rujukan).token != u.token

    pdf = isi(hasil.tanda_terima)
    kode = _qr(pdf, tmp_path)
    # three distinct codes: verification (footer), tracking (its box), survey (its own box)
    assert sorted(kode) == sorted(
        [
            url_verifikasi(hasil.tanda_terima.token),
            "http://127.0.0.1:8000/rujukan/lacak/",
            _url_survei(u),
        ]
    )
    teks = teks_pdf(pdf)
    assert LABEL in teks
    assert _url_survei(u) in teks.replace(" ", "")


def test_the_letter_handed_over_leads_to_the_same_survey_which_opens_once_done_for_one_answer(
    client, tmp_path
):
    terbit = terbitkan_surat()
    r = terbit.rujukan
    u = UndanganSurvei.objects.get(rujukan=r)
    tanda_terima = Dokumen.objects.get(rujukan=r, jenis=JenisDokumen.TANDA_TERIMA)
    bytes_terima, bytes_surat = isi(tanda_terima), isi(terbit.surat)

    kode = _qr(bytes_surat, tmp_path, "surat")
    assert sorted(kode) == sorted([url_verifikasi(terbit.surat.token), _url_survei(u)])
    assert _url_survei(u) in _qr(bytes_terima, tmp_path, "terima")  # one survey per case
    assert LABEL in teks_pdf(bytes_surat)

    # issued, not yet handed over: a polite page, nothing saved
    alamat = _path(_url_survei(u))
    assert BELUM in client.get(alamat).content.decode()
    assert client.post(alamat, _isian()).status_code == 409
    assert not ResponSurvei.objects.exists()

    r = rs.rujukan_hand_to_pemohon(rujukan=r, by=terbit.staf.petugas_loket)
    assert r.status == Status.DISERAHKAN_PEMOHON
    halaman = client.get(alamat)
    assert halaman.status_code == 200 and "Kirim jawaban" in halaman.content.decode()
    assert client.post(alamat, _isian()).status_code == 302
    assert client.post(alamat, _isian()).status_code == 200  # "sudah diisi", nothing more
    respons = ResponSurvei.objects.get()
    assert respons.undangan == u and respons.layanan == r.layanan
    assert "Survei sudah diisi" in client.get(alamat).content.decode()

    # the QR was printed at issuance: the stored letters are unchanged, byte for byte
    for dok, sebelum in ((terbit.surat, bytes_surat), (tanda_terima, bytes_terima)):
        dok.refresh_from_db()
        assert isi(dok) == sebelum
        assert hashlib.sha256(sebelum).hexdigest() == dok.sha256
    # a document rendered after the answer invites no more
    assert "Survei Kepuasan" not in documents.pratinjau_html(
        rujukan=r, jenis=JenisDokumen.SURAT_REKOMENDASI
    )


@pytest.mark.parametrize(
    ("jenis", "ada"),
    [
        (JenisDokumen.SURAT_REKOMENDASI, True),
        (JenisDokumen.SURAT_KETERANGAN, True),
        (JenisDokumen.BERITA_ACARA, True),
        (JenisDokumen.SURAT_RUJUKAN, False),  # to a panti, not to the applicant
        (JenisDokumen.LAPORAN_SOSIAL, False),
        (JenisDokumen.SURAT_PENOLAKAN, False),  # a refused case's survey never opens
    ],
)
def test_only_documents_the_applicant_takes_home_invite_to_the_survey(jenis, ada):
    layanan = standar_sederhana()
    hasil = s_register(layanan, personas_untuk(layanan.instansi))
    html = documents.pratinjau_html(rujukan=hasil.rujukan, jenis=jenis)
    assert (LABEL in html) is ada


def test_the_survey_page_of_a_receipt_shows_nothing_of_the_case(client):
    layanan = standar_sederhana()
    staf = personas_untuk(layanan.instansi)
    hasil = s_register(layanan, staf)
    r = hasil.rujukan
    u = UndanganSurvei.objects.get(rujukan=r)
    for status in ("belum", "sudah"):
        if status == "sudah":
            r = rs.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
            r = rs.rujukan_accept_berkas(rujukan=r, by=staf.petugas_loket)
            rs.rujukan_submit_for_approval(rujukan=r, by=staf.petugas_loket)
            r = rs.rujukan_approve(rujukan=r, by=staf.koordinator)
            r = rs.rujukan_approve(rujukan=r, by=staf.kadis)
            r = rs.rujukan_hand_to_pemohon(rujukan=r, by=staf.petugas_loket)
        html = client.get(_path(_url_survei(u))).content.decode()
        assert layanan.instansi.nama in html
        for rahasia in (
            r.nomor_registrasi,
            hasil.kode_lacak,
            r.klien.nama,
            r.pemohon.nama,
            r.get_status_display(),
        ):
            assert rahasia not in html
    # a made-up token is unknown, never another person's survey
    assert client.get(reverse("survei:isi", kwargs={"token": "x" * 32})).status_code == 404


def _isi_svg(html: str) -> str:
    m = re.search(r'<section class="ajakan-survei-web".*?<img src="([^"]+)"', html, re.S)
    assert m, "the receipt shows no survey QR code"
    return m.group(1)


def test_the_complaint_receipt_page_shows_a_readable_qr_of_its_own_survey(
    client, personas, tmp_path
):
    r = client.post(
        "/pengaduan/baru/",
        {
            "jenis": "pengaduan",
            "instansi": personas.instansi.slug,
            "layanan": "",
            "judul": "Bantuan lansia belum cair",
            "uraian": "Nenek saya terdaftar tetapi sudah tiga bulan tidak menerima bantuan.",
            "harapan": "Mohon dicek.",
            "nama": "Siti Rahmawati",
            "telepon": "0812-3456-7890",
            "email": "",
            "situs_web": "",
        },
    )
    assert r.status_code == 302
    html = client.get(r["Location"]).content.decode()
    u = UndanganSurvei.objects.get()
    assert u.asal == "pengaduan" and u.pengaduan.nomor in html
    assert LABEL in html
    path = reverse("survei:isi", kwargs={"token": u.token})
    assert f'href="{path}"' in html
    # the QR code of the page, printed and read back
    pdf = HTML(string=f'<img src="{_isi_svg(html)}" style="width:4cm">').write_pdf()
    assert _qr(pdf, tmp_path) == ["http://testserver" + path]
    # filed, not yet closed: the survey waits
    assert BELUM in client.get(path).content.decode()
