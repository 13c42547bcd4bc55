"""Requests submitted online by a kelurahan/desa operator (issue 12, item 1):
the service (the front desk's intake with another source) and its pages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import uuid

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from layanan.models import Kelurahan, Peran
from rujukan import services as s
from rujukan.models import (
    BerkasItem,
    Kejadian,
    Klien,
    LangkahKasus,
    PersetujuanKlien,
    Rujukan,
    Status,
    StatusLangkah,
    Sumber,
)
from rujukan.models.rujukan import syarat_persetujuan_klien
from tests.berkas_palsu import exe_sebagai_jpg, pdf, pdf_besar
from tests.factories import make_user
from tests.personas import personas_untuk
from tests.rujukan.factories import data_klien, data_pemohon, teks_pdf

pytestmark = pytest.mark.django_db

# A Tuesday morning in Makassar time (WITA), away from holidays.
PAGI = dt.datetime(2026, 3, 10, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
LAHIR = dt.date(1950, 4, 2)
_n = itertools.count(1)


def operator_untuk(instansi, *, kelurahan=None, nama="Andi Rahman"):
    kelurahan = kelurahan or Kelurahan.objects.create(
        instansi=instansi, nama=f"Caile {next(_n)}", kecamatan="Ujung Bulu"
    )
    return make_user(
        f"op{next(_n)}{instansi.slug[:8]}",
        instansi=instansi,
        peran=Peran.OPERATOR_KELURAHAN,
        nama=nama,
        jabatan="Kepala Seksi Kesejahteraan Sosial",
        kelurahan=kelurahan,
    )


def persetujuan():
    return s.DataPersetujuanOnline(pemberi="La Tahang", cara=PersetujuanKlien.Cara.CAP_JEMPOL)


def _dokumen(layanan, *, tanpa_surat=False):
    return {
        p.pk: pdf()
        for p in layanan.persyaratan.filter(jenis="dokumen")
        if not (tanpa_surat and p.surat_kelurahan)
    }


_KOLOM_PERMOHONAN = {f.name for f in dataclasses.fields(s.PermohonanBaru)}


def ajukan(layanan, by, **kwargs):
    """Submit online as `by`; each of `kwargs` replaces a field of the request
    (PermohonanBaru) or one of the service's own arguments."""
    isian = {
        "layanan": layanan,
        "klien": data_klien(LAHIR, nama="La Tahang", wilayah="730201"),
        "pemohon": data_pemohon("kelurahan"),
        "ringkasan": "Lansia tinggal sendiri, tidak ada keluarga yang merawat.",
        "berkas": _dokumen(layanan),
    }
    args = {"by": by, "persetujuan": persetujuan(), "kunci": uuid.uuid4().hex}
    for nama, nilai in kwargs.items():
        (isian if nama in _KOLOM_PERMOHONAN else args)[nama] = nilai
    return s.rujukan_submit_online(permohonan=s.PermohonanBaru(**isian), **args)


@pytest.fixture
def bulukumba(standar):
    return standar["bulukumba"]


@pytest.fixture
def operator(bulukumba):
    return operator_untuk(bulukumba.instansi)


