"""Filters of the staff case list (django-filter). The base list and every
condition come from rujukan.selectors_daftar: each filter is a plain
condition on the case row (served by an index), never an `id IN (subquery)`
over the office; the sort is applied when the page is cut
(selectors_daftar.halaman_daftar), so `urutan` only validates its choice.

`q` (NIK, name or number) is never read from the URL: the view takes it from
the session (rujukan.views.daftar) and renders its own POST search box."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from layanan.models import Layanan
from rujukan import selectors_daftar as daftar
from rujukan.models import Status, Sumber

TAMPILAN = [
    ("terbuka", _("Masih berjalan")),
    ("terlambat", _("Terlambat")),
    ("saya", _("Milik saya")),
    ("selesai", _("Sudah ditutup")),
    ("semua", _("Semua")),
]


class RujukanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Cari NIK, nama atau nomor"), method="filter_q", max_length=100
    )
    tampilan = django_filters.ChoiceFilter(
        label=_("Tampilkan"), choices=TAMPILAN, method="filter_tampilan", empty_label=None
    )
    status = django_filters.ChoiceFilter(
        label=_("Tahap"), choices=Status.choices, empty_label=_("Semua tahap")
    )
    # the office's services, read once as (pk, name) pairs: a model choice
    # would read them again to validate the choice and through a cursor to list them
    layanan = django_filters.ChoiceFilter(
        label=_("Layanan"), choices=[], method="filter_layanan", empty_label=_("Semua layanan")
    )
    sumber = django_filters.ChoiceFilter(
        label=_("Masuk melalui"),
        choices=[("online", _("Daring (online)")), (Sumber.LOKET, _("Loket"))],
        method="filter_sumber",
        empty_label=_("Semua"),
    )
    dari = django_filters.DateFilter(
        label=_("Didaftarkan sejak"), field_name="dibuat_pada", lookup_expr="date__gte"
    )
    sampai = django_filters.DateFilter(
        label=_("Didaftarkan sampai"), field_name="dibuat_pada", lookup_expr="date__lte"
    )
    urutan = django_filters.ChoiceFilter(
        label=_("Urutkan"),
        choices=[
            ("-dibuat_pada", _("Terbaru didaftarkan")),
            ("dibuat_pada", _("Terlama didaftarkan")),
            ("tenggat", _("Tenggat terdekat")),
        ],
        method="filter_urutan",
        empty_label=None,
    )

    def __init__(self, data=None, *args, request=None, **kwargs):
        self.user = request.user
        data = data.copy() if data is not None else {}
        data.setdefault("tampilan", "terbuka")
        data.setdefault("urutan", "-dibuat_pada")
        super().__init__(
            data, *args, queryset=daftar.rujukan_daftar(user=self.user), request=request, **kwargs
        )
        instansi_id = getattr(getattr(self.user, "pegawai", None), "instansi_id", None)
        self.filters["layanan"].extra["choices"] = list(
            Layanan.objects.filter(instansi_id=instansi_id)
            .order_by("urutan", "nama")
            .values_list("pk", "nama")
        )

    def filter_q(self, queryset, name, value):
        return daftar.saring_cari(queryset, value)

    def filter_tampilan(self, queryset, name, value):
        return daftar.saring_tampilan(queryset, value, user=self.user)

    def filter_layanan(self, queryset, name, value):
        return queryset.filter(layanan_id=int(value))  # one of the choices: a pk

    def filter_sumber(self, queryset, name, value):
        return daftar.saring_sumber(queryset, value)

    def filter_urutan(self, queryset, name, value):
        return queryset  # applied by selectors_daftar.halaman_daftar
