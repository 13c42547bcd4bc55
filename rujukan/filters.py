"""Filters of the staff case list (django-filter). The base list and the
search come from rujukan.selectors.rujukan_list (instansi-scoped, with its
related rows joined), so every filter keeps the page at a fixed number of
queries.

`q` (NIK, name or number) is never read from the URL: the view takes it from
the session (rujukan.views.daftar) and renders its own POST search box."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from layanan.models import Layanan
from rujukan import selectors
from rujukan.models import SUMBER_ONLINE, Status, Sumber

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
    layanan = django_filters.ModelChoiceFilter(
        label=_("Layanan"), queryset=Layanan.objects.none(), empty_label=_("Semua layanan")
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
            data, *args, queryset=selectors.rujukan_list(user=self.user), request=request, **kwargs
        )
        instansi = getattr(getattr(self.user, "pegawai", None), "instansi", None)
        self.filters["layanan"].queryset = Layanan.objects.filter(instansi=instansi).order_by(
            "urutan", "nama"
        )

    def _sub(self, **kwargs):
        return selectors.rujukan_list(user=self.user, **kwargs).values("pk")

    def filter_q(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(pk__in=self._sub(q=value))

    def filter_tampilan(self, queryset, name, value):
        if value == "terbuka":
            return queryset.filter(pk__in=self._sub(terbuka=True))
        if value == "terlambat":
            return queryset.filter(pk__in=self._sub(terlambat=True))
        if value == "saya":
            return queryset.filter(pk__in=self._sub(milik_saya=True))
        if value == "selesai":
            return queryset.filter(pk__in=self._sub(terbuka=False))
        return queryset

    def filter_sumber(self, queryset, name, value):
        if value == "online":
            return queryset.filter(sumber__in=SUMBER_ONLINE)
        if value == Sumber.LOKET:
            return queryset.filter(sumber=Sumber.LOKET)
        return queryset

    def filter_urutan(self, queryset, name, value):
        return queryset.order_by(value, "-pk")