# -- the service ---------------------------------------------------------------------------------
@time_machine.travel(PAGI, tick=False)
def test_operator_request_lands_at_the_first_step_with_the_standards_clock(bulukumba, operator):
    hasil = ajukan(bulukumba, operator)
    r = hasil.rujukan
    assert (r.sumber, r.dibuat_oleh, r.status) == (
        Sumber.ONLINE_OPERATOR,
        operator,
        Status.DIAJUKAN,
    )
    assert r.daring
    # Bulukumba's 40 minutes run from the submission, as at the desk
    assert r.tenggat - PAGI == dt.timedelta(minutes=40)
    langkah = list(r.langkah_kasus.order_by("urutan").values_list("status", "selesai_oleh"))
    # the kelurahan's letter (step 1) waits for the front desk; nothing done on its behalf
    assert langkah[0] == (StatusLangkah.BERJALAN, None)
    assert {st for st, _ in langkah[1:]} == {StatusLangkah.MENUNGGU}
    assert len(hasil.kode_lacak) == 9 and hasil.tanda_terima is not None
    assert "Portal layanan daring" in teks_pdf(hasil.tanda_terima.berkas.read())
    # the uploads are there, not yet checked by anyone
    surat = BerkasItem.objects.get(rujukan=r, persyaratan__surat_kelurahan=True)
    assert surat.berkas and surat.diperiksa_oleh is None
    # the consent to processing, with who gave it and how
    p = PersetujuanKlien.objects.get(rujukan=r)
    assert (p.cakupan, p.pemberi, p.cara, p.dicatat_oleh) == (
        PersetujuanKlien.Cakupan.PENGOLAHAN,
        "La Tahang",
        PersetujuanKlien.Cara.CAP_JEMPOL,
        operator,
    )
    # ... which is not the consent to share the data with a panti
    assert not syarat_persetujuan_klien(r)
    assert Kejadian.objects.filter(rujukan=r, kode="rujukan.submitted_online").exists()


@time_machine.travel(PAGI, tick=False)
def test_front_desk_takes_it_up_and_the_intake_step_is_done_in_its_name(bulukumba, operator):
    staf = personas_untuk(bulukumba.instansi)
    r = ajukan(bulukumba, operator).rujukan
    r = s.rujukan_start_check(rujukan=r, by=staf.petugas_loket)
    pertama = LangkahKasus.objects.get(rujukan=r, urutan=1)
    assert (pertama.status, pertama.selesai_oleh) == (StatusLangkah.SELESAI, staf.petugas_loket)


@time_machine.travel(PAGI, tick=False)
def test_letter_signed_in_the_portal_becomes_the_requirements_document(bulukumba, operator):
    r = ajukan(
        bulukumba,
        operator,
        berkas=_dokumen(bulukumba, tanpa_surat=True),
        surat_portal=s.DataSuratPortal(
            nomor="460/12/KL-CL/III/2026",
            perihal="Permohonan pendampingan lansia terlantar",
            isi="Warga kami tinggal sendiri tanpa keluarga dan memerlukan pendampingan.",
        ),
    ).rujukan
    item = BerkasItem.objects.get(rujukan=r, persyaratan__surat_kelurahan=True)
    assert item.terpenuhi and item.tipe_berkas == "application/pdf"
    teks = teks_pdf(item.berkas.read())
    assert "460/12/KL-CL/III/2026" in teks
    assert "Ditandatangani di Portal Layanan Dinas Sosial oleh Andi Rahman" in teks
    assert "pada 10-03-2026 08.30 WITA" in teks  # the office's own time
    assert "Andi Rahman" in item.catatan
    assert Kejadian.objects.filter(rujukan=r, kode="rujukan.kelurahan_letter_signed").exists()


def test_missing_requirement_is_refused_and_nothing_is_saved(bulukumba, operator):
    with pytest.raises(s.DataTidakValid, match="Dokumen wajib belum diunggah: Membawa surat"):
        ajukan(bulukumba, operator, berkas=_dokumen(bulukumba, tanpa_surat=True))
    assert not Rujukan.objects.exists() and not Klien.objects.exists()
    assert not PersetujuanKlien.objects.exists()


def test_a_file_that_is_not_a_pdf_or_photo_is_refused(bulukumba, operator):
    berkas = _dokumen(bulukumba)
    berkas[next(iter(berkas))] = exe_sebagai_jpg()
    with pytest.raises(s.DataTidakValid):
        ajukan(bulukumba, operator, berkas=berkas)
    assert not Rujukan.objects.exists()


