"""The portal's roles as Django groups, and the permissions each one holds.

Each app declares the permissions its roles get in ROLE_PERMISSIONS-style
mappings and applies them from a data migration through `grant`, so a fresh
database has every group ready, and a later app can add its own permissions
to the same groups without touching this one.
"""

from __future__ import annotations

from layanan.models import Peran

GROUP_NAMES: dict[str, str] = {
    Peran.PETUGAS_LOKET: "Petugas Loket",
    Peran.PEKERJA_SOSIAL: "Pekerja Sosial",
    Peran.KOORDINATOR: "Koordinator",
    Peran.KEPALA_BIDANG: "Kepala Bidang",
    Peran.KEPALA_DINAS: "Kepala Dinas",
    Peran.ADMIN_INSTANSI: "Admin Instansi",
    Peran.PANTI: "Panti",
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
    )
    for action in ("view", "add", "change", "delete")
]
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
    ],
    Peran.PETUGAS_LOKET: ["layanan.view_panti", "layanan.view_kategorippks"],
    Peran.PEKERJA_SOSIAL: ["layanan.view_panti", "layanan.view_kategorippks"],
    Peran.KOORDINATOR: ["layanan.view_panti"],
    Peran.KEPALA_BIDANG: ["layanan.view_panti"],
    Peran.KEPALA_DINAS: ["layanan.view_panti"],
    Peran.PANTI: [],
}


def pegawai_dari(user):
    """The staff profile (Pegawai) of a logged-in, active user, or None: the one
    place every app asks which instansi a user works for."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    from layanan.models import Pegawai

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
    from django.contrib.auth.management import create_permissions

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
            perm = Permission.objects.get(content_type__app_label=app_label, codename=codename)
            group.permissions.add(perm)


# Every app's role → permissions mapping (a dict, or a callable returning one).
ROLE_PERMISSION_SOURCES = [
    "layanan.roles.LAYANAN_PERMISSIONS",
    "rujukan.permissions.ROLE_PERMISSIONS",
    "pengaduan.permissions.role_permissions",
    "lapangan.permissions.ROLE_PERMISSIONS",
]


def all_role_permissions() -> dict[str, list[str]]:
    from django.utils.module_loading import import_string

    merged: dict[str, list[str]] = {role: [] for role in GROUP_NAMES}
    for path in ROLE_PERMISSION_SOURCES:
        source = import_string(path)
        mapping = source() if callable(source) else source
        for role, names in mapping.items():
            merged[role].extend(names)
    return merged


def sync_roles() -> None:
    """Make sure every role group exists with the permissions the apps declare
    (idempotent; adds, never removes). The migrations do this on a new
    database; this repairs one whose tables were emptied, e.g. by `flush`."""
    from django.apps import apps

    grant(apps, None, all_role_permissions(), create_missing_permissions=False)
