"""The portal's roles as Django groups, and the permissions each one holds.

Each app declares the permissions its roles get in ROLE_PERMISSIONS-style
mappings (listed in ROLE_PERMISSION_SOURCES). Two things apply them:

- each app's data migration, through `grant`, so a fresh database has every
  group ready while it is still being migrated;
- `sync_roles`, run after every `migrate` (LayananConfig.ready connects it to
  post_migrate), so a permission added to or dropped from a mapping later
  reaches a database whose data migrations ran long ago.
"""

from __future__ import annotations

import logging

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.utils.module_loading import import_string

from layanan.models import Pegawai, Peran
from layanan.pengguna import PenggunaAtauTamu

logger = logging.getLogger(__name__)

GROUP_NAMES: dict[str, str] = {
    Peran.PETUGAS_LOKET: "Petugas Loket",
    Peran.PEKERJA_SOSIAL: "Pekerja Sosial",
    Peran.KOORDINATOR: "Koordinator",
    Peran.KEPALA_BIDANG: "Kepala Bidang",
    Peran.KEPALA_DINAS: "Kepala Dinas",
    Peran.ADMIN_INSTANSI: "Admin Instansi",
    Peran.PANTI: "Panti",
    Peran.OPERATOR_KELURAHAN: "Operator Kelurahan",
}

# layanan's own permissions ("app_label.codename") per role.
_EDIT_STANDAR = [
    f"layanan.{action}_{model}"
    for model in (
        "layanan",
        "sublayanan",
        "persyaratan",
        "langkahprosedur",
        "fasewaktu",
        "produk",
        "saluranpengaduan",
        "tahappengaduan",
        "unsurterlibat",
        "panti",
        "harilibur",
        "jabatan",
    )
    for action in ("view", "add", "change", "delete")
]
# who has looked at a client's data (layanan.akses_log): the office's supervisors
_LIHAT_AKSES = "layanan.lihat_akses_data"
LAYANAN_PERMISSIONS: dict[str, list[str]] = {
    Peran.ADMIN_INSTANSI: _EDIT_STANDAR
    + [
        "layanan.view_kategorippks",  # one national list: read-only for offices
        "layanan.view_instansi",
        "layanan.change_instansi",
        "layanan.view_pegawai",
        "layanan.add_pegawai",
        "layanan.change_pegawai",
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        _LIHAT_AKSES,
    ]
    # acting officials (Plt/Plh): appointed by the office, on its SK
    + [f"layanan.{a}_penunjukanpelaksana" for a in ("view", "add", "change", "delete")]
    # the kelurahan/desa whose operators submit requests online
    + [f"layanan.{a}_kelurahan" for a in ("view", "add", "change", "delete")],
    Peran.PETUGAS_LOKET: ["layanan.view_panti", "layanan.view_kategorippks"],
    Peran.PEKERJA_SOSIAL: ["layanan.view_panti", "layanan.view_kategorippks"],
    Peran.KOORDINATOR: ["layanan.view_panti", _LIHAT_AKSES],
    Peran.KEPALA_BIDANG: ["layanan.view_panti", _LIHAT_AKSES],
    Peran.KEPALA_DINAS: ["layanan.view_panti", _LIHAT_AKSES],
    Peran.PANTI: [],
    Peran.OPERATOR_KELURAHAN: [],
}


def pegawai_dari(user: PenggunaAtauTamu | None) -> Pegawai | None:
    """The staff profile (Pegawai) of a logged-in, active user, or None: the one
    place every app asks which instansi a user works for."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    try:
        return user.pegawai
    except Pegawai.DoesNotExist:
        return None


def grant(
    apps, schema_editor, mapping: dict[str, list[str]], *, create_missing_permissions: bool = True
) -> None:
    """Create the role groups if needed and give them the mapped permissions.

    Meant for data migrations: permissions are created first, since Django
    normally makes them only after all migrations have run.
    """
    if create_missing_permissions:
        for app_config in apps.get_app_configs():
            app_config.models_module = True
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in mapping.items():
        group, _ = Group.objects.get_or_create(name=GROUP_NAMES[role])
        for name in names:
            app_label, codename = name.split(".")
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is None and _model_belum_ada(apps, app_label, codename):
                # a model a later migration adds: the post_migrate sync grants it
                continue
            if perm is None:
                raise LookupError(f"Izin {name} tidak ada.")
            group.permissions.add(perm)


def _model_belum_ada(apps, app_label: str, codename: str) -> bool:
    """Is `codename` a permission that does not exist yet at this point of the
    migration history: a default permission (add/change/delete/view) of a
    model a later migration adds, or a custom one a later migration declares?"""
    action, _, model = codename.partition("_")
    if action in ("add", "change", "delete", "view"):
        try:
            apps.get_model(app_label, model)
        except LookupError:
            return True
        return False
    try:
        models = apps.get_app_config(app_label).get_models()
    except LookupError:
        return True
    return not any(codename == kode for m in models for kode, _nama in m._meta.permissions)


# Every app's role → permissions mapping (a dict, or a callable returning one).
ROLE_PERMISSION_SOURCES = [
    "layanan.roles.LAYANAN_PERMISSIONS",
    "rujukan.permissions.ROLE_PERMISSIONS",
    "pengaduan.permissions.role_permissions",
    "lapangan.permissions.ROLE_PERMISSIONS",
    "kinerja.permissions.ROLE_PERMISSIONS",
    "survei.permissions.ROLE_PERMISSIONS",
]


def all_role_permissions() -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {role: [] for role in GROUP_NAMES}
    for path in ROLE_PERMISSION_SOURCES:
        source = import_string(path)
        mapping = source() if callable(source) else source
        for role, names in mapping.items():
            merged[role].extend(names)
    return merged


def sync_roles(*, apps=global_apps, using: str = DEFAULT_DB_ALIAS) -> None:
    """Make the role groups hold exactly the permissions the apps declare.

    Creates missing groups and permissions, adds missing grants and takes back
    the grants no mapping declares any more. Only the groups in GROUP_NAMES
    change: other groups and users' own permissions are left alone. Idempotent.

    Runs after every `migrate` and `flush` (see `sync_roles_after_migrate`);
    `apps` is the model registry to work with (post_migrate's project state,
    or the live one). A declared permission that does not exist even after
    creating permissions (its app or model not migrated yet, on a partial
    migrate) is logged and left out; the data migrations' `grant` still fails
    on it, so a typo in a mapping breaks a fresh database (and the test suite).
    """
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    except LookupError:  # auth not migrated on this database yet
        return
    if not router.allow_migrate_model(using, Group):
        return

    # django.contrib.auth creates permissions in its own post_migrate handler,
    # one app at a time: when this runs there, the apps after layanan have not
    # had their turn yet, so make sure every app's permissions exist first.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using, apps=apps)

    permission_ids = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.using(using).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    declared = all_role_permissions()
    wanted = {name for names in declared.values() for name in names}
    missing = sorted(wanted - permission_ids.keys())
    if missing:
        logger.warning("Role permissions not found, not granted yet: %s", ", ".join(missing))

    with transaction.atomic(using=using):
        for role, group_name in GROUP_NAMES.items():
            group, _ = Group.objects.db_manager(using).get_or_create(name=group_name)
            group.permissions.set(
                {permission_ids[name] for name in declared[role] if name in permission_ids}
            )


def sync_roles_after_migrate(sender, *, using: str, apps=global_apps, **kwargs) -> None:
    """post_migrate receiver (connected for the layanan app only, so it runs
    once per migrate): role grants follow the mappings on every upgrade."""
    sync_roles(apps=apps, using=using)
