"""The office's jabatan in the admin: an Admin Instansi names his own office's
officials, gives them to his own staff, and lets his standards' steps name
them; he never sees or picks another office's rows."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from layanan.models import Jabatan, LangkahProsedur, Layanan, Pegawai, Peran, Persyaratan
from layanan.roles import GROUP_NAMES
from tests.factories import make_layanan, make_user
from tests.layanan.factories import make_jabatan, make_standar_berjalan
from tests.layanan.test_admin import change_url, form_data

JABATAN_PERMS = ["view_jabatan", "add_jabatan", "change_jabatan", "delete_jabatan"]


def _staff(user: User) -> User:
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def lestari(personas):
    """The Admin Instansi of the personas' office. Her role grants the jabatan
    permissions once layanan/roles.py lists "jabatan" among the standard's
    models (see test_admin_instansi_role_may_manage_jabatan); until then they
    are given to her here, so the scoping is tested either way."""
    user = _staff(personas.admin_instansi)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="layanan", codename__in=JABATAN_PERMS)
    )
    return User.objects.get(pk=user.pk)  # a fresh permission cache


@pytest.fixture
def jabatan(personas):
    sendiri = make_jabatan(
        personas.instansi,
        "Kepala Seksi Rehabilitasi",
        Peran.KOORDINATOR,
        pemegang=[personas.koordinator],
    )
    lain = make_jabatan(
        personas.instansi_lain,
        "Kepala Seksi Tetangga",
        Peran.KOORDINATOR,
        pemegang=[personas.staf_lain],
    )
    return sendiri, lain


def field_of(response, name: str):
    return response.context["adminform"].form.fields[name]


def inline_formset(response, model):
    return next(
        i.formset for i in response.context["inline_admin_formsets"] if i.formset.model is model
    )


def test_admin_instansi_role_may_manage_jabatan(db):
    group = Group.objects.get(name=GROUP_NAMES[Peran.ADMIN_INSTANSI])
    held = set(
        group.permissions.filter(content_type__app_label="layanan").values_list(
            "codename", flat=True
        )
    )
    assert set(JABATAN_PERMS) <= held


# --- the Jabatan admin ------------------------------------------------------------------------


def test_admin_instansi_sees_only_own_jabatan(client, lestari, jabatan):
    sendiri, lain = jabatan
    client.force_login(lestari)
    listing = client.get(reverse("admin:layanan_jabatan_changelist"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Kepala Seksi Rehabilitasi" in html
    assert "Kepala Seksi Tetangga" not in html
    assert client.get(change_url(sendiri)).status_code == 200
    assert client.get(change_url(lain)).status_code == 404
    assert client.post(change_url(lain), {"nama": "Dibajak"}).status_code == 404
    delete_url = reverse("admin:layanan_jabatan_delete", args=[lain.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 404
    lain.refresh_from_db()
    assert lain.nama == "Kepala Seksi Tetangga"


def test_jabatan_page_shows_its_holders(client, lestari, jabatan):
    client.force_login(lestari)
    html = client.get(change_url(jabatan[0])).content.decode()
    assert "Dewi" in html


def test_admin_instansi_adds_jabatan_only_for_own_office(client, personas, lestari):
    client.force_login(lestari)
    url = reverse("admin:layanan_jabatan_add")
    response = client.get(url)
    assert list(field_of(response, "instansi").queryset) == [personas.instansi]
    data = {"nama": "Sekretaris", "peran": Peran.KEPALA_BIDANG, "urutan": "1"}
    refused = client.post(url, {**data, "instansi": personas.instansi_lain.pk})
    assert refused.status_code == 400  # nothing saved
    assert not Jabatan.objects.filter(nama="Sekretaris").exists()
    assert client.post(url, {**data, "instansi": personas.instansi.pk}).status_code == 302
    assert Jabatan.objects.get(nama="Sekretaris").instansi == personas.instansi


def test_instansi_page_edits_own_jabatan_inline(client, personas, lestari, jabatan):
    client.force_login(lestari)
    url = change_url(personas.instansi)
    response = client.get(url)
    assert response.status_code == 200
    formset = inline_formset(response, Jabatan)
    assert [f.instance.nama for f in formset.forms] == ["Kepala Seksi Rehabilitasi"]
    data = form_data(response)
    prefix = formset.prefix
    data[f"{prefix}-TOTAL_FORMS"] = "2"
    data.update(
        {
            f"{prefix}-1-urutan": "2",
            f"{prefix}-1-nama": "Verifikator",
            f"{prefix}-1-peran": Peran.PEKERJA_SOSIAL,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302
    assert set(personas.instansi.jabatan.values_list("nama", flat=True)) == {
        "Kepala Seksi Rehabilitasi",
        "Verifikator",
    }


# --- staff hold their office's jabatan -----------------------------------------------------------


def test_pegawai_jabatan_choices_are_own_office_only(client, personas, lestari, jabatan):
    sendiri, lain = jabatan
    hasan = Pegawai.objects.get(user=personas.kabid)
    client.force_login(lestari)
    url = change_url(hasan)
    response = client.get(url)
    assert list(field_of(response, "jabatan_portal").queryset) == [sendiri]
    data = form_data(response)
    data["jabatan_portal"] = [str(lain.pk)]
    assert client.post(url, data).status_code == 400  # refused, nothing saved
    assert not hasan.jabatan_portal.exists()
    data["jabatan_portal"] = [str(sendiri.pk)]
    assert client.post(url, data).status_code == 302
    assert list(hasan.jabatan_portal.all()) == [sendiri]


def test_user_page_offers_only_own_office_jabatan(client, personas, lestari, jabatan):
    client.force_login(lestari)
    response = client.get(change_url(personas.kabid))
    formset = inline_formset(response, Pegawai)
    assert list(formset.forms[0].fields["jabatan_portal"].queryset) == [jabatan[0]]


def test_even_a_superuser_cannot_give_staff_another_offices_jabatan(client, personas, jabatan):
    root = User.objects.create_superuser("root", "root@example.go.id", "rahasia-uji-123")
    hasan = Pegawai.objects.get(user=personas.kabid)
    client.force_login(root)
    url = change_url(hasan)
    data = form_data(client.get(url))
    data["jabatan_portal"] = [str(jabatan[1].pk)]
    response = client.post(url, data)
    assert response.status_code == 400  # refused, nothing saved
    assert "jabatan_portal" in response.context["adminform"].form.errors
    assert not hasan.jabatan_portal.exists()


# --- a standard's steps name the office's jabatan ------------------------------------------


@pytest.fixture
def standar(personas):
    return make_standar_berjalan(personas)


def test_step_choices_are_this_offices_jabatan_and_this_standards_steps(
    client, personas, lestari, standar, jabatan
):
    lain = make_layanan(personas.instansi)
    LangkahProsedur.objects.create(layanan=lain, urutan=1, teks="Langkah lain", tahap="permohonan")
    client.force_login(lestari)
    response = client.get(change_url(standar))
    assert response.status_code == 200
    form = inline_formset(response, LangkahProsedur).forms[0]
    assert set(form.fields["jabatan"].queryset) == set(personas.instansi.jabatan.all())
    assert jabatan[1] not in form.fields["jabatan"].queryset
    assert list(form.fields["kembali_ke"].queryset) == list(
        standar.langkah.order_by("urutan", "pk")
    )
    syarat = inline_formset(response, Persyaratan).forms[0]
    assert list(syarat.fields["langkah_periksa"].queryset) == list(
        standar.langkah.order_by("urutan", "pk")
    )


def test_step_cannot_name_another_offices_jabatan_or_step(
    client, personas, lestari, standar, jabatan
):
    lain = make_layanan(personas.instansi)
    asing = LangkahProsedur.objects.create(
        layanan=lain, urutan=1, teks="Langkah lain", tahap="permohonan"
    )
    client.force_login(lestari)
    url = change_url(standar)
    response = client.get(url)
    prefix = inline_formset(response, LangkahProsedur).prefix
    before = list(standar.langkah.values_list("pk", "kembali_ke"))

    data = form_data(response)
    data[f"{prefix}-4-jabatan"] = [str(jabatan[1].pk)]
    response = client.post(url, data)
    assert response.status_code == 400  # refused, nothing saved
    assert inline_formset(response, LangkahProsedur).errors[4]["jabatan"]

    data = form_data(client.get(url))
    data[f"{prefix}-4-kembali_ke"] = str(asing.pk)
    response = client.post(url, data)
    assert response.status_code == 400  # refused, nothing saved
    assert inline_formset(response, LangkahProsedur).errors[4]["kembali_ke"]
    assert list(standar.langkah.values_list("pk", "kembali_ke")) == before
    assert not standar.langkah.filter(jabatan=jabatan[1]).exists()


def test_step_names_its_jabatan_and_return_through_the_admin(client, personas, lestari, standar):
    kadis = make_jabatan(personas.instansi, "Kepala Dinas", Peran.KEPALA_DINAS)
    client.force_login(lestari)
    url = change_url(standar)
    response = client.get(url)
    prefix = inline_formset(response, LangkahProsedur).prefix
    steps = list(standar.langkah.order_by("urutan", "pk"))
    data = form_data(response)
    data[f"{prefix}-5-jabatan"] = [str(j.pk) for j in steps[5].jabatan.all()] + [str(kadis.pk)]
    data[f"{prefix}-5-boleh_diwakilkan"] = "on"
    data[f"{prefix}-5-kembali_ke"] = str(steps[3].pk)
    response = client.post(url, data)
    assert response.status_code == 302
    steps[5].refresh_from_db()
    assert steps[5].boleh_diwakilkan
    assert steps[5].kembali_ke == steps[3]
    assert steps[5].pelaksana_tampil == (
        "Kepala Dinas, Kepala Bidang Linjamsos, atau pejabat yang mewakili"
    )


def test_layanan_admin_edits_the_permenpan_components(client, lestari, standar):
    client.force_login(lestari)
    url = change_url(standar)
    response = client.get(url)
    fieldsets = response.context["adminform"].fieldsets
    permenpan = next(fields for name, fields in fieldsets if "Permenpan" in str(name))
    assert list(permenpan["fields"]) == list(Layanan.KOMPONEN_PENGELOLAAN)
    data = form_data(response)
    data["dasar_hukum"] = "Undang-Undang Nomor 25 Tahun 2009"
    data["jaminan_pelayanan"] = "Maklumat pelayanan"
    assert client.post(url, data).status_code == 302
    standar.refresh_from_db()
    assert standar.komponen_pengelolaan == [
        ("Dasar hukum", "Undang-Undang Nomor 25 Tahun 2009"),
        ("Jaminan pelayanan", "Maklumat pelayanan"),
    ]


def test_admin_of_another_office_cannot_open_this_offices_jabatan(client, personas, jabatan):
    andi = _staff(make_user("andi", instansi=personas.instansi_lain, peran=Peran.ADMIN_INSTANSI))
    andi.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="layanan", codename__in=JABATAN_PERMS)
    )
    client.force_login(andi)
    assert client.get(change_url(jabatan[0])).status_code == 404
    html = client.get(reverse("admin:layanan_jabatan_changelist")).content.decode()
    assert "Kepala Seksi Tetangga" in html
    assert "Kepala Seksi Rehabilitasi" not in html
