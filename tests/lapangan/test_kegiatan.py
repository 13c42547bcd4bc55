"""Visits and activities with documentation: dated, with who took part,
photos and video from the phone, location when allowed; bad input refused
with what was typed kept."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tracemalloc

import pytest

from lapangan.models import Dokumentasi
from rujukan import services as s
from rujukan.models import Dokumen, JenisDokumen, Kegiatan, Status
from tests.berkas_palsu import exe_sebagai_jpg, jpeg_kamera, mp4
from tests.lapangan.factories import kasus_di_lapangan

pytestmark = pytest.mark.django_db


def isian(**lebih) -> dict:
    data = {
        "jenis": "kunjungan_rumah",
        "bentuk": "",
        "tanggal": dt.date.today().isoformat(),
        "tempat": "Rumah klien, Kel. Hegarsari",
        "unsur": ["RT/RW"],
        "unsur_lain": "Bu Lurah Hegarsari",
        "uraian": "Bertemu ibu kandung klien dan ketua RT di rumah keluarga.",
        "hasil": "Keluarga bersedia menerima klien kembali.",
        "lintang": "-7.370123",
        "bujur": "108.538456",
        "akurasi": "12",
    }
    data.update(lebih)
    return {k: v for k, v in data.items() if v is not None}


def _banjar_penanganan(standar):
    r, staf = kasus_di_lapangan(standar["banjar"], lahir=dt.date(2013, 7, 9), wilayah="327901")
    s.rujukan_record_assessment(
        rujukan=r, by=staf.peksos, kondisi="Anak 12 tahun, sehat.", kesimpulan_layak=True
    )
    r = s.rujukan_complete_verification(rujukan=r, by=staf.peksos)
    assert r.status == Status.PENANGANAN
    return r, staf


def test_banjar_family_tracing_reunification_and_follow_up_home_visit(client, standar, tmp_path):
    r, staf = _banjar_penanganan(standar)
    client.force_login(staf.peksos)
    url = f"/lapangan/{r.pk}/kegiatan/"
    assert "akhiri_reunifikasi" in client.get(url).content.decode()
    resp = client.post(
        url,
        isian(
            jenis="penelusuran_keluarga",
            unsur=["Kelurahan/desa", "Polri/TNI"],
            uraian="Menelusuri alamat keluarga melalui kelurahan dan Polsek.",
            foto=[jpeg_kamera(nama="kelurahan.jpg"), jpeg_kamera(orientasi=None, gps=False)],
        ),
    )
    assert resp.status_code == 302, resp.content.decode()[:1500]
    k = Kegiatan.objects.get(rujukan=r, jenis="penelusuran_keluarga")
    assert k.unsur_terlibat == "Kelurahan/desa, Polri/TNI, Bu Lurah Hegarsari"
    assert str(k.lintang) == "-7.370123" and k.akurasi_meter == 12
    assert k.dokumentasi.filter(jenis="foto").count() == 2
    reuni = {
        "jenis": "reunifikasi",
        "akhiri_reunifikasi": "on",
        "uraian": "Klien diserahkan kepada ibunya di rumah keluarga.",
    }
    # the Laporan Sosial is issued in the social worker's name: password again
    tanpa = client.post(url, isian(**reuni, foto=jpeg_kamera()))
    assert tanpa.status_code == 400 and "Masukkan kata sandi" in tanpa.content.decode()
    salah = client.post(url, isian(**reuni, foto=jpeg_kamera(), kata_sandi="tebakan-salah"))
    assert salah.status_code == 403
    r.refresh_from_db()
    assert r.status == Status.PENANGANAN
    assert not Kegiatan.objects.filter(rujukan=r, jenis="reunifikasi").exists()
    resp = client.post(url, isian(**reuni, foto=jpeg_kamera(), kata_sandi="rahasia-uji-123"))
    assert resp.status_code == 302, resp.content.decode()[:1500]
    r.refresh_from_db()
    assert r.status == Status.REUNIFIKASI
    reuni = Kegiatan.objects.get(rujukan=r, jenis="reunifikasi")
    assert reuni.unsur_terlibat.startswith("RT/RW") and reuni.dokumentasi.count() == 1
    # the Laporan Sosial issued by the reunification includes its evidence
    laporan = Dokumen.objects.get(rujukan=r, jenis=JenisDokumen.LAPORAN_SOSIAL)
    pdf = tmp_path / "laporan-sosial.pdf"
    with laporan.berkas.open("rb") as f:
        pdf.write_bytes(f.read())
    teks = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    teks = " ".join(teks.split())
    assert "Klien diserahkan kepada ibunya" in teks and "Rumah klien, Kel. Hegarsari" in teks
    assert "RT/RW, Bu Lurah Hegarsari" in teks  # the participants of the reunification
    gambar = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    logo = 1 if r.instansi.logo else 0
    assert len([x for x in gambar if " image " in x]) == 3 + logo  # tracing 2 + reunion 1
    # the follow-up home visit after the family took the child back
    resp = client.post(url, isian(uraian="Kunjungan rumah lanjutan: anak sudah bersekolah lagi."))
    assert resp.status_code == 302
    assert list(r.kegiatan.order_by("pk").values_list("jenis", flat=True)) == [
        "penelusuran_keluarga",
        "reunifikasi",
        "kunjungan_rumah",
    ]
    r.refresh_from_db()
    assert r.status == Status.REUNIFIKASI
    html = client.get(f"/lapangan/{r.pk}/").content.decode()
    assert "Kunjungan rumah lanjutan" in html and "Kunjungan rumah lanjutan: anak" in html


def test_si_laras_manis_hospital_accompaniment_photos_in_laporan_kegiatan(
    client, standar, tmp_path
):
    layanan = standar["si-laras-manis"]
    sub = layanan.sub_layanan.get(nama__startswith="Petugas pendampingan")
    r, staf = kasus_di_lapangan(layanan, lahir=dt.date(1948, 11, 2), sub=sub, wilayah="330101")
    assert r.status == Status.PENANGANAN
    client.force_login(staf.peksos)
    page = client.get(f"/lapangan/{r.pk}/kegiatan/?jenis=pendampingan").content.decode()
    assert "Taruna Siaga Bencana (Tagana)" in page  # the standard's own unsur yang terlibat
    resp = client.post(
        f"/lapangan/{r.pk}/kegiatan/",
        isian(
            jenis="pendampingan",
            bentuk="rumah_sakit",
            tempat="RSUD Banyumas",
            unsur=["Tenaga Kesejahteraan Sosial Kecamatan (TKSK)", "RT/RW"],
            uraian="Mendampingi kontrol rawat jalan, mengurus BPJS di loket.",
            foto=[jpeg_kamera(nama="rs1.jpg"), jpeg_kamera(size=(800, 600), nama="rs2.jpg")],
            video=mp4(),
        ),
    )
    assert resp.status_code == 302, resp.content.decode()[:1500]
    k = Kegiatan.objects.get(rujukan=r)
    assert k.bentuk == "rumah_sakit" and k.dokumentasi.filter(jenis="video").count() == 1
    # signed in the social worker's name: not without the password again
    assert client.post(f"/lapangan/{r.pk}/laporan-kegiatan/").status_code == 400
    salah = client.post(f"/lapangan/{r.pk}/laporan-kegiatan/", {"kata_sandi": "tebakan-salah"})
    assert salah.status_code == 403
    assert not Dokumen.objects.filter(rujukan=r, jenis=JenisDokumen.LAPORAN_KEGIATAN).exists()
    resp = client.post(f"/lapangan/{r.pk}/laporan-kegiatan/", {"kata_sandi": "rahasia-uji-123"})
    assert resp.status_code == 302
    r.refresh_from_db()
    assert r.status == Status.PENDAMPINGAN_DILAPORKAN
    dok = Dokumen.objects.get(rujukan=r, jenis=JenisDokumen.LAPORAN_KEGIATAN)
    pdf = tmp_path / "laporan.pdf"
    with dok.berkas.open("rb") as f:
        pdf.write_bytes(f.read())
    daftar = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert len([x for x in daftar if " image " in x]) >= 2  # both photos are embedded
    teks = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Pendampingan di rumah sakit" in teks and "RSUD Banyumas" in teks


def test_future_visit_date_is_refused_and_text_kept(client, standar):
    r, staf = _banjar_penanganan(standar)
    client.force_login(staf.peksos)
    besok = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    resp = client.post(f"/lapangan/{r.pk}/kegiatan/", isian(tanggal=besok, foto=jpeg_kamera()))
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "Tanggal kegiatan tidak boleh di masa depan" in html
    assert "Bertemu ibu kandung klien dan ketua RT di rumah keluarga." in html
    assert "Bu Lurah Hegarsari" in html and 'value="RT/RW" ' in html.replace("checked", "")
    assert "pilih ulang foto" in html
    assert not Kegiatan.objects.exists() and not Dokumentasi.objects.exists()


def test_exe_renamed_jpg_and_wrong_kind_are_refused(client, standar):
    r, staf = _banjar_penanganan(standar)
    client.force_login(staf.peksos)
    url = f"/lapangan/{r.pk}/kegiatan/"
    resp = client.post(url, isian(foto=exe_sebagai_jpg()))
    assert resp.status_code == 400
    assert "bukan foto yang dapat dibaca" in resp.content.decode()
    resp = client.post(url, isian(video=exe_sebagai_jpg()))
    assert resp.status_code == 400
    assert "bukan video yang diterima" in resp.content.decode()
    resp = client.post(url, isian(jenis="bimbingan", bentuk="rumah_sakit"))
    assert resp.status_code == 400
    assert "tidak sesuai dengan jenis kegiatannya" in resp.content.decode()
    resp = client.post(url, isian(lintang="123.5"))
    assert resp.status_code == 400
    assert not Kegiatan.objects.exists() and not Dokumentasi.objects.exists()


class _AliranMultipart:
    """A multipart body read from a sparse file in chunks (never held in memory)."""

    def __init__(self, kepala: bytes, path, ekor: bytes):
        self.bagian = [kepala, path, ekor]
        self.f = None

    def read(self, n=-1):
        while self.bagian:
            cur = self.bagian[0]
            if isinstance(cur, bytes):
                if n < 0 or n >= len(cur):
                    self.bagian.pop(0)
                    return cur
                self.bagian[0] = cur[n:]
                return cur[:n]
            if self.f is None:
                self.f = open(cur, "rb")  # noqa: SIM115
            data = self.f.read(n if n > 0 else 1 << 20)
            if data:
                return data
            self.f.close()
            self.bagian.pop(0)
        return b""

    def readline(self, size=-1):  # not used by the multipart parser
        return self.read(size)


def test_200_mb_video_is_refused_while_streaming_with_413_and_text_kept(client, standar, tmp_path):
    r, staf = _banjar_penanganan(standar)
    client.force_login(staf.peksos)
    video = tmp_path / "besar.mp4"
    with open(video, "wb") as f:
        f.write(b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")
        f.truncate(200 * 1024 * 1024)  # sparse: no 200 MB on disk or in memory
    batas = "----lapanganbatas"
    bagian = []
    for k, v in isian().items():
        for item in v if isinstance(v, list) else [v]:
            bagian.append(
                f'--{batas}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{item}\r\n'
            )
    kepala = (
        "".join(bagian)
        + f'--{batas}\r\nContent-Disposition: form-data; name="video"; filename="besar.mp4"\r\n'
        "Content-Type: video/mp4\r\n\r\n"
    ).encode()
    ekor = f"\r\n--{batas}--\r\n".encode()
    panjang = len(kepala) + os.path.getsize(video) + len(ekor)
    environ = client._base_environ(
        PATH_INFO=f"/lapangan/{r.pk}/kegiatan/",
        REQUEST_METHOD="POST",
        CONTENT_TYPE=f"multipart/form-data; boundary={batas}",
        CONTENT_LENGTH=str(panjang),
        **{"wsgi.input": _AliranMultipart(kepala, video, ekor)},
    )
    tracemalloc.start()
    resp = client.handler(environ)
    _now, puncak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert resp.status_code == 413
    html = resp.content.decode()
    assert "Video terlalu besar; batasnya 50 MB" in html
    assert "Bertemu ibu kandung klien dan ketua RT di rumah keluarga." in html
    assert puncak < 80 * 1024 * 1024  # the 200 MB were never held in memory
    assert not Kegiatan.objects.exists() and not Dokumentasi.objects.exists()


def test_the_form_states_the_limits_before_upload(client, standar):
    r, staf = _banjar_penanganan(standar)
    client.force_login(staf.peksos)
    html = client.get(f"/lapangan/{r.pk}/kegiatan/").content.decode()
    assert "masing-masing paling besar 15 MB" in html
    assert "Satu video paling besar 50 MB" in html
    assert 'accept="video/*" capture="environment" data-maks-mb="50"' in html
    assert f'max="{dt.date.today().isoformat()}"' in html


def test_supervisors_read_the_field_record_without_write_buttons(client, standar):
    """Koordinator and Kabid open the field pages to supervise, but only the
    assigned peksos writes: the page offers them no assessment, activity or
    report button, and the write pages say so with a 403 (nothing saved)."""
    r, staf = _banjar_penanganan(standar)
    kasus = f"/lapangan/{r.pk}/"
    tulis = [f"/lapangan/{r.pk}/asesmen/", f"/lapangan/{r.pk}/kegiatan/"]
    client.force_login(staf.peksos)
    html = client.get(kasus).content.decode()
    assert all(u in html for u in tulis) and "data-hanya-baca" not in html
    for user in (staf.koordinator, staf.kabid):
        client.force_login(user)
        resp = client.get(kasus)
        html = resp.content.decode()
        assert resp.status_code == 200 and "data-hanya-baca" in html
        assert not any(u in html for u in tulis)
        assert "laporan-kegiatan" not in html and "<textarea" not in html
        assert f"/lapangan/{r.pk}/tugaskan/" in html  # what they may do is still offered
        for u in tulis:
            resp = client.get(u)
            assert resp.status_code == 403 and "hanya dapat Anda baca" in resp.content.decode()
        resp = client.post(f"/lapangan/{r.pk}/kegiatan/", isian())
        assert resp.status_code == 403
    assert not Kegiatan.objects.filter(rujukan=r).exists()
