"""The admin as an Admin Instansi uses it: his own office's rows, with the
standard's components as ordered inlines, and nothing of another office."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from layanan.models import (
    HariLibur,
    KategoriPPKS,
    LangkahProsedur,
    Layanan,
    Panti,
    Pegawai,
    Persyaratan,
    SubLayanan,
    Tahap,
)
from tests.factories import make_layanan


def form_data(response) -> dict:
    """POST data that re-submits an admin change form as it was rendered."""
    data: dict = {}

    def put(bound_field):
        value = bound_field.value()
        if isinstance(value, bool):
            if value:
                data[bound_field.html_name] = "on"
            return
        if value is None:
            value = ""
        if isinstance(value, list | tuple):
            data[bound_field.html_name] = [str(v) for v in value]
            return
        data[bound_field.html_name] = str(value)

    for bound_field in response.context["adminform"].form:
        put(bound_field)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for bound_field in formset.management_form:
            put(bound_field)
        for form in formset.forms:
            for bound_field in form:
                put(bound_field)
    return data


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def lestari(personas):
    user = personas.admin_instansi
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def layanan_sendiri(personas):
    layanan = make_layanan(personas.instansi, nama="Rekomendasi Lansia Terlantar")
    sub = SubLayanan.objects.create(layanan=layanan, urutan=1, nama="Lansia")
    Persyaratan.objects.create(
        layanan=layanan, sub_layanan=sub, urutan=1, teks="Fotokopi KTP", jenis="dokumen"
    )
    LangkahProsedur.objects.create(
        layanan=layanan, urutan=1, teks="Surat permohonan diterima", tahap=Tahap.PERMOHONAN
    )
    LangkahProsedur.objects.create(
        layanan=layanan, urutan=2, teks="Verifikasi oleh peksos", tahap=Tahap.VERIFIKASI
    )
    return layanan


@pytest.fixture
def layanan_lain(personas):
    return make_layanan(personas.instansi_lain, nama="Layanan Kantor Tetangga")


def test_admin_instansi_edits_own_layanan_with_ordered_inlines(client, lestari, layanan_sendiri):
    client.force_login(lestari)
    url = change_url(layanan_sendiri)
    response = client.get(url)
    assert response.status_code == 200
    langkah_formset = next(
        i.formset
        for i in response.context["inline_admin_formsets"]
        if i.formset.model is LangkahProsedur
    )
    assert [f.instance.teks for f in langkah_formset.forms] == [
        "Surat permohonan diterima",
        "Verifikasi oleh peksos",
    ]
    assert list(langkah_formset.forms[0].fields)[0] == "urutan"

    data = form_data(response)
    data["nama"] = "Rekomendasi Lansia Terlantar ke UPT"
    prefix = langkah_formset.prefix
    # Swap the order of the two steps and add a third one.
    data[f"{prefix}-0-urutan"], data[f"{prefix}-1-urutan"] = "2", "1"
    data[f"{prefix}-TOTAL_FORMS"] = "3"
    data.update(
        {
            f"{prefix}-2-urutan": "3",
            f"{prefix}-2-teks": "Kabid memberi paraf",
            f"{prefix}-2-pelaksana": "Kepala Bidang",
            f"{prefix}-2-durasi_nilai": "5",
            f"{prefix}-2-durasi_satuan": "menit",
            f"{prefix}-2-tahap": Tahap.PERSETUJUAN,
            f"{prefix}-2-layanan": str(layanan_sendiri.pk),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context and [
        response.context["adminform"].form.errors,
        [i.formset.errors for i in response.context["inline_admin_formsets"]],
    ]
    layanan_sendiri.refresh_from_db()
    assert layanan_sendiri.nama == "Rekomendasi Lansia Terlantar ke UPT"
    assert list(layanan_sendiri.langkah.values_list("teks", "urutan")) == [
        ("Verifikasi oleh peksos", 1),
        ("Surat permohonan diterima", 2),
        ("Kabid memberi paraf", 3),
    ]
    assert layanan_sendiri.persyaratan.get().sub_layanan.nama == "Lansia"


def test_admin_instansi_cannot_see_or_edit_other_office_layanan(
    client, lestari, layanan_sendiri, layanan_lain
):
    client.force_login(lestari)
    listing = client.get(reverse("admin:layanan_layanan_changelist")).content.decode()
    assert layanan_sendiri.nama in listing
    assert layanan_lain.nama not in listing

    url = change_url(layanan_lain)
    assert client.get(url).status_code == 404
    assert client.post(url, {"nama": "Dibajak"}).status_code == 404
    delete_url = reverse("admin:layanan_layanan_delete", args=[layanan_lain.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 404
    layanan_lain.refresh_from_db()
    assert layanan_lain.nama == "Layanan Kantor Tetangga"


def test_admin_instansi_cannot_move_layanan_to_other_office(
    client, personas, lestari, layanan_sendiri
):
    client.force_login(lestari)
    url = change_url(layanan_sendiri)
    response = client.get(url)
    field = response.context["adminform"].form.fields["instansi"]
    assert list(field.queryset) == [personas.instansi]

    data = form_data(response)
    data["instansi"] = str(personas.instansi_lain.pk)
    response = client.post(url, data)
    assert response.status_code == 400  # refused, nothing saved
    assert "instansi" in response.context["adminform"].form.errors
    layanan_sendiri.refresh_from_db()
    assert layanan_sendiri.instansi == personas.instansi


def test_persyaratan_cannot_point_to_sub_layanan_of_another_layanan(
    client, personas, lestari, layanan_sendiri
):
    asing = make_layanan(personas.instansi_lain)
    sub_asing = SubLayanan.objects.create(layanan=asing, urutan=1, nama="Asing")
    client.force_login(lestari)
    url = change_url(layanan_sendiri)
    response = client.get(url)
    data = form_data(response)
    prefix = next(
        i.formset.prefix
        for i in response.context["inline_admin_formsets"]
        if i.formset.model is Persyaratan
    )
    data[f"{prefix}-0-sub_layanan"] = str(sub_asing.pk)
    response = client.post(url, data)
    assert response.status_code == 400  # refused, nothing saved
    assert Persyaratan.objects.get(layanan=layanan_sendiri).sub_layanan.nama == "Lansia"


def test_admin_instansi_adds_layanan_only_for_own_office(client, personas, lestari):
    client.force_login(lestari)
    url = reverse("admin:layanan_layanan_add")
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["adminform"].form.initial["instansi"] == personas.instansi.pk
    data = form_data(response)
    data.update(nama="Layanan Baru", slug="layanan-baru", instansi=str(personas.instansi_lain.pk))
    assert client.post(url, data).status_code == 400  # refused, nothing saved
    assert not Layanan.objects.filter(slug="layanan-baru").exists()
    data["instansi"] = str(personas.instansi.pk)
    assert client.post(url, data).status_code == 302
    assert Layanan.objects.get(slug="layanan-baru").instansi == personas.instansi


def test_layanan_changelist_query_count_is_bounded(
    client, personas, lestari, django_assert_max_num_queries
):
    for _ in range(25):
        make_layanan(personas.instansi)
    client.force_login(lestari)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("admin:layanan_layanan_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 25


def test_superuser_sees_every_office(client, personas, layanan_sendiri, layanan_lain):
    root = User.objects.create_superuser("root", "root@example.go.id", "rahasia-uji-123")
    client.force_login(root)
    listing = client.get(reverse("admin:layanan_layanan_changelist")).content.decode()
    assert layanan_sendiri.nama in listing
    assert layanan_lain.nama in listing
    assert client.get(change_url(layanan_lain)).status_code == 200


def test_shared_cuti_bersama_is_read_only_for_admin_instansi(client, personas, lestari):
    bersama = HariLibur.objects.create(
        tanggal=dt.date(2026, 12, 24), jenis="cuti_bersama", keterangan="Cuti bersama Natal"
    )
    sendiri = HariLibur.objects.create(
        instansi=personas.instansi,
        tanggal=dt.date(2026, 8, 18),
        jenis="libur_daerah",
        keterangan="Hari jadi kota",
    )
    lain = HariLibur.objects.create(
        instansi=personas.instansi_lain,
        tanggal=dt.date(2026, 9, 1),
        jenis="libur_daerah",
        keterangan="Penutupan kantor tetangga",
    )
    client.force_login(lestari)
    listing = client.get(reverse("admin:layanan_harilibur_changelist")).content.decode()
    assert "Cuti bersama Natal" in listing
    assert "Hari jadi kota" in listing
    assert "Penutupan kantor tetangga" not in listing

    assert client.post(change_url(bersama), {"keterangan": "Diubah"}).status_code == 403
    assert client.get(change_url(lain)).status_code == 404
    response = client.get(change_url(sendiri))
    data = form_data(response)
    data["keterangan"] = "Hari jadi Kota Uji"
    assert client.post(change_url(sendiri), data).status_code == 302
    bersama.refresh_from_db()
    sendiri.refresh_from_db()
    assert bersama.keterangan == "Cuti bersama Natal"
    assert sendiri.keterangan == "Hari jadi Kota Uji"


def test_admin_instansi_cannot_create_shared_holiday(client, personas, lestari):
    client.force_login(lestari)
    url = reverse("admin:layanan_harilibur_add")
    data = {"tanggal": "2026-10-01", "jenis": "libur_daerah", "keterangan": "Rapat kerja"}
    assert client.post(url, {**data, "instansi": ""}).status_code == 400  # refused, nothing saved
    assert not HariLibur.objects.exists()
    assert client.post(url, {**data, "instansi": personas.instansi.pk}).status_code == 302
    assert HariLibur.objects.get().instansi == personas.instansi


def test_admin_instansi_sees_only_own_staff_and_panti(client, personas, lestari):
    Panti.objects.create(instansi=personas.instansi, nama="Panti Werdha Sendiri", jenis="panti")
    Panti.objects.create(instansi=personas.instansi_lain, nama="Panti Tetangga", jenis="panti")
    client.force_login(lestari)
    pegawai = client.get(reverse("admin:layanan_pegawai_changelist")).content.decode()
    assert "Hasan" in pegawai
    assert "Joko" not in pegawai
    joko = Pegawai.objects.get(user=personas.staf_lain)
    assert client.get(change_url(joko)).status_code == 404

    panti = client.get(reverse("admin:layanan_panti_changelist")).content.decode()
    assert "Panti Werdha Sendiri" in panti
    assert "Panti Tetangga" not in panti

    users = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "hasan" in users
    assert "joko" not in users
    assert client.get(change_url(personas.staf_lain)).status_code == 404
    password_url = reverse("admin:auth_user_password_change", args=[personas.staf_lain.pk])
    assert client.get(password_url).status_code == 404


def test_admin_instansi_cannot_make_a_superuser(client, personas, lestari):
    client.force_login(lestari)
    url = change_url(personas.kabid)
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "is_superuser" not in form.fields
    assert "user_permissions" not in form.fields
    assert set(form.fields["groups"].queryset.values_list("name", flat=True)) <= {
        "Petugas Loket",
        "Pekerja Sosial",
        "Koordinator",
        "Kepala Bidang",
        "Kepala Dinas",
        "Admin Instansi",
        "Panti",
        "Operator Kelurahan",  # an office's kelurahan/desa operators (online requests)
    }
    data = form_data(response)
    data["is_superuser"] = "on"
    data["first_name"] = "Hasan"
    assert client.post(url, data).status_code == 302
    personas.kabid.refresh_from_db()
    assert personas.kabid.first_name == "Hasan"
    assert not personas.kabid.is_superuser


def test_admin_instansi_adds_user_with_profile_in_own_office(client, personas, lestari):
    client.force_login(lestari)
    url = reverse("admin:auth_user_add")
    base = {
        "username": "sari",
        "password1": "Sandi-Kuat-2026!",
        "password2": "Sandi-Kuat-2026!",
        "usable_password": "true",
        "pegawai-TOTAL_FORMS": "1",
        "pegawai-INITIAL_FORMS": "0",
        "pegawai-MIN_NUM_FORMS": "1",
        "pegawai-MAX_NUM_FORMS": "1",
        "pegawai-0-nama": "Sari Wulandari",
        "pegawai-0-jabatan": "Petugas Loket",
    }
    response = client.post(url, {**base, "pegawai-0-instansi": personas.instansi_lain.pk})
    assert response.status_code == 400  # refused, nothing saved
    without_profile = {k: v for k, v in base.items() if not k.startswith("pegawai-0-")}
    response = client.post(url, {**without_profile, "pegawai-TOTAL_FORMS": "0"})
    assert response.status_code == 400  # refused: no profile, nothing saved
    assert not User.objects.filter(username="sari").exists()
    response = client.post(url, {**base, "pegawai-0-instansi": personas.instansi.pk})
    assert response.status_code == 302
    assert User.objects.get(username="sari").pegawai.instansi == personas.instansi


def test_ppks_categories_are_read_only_for_admin_instansi(client, lestari):
    kategori = KategoriPPKS.objects.create(kode="lansia-terlantar", nama="Lanjut usia terlantar")
    client.force_login(lestari)
    assert client.get(reverse("admin:layanan_kategorippks_changelist")).status_code == 200
    assert client.get(reverse("admin:layanan_kategorippks_add")).status_code == 403
    assert client.post(change_url(kategori), {"nama": "X", "kode": "x"}).status_code == 403


def snapshot(layanan: Layanan) -> dict:
    """Every component row of a standard, in order, without primary keys."""
    rows = {}
    for related in (
        "sub_layanan",
        "persyaratan",
        "langkah",
        "fase_waktu",
        "produk",
        "saluran",
        "tahap_pengaduan",
        "unsur_terlibat",
    ):
        manager = getattr(layanan, related)
        fields = [
            f.attname
            for f in manager.model._meta.concrete_fields
            if f.attname not in ("id", "layanan_id", "sub_layanan_id")
        ]
        rows[related] = list(manager.values_list(*fields))
    rows["persyaratan_sub"] = list(layanan.persyaratan.values_list("sub_layanan__nama", flat=True))
    return rows


def test_seeded_standards_survive_an_unchanged_admin_save(client, db):
    call_command("muat_standar", stdout=StringIO())
    root = User.objects.create_superuser("root", "root@example.go.id", "rahasia-uji-123")
    client.force_login(root)
    layanan_all = list(Layanan.objects.all())
    assert len(layanan_all) == 5
    for layanan in layanan_all:
        before = snapshot(layanan)
        url = change_url(layanan)
        response = client.get(url)
        assert response.status_code == 200
        response = client.post(url, form_data(response))
        assert response.status_code == 302, (
            layanan.slug,
            response.context
            and [
                response.context["adminform"].form.errors,
                [i.formset.errors for i in response.context["inline_admin_formsets"]],
            ],
        )
        assert snapshot(layanan) == before, layanan.slug
