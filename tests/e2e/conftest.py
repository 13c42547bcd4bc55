"""Browser journeys: Playwright for Python driving Debian's Chromium.

Browsers cannot be downloaded here, so Playwright launches /usr/bin/chromium.
Without it a local run skips the journeys (with how to install it); in CI
(the CI environment variable is set) a missing browser fails the run.

The live server runs in another thread, so journeys use `transactional_db`
(data committed for real). After each journey the database is flushed and
the state migrate left (role groups and their permissions included) is
loaded back, so the next journey, and any test after the journeys, starts
from it.

Fixtures for journeys: `phone` (a 360 x 780 touch screen) and `desktop`
(1280 x 800) pages, already pointed at the live server (relative URLs work),
`login(page, user)` to enter as a staff user, and `foto(nama)` for a photo
to upload.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.berkas_palsu import jpeg_di
from tests.e2e.masuk import masuk

# Playwright's sync API runs an event loop in this thread; Django's ORM
# refuses to run inside one unless told that this is intended.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {
    "viewport": {"width": 360, "height": 780},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
# Factories give every persona this password.
PASSWORD = "rahasia-uji-123"


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        message = (
            f"Chromium not found at {CHROMIUM}: browser journeys need Debian's "
            "chromium. Install it with `sudo apt-get install chromium`."
        )
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "id-ID", "timezone_id": "Asia/Jakarta"}


@pytest.fixture(scope="session")
def _migrated_state(django_db_setup, django_db_blocker) -> dict[str, str]:
    """The database as migrate left it (role groups included), serialized once,
    when the first journey starts (earlier tests ran inside rolled-back
    transactions, so nothing else is in it yet)."""
    from django.db import connections

    with django_db_blocker.unblock():
        return {
            alias: connections[alias].creation.serialize_db_to_string() for alias in connections
        }


@pytest.fixture
def _back_to_migrated_state(_migrated_state, django_db_blocker):
    """After a journey (and the flush that ends it), load the migrated state again.

    A flush keeps content types and permissions but drops what data
    migrations made, such as the role groups. Loading the snapshot back
    leaves the database as every later test expects it. (Django's own
    serialized rollback is not used: once Playwright's sync API runs, the
    test sees another connection wrapper than the one pytest-django
    serialized on, and the restore would be skipped silently.)
    """
    yield
    from django.core.management import call_command
    from django.db import connections

    with django_db_blocker.unblock():
        for alias, contents in _migrated_state.items():
            call_command(
                "flush",
                database=alias,
                interactive=False,
                verbosity=0,
                reset_sequences=False,
                inhibit_post_migrate=True,
            )
            connections[alias].creation.deserialize_db_from_string(contents)


@pytest.fixture
def transactional_db(_back_to_migrated_state, transactional_db):
    """Committed data the live server can see; the migrated state comes back after."""


@pytest.fixture(autouse=True)
def _e2e_database(transactional_db):
    """Every journey runs on committed data (see transactional_db above)."""


@pytest.fixture
def pelanggaran_csp() -> list[str]:
    """The Content-Security-Policy violations Chromium reported during a journey."""
    return []


@pytest.fixture
def new_context(new_context, pelanggaran_csp) -> Iterator[Callable]:
    """Every browser context of a journey reports CSP violations (Chromium logs them to
    the console); a journey that triggered one fails after it ran."""

    def buat(**kwargs):
        context = new_context(**kwargs)

        def catat(msg) -> None:
            if "Content Security Policy" in msg.text:
                pelanggaran_csp.append(f"{msg.location.get('url', '')}: {msg.text}")

        context.on("console", catat)
        return context

    yield buat
    if pelanggaran_csp:
        pytest.fail(
            "Content-Security-Policy violations:\n" + "\n".join(pelanggaran_csp), pytrace=False
        )


@pytest.fixture
def phone(new_context, live_server):
    context = new_context(base_url=live_server.url, **PHONE)
    context.set_default_timeout(5_000)
    return context.new_page()


@pytest.fixture
def desktop(new_context, live_server):
    context = new_context(base_url=live_server.url, **DESKTOP)
    context.set_default_timeout(5_000)
    return context.new_page()


@pytest.fixture
def login(live_server) -> Callable:
    """Enter as a user through the staff login page, like an officer does: the
    password, then the second factor when the role needs it (tests/e2e/masuk.py)."""

    def _login(page, user, password: str = PASSWORD) -> None:
        masuk(page, f"{live_server.url}/masuk/", user.get_username(), password)
        if "/masuk/" in page.url or "/akun/faktor/" in page.url:
            raise AssertionError(f"login as {user.get_username()} failed")

    return _login


@pytest.fixture
def foto(tmp_path) -> Callable[..., str]:
    """`foto("klien.jpg")`: the path of a camera-sized JPEG for a file chooser
    (tests/berkas_palsu.py); `warna` tells two photos apart."""

    def buat(nama: str, warna=(120, 150, 90)) -> str:
        return jpeg_di(tmp_path / nama, warna=warna)

    return buat
