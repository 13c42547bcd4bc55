"""What the state of a complaint looks like: the badge's tone is decided by
the model (`nada_status`, `terjawab`, `dijeda`), not by state strings in the
templates."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from pengaduan.models import Pengaduan

S = Pengaduan.Status


@pytest.mark.parametrize(
    ("status", "kelas"),
    [
        (S.DITERIMA, "badge-info"),
        (S.CEK_ADMINISTRASI, "badge-info"),
        (S.KOORDINASI, "badge-info"),
        (S.MENUNGGU_PELAPOR, "badge-warn"),
        (S.DIJAWAB, "badge-ok"),
        (S.SELESAI, "badge-ok"),
        (S.DUPLIKAT, "badge-info"),
        (S.DITERUSKAN, "badge-info"),
        (S.TIDAK_DAPAT_DITINDAKLANJUTI, "badge-bad"),
    ],
)
def test_the_badge_of_each_state(status, kelas):
    html = render_to_string("pengaduan/_status.html", {"p": Pengaduan(status=status)})
    assert html.startswith(f'<span class="badge {kelas}">{Pengaduan.Status(status).label}</span>')
