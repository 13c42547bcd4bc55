"""The staff home: where a logged-in officer lands — an inbox for their role:
what waits for their approval, the cases where it is their turn (the
standard's own current step: rujukan.selectors.rujukan_giliran), what is due
or overdue, and for a panti user the proposals waiting for an answer.
A fixed number of queries however many cases the office has."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from rujukan import selectors
from rujukan.models import Rujukan, Status
from rujukan.models.proses import PengajuanPanti
from rujukan.permissions import adalah_operator_kelurahan, pegawai_dari

BATAS = selectors.BATAS_PANEL


def _inbox(user) -> dict:
    sekarang = timezone.now()
    besok = sekarang + dt.timedelta(days=1)
    terbuka = selectors.rujukan_terlihat(user=user).terbuka()
    urut = (F("tenggat_tahap").asc(nulls_last=True), F("tenggat").asc(nulls_last=True), "pk")
    terlambat_qs = terbuka.terlambat(sekarang)
    jatuh_tempo_qs = (
        terbuka.filter(dijeda=False)
        .filter(Q(tenggat__range=(sekarang, besok)) | Q(tenggat_tahap__range=(sekarang, besok)))
        .exclude(pk__in=terlambat_qs.values("pk"))
    )
    # only an approving role can approve: nobody else has approvals waiting
    menunggu = (
        selectors.rujukan_menunggu_persetujuan(user=user)
        if user.has_perm("rujukan.setujui")
        else []
    )
    giliran = selectors.rujukan_giliran(user=user, batas=BATAS, pada=sekarang)
    terlambat, terlambat_total = selectors.pertama_dan_jumlah(
        terlambat_qs.select_related("klien", "instansi").order_by(*urut), batas=BATAS
    )
    jatuh_tempo, jatuh_tempo_total = selectors.pertama_dan_jumlah(
        jatuh_tempo_qs.select_related("klien", "instansi").order_by(*urut), batas=BATAS
    )
    menunggu_terlambat = (
        set(
            Rujukan.objects.filter(pk__in=[r.pk for r in menunggu[:BATAS]])
            .terlambat(sekarang)
            .values_list("pk", flat=True)
        )
        if menunggu
        else set()
    )
    ringkas = dict(terbuka.order_by().values_list("status").annotate(n=Count("pk")))
    return {
        "menunggu_persetujuan": menunggu[:BATAS],
        "menunggu_total": len(menunggu),
        "tugas": giliran.giliran,
        "tugas_total": giliran.total,
        "terlambat": terlambat,
        "terlambat_total": terlambat_total,
        "terlambat_pk": {r.pk for r in terlambat} | menunggu_terlambat,
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
        context.update(_inbox(request.user))
        context["staf_rujukan"] = True
    if pegawai is not None and pegawai.panti_id:
        context["pengajuan_panti"] = list(
            PengajuanPanti.objects.filter(
                panti_id=pegawai.panti_id, jawaban=PengajuanPanti.Jawaban.MENUNGGU
            ).select_related("rujukan__klien", "rujukan__instansi")
        )
    return render(request, "staf/beranda.html", context)
