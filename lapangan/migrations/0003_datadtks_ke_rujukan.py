"""DataDTKS now lives in rujukan (rujukan 0006, which keeps the table
`lapangan_datadtks` and its rows): drop it from lapangan's state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("lapangan", "0002_roles"),
        ("rujukan", "0006_datadtks"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DataDTKS")],
            database_operations=[],
        ),
    ]
