"""Fixtures of the security tests: office A of the access sweep (one of
everything a page can show) built once per module, and private media in a
temporary folder; the counts of the hostile-input tests printed at the end."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings

from tests.akses.data import Data, bangun_data


def _media(path) -> dict:
    from django.conf import settings

    return {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(path)},
        },
    }


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = _media(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture(scope="module")
def data_modul(django_db_setup, django_db_blocker, tmp_path_factory) -> Data:
    """Office A built once for a module (30 s of services and signed letters);
    each test still runs in its own transaction inside this one, rolled back."""
    with (
        override_settings(STORAGES=_media(tmp_path_factory.mktemp("media"))),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield bangun_data()
        transaction.set_rollback(True)


@pytest.fixture
def data(data_modul, db) -> Data:
    return data_modul


# (test, persona, {status: count}) of the hostile-input tests, printed at the end of the run.
CATATAN: list[tuple[str, str, dict[int, int]]] = []


def pytest_terminal_summary(terminalreporter):
    if not CATATAN:
        return
    terminalreporter.section("hostile input: requests sent, by status")
    total = 0
    for nama, persona, hitung in CATATAN:
        n = sum(hitung.values())
        total += n
        rincian = ", ".join(f"{s}: {c}" for s, c in sorted(hitung.items()))
        terminalreporter.write_line(f"{nama} as {persona}: {n} requests ({rincian})")
    terminalreporter.write_line(f"total: {total} requests")
