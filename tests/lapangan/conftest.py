from __future__ import annotations

import pytest
from django.core.management import call_command

from layanan.models import Instansi, Layanan


@pytest.fixture
def standar(db) -> dict[str, Layanan]:
    """The five published standards, loaded by the project's own command."""
    call_command("muat_standar", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return {i.slug: i.layanan.get() for i in Instansi.objects.prefetch_related("layanan")}
