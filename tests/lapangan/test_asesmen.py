"""The lembar asesmen on a phone: structured, driving the case on, keeping
what was typed when something is wrong."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image

from lapangan.models import Dokumentasi
from lapangan.selectors import fakta_kelayakan
from rujukan.documents import pratinjau_html
from rujukan.models import Asesmen, JenisDokumen, Status
from tests.berkas_palsu import exe_sebagai_jpg, jpeg_kamera
from tests.factories import usia_hari_ini
from tests.lapangan.factories import kasus_di_lapangan
from tests.personas import personas_untuk

pytestmark = pytest.mark.django_db


def isian(r, **lebih) -> dict:
    data = {
        "identitas_sesuai": "ya",
        "identitas_catatan": "KTP asli diperlihatkan kepala desa.",
        "permasalahan": "Tinggal sendiri di gubuk bambu.",
        "kondisi_fisik": "Berjalan dengan tongkat, penglihatan kabur.",
        "kondisi_mental": "Sering lupa, mudah cemas pada malam hari.",
        "kondisi_ekonomi": "Tanpa penghasilan, makan dari tetangga.",
        "situasi_keluarga": "Anak tunggal merantau, tidak dapat dihubungi.",
        "kondisi_tempat_tinggal": "Gubuk bambu tanpa jamban.",
        "kebutuhan": "Perawatan harian dan makanan.",
        "risiko": "Jatuh dan kekurangan gizi.",
        "kesimpulan": "layak",
        "alasan": "Lansia 73 tahun, miskin dan terlantar.",
        "rekomendasi": "Dirujuk ke Sentra Gau Mabaji.",
        "ajukan_konsep": "on",
    }
    for baris in fakta_kelayakan(r):
        data[f"fakta_{baris.persyaratan.pk}"] = "ya"
        data[f"bukti_{baris.persyaratan.pk}"] = (
            baris.keterangan or "Dilihat langsung di rumah klien."
        )
    data.update(lebih)
    return {k: v for k, v in data.items() if v is not None}


def test_peksos_assessment_with_photo_moves_case_to_approval_chain(client, standar):
    r, staf = kasus_di_lapangan(standar["bulukumba"])
    client.force_login(staf.peksos)
    page = client.get(f"/lapangan/{r.pk}/asesmen/")
    assert page.status_code == 200
    html = page.content.decode()
    usia = usia_hari_ini(dt.date(1953, 5, 4))
    assert f"Usia {usia} tahun (lahir 4 Mei 1953, dihitung dari NIK)" in html
    assert 'capture="environment"' in html and "paling besar 15 MB" in html
    resp = client.post(f"/lapangan/{r.pk}/asesmen/", {**isian(r), "foto": jpeg_kamera()})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    r.refresh_from_db()
    assert r.status == Status.PERSETUJUAN  # verification done, draft submitted to Kabid → Kadis
    a = Asesmen.objects.get(rujukan=r)
    assert a.kesimpulan_layak and a.kondisi_mental.startswith("Sering lupa")
    assert a.identitas_sesuai is True
    assert {f["teks"][:13]: f["terpenuhi"] for f in a.fakta_kelayakan}["Usia 60 tahun"] is True
    assert r.berkas.get(persyaratan__jenis="formulir").terpenuhi
    foto = Dokumentasi.objects.get(asesmen=a)
    with foto.berkas.open("rb") as f:
        img = Image.open(io.BytesIO(f.read()))
        # upright (EXIF orientation 6 applied), at most 1600 px, no EXIF (GPS) left
        assert img.size == (1067, 1600)
        assert img.format == "JPEG" and not img.getexif()
        assert img.getpixel((1060, 100))[1] > 150  # the green marker is now on the right
    html = pratinjau_html(rujukan=r, jenis=JenisDokumen.LAPORAN_SOSIAL)
    for teks in ("Kondisi mental dan psikologis", "Sering lupa", "Usia 60 tahun keatas", "Gubuk"):
        assert teks in html
    kasus = client.get(f"/lapangan/{r.pk}/?tersimpan=asesmen").content.decode()
    assert 'data-hapus-draf="lapangan:asesmen:' in kasus
    assert f"/lapangan/{r.pk}/dokumentasi/{foto.pk}/kecil/" in kasus
    assert client.get(f"/lapangan/{r.pk}/dokumentasi/{foto.pk}/kecil/").status_code == 200


def test_eligible_conclusion_against_an_unmet_fact_is_refused_and_text_kept(client, standar):
    r, staf = kasus_di_lapangan(standar["bulukumba"])
    client.force_login(staf.peksos)
    usia = next(b for b in fakta_kelayakan(r) if b.persyaratan.fakta == "usia_minimal")
    assert usia.otomatis is True and "dihitung dari NIK" in usia.keterangan
    miskin = next(b for b in fakta_kelayakan(r) if b.persyaratan.fakta == "miskin_terlantar")
    assert miskin.otomatis is None  # the social worker states it, with evidence
    data = isian(r, **{f"fakta_{miskin.persyaratan.pk}": "tidak"})
    resp = client.post(f"/lapangan/{r.pk}/asesmen/", data)
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "bertentangan dengan fakta yang tidak terpenuhi: Miskin, terlantar" in html
    assert "Sering lupa, mudah cemas pada malam hari." in html  # nothing typed is lost
    assert not Asesmen.objects.filter(rujukan=r).exists()
    # the honest conclusion closes the case as not eligible, with the reason
    data.update(kesimpulan="tidak_layak", alasan="Masih dirawat anaknya, tidak terlantar.")
    assert client.post(f"/lapangan/{r.pk}/asesmen/", data).status_code == 302
    r.refresh_from_db()
    assert r.status == Status.TIDAK_MEMENUHI_SYARAT
    assert r.alasan_penutupan == "Masih dirawat anaknya, tidak terlantar."


def test_assessment_without_conclusion_gets_a_clear_message_and_keeps_text(client, standar):
    r, staf = kasus_di_lapangan(standar["bulukumba"])
    client.force_login(staf.peksos)
    resp = client.post(f"/lapangan/{r.pk}/asesmen/", isian(r, kesimpulan=None, alasan=""))
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "Pilih kesimpulan asesmen: layak atau tidak layak." in html
    assert "Berjalan dengan tongkat, penglihatan kabur." in html
    assert "data-terikat" in html  # the phone keeps its draft rather than overwriting
    r.refresh_from_db()
    assert r.status == Status.VERIFIKASI and not r.asesmen.exists()


def test_exe_renamed_jpg_is_refused_and_nothing_saved(client, standar):
    r, staf = kasus_di_lapangan(standar["bulukumba"])
    client.force_login(staf.peksos)
    resp = client.post(
        f"/lapangan/{r.pk}/asesmen/", {**isian(r), "foto": exe_sebagai_jpg("foto_klien.jpg")}
    )
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "“foto_klien.jpg” bukan foto yang dapat dibaca" in html
    assert "Tanpa penghasilan, makan dari tetangga." in html
    assert not Asesmen.objects.exists() and not Dokumentasi.objects.exists()
    r.refresh_from_db()
    assert r.status == Status.VERIFIKASI


def test_only_the_assigned_peksos_or_supervisors_of_the_instansi_open_it(client, standar):
    r, staf = kasus_di_lapangan(standar["bulukumba"])
    lain = personas_untuk(r.instansi)  # another peksos of the same office, not assigned
    luar = personas_untuk(standar["banjar"].instansi)
    url = f"/lapangan/{r.pk}/asesmen/"
    for user, status, status_form in [
        (staf.peksos, 200, 200),
        (staf.kabid, 200, 403),  # reads the field record; assessing is the peksos' role
        (staf.koordinator, 200, 403),
        (lain.peksos, 403, 403),
        (staf.petugas_loket, 403, 403),
        (staf.kadis, 403, 403),
        (luar.peksos, 404, 404),
        (luar.kabid, 404, 404),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status_form, user
        assert client.get(f"/lapangan/{r.pk}/").status_code == status, user
    client.force_login(lain.peksos)
    assert client.post(url, isian(r)).status_code == 403
    client.force_login(staf.kabid)  # may open, but assessing is the peksos' role
    resp = client.post(url, isian(r, ajukan_konsep=None))
    assert resp.status_code == 403
    assert "hanya dapat Anda baca" in resp.content.decode()
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    assert not Asesmen.objects.exists()
