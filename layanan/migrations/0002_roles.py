from django.db import migrations

from layanan.roles import LAYANAN_PERMISSIONS, grant


def create_roles(apps, schema_editor):
    grant(apps, schema_editor, LAYANAN_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("layanan", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
