"""An idle staff session ends after SESSION_IDLE_MINUTES (30 by default)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-uji-123"


def test_a_session_idle_for_thirty_minutes_ends(client, personas):
    with time_machine.travel(timezone.now(), tick=False) as waktu:
        assert client.post("/masuk/", {"username": "bima", "password": PASSWORD}).status_code == 302
        waktu.shift(dt.timedelta(minutes=29))
        assert client.get("/staf/").status_code == 200  # activity keeps it alive
        waktu.shift(dt.timedelta(minutes=29))
        assert client.get("/staf/").status_code == 200
        waktu.shift(dt.timedelta(minutes=31))
        habis = client.get("/rujukan/?tampilan=semua")
        assert habis.status_code == 302
        assert habis["Location"] == "/masuk/?next=/rujukan/%3Ftampilan%3Dsemua"
        login = client.get(habis["Location"]).content.decode()
        assert "tidak ada aktivitas selama 30 menit" in login
        assert client.get("/staf/")["Location"].startswith("/masuk/")  # logged out for good


def test_the_idle_limit_comes_from_the_settings(client, personas, settings):
    settings.SESSION_IDLE_MINUTES = 5
    with time_machine.travel(timezone.now(), tick=False) as waktu:
        client.force_login(personas.peksos)
        waktu.shift(dt.timedelta(minutes=6))
        assert client.get("/staf/")["Location"].startswith("/masuk/")
