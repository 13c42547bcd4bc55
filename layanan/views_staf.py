"""The staff home: where a logged-in officer lands — an inbox for their role:
what waits for their approval, the cases where they can act now, what is due
or overdue, and for a panti user the proposals waiting for an answer."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_safe

from layanan.models import Peran
from rujukan import selectors
from rujukan.models import Rujukan, Status
from rujukan.models.proses import PengajuanPanti
from rujukan.permissions import pegawai_dari, peran_dari

# Edges every open case has (withdraw, cancel) do not make a case "a task".
_BUKAN_TUGAS = {"withdraw", "cancel"}
BATAS = 15


def _status_tugas(user, contoh: dict[str, Rujukan]) -> set[str]:
    """The states where this user's role takes a transition of the case's
    state machine (read from the machine's own permissions, on one case of
    the user's instansi per state). Approvals are per case: see
    selectors.rujukan_menunggu_persetujuan."""
    field = Rujukan._meta.get_field("status")
    out = set()
    for status, rujukan in contoh.items():
        if status == Status.PERSETUJUAN:
            continue
        for t in field.get_all_transitions(Rujukan):
            if t.name in _BUKAN_TUGAS or t.source not in (status, "*", "+"):
                continue
            if t.has_perm(rujukan, user):
                out.add(status)
                break
    return out


def _inbox(user) -> dict:
    sekarang = timezone.now()
    terbuka = list(selectors.rujukan_list(user=user, terbuka=True).order_by("tenggat", "pk"))
    contoh: dict[str, Rujukan] = {}
    for r in terbuka:
        contoh.setdefault(r.status, r)
    status_tugas = _status_tugas(user, contoh)
    tugas = [r for r in terbuka if r.status in status_tugas]
    if Peran.PEKERJA_SOSIAL in peran_dari(user):
        # a social worker's own cases, and those nobody is assigned to yet
        tugas = [r for r in tugas if r.peksos_id in (None, user.pk)]
    menunggu = selectors.rujukan_menunggu_persetujuan(user=user)
    terlambat_pk = set(
        Rujukan.objects.filter(pk__in=[r.pk for r in terbuka])
        .terlambat(sekarang)
        .values_list("pk", flat=True)
    )
    besok = sekarang + dt.timedelta(days=1)
    jatuh_tempo = [
        r
        for r in terbuka
        if r.pk not in terlambat_pk
        and not r.dijeda
        and any(t and sekarang <= t <= besok for t in (r.tenggat, r.tenggat_tahap))
    ]
    ringkas = dict(
        selectors.rujukan_list(user=user, terbuka=True)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    return {
        "menunggu_persetujuan": menunggu,
        "tugas": tugas[:BATAS],
        "tugas_total": len(tugas),
        "terlambat": [r for r in terbuka if r.pk in terlambat_pk][:BATAS],
        "terlambat_total": len(terlambat_pk),
        "terlambat_pk": terlambat_pk,
        "jatuh_tempo": jatuh_tempo[:BATAS],
        "ringkasan": [(Status(s).label, s, n) for s, n in ringkas.items()],
        "terbuka_total": len(terbuka),
    }


@login_required
@require_safe
def beranda(request):
    pegawai = pegawai_dari(request.user)
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


urlpatterns = [path("", beranda, name="beranda")]
