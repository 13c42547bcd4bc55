"""Fixtures of the access sweep: private media in a temporary folder, and office A."""

import pytest

from tests.akses.data import Data, bangun_data


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


@pytest.fixture
def data(db) -> Data:
    return bangun_data()
