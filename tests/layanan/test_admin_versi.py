"""The admin pages of a standard's versions, as an Admin Instansi uses them:
a new draft from the version in force, publishing it with its SK (refused
with every problem while one remains), export, import and a copy of another
office's standard — each for his own office only. A version a case runs on
keeps its steps: the admin shows them read-only with a way to a draft."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from layanan import services
from layanan.models import LangkahProsedur, Layanan, Peran, StatusVersi
from tests.factories import make_user
from tests.layanan.factories import make_jabatan, make_standar_berjalan
from tests.layanan.test_admin import change_url, form_data
from tests.layanan.test_public_pages import text_of
from tests.personas import personas_untuk
from tests.rujukan.factories import s_register, standar_sederhana

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")


def _staff(user: User) -> User:
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def lestari(personas):
    return _staff(personas.admin_instansi)


@pytest.fixture
def andi(personas):
    """The Admin Instansi of the other office."""
    return _staff(make_user("andi", instansi=personas.instansi_lain, peran=Peran.ADMIN_INSTANSI))


@pytest.fixture
def standar(personas):
    return make_standar_berjalan(personas)


@pytest.fixture
def hari_ini():
    with time_machine.travel(dt.datetime(2026, 3, 3, 10, 0, tzinfo=WIB), tick=False):
        yield


def url(nama: str, layanan: Layanan | None = None) -> str:
    args = [layanan.pk] if layanan is not None else []
    return reverse(f"admin:layanan_layanan_{nama}", args=args)


def test_version_in_force_offers_a_new_draft_and_the_draft_offers_publishing(
    client, lestari, standar
):
    client.force_login(lestari)
    html = client.get(change_url(standar)).content.decode()
    assert url("buat_draf", standar) in html and url("ekspor", standar) in html
    assert url("terbitkan", standar) not in html

    response = client.get(url("buat_draf", standar))
    assert response.status_code == 200
    assert "menyalin seluruh isi versi 1" in text_of(response)
    assert Layanan.objects.count() == 1  # a GET writes nothing

    response = client.post(url("buat_draf", standar))
    draf = Layanan.objects.get(status_versi=StatusVersi.DRAF)
    assert response.status_code == 302 and response["Location"] == change_url(draf)
    text = text_of(client.get(change_url(draf)))
    assert "Ini draf versi 2" in text and "Draf versi 2 dibuat" in text
    html = client.get(change_url(draf)).content.decode()
    assert url("terbitkan", draf) in html and url("buat_draf", draf) not in html
    # the version in force now leads to its draft; a second draft is refused
    assert "Buka draf versi 2" in text_of(client.get(change_url(standar)))
    response = client.post(url("buat_draf", standar))
    assert response.status_code == 409
    assert "sudah mempunyai draf versi 2" in text_of(response)


def test_changelist_action_leads_to_the_draft_page(client, lestari, standar):
    client.force_login(lestari)
    response = client.post(
        url("changelist"),
        {"action": "buat_draf_versi_baru", "_selected_action": [standar.pk]},
    )
    assert response.status_code == 302 and response["Location"] == url("buat_draf", standar)


def test_publish_page_lists_the_problems_and_refuses_until_fixed(
    client, personas, lestari, standar, hari_ini
):
    draf = services.layanan_create_draft(layanan=standar, by=lestari)
    langkah = draf.langkah.order_by("urutan")[4]
    langkah.jabatan.set([make_jabatan(personas.instansi, "Kepala Seksi", Peran.KOORDINATOR)])
    client.force_login(lestari)

    response = client.get(url("terbitkan", draf))
    assert response.status_code == 200
    text = text_of(response)
    assert "1 masalah membuat kasus tidak dapat berjalan" in text
    assert "Langkah 5 (Paraf): jabatan “Kepala Seksi” belum dipegang pegawai mana pun." in text

    response = client.post(url("terbitkan", draf), {"nomor_sk": "", "tanggal_sk": ""})
    assert response.status_code == 400
    galat = response.context["galat_daftar"]
    assert galat == [
        "Nomor SK wajib diisi.",
        "Tanggal SK wajib diisi.",
        "Langkah 5 (Paraf): jabatan “Kepala Seksi” belum dipegang pegawai mana pun.",
    ]
    assert all(g in text_of(response) for g in galat)
    draf.refresh_from_db()
    assert draf.status_versi == StatusVersi.DRAF

    langkah.jabatan.set(standar.langkah.order_by("urutan")[4].jabatan.all())
    sk = {"nomor_sk": "12 TAHUN 2026", "tanggal_sk": "2026-03-02", "berlaku_mulai": "2026-03-03"}
    response = client.post(url("terbitkan", draf), sk)
    assert response.status_code == 302 and response["Location"] == change_url(draf)
    draf.refresh_from_db()
    standar.refresh_from_db()
    assert draf.aktif and draf.nomor_sk == "12 TAHUN 2026"
    assert draf.tanggal_sk == dt.date(2026, 3, 2)
    assert standar.status_versi == StatusVersi.ARSIP and not standar.aktif
    text = text_of(client.get(change_url(draf)))
    assert "Versi 2 diterbitkan dan mulai berlaku" in text
    assert "Diterbitkan dan mulai berlaku (SK 12 TAHUN 2026 tanggal 2 Maret 2026" in text
    # the archived version is a record now: readable, not changeable
    response = client.get(change_url(standar))
    assert response.status_code == 200 and "tidak berlaku lagi" in text_of(response)
    assert not response.context["has_change_permission"]
    assert client.post(change_url(standar), form_data(response)).status_code == 403


def test_export_download_is_the_standard_file(client, lestari, standar):
    client.force_login(lestari)
    response = client.get(url("ekspor", standar))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert (
        f'filename="standar-{standar.instansi.slug}-{standar.slug}-versi-1.json"'
        in response["Content-Disposition"]
    )
    assert json.loads(response.content) == services.layanan_export(standar)
    assert client.post(url("ekspor", standar)).status_code == 405


def test_import_page_makes_a_draft_in_the_admins_own_office(client, personas, lestari, andi):
    sumber = make_standar_berjalan(personas)
    isi = json.dumps(services.layanan_export(sumber)).encode()
    client.force_login(andi)
    html = client.get(url("changelist")).content.decode()
    assert url("impor") in html and url("salin") in html
    assert client.get(url("impor")).status_code == 200

    berkas = SimpleUploadedFile("slrt.json", isi, content_type="application/json")
    response = client.post(url("impor"), {"berkas": berkas})
    draf = Layanan.objects.get(instansi=personas.instansi_lain)
    assert response.status_code == 302 and response["Location"] == change_url(draf)
    assert draf.status_versi == StatusVersi.DRAF and draf.slug == sumber.slug
    assert draf.riwayat.get().catatan == "slrt.json"

    rusak = SimpleUploadedFile("rusak.json", b"{ bukan json", content_type="application/json")
    response = client.post(url("impor"), {"berkas": rusak})
    assert response.status_code == 400
    assert "tidak dapat dibaca sebagai JSON" in text_of(response)
    berkas = SimpleUploadedFile("slrt.json", isi, content_type="application/json")
    response = client.post(url("impor"), {"berkas": berkas})
    assert response.status_code == 409 and "sudah mempunyai draf versi 1" in text_of(response)
    assert Layanan.objects.filter(instansi=personas.instansi_lain).count() == 1


def test_copy_page_offers_other_offices_published_standards_and_copies_into_own_office(
    client, personas, lestari, andi, standar
):
    draf_sendiri = services.layanan_copy(
        sumber=standar, instansi=personas.instansi_lain, by=andi, slug="konsep-andi"
    )
    client.force_login(andi)
    response = client.get(url("salin"))
    assert response.status_code == 200
    pilihan = list(response.context["form"].fields["sumber"].queryset)
    assert pilihan == [standar]  # published, of another office; not his own draft
    assert draf_sendiri not in pilihan

    response = client.post(url("salin"), {"sumber": standar.pk, "slug": ""})
    draf = Layanan.objects.get(instansi=personas.instansi_lain, slug=standar.slug)
    assert response.status_code == 302 and response["Location"] == change_url(draf)
    assert draf.status_versi == StatusVersi.DRAF and draf.versi_asal == standar
    text = text_of(client.get(change_url(draf)))
    assert f"{standar.nama} — {standar.instansi.nama}, versi 1" in text
    assert "Draf disalin dari standar instansi lain" in text


def test_another_offices_admin_gets_404_and_staff_without_the_role_403(
    client, personas, lestari, andi, standar
):
    draf = services.layanan_create_draft(layanan=standar, by=lestari)
    client.force_login(andi)
    for nama, obj in [
        ("buat_draf", standar),
        ("terbitkan", draf),
        ("ekspor", standar),
        ("periksa", draf),
        ("change", draf),
    ]:
        assert client.get(url(nama, obj)).status_code == 404, nama
    assert client.post(url("buat_draf", standar)).status_code == 404
    sk = {"nomor_sk": "1", "tanggal_sk": "2026-01-01"}
    assert client.post(url("terbitkan", draf), sk).status_code == 404

    kabid = _staff(personas.kabid)  # of the office, but not its Admin Instansi
    client.force_login(kabid)
    assert client.get(url("buat_draf", standar)).status_code == 403
    assert client.post(url("terbitkan", draf), sk).status_code == 403
    assert client.get(url("impor")).status_code == 403
    assert client.get(url("salin")).status_code == 403
    draf.refresh_from_db()
    assert draf.status_versi == StatusVersi.DRAF
    assert Layanan.objects.count() == 2


def test_version_in_force_with_a_case_shows_its_steps_read_only(client, personas, lestari):
    layanan = standar_sederhana(personas.instansi)
    s_register(layanan, personas_untuk(personas.instansi))
    client.force_login(lestari)
    response = client.get(change_url(layanan))
    assert response.status_code == 200
    assert "sedang berlaku dan sudah dipakai kasus" in text_of(response)
    assert url("buat_draf", layanan) in response.content.decode()
    langkah = next(
        i for i in response.context["inline_admin_formsets"] if i.formset.model is LangkahProsedur
    )
    assert not langkah.has_change_permission and not langkah.has_add_permission
    assert "penandatangan_peran" not in response.context["adminform"].form.fields

    data = form_data(response)
    data["nama"] = "Rekomendasi Uji (nama baru)"
    data[f"{langkah.formset.prefix}-0-teks"] = "Diubah di tengah jalan"
    assert client.post(change_url(layanan), data).status_code == 302
    layanan.refresh_from_db()
    assert layanan.nama == "Rekomendasi Uji (nama baru)"  # the name may be corrected
    assert layanan.langkah.order_by("urutan")[0].teks == "Registrasi"

    # its draft is fully editable
    draf = services.layanan_create_draft(layanan=layanan, by=lestari)
    response = client.get(change_url(draf))
    langkah = next(
        i for i in response.context["inline_admin_formsets"] if i.formset.model is LangkahProsedur
    )
    assert langkah.has_change_permission and langkah.has_add_permission
    assert "aktif" not in response.context["adminform"].form.fields  # published via Terbitkan


def test_new_standard_added_in_the_admin_starts_as_an_unpublished_draft(
    client, personas, lestari, standar
):
    client.force_login(lestari)
    response = client.get(url("add"))
    assert "aktif" not in response.context["adminform"].form.fields
    data = form_data(response)
    data.update(nama="Layanan Baru", slug=standar.slug)
    response = client.post(url("add"), data)
    assert response.status_code == 400  # refused, nothing saved
    assert "buat draf versi barunya" in str(response.context["adminform"].form.errors)
    data["slug"] = "layanan-baru"
    assert client.post(url("add"), data).status_code == 302
    baru = Layanan.objects.get(slug="layanan-baru")
    assert (baru.versi, baru.status_versi, baru.aktif) == (1, StatusVersi.DRAF, False)
    assert client.get(baru.get_absolute_url()).status_code == 404
