from django.db import migrations

from layanan.roles import grant
from pengaduan.permissions import role_permissions


def give_permissions(apps, schema_editor):
    grant(apps, schema_editor, role_permissions())


class Migration(migrations.Migration):
    dependencies = [
        ("pengaduan", "0001_initial"),
        ("layanan", "0002_roles"),
    ]

    operations = [migrations.RunPython(give_permissions, migrations.RunPython.noop)]