def test_operator_of_another_instansi_or_kelurahan_is_refused(standar, bulukumba):
    depok = standar["depok"].instansi
    asing = operator_untuk(depok)
    with pytest.raises(s.IzinDitolak, match="tidak terhubung dengan kelurahan"):
        ajukan(bulukumba, asing)
    # a kelurahan of another office, tied to a Bulukumba account by mistake
    salah = operator_untuk(
        bulukumba.instansi,
        kelurahan=Kelurahan.objects.create(instansi=depok, nama="Pancoran Mas", kecamatan="PM"),
    )
    with pytest.raises(s.IzinDitolak):
        ajukan(bulukumba, salah)
    tanpa = make_user("optanpa", instansi=bulukumba.instansi, peran=Peran.OPERATOR_KELURAHAN)
    with pytest.raises(s.IzinDitolak):
        ajukan(bulukumba, tanpa)
    # the front desk does not submit "online" in an operator's place, nor the reverse
    staf = personas_untuk(bulukumba.instansi)
    with pytest.raises(s.IzinDitolak):
        ajukan(bulukumba, staf.petugas_loket)
    with pytest.raises(s.IzinDitolak):
        s.rujukan_register(
            by=operator_untuk(bulukumba.instansi),
            permohonan=s.PermohonanBaru(
                layanan=bulukumba,
                klien=data_klien(LAHIR, wilayah="730201"),
                pemohon=data_pemohon("kelurahan"),
            ),
        )
    assert not Rujukan.objects.exists()


def test_a_standard_not_published_is_refused(bulukumba, operator):
    type(bulukumba).objects.filter(pk=bulukumba.pk).update(aktif=False)
    bulukumba.refresh_from_db()
    with pytest.raises(s.DataTidakValid, match="tidak sedang diterbitkan"):
        ajukan(bulukumba, operator)


def test_consent_is_required_and_a_representative_says_why(bulukumba, operator):
    with pytest.raises(s.DataTidakValid, match="persetujuan"):
        ajukan(bulukumba, operator, persetujuan=s.DataPersetujuanOnline(pemberi=" "))
    with pytest.raises(s.DataTidakValid, match="bukan klien sendiri"):
        ajukan(
            bulukumba,
            operator,
            persetujuan=s.DataPersetujuanOnline(
                pemberi="Hj. Rosmini", hubungan=PersetujuanKlien.Hubungan.KELUARGA
            ),
        )
    assert not Rujukan.objects.exists()


@time_machine.travel(PAGI, tick=False)
def test_the_same_form_sent_twice_makes_one_case(bulukumba, operator):
    kunci = uuid.uuid4().hex
    pertama = ajukan(bulukumba, operator, kunci=kunci)
    kedua = ajukan(bulukumba, operator, kunci=kunci)
    assert kedua.ulang and kedua.rujukan.pk == pertama.rujukan.pk and kedua.kode_lacak == ""
    assert Rujukan.objects.count() == 1 and PersetujuanKlien.objects.count() == 1
    lain = operator_untuk(bulukumba.instansi)
    with pytest.raises(s.DataTidakValid, match="sudah dipakai"):
        ajukan(bulukumba, lain, kunci=kunci)


@time_machine.travel(PAGI, tick=False)
def test_a_returning_klien_is_not_rewritten_from_outside(bulukumba, operator):
    staf = personas_untuk(bulukumba.instansi)
    data = data_klien(LAHIR, nama="La Tahang", wilayah="730201")
    s.rujukan_register(
        by=staf.petugas_loket,
        permohonan=s.PermohonanBaru(
            layanan=bulukumba,
            klien=data,
            pemohon=data_pemohon("kelurahan"),
            berkas=_dokumen(bulukumba),
        ),
    )
    data.nama, data.alamat = "Nama Lain", "Alamat lain"
    r = ajukan(bulukumba, operator, klien=data).rujukan
    r.klien.refresh_from_db()
    assert (r.klien.nama, r.klien.alamat) == ("La Tahang", "Jl. Sutoyo S. Gg. Rahmat RT 05")
    assert Klien.objects.count() == 1


