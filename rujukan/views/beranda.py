"""The staff home: where a logged-in officer lands — an inbox for their role:
what waits for their approval, the cases where it is their turn (the
standard's own current step: rujukan.selectors.rujukan_giliran), what is due
or overdue, and for a panti user the proposals waiting for an answer.
A fixed number of queries however many cases the office has."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from rujukan import selectors
from rujukan.models import STATUS_TERBUKA, Rujukan, Status
from rujukan.models.proses import PengajuanPanti
from rujukan.models.rujukan import STATUS_PENYERAHAN
from rujukan.permissions import adalah_operator_kelurahan, pegawai_dari

BATAS = selectors.BATAS_PANEL


def _telat(r: Rujukan, pada) -> bool:
    """RujukanQuerySet.terlambat on a loaded case (the approvals panel's rows)."""
    return (
        r.status in STATUS_TERBUKA
        and r.status not in STATUS_PENYERAHAN
        and not r.dijeda
        and any(t is not None and t < pada for t in (r.tenggat, r.tenggat_tahap))
    )


def _inbox(user, pegawai) -> dict:
    sekarang = timezone.now()
    terbuka = selectors.rujukan_terlihat(user=user).terbuka()
    # only an approving role can approve: nobody else has approvals waiting
    menunggu = (
        selectors.rujukan_menunggu_persetujuan(user=user)
        if user.has_perm("rujukan.setujui")
        else []
    )
    giliran = selectors.rujukan_giliran(user=user, batas=BATAS, pada=sekarang)
    terlambat, terlambat_total, jatuh_tempo, jatuh_tempo_total = selectors.panel_tenggat(
        terbuka, pada=sekarang, batas=BATAS
    )
    for r in (*terlambat, *jatuh_tempo):
        r.instansi = pegawai.instansi  # the user's own office: read once, not joined per row
    ringkas = giliran.per_status  # the open cases per state, read with the turns
    return {
        "menunggu_persetujuan": menunggu[:BATAS],
        "menunggu_total": len(menunggu),
        "tugas": giliran.giliran,
        "tugas_total": giliran.total,
        "terlambat": terlambat,
        "terlambat_total": terlambat_total,
        "terlambat_pk": {r.pk for r in terlambat}
        | {r.pk for r in menunggu[:BATAS] if _telat(r, sekarang)},
        "jatuh_tempo": jatuh_tempo,
        "jatuh_tempo_total": jatuh_tempo_total,
        "ringkasan": [(Status(s).label, s, n) for s, n in ringkas.items()],
        "terbuka_total": sum(ringkas.values()),
    }


@login_required
@require_safe
def beranda(request: HttpRequest) -> HttpResponse:
    pegawai = pegawai_dari(request.user)
    if pegawai is not None and adalah_operator_kelurahan(request.user):
        return redirect("rujukan:online")  # a kelurahan operator's home: his own requests
    context: dict = {"pegawai": pegawai}
    if pegawai is not None and request.user.has_perm("rujukan.view_rujukan"):
        context.update(_inbox(request.user, pegawai))
        context["staf_rujukan"] = True
    if pegawai is not None and pegawai.panti_id:
        context["pengajuan_panti"] = list(
            PengajuanPanti.objects.filter(
                panti_id=pegawai.panti_id, jawaban=PengajuanPanti.Jawaban.MENUNGGU
            ).select_related("rujukan__klien", "rujukan__instansi")
        )
    return render(request, "staf/beranda.html", context)
