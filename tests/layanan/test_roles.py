"""The eight roles exist after migrate with their permissions, and a staff
profile (Pegawai) ties each user to exactly one instansi."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from layanan.models import Pegawai, Peran
from layanan.roles import GROUP_NAMES, LAYANAN_PERMISSIONS
from tests.factories import make_instansi, make_user

PERAN_PORTAL = {
    "Petugas Loket",
    "Pekerja Sosial",
    "Koordinator",
    "Kepala Bidang",
    "Kepala Dinas",
    "Admin Instansi",
    "Panti",
    "Operator Kelurahan",
}


def perms_of(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_the_role_groups_exist_after_migrate(db):
    assert set(GROUP_NAMES.values()) == PERAN_PORTAL
    assert set(Group.objects.values_list("name", flat=True)) >= PERAN_PORTAL


@pytest.mark.parametrize("peran", list(Peran))
def test_each_role_holds_its_layanan_permissions(db, peran):
    assert set(LAYANAN_PERMISSIONS[peran]) <= perms_of(GROUP_NAMES[peran])


def test_kelurahan_operator_only_submits_online(db):
    """He reads no case, no klien, no complaint of the office: his own requests only."""
    assert perms_of("Operator Kelurahan") == {"rujukan.ajukan_online"}


def test_admin_instansi_edits_standards_and_staff_but_not_offices(db):
    perms = perms_of("Admin Instansi")
    assert {
        "layanan.change_layanan",
        "layanan.add_langkahprosedur",
        "layanan.delete_persyaratan",
        "layanan.change_harilibur",
        "layanan.change_instansi",
        "layanan.add_pegawai",
        "auth.add_user",
    } <= perms
    assert "layanan.add_instansi" not in perms
    assert "layanan.delete_instansi" not in perms
    assert "auth.delete_user" not in perms


def test_operational_roles_cannot_edit_the_published_standard(db):
    for name in PERAN_PORTAL - {"Admin Instansi"}:
        perms = perms_of(name)
        assert not any(p.startswith(("layanan.change_", "layanan.add_")) for p in perms), name


def test_front_desk_and_social_worker_can_read_the_panti_registry(personas):
    assert personas.petugas_loket.has_perm("layanan.view_panti")
    assert personas.peksos.has_perm("layanan.view_panti")
    assert not personas.petugas_loket.has_perm("layanan.change_layanan")
    assert personas.admin_instansi.has_perm("layanan.change_layanan")


def test_pegawai_ties_user_to_one_instansi(personas):
    pegawai = personas.kabid.pegawai
    assert pegawai.instansi == personas.instansi
    assert personas.staf_lain.pegawai.instansi == personas.instansi_lain
    assert pegawai.nip_tampil == "19780101 200501 1 002"
    with pytest.raises(IntegrityError), transaction.atomic():
        Pegawai.objects.create(
            user=personas.kabid, instansi=personas.instansi_lain, nama="Hasan", jabatan="Kabid"
        )
    assert Pegawai.objects.filter(user=personas.kabid).count() == 1


def test_pegawai_requires_an_instansi(db):
    user = make_user("tanpa_kantor", instansi=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Pegawai.objects.create(user=user, instansi=None, nama="Tanpa Kantor", jabatan="Staf")


def test_nip_must_have_eighteen_digits(db):
    user = make_user("nip_salah", instansi=None)
    pegawai = Pegawai(
        user=user, instansi=make_instansi(), nama="Staf", jabatan="Staf", nip="1978-01"
    )
    with pytest.raises(ValidationError) as error:
        pegawai.full_clean()
    assert "nip" in error.value.message_dict


def test_instansi_with_staff_cannot_be_deleted(personas):
    with pytest.raises(ProtectedError):
        personas.instansi_lain.delete()


def test_sync_roles_rebuilds_groups_after_the_tables_were_emptied(db):
    from django.contrib.auth.models import Group

    from layanan.roles import sync_roles

    before = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    Group.objects.all().delete()
    sync_roles()
    after = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    assert after == before
    assert "tangani_pengaduan" in after["Petugas Loket"]


# An upgrade on an existing database: the data migrations ran long ago, so only
# the sync after `migrate` (nothing left to migrate) can bring new grants in.


def permission(name: str) -> Permission:
    app_label, codename = name.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def all_group_perms() -> dict[str, set[str]]:
    return {name: perms_of(name) for name in Group.objects.values_list("name", flat=True)}


def test_migrate_gives_a_role_group_back_a_declared_permission_it_lost(db):
    before = all_group_perms()
    Group.objects.get(name="Petugas Loket").permissions.remove(permission("layanan.view_panti"))
    assert "layanan.view_panti" not in perms_of("Petugas Loket")

    call_command("migrate", verbosity=0)

    assert all_group_perms() == before


def test_an_upgrade_that_adds_a_permission_grants_it_on_an_existing_database(db, monkeypatch):
    assert "layanan.view_panti" not in perms_of("Panti")
    monkeypatch.setitem(LAYANAN_PERMISSIONS, Peran.PANTI, ["layanan.view_panti"])

    call_command("migrate", verbosity=0)

    assert "layanan.view_panti" in perms_of("Panti")
    user = make_user("panti_baru", instansi=None, peran=Peran.PANTI)
    assert user.has_perm("layanan.view_panti")


def test_an_upgrade_that_drops_a_permission_takes_it_from_the_role_group_only(db, monkeypatch):
    view_panti = permission("layanan.view_panti")
    inspektorat = Group.objects.create(name="Inspektorat")
    inspektorat.permissions.add(view_panti)
    user = make_user("dewi_lama", instansi=None, peran=Peran.KOORDINATOR)
    user.user_permissions.add(view_panti)
    assert "layanan.view_panti" in perms_of("Koordinator")
    monkeypatch.setitem(LAYANAN_PERMISSIONS, Peran.KOORDINATOR, [])

    call_command("migrate", verbosity=0)

    koordinator = perms_of("Koordinator")
    assert "layanan.view_panti" not in koordinator
    assert {"rujukan.setujui", "pengaduan.view_pengaduan", "rujukan.view_datadtks"} <= koordinator
    assert "layanan.view_panti" in perms_of("Kepala Bidang")
    assert perms_of("Inspektorat") == {"layanan.view_panti"}
    assert list(user.user_permissions.all()) == [view_panti]