# -- the pages -----------------------------------------------------------------------------------
def _post(layanan, *, kunci=None, berkas=None, **extra):
    d = data_klien(LAHIR, nama="La Tahang", wilayah="730201")
    data = {
        "kunci": kunci or uuid.uuid4().hex,
        "nama": d.nama,
        "nik": d.nik,
        "alamat": d.alamat,
        "pemohon_jenis": "kelurahan",
        "pemohon_nama": "Andi Rahman",
        "pemohon_lembaga": "Kelurahan Caile",
        "ringkasan": "Lansia terlantar.",
        "setuju": "on",
        "persetujuan_pemberi": "La Tahang",
        "persetujuan_hubungan": "klien",
        "persetujuan_cara": "cap_jempol",
        "surat_cara": "unggah",
    }
    for p in layanan.persyaratan.filter(jenis="dokumen"):
        data[f"berkas_{p.pk}"] = pdf()
    if berkas is not None:
        data.update(berkas)
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def test_operator_submits_through_the_form_and_sees_it_on_his_home(client, bulukumba, operator):
    client.force_login(operator)
    url = reverse("rujukan:online_formulir", args=[bulukumba.pk])
    halaman = client.get(url)
    assert halaman.status_code == 200
    assert "Tanda tangani surat di portal sekarang" in halaman.content.decode()
    jawab = client.post(url, _post(bulukumba))
    assert jawab.status_code == 302 and jawab.url == reverse("rujukan:online")
    r = Rujukan.objects.get()
    assert r.sumber == Sumber.ONLINE_OPERATOR
    beranda = client.get(reverse("rujukan:online"))
    teks = beranda.content.decode()
    assert r.nomor_registrasi in teks and "Surat belum terbit" in teks
    # the staff home sends him to his requests
    assert client.get(reverse("staf:beranda")).url == reverse("rujukan:online")


def test_front_desk_sees_an_online_badge_and_filter(client, bulukumba, operator):
    staf = personas_untuk(bulukumba.instansi)
    online = ajukan(bulukumba, operator).rujukan
    loket = s.rujukan_register(
        by=staf.petugas_loket,
        permohonan=s.PermohonanBaru(
            layanan=bulukumba,
            klien=data_klien(LAHIR, nama="Daeng Baji", wilayah="730201"),
            pemohon=data_pemohon("kelurahan"),
            berkas=_dokumen(bulukumba),
        ),
    ).rujukan
    client.force_login(staf.petugas_loket)
    teks = client.get(reverse("rujukan:daftar")).content.decode()
    assert teks.count('class="badge badge-online"') == 1
    saring = client.get(reverse("rujukan:daftar") + "?sumber=online").content.decode()
    assert online.nomor_registrasi in saring and loket.nomor_registrasi not in saring
    assert 'class="badge badge-online"' in client.get(reverse("staf:beranda")).content.decode()


def test_missing_file_answers_400_with_the_message_and_saves_nothing(client, bulukumba, operator):
    client.force_login(operator)
    surat = bulukumba.persyaratan.get(surat_kelurahan=True)
    jawab = client.post(
        reverse("rujukan:online_formulir", args=[bulukumba.pk]),
        _post(bulukumba, berkas={f"berkas_{surat.pk}": None}),
    )
    assert jawab.status_code == 400
    assert "Unggah dokumen wajib ini." in jawab.content.decode()
    assert not Rujukan.objects.exists()


def test_signing_in_the_portal_needs_the_operators_password(client, bulukumba, operator):
    client.force_login(operator)
    surat = bulukumba.persyaratan.get(surat_kelurahan=True)
    url = reverse("rujukan:online_formulir", args=[bulukumba.pk])
    data = {
        "surat_cara": "portal",
        f"berkas_{surat.pk}": None,
        "surat_nomor": "460/12/KL/2026",
        "surat_perihal": "Permohonan pendampingan",
        "surat_isi": "Warga kami terlantar.",
    }
    salah = client.post(url, _post(bulukumba, **data, kata_sandi="bukan-sandinya"))
    assert salah.status_code == 403 and not Rujukan.objects.exists()
    benar = client.post(url, _post(bulukumba, **data, kata_sandi="rahasia-uji-123"))
    assert benar.status_code == 302
    item = BerkasItem.objects.get(persyaratan=surat)
    assert item.berkas and "460/12/KL/2026" in item.catatan


