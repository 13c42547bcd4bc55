"""A task only the queue tests enqueue: it writes one row naming itself and
the worker's process, into a table the test creates."""

import os

from django.db import connection
from django_tasks import task


@task()
def catat(nomor: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO uji_antrean (nomor, pid) VALUES (%s, %s)", [nomor, os.getpid()])
    return nomor
