"""Run the database queue in the test's own process and transaction: the
worker's own `run_task` on each ready task, until none is ready (deferred
retries wait for their time: move the clock with time-machine)."""

from __future__ import annotations

from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def jalankan_antrean(maks: int = 100) -> int:
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="uji",
        excluded_queue_names=[],
    )
    n = 0
    while n < maks:
        with transaction.atomic():
            hasil = DBTaskResult.objects.ready().order_by("-priority", "run_after").get_locked()
            if hasil is None:
                return n
            hasil.claim("uji")
        worker.run_task(hasil)
        n += 1
    return n