def test_the_same_form_posted_twice_makes_one_case(client, bulukumba, operator):
    client.force_login(operator)
    url = reverse("rujukan:online_formulir", args=[bulukumba.pk])
    kunci = uuid.uuid4().hex
    assert client.post(url, _post(bulukumba, kunci=kunci)).status_code == 302
    kedua = client.post(url, _post(bulukumba, kunci=kunci), follow=True)
    assert "tidak dikirim dua kali" in kedua.content.decode()
    assert Rujukan.objects.count() == 1


def test_operator_reads_nothing_else_of_the_office(client, bulukumba, operator):
    staf = personas_untuk(bulukumba.instansi)
    lain = s.rujukan_register(
        by=staf.petugas_loket,
        permohonan=s.PermohonanBaru(
            layanan=bulukumba,
            klien=data_klien(LAHIR, wilayah="730201"),
            pemohon=data_pemohon("kelurahan"),
            berkas=_dokumen(bulukumba),
        ),
    )
    sendiri = ajukan(bulukumba, operator).rujukan
    client.force_login(operator)
    assert client.get(reverse("rujukan:detail", args=[sendiri.pk])).status_code == 403
    assert client.get(reverse("rujukan:daftar")).status_code == 403
    assert client.get(reverse("rujukan:baru")).status_code == 403
    # another case's receipt, by its id under his own case or its own
    dok = lain.tanda_terima.pk
    assert client.get(reverse("rujukan:online_unduh", args=[sendiri.pk, dok])).status_code == 404
    assert (
        client.get(reverse("rujukan:online_unduh", args=[lain.rujukan.pk, dok])).status_code == 404
    )
    # his own receipt downloads
    tt = sendiri.dokumen.get(jenis="tanda_terima").pk
    assert client.get(reverse("rujukan:online_unduh", args=[sendiri.pk, tt])).status_code == 200
    # another operator sees neither his list nor his documents
    client.force_login(operator_untuk(bulukumba.instansi))
    assert sendiri.nomor_registrasi not in client.get(reverse("rujukan:online")).content.decode()
    assert client.get(reverse("rujukan:online_unduh", args=[sendiri.pk, tt])).status_code == 404


def test_staff_without_the_role_get_403_on_the_online_pages(client, bulukumba):
    client.force_login(personas_untuk(bulukumba.instansi).petugas_loket)
    assert client.get(reverse("rujukan:online")).status_code == 403
    assert client.get(reverse("rujukan:online_formulir", args=[bulukumba.pk])).status_code == 403


def test_operator_without_a_kelurahan_is_told_why(client, bulukumba):
    client.force_login(
        make_user("optanpa2", instansi=bulukumba.instansi, peran=Peran.OPERATOR_KELURAHAN)
    )
    teks = client.get(reverse("rujukan:online_baru")).content.decode()
    assert "belum terhubung dengan kelurahan/desa" in teks
    assert client.get(reverse("rujukan:online_formulir", args=[bulukumba.pk])).status_code == 403


def test_home_reads_a_fixed_number_of_queries(client, bulukumba, operator):
    client.force_login(operator)
    ajukan(bulukumba, operator)
    client.get(reverse("rujukan:online"))
    with CaptureQueriesContext(connection) as satu:
        client.get(reverse("rujukan:online"))
    for _ in range(3):
        ajukan(bulukumba, operator)
    with CaptureQueriesContext(connection) as empat:
        assert client.get(reverse("rujukan:online")).status_code == 200
    assert len(empat) == len(satu)


# -- a citizen without an account (the number proven by a one-time code) ---------------------
WARGA = "6281348545556"


