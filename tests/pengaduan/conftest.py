"""Fixtures for complaint tests: staff with email addresses, a frozen clock."""

from __future__ import annotations

import pytest


@pytest.fixture
def staf(personas):
    """The personas with email addresses (reminders need somewhere to go)."""
    for user in (
        personas.petugas_loket,
        personas.peksos,
        personas.koordinator,
        personas.kabid,
        personas.kadis,
        personas.admin_instansi,
        personas.staf_lain,
    ):
        user.email = f"{user.username}@dinsos.example.go.id"
        user.save(update_fields=["email"])
    return personas


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded files go to a fresh folder per test."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
