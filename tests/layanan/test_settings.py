"""Settings from the environment: a production configuration passes
`check --deploy`, and without a secret key or hosts the portal refuses to start.

Each case runs manage.py in a fresh process with a clean environment, since
the test settings themselves put test values into os.environ.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def run_manage(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def production_env() -> dict[str, str]:
    return {
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "dinsos.example.go.id",
        "PORTAL_URL": "https://dinsos.example.go.id",  # printed on every letter's QR code
        # the keys of the personal data encrypted at rest (layanan.enkripsi)
        "PORTAL_KUNCI_DATA": Fernet.generate_key().decode(),
        "PORTAL_KUNCI_HASH": secrets.token_urlsafe(48),
    }


def test_check_deploy_is_clean_in_production_configuration(tmp_path, production_env):
    result = run_manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **production_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_debug_is_off_unless_asked_for(tmp_path, production_env):
    code = (
        "from django.conf import settings; "
        "print(settings.DEBUG, settings.LANGUAGE_CODE, settings.SESSION_COOKIE_SECURE, "
        "settings.SECURE_SSL_REDIRECT, settings.STORAGES['default']['BACKEND'])"
    )
    result = run_manage(tmp_path, "shell", "--no-imports", "-c", code, **production_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "id",
        "True",
        "True",
        "django.core.files.storage.FileSystemStorage",
    ]


def test_refuses_to_start_without_secret_key_when_debug_is_off(tmp_path):
    result = run_manage(tmp_path, "check", ALLOWED_HOSTS="dinsos.example.go.id")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_refuses_to_start_without_allowed_hosts_when_debug_is_off(tmp_path):
    result = run_manage(tmp_path, "check", SECRET_KEY=secrets.token_urlsafe(64))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_debug_false_spelled_out_keeps_production_rules(tmp_path):
    result = run_manage(tmp_path, "check", DEBUG="false", ALLOWED_HOSTS="dinsos.example.go.id")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_s3_storage_is_chosen_from_the_environment(tmp_path, production_env):
    code = (
        "from django.conf import settings; o = settings.STORAGES['default']; "
        "print(o['BACKEND'], o['OPTIONS']['bucket_name'], o['OPTIONS']['default_acl'], "
        "o['OPTIONS']['querystring_auth'])"
    )
    result = run_manage(
        tmp_path,
        "shell",
        "--no-imports",
        "-c",
        code,
        STORAGE_BACKEND="s3",
        S3_BUCKET="berkas-dinsos",
        **production_env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "storages.backends.s3.S3Storage",
        "berkas-dinsos",
        "private",
        "True",
    ]


def test_language_is_indonesian(client):
    assert settings.LANGUAGE_CODE == "id"
    assert [code for code, _ in settings.LANGUAGES] == ["id"]
    page = client.get("/admin/login/").content.decode()
    assert "Nama pengguna" in page
    assert 'lang="id"' in page


@pytest.mark.django_db
def test_web_connections_to_postgresql_start_no_parallel_workers():
    """A page's few-hundred-row queries lost more to launching a parallel worker
    than they gained (the staff home: 17 of 22 ms on the 100,000-case bench):
    the portal's own connections turn it off unless DATABASE_PARALLEL_WORKERS
    says otherwise."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cur:
        cur.execute("SHOW max_parallel_workers_per_gather")
        assert cur.fetchone()[0] == "0"