@time_machine.travel(PAGI, tick=False)
def test_citizen_submits_with_the_number_they_proved(bulukumba):
    hasil = ajukan(
        bulukumba,
        None,
        sumber=Sumber.ONLINE_WARGA,
        warga_telepon=WARGA,
        pemohon=s.DataPemohon(jenis="keluarga", nama="Hj. Rosmini", telepon="0811111111"),
        persetujuan=s.DataPersetujuanOnline(
            pemberi="Hj. Rosmini",
            hubungan=PersetujuanKlien.Hubungan.KELUARGA,
            alasan="Klien sakit, diwakili anaknya.",
        ),
    )
    r = hasil.rujukan
    assert (r.sumber, r.dibuat_oleh, r.status) == (Sumber.ONLINE_WARGA, None, Status.DIAJUKAN)
    assert r.tenggat - PAGI == dt.timedelta(minutes=40)
    # the typed number is not trusted: the proven one is the pemohon's
    assert r.pemohon.telepon == WARGA
    assert hasil.tanda_terima is None and len(hasil.kode_lacak) == 9
    p = PersetujuanKlien.objects.get(rujukan=r)
    assert (p.cara, p.dicatat_oleh, p.cakupan) == (
        PersetujuanKlien.Cara.ELEKTRONIK,
        None,
        PersetujuanKlien.Cakupan.PENGOLAHAN,
    )
    # it shows on the citizen's own page (warga), found by that number
    from rujukan.services.warga import rujukan_pemohon

    assert list(rujukan_pemohon(WARGA)) == [r]


def test_citizen_path_needs_a_proven_number_and_signs_no_letter(bulukumba, operator):
    kw = {"sumber": Sumber.ONLINE_WARGA}
    with pytest.raises(s.IzinDitolak, match="sudah diverifikasi"):
        ajukan(bulukumba, None, **kw)
    with pytest.raises(s.IzinDitolak, match="sudah diverifikasi"):
        ajukan(bulukumba, operator, warga_telepon=WARGA, **kw)
    with pytest.raises(s.IzinDitolak, match="operator"):
        ajukan(
            bulukumba,
            None,
            warga_telepon=WARGA,
            berkas=_dokumen(bulukumba, tanpa_surat=True),
            surat_portal=s.DataSuratPortal(nomor="1", perihal="x", isi="y"),
            **kw,
        )
    assert not Rujukan.objects.exists()


@time_machine.travel(PAGI, tick=False)
def test_citizen_form_sent_twice_is_one_case_and_not_anothers(bulukumba):
    kunci = uuid.uuid4().hex
    kw = {"sumber": Sumber.ONLINE_WARGA, "kunci": kunci}
    pertama = ajukan(bulukumba, None, warga_telepon=WARGA, **kw)
    assert ajukan(bulukumba, None, warga_telepon=WARGA, **kw).rujukan == pertama.rujukan
    with pytest.raises(s.DataTidakValid, match="sudah dipakai"):
        ajukan(bulukumba, None, warga_telepon="6281200000000", **kw)
    assert Rujukan.objects.count() == 1


def test_citizen_form_has_no_typed_phone_and_no_portal_letter(bulukumba):
    from rujukan.forms_online import PengajuanOnlineForm

    form = PengajuanOnlineForm(
        persyaratan=s.persyaratan_untuk(bulukumba, None), jenis_subjek="perorangan", warga=True
    )
    assert "pemohon_telepon" not in form.fields and "persetujuan_cara" not in form.fields
    assert "surat_cara" not in form.fields and form.syarat_surat is None


def _post_warga(layanan, **extra):
    data = _post(layanan, **extra)
    for k in ("pemohon_lembaga", "surat_cara", "persetujuan_cara"):
        data.pop(k)
    data.update({"pemohon_jenis": "keluarga", "pemohon_nama": "Hj. Rosmini"})
    data.update({"pemohon_hubungan": "anak", "pemohon_telepon": "0899999999"})
    return data


