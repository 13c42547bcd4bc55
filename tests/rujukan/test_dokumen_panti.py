"""The Pengajuan Berkas Usulan ke Panti: a letter to another institution,
issued for the head of office's signature; its attachments are the documents
actually uploaded; the HTML preview of letters looks like a sheet of paper."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.urls import reverse
from django_fsm_log.models import StateLog

from layanan.models import Panti
from rujukan import services as s
from rujukan.models import Dokumen, JenisDokumen, PengajuanPanti
from tests.personas import personas_untuk
from tests.rujukan.factories import data_klien, data_pemohon, kirim_usulan_panti
from tests.rujukan.test_alur_seed import _dokumen_semua

pytestmark = pytest.mark.django_db


def _teks_pdf(dokumen, tmp_path) -> str:
    path = tmp_path / f"{dokumen.pk}.pdf"
    with dokumen.berkas.open("rb") as f:
        path.write_bytes(f.read())
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_proposal_to_panti_is_signed_by_the_head_and_lists_only_uploaded_papers(
    client, standar, tmp_path
):
    layanan = standar["banjarmasin"]
    instansi = layanan.instansi
    panti = Panti.objects.create(instansi=instansi, nama="Panti Sosial Budi Sejahtera")
    staf = personas_untuk(instansi)
    berkas = _dokumen_semua(layanan)
    hasil = s.rujukan_register(
        by=staf.petugas_loket,
        permohonan=s.PermohonanBaru(
            layanan=layanan,
            klien=data_klien(dt.date(1950, 2, 3), perempuan=True),
            pemohon=data_pemohon("rt_rw"),
            berkas=berkas,
        ),
    )
    r = s.rujukan_start_check(rujukan=hasil.rujukan, by=staf.petugas_loket)
    fakta = [b for b in r.berkas.select_related("persyaratan") if b.persyaratan.jenis == "fakta"]
    assert fakta, "the standard lists eligibility facts"
    for b in fakta:  # facts are met, but they are not papers
        s.berkas_tandai(rujukan=r, by=staf.petugas_loket, item=b, terpenuhi=True, berlaku=True)
    r = s.rujukan_accept_berkas(rujukan=r, by=staf.peksos)
    s.rujukan_record_assessment(rujukan=r, by=staf.peksos, kondisi="Lansia.", kesimpulan_layak=True)
    r = s.rujukan_complete_verification(rujukan=r, by=staf.peksos)
    pengajuan = kirim_usulan_panti(r, staf, panti)

    dok = pengajuan.dokumen
    # signed by the head of office who approved it, in their own name
    assert dok.jenis == JenisDokumen.PENGAJUAN_PANTI and dok.penandatangan == staf.kadis
    assert dok.penandatangan_info["baris"] == ["KEPALA DINAS SOSIAL KOTA BANJARMASIN,"]
    teks = _teks_pdf(dok, tmp_path)
    assert "Dr. H. Ahmad Fauzi, M.Si" in teks and "NIP. 19700503 199803 1 009" in teks
    assert "Pembina Utama Muda (IV/c)" in teks
    assert "a.n." not in teks and staf.peksos.pegawai.nama not in teks
    assert f"{len(berkas)} berkas" in teks
    for b in fakta:
        assert b.persyaratan.teks[:40] not in teks
    # the officer who drafted it and the head who signed it are both in the history
    log = StateLog.objects.for_(r).get(transition="send_to_panti")
    assert log.by == staf.kadis
    assert r.kejadian.get(kode="rujukan.panti_proposal_prepared").oleh == staf.peksos
    assert PengajuanPanti.objects.get(pk=pengajuan.pk).dikirim_oleh == staf.peksos
    assert Dokumen.objects.filter(rujukan=r, jenis=JenisDokumen.PENGAJUAN_PANTI).count() == 1


def test_letter_preview_is_a_sheet_of_paper_on_screen_only(client, standar):
    from tests.rujukan.factories import kasus_di_persetujuan, standar_sederhana

    layanan = standar_sederhana(standar["depok"].instansi)
    staf = personas_untuk(layanan.instansi)
    r = kasus_di_persetujuan(layanan, staf)
    client.force_login(staf.kadis)
    resp = client.get(reverse("rujukan:pratinjau", args=[r.pk, "surat_rekomendasi"]))
    html = resp.content.decode()
    assert resp.status_code == 200 and "KONSEP" in html
    assert html.count('<style media="screen">') == 1 and "box-shadow" in html
    assert html.count("</style>") == 2  # the document's own sheet and the screen one, nothing added
