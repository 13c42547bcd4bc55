"""Browser journeys: Playwright for Python driving Debian's Chromium.

Browsers cannot be downloaded here, so Playwright launches /usr/bin/chromium.
Without it a local run skips the journeys (with how to install it); in CI
(the CI environment variable is set) a missing browser fails the run.

The live server runs in another thread, so journeys use `transactional_db`
(data committed for real). Each journey starts from the database as migrate
left it (role groups and their permissions included) thanks to
`django_db_serialized_rollback`.

Fixtures for journeys: `phone` (a 360 x 780 touch screen) and `desktop`
(1280 x 800) pages, already pointed at the live server (relative URLs work),
and `login(page, user)` to enter as a staff user.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

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
    """The database as migrate left it (role groups included), serialized once."""
    from django.db import connections

    snapshot = {}
    with django_db_blocker.unblock():
        for alias in connections:
            conn = connections[alias]
            contents = getattr(conn, "_test_serialized_contents", None)
            snapshot[alias] = contents or conn.creation.serialize_db_to_string()
    return snapshot


@pytest.fixture
def _restore_migrated_state(_migrated_state):
    """Hand the snapshot to the connection this test uses.

    Once Playwright's sync API has started, `django.db.connections` in the
    test's context is a different wrapper (same shared in-memory database)
    than the one pytest-django serialized at setup, so serialized rollback
    would silently skip the restore and the flush would leave the role
    groups out. Putting the snapshot on the current wrapper fixes that.
    """
    from django.db import connections

    for alias, contents in _migrated_state.items():
        connections[alias]._test_serialized_contents = contents


@pytest.fixture
def transactional_db(_restore_migrated_state, django_db_serialized_rollback, transactional_db):
    """Committed data the live server can see, reset to the migrated state."""


@pytest.fixture(autouse=True)
def _e2e_database(transactional_db):
    """Every journey runs on committed data (see transactional_db above)."""


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
    """Enter as a user through the staff login page, like an officer does."""

    def _login(page, user, password: str = PASSWORD) -> None:
        page.goto(f"{live_server.url}/masuk/")
        page.fill("input[name=username]", user.get_username())
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        if "/masuk/" in page.url:
            raise AssertionError(f"login as {user.get_username()} failed")

    return _login