def test_citizen_submits_through_their_page_and_sees_it_there(client, bulukumba):
    from tests.warga.bantu import masuk

    masuk(client, "0813 4854 5556")
    beranda = client.get(reverse("warga:beranda")).content.decode()
    assert reverse("warga:ajukan") in beranda
    assert bulukumba.nama in client.get(reverse("warga:ajukan")).content.decode()
    url = reverse("warga:ajukan_formulir", args=[bulukumba.pk])
    halaman = client.get(url).content.decode()
    assert "Tanda tangani surat di portal" not in halaman and "pemohon_telepon" not in halaman
    # a missing document: 400, the reason, nothing saved
    surat = bulukumba.persyaratan.get(surat_kelurahan=True)
    kurang = client.post(url, _post_warga(bulukumba, berkas={f"berkas_{surat.pk}": None}))
    assert kurang.status_code == 400 and "Unggah dokumen wajib ini." in kurang.content.decode()
    assert not Rujukan.objects.exists()
    kunci = uuid.uuid4().hex
    jawab = client.post(url, _post_warga(bulukumba, kunci=kunci))
    assert jawab.status_code == 302 and jawab.url == reverse("warga:beranda")
    r = Rujukan.objects.get()
    assert (r.sumber, r.dibuat_oleh, r.pemohon.telepon) == (
        Sumber.ONLINE_WARGA,
        None,
        "6281348545556",
    )
    assert r.nomor_registrasi in client.get(reverse("warga:beranda")).content.decode()
    # the same form again: still one case
    client.post(url, _post_warga(bulukumba, kunci=kunci))
    assert Rujukan.objects.count() == 1


def test_citizen_pages_need_a_login(client, bulukumba):
    for url in (
        reverse("warga:ajukan"),
        reverse("warga:ajukan_formulir", args=[bulukumba.pk]),
    ):
        assert client.get(url).url == reverse("warga:masuk")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_eight_times_at_once_makes_one_case():
    """A double tap on a slow line: eight requests with one key at the same
    moment; one case, one klien, and every request answers with that case."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from tests.factories import make_instansi
    from tests.rujukan.factories import standar_sederhana

    instansi = make_instansi()
    layanan = standar_sederhana(instansi)
    op = operator_untuk(instansi)
    kunci = uuid.uuid4().hex
    klien = data_klien(LAHIR, nama="La Tahang")
    barrier = threading.Barrier(8)

    def kirim(_):
        try:
            barrier.wait(timeout=30)
            return ajukan(layanan, op, kunci=kunci, klien=klien, berkas=_dokumen(layanan))
        except Exception as exc:  # noqa: BLE001 - asserted below
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        hasil = list(pool.map(kirim, range(8)))
    assert [h for h in hasil if isinstance(h, Exception)] == []
    assert Rujukan.objects.filter(instansi=instansi).count() == 1
    assert Klien.objects.filter(instansi=instansi).count() == 1
    assert PersetujuanKlien.objects.count() == 1
    assert {h.rujukan.pk for h in hasil} == {Rujukan.objects.get(instansi=instansi).pk}
    assert sum(not h.ulang for h in hasil) == 1


def test_an_oversized_or_fake_file_in_the_form_answers_400_and_saves_nothing(
    client, bulukumba, operator, settings
):

    settings.MAX_UPLOAD_MB = 1
    client.force_login(operator)
    ktp = bulukumba.persyaratan.get(teks__startswith="Memiliki identitas")
    url = reverse("rujukan:online_formulir", args=[bulukumba.pk])
    besar = pdf_besar("ktp.pdf")
    for berkas, pesan in ((besar, "terlalu besar"), (exe_sebagai_jpg(), "Jenis berkas")):
        jawab = client.post(url, _post(bulukumba, berkas={f"berkas_{ktp.pk}": berkas}))
        assert jawab.status_code == 400 and pesan in jawab.content.decode()
    assert not Rujukan.objects.exists() and not Klien.objects.exists()


def test_a_citizen_submits_at_most_the_daily_allowance(client, bulukumba, settings):
    from tests.warga.bantu import masuk

    settings.PENGADUAN_BATAS_PERMINTAAN = {"ajukan_warga": (1, 24 * 60 * 60)}
    masuk(client, "0813 4854 5556")
    url = reverse("warga:ajukan_formulir", args=[bulukumba.pk])
    assert client.post(url, _post_warga(bulukumba)).status_code == 302
    kedua = client.post(url, _post_warga(bulukumba))
    assert kedua.status_code == 429 and "Terlalu banyak" in kedua.content.decode()
    assert Rujukan.objects.count() == 1
