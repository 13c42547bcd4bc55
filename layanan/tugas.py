"""Tasks of the queue that are not one app's: a management command run by a
worker, so the periodic jobs (`settings.JADWAL`) and their old cron commands
are one and the same code."""

from __future__ import annotations

import io

from django.core.management import call_command
from django_tasks import task


@task()
def jalankan_perintah(nama: str, *argumen: str) -> str:
    """Run `manage.py <nama> <argumen…>`; returns the last line of its output
    (a summary of counts: the commands print no personal data)."""
    keluaran = io.StringIO()
    call_command(nama, *argumen, stdout=keluaran)
    baris = keluaran.getvalue().strip().splitlines()
    return baris[-1][:500] if baris else ""
