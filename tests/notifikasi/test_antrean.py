"""The task queue (django-tasks with its database backend): two worker
processes on one PostgreSQL database take each task exactly once (row locks,
SKIP LOCKED), and the scheduler enqueues the periodic jobs at their minute."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from layanan.jadwal import Jadwal, antrekan_yang_jatuh_tempo
from tests.notifikasi.tugas_uji import catat

AKAR = Path(__file__).resolve().parents[2]
DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
JUMLAH = 200


def _url_db() -> str:
    d = connection.settings_dict
    sandi = f":{d['PASSWORD']}" if d.get("PASSWORD") else ""
    return (
        f"postgres://{d['USER']}{sandi}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"
    )


def _worker(nama: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "true",
        "DATABASE_URL": _url_db(),
        "DATABASE_CONN_MAX_AGE": "0",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--batch",
            "--no-reload",
            "--no-startup-delay",
            "--interval=0",
            f"--worker-id={nama}",
        ],
        cwd=AKAR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="needs PostgreSQL: workers on several machines rely on its row locks "
    "(SELECT … FOR UPDATE SKIP LOCKED); SQLite serialises one writer",
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_run_each_task_exactly_once(settings):
    settings.TASKS = DB_BACKEND
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE uji_antrean (nomor integer NOT NULL, pid integer NOT NULL)")
    try:
        for i in range(JUMLAH):
            catat.enqueue(i)
        assert DBTaskResult.objects.ready().count() == JUMLAH

        mulai = time.monotonic()
        workers = [_worker("pekerja-a"), _worker("pekerja-b")]
        for w in workers:
            _, err = w.communicate(timeout=120)
            assert w.returncode == 0, err[-2000:]
        lama = time.monotonic() - mulai

        with connection.cursor() as cursor:
            cursor.execute("SELECT nomor, pid FROM uji_antrean")
            baris = cursor.fetchall()
        nomor = [n for n, _ in baris]
        assert len(nomor) == JUMLAH, "a task ran twice or not at all"
        assert sorted(nomor) == list(range(JUMLAH))
        per_proses = {}
        for _, pid in baris:
            per_proses[pid] = per_proses.get(pid, 0) + 1
        assert len(per_proses) == 2, f"both workers took tasks: {per_proses}"
        assert DBTaskResult.objects.successful().count() == JUMLAH
        pekerja = {r.worker_ids[0] for r in DBTaskResult.objects.all()}
        assert pekerja == {"pekerja-a", "pekerja-b"}
        print(
            f"\n{JUMLAH} tasks, 2 workers, {lama:.1f} s, per process {sorted(per_proses.values())}"
        )
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE uji_antrean")


WIB = ZoneInfo("Asia/Jakarta")


def test_cron_expression_matches_its_minutes():
    j = Jadwal("pengingat", "*/30 7-17 * * 1-5", "x")
    assert j.cocok(datetime(2026, 11, 23, 7, 0, tzinfo=WIB))  # Monday 07:00
    assert j.cocok(datetime(2026, 11, 27, 17, 30, tzinfo=WIB))  # Friday 17:30
    assert not j.cocok(datetime(2026, 11, 23, 7, 15, tzinfo=WIB))
    assert not j.cocok(datetime(2026, 11, 23, 18, 0, tzinfo=WIB))
    assert not j.cocok(datetime(2026, 11, 28, 8, 0, tzinfo=WIB))  # Saturday
    assert not j.cocok(datetime(2026, 11, 29, 8, 0, tzinfo=WIB))  # Sunday
    malam = Jadwal("retensi", "15 2 * * *", "x")
    assert malam.cocok(datetime(2026, 11, 29, 2, 15, tzinfo=WIB))
    assert not malam.cocok(datetime(2026, 11, 29, 2, 16, tzinfo=WIB))


@pytest.mark.django_db
def test_scheduler_enqueues_the_jobs_due_this_minute(settings):
    settings.TASKS = DB_BACKEND
    senin_pagi = datetime(2026, 11, 23, 8, 30, tzinfo=WIB)
    assert antrekan_yang_jatuh_tempo(senin_pagi) == ["pengingat_pengaduan", "sapu_notifikasi"]
    tugas = sorted((r.task_path, tuple(r.args_kwargs["args"])) for r in DBTaskResult.objects.all())
    assert tugas == [
        ("layanan.tugas.jalankan_perintah", ("kirim_pengingat_pengaduan",)),
        ("notifikasi.tasks.sapu", ()),
    ]
    assert antrekan_yang_jatuh_tempo(datetime(2026, 11, 23, 8, 31, tzinfo=WIB)) == []
    assert antrekan_yang_jatuh_tempo(datetime(2026, 11, 24, 2, 15, tzinfo=WIB)) == [
        "retensi",
        "sapu_notifikasi",
    ]
    assert antrekan_yang_jatuh_tempo(datetime(2026, 11, 24, 2, 45, tzinfo=WIB)) == [
        "sapu_notifikasi",
        "pangkas_hasil_tugas",
    ]
    assert antrekan_yang_jatuh_tempo(datetime(2026, 11, 24, 13, 40, tzinfo=WIB)) == [
        "sapu_notifikasi",
        "bersihkan_kode_warga",
    ]


@pytest.mark.django_db
def test_the_reminder_job_runs_the_old_command():
    """With the test settings' immediate backend the job runs at once, through
    the same command cron used to call."""
    from layanan.tugas import jalankan_perintah

    hasil = jalankan_perintah.enqueue("kirim_pengingat_pengaduan")
    assert hasil.return_value.endswith("pengaduan ditutup.")


@pytest.mark.django_db
def test_every_scheduled_job_names_a_task_and_a_command_that_exist():
    """A typo in settings.JADWAL would only show at 02:45 in production."""
    from django.conf import settings
    from django.core.management import get_commands
    from django.utils.module_loading import import_string

    perintah = get_commands()
    for j in settings.JADWAL:
        import_string(j["tugas"])
        if j["tugas"] == "layanan.tugas.jalankan_perintah":
            assert j["args"][0] in perintah, j["nama"]
