from django.db import migrations

from lapangan.permissions import ROLE_PERMISSIONS
from layanan.roles import grant


def grant_roles(apps, schema_editor):
    grant(apps, schema_editor, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("lapangan", "0001_initial"),
        ("layanan", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
