"""One scope for every admin page: an Admin Instansi works on his own office only.

The staff pages keep offices apart through each app's permissions policy; the
admin does it here, once, for every ModelAdmin and inline of the portal:

- `InstansiScopedAdmin`: the list, the change/delete/history pages, the
  actions, the list filters and the autocomplete answers hold only the rows of
  the user's instansi; another office's row answers 404. Every choice list
  (ForeignKey and ManyToMany, raw-id and autocomplete included) offers only
  his office's objects, so a forged POST naming another office's instansi or
  related object is refused by the form ("... bukan milik instansi Anda"),
  nothing saved. The `instansi` choice holds his office alone, so a row
  cannot be moved to another office.
- `PilihanInstansiInline`: the same choice lists for an inline's forms.
- `DataBersamaAdmin`: rows that belong to no office (the national PPKS
  categories, the role groups): read-only for everyone but a superuser.

A superuser sees and picks every office's rows. Which office a row belongs to
is `jalur_instansi(model)`: the lookup from the model to its Instansi
("instansi", "rujukan__instansi", "pegawai__instansi" for a user, "pk" for
Instansi itself), or None for a model of no office.
"""

from __future__ import annotations

import functools
from collections import deque

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.forms import ModelChoiceField
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from layanan.models import Instansi, Pegawai

BUKAN_MILIK = _("Pilihan ini tidak tersedia atau bukan milik instansi Anda.")
BUKAN_MILIK_BANYAK = _("“%(value)s” tidak tersedia atau bukan milik instansi Anda.")
TIDAK_DITEMUKAN = _("Data tidak ditemukan atau bukan milik instansi Anda.")


# -- whose office --------------------------------------------------------------------------------


def instansi_of(request) -> Instansi | None:
    """The office of the logged-in staff user (None if he has no Pegawai profile)."""
    pegawai = getattr(request, "_admin_pegawai", None)
    if pegawai is None:
        pegawai = Pegawai.objects.select_related("instansi").filter(user_id=request.user.pk).first()
        request._admin_pegawai = pegawai or False
    return pegawai.instansi if pegawai else None


def semua_instansi(request) -> bool:
    """Whether the user works on every office's rows (a superuser)."""
    return request.user.is_superuser


def _user_model() -> type[models.Model]:
    from django.apps import apps

    return apps.get_model(settings.AUTH_USER_MODEL)


def _relasi_maju(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.get_fields()
        if f.concrete and (f.many_to_one or f.one_to_one) and f.related_model is not None
    ]


@functools.cache
def jalur_instansi(model: type[models.Model]) -> str | None:
    """The lookup from `model` to the Instansi its rows belong to, or None for
    a model of no office. A user belongs to the office of his Pegawai profile;
    any other model through its `instansi` field or the shortest chain of
    foreign keys to one (a step through its standard, an approval through its
    draft and case), never through the user who wrote the row."""
    if model is Instansi:
        return "pk"
    user_model = _user_model()
    if model is user_model:
        return "pegawai__instansi"
    antrean = deque([(model, "")])
    dilihat = {model}
    while antrean:
        sekarang, awalan = antrean.popleft()
        if awalan.count("__") >= 3:
            continue
        for f in _relasi_maju(sekarang):
            jalur = f"{awalan}{f.name}"
            if f.related_model is Instansi:
                return jalur
            if f.related_model in dilihat or f.related_model is user_model:
                continue
            dilihat.add(f.related_model)
            antrean.append((f.related_model, f"{jalur}__"))
    return None


def _jalur_boleh_kosong(model, jalur: str) -> bool:
    """Whether a row may have no office along `jalur` (a holiday for all offices)."""
    for nama in jalur.split("__"):
        if nama == "pk":
            return False
        try:
            field = model._meta.get_field(nama)
        except FieldDoesNotExist:
            return False
        if getattr(field, "null", False) or not field.concrete:
            return True
        model = field.related_model
    return False


def saring_instansi(
    qs: QuerySet, instansi: Instansi | None, *, jalur: str | None = None, bersama: bool = True
) -> QuerySet:
    """`qs` limited to `instansi`'s rows, and the rows of no office when
    `bersama` (choices may offer those; a user without a profile is nobody's
    yet and may be given one). A model of no office is not limited."""
    model = qs.model
    if model is _user_model() and jalur is None:
        tanpa_profil = Q(pegawai__isnull=True, is_superuser=False)
        if instansi is None:
            return qs.filter(tanpa_profil) if bersama else qs.none()
        milik = Q(pegawai__instansi=instansi.pk)
        return qs.filter(milik | tanpa_profil if bersama else milik)
    jalur = jalur or jalur_instansi(model)
    if jalur is None:
        return qs
    kosong = Q(**{f"{jalur}__isnull": True}) if _jalur_boleh_kosong(model, jalur) else None
    if instansi is None:
        return qs.filter(kosong) if (bersama and kosong is not None) else qs.none()
    milik = Q(**{jalur: instansi.pk})
    return qs.filter(milik | kosong if (bersama and kosong is not None) else milik)


def instansi_id_baris(obj: models.Model, jalur: str) -> int | None:
    """The id of the office an (unsaved) row belongs to, following `jalur`."""
    if jalur == "pk":
        return obj.pk
    *langkah, akhir = jalur.split("__")
    for nama in langkah:
        obj = getattr(obj, nama, None)
        if obj is None:
            return None
    field = obj._meta.get_field(akhir)
    return getattr(obj, field.attname, None)


# -- choice lists: admin pages and inlines -------------------------------------------------------


class PilihanInstansi:
    """Every ForeignKey and ManyToMany choice of the form limited to the
    user's office (the superuser's: every office). Works on querysets a
    subclass narrowed already (the steps of the standard being edited)."""

    def _batasi_pilihan(self, db_field, request, kwargs: dict, *, banyak: bool) -> None:
        if semua_instansi(request):
            return
        qs = kwargs.get("queryset")
        if qs is None:
            qs = self.get_field_queryset(None, db_field, request)
        if qs is None:
            qs = db_field.remote_field.model._default_manager.all()
        kwargs["queryset"] = saring_instansi(qs, instansi_of(request))
        pesan = {"invalid_choice": BUKAN_MILIK_BANYAK if banyak else BUKAN_MILIK}
        kwargs["error_messages"] = {**pesan, **kwargs.get("error_messages", {})}
        if db_field.remote_field.model is Instansi and not banyak:
            # his office is the only choice: a row cannot be moved nor left without one
            kwargs["required"] = True
            kwargs["empty_label"] = None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._batasi_pilihan(db_field, request, kwargs, banyak=False)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._batasi_pilihan(db_field, request, kwargs, banyak=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class PilihanInstansiInline(PilihanInstansi):
    """For an inline (mixed before TabularInline/StackedInline). The hidden id
    of each row is a choice too: only the rows of the object being edited."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class BarisSendiri(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                field = form.fields.get(self._pk_field.name)
                if isinstance(field, ModelChoiceField):
                    field.queryset = self.get_queryset()
                    field.error_messages["invalid_choice"] = BUKAN_MILIK

        BarisSendiri.__name__ = formset.__name__
        return BarisSendiri


# -- the ModelAdmin ------------------------------------------------------------------------------


class InstansiScopedAdmin(PilihanInstansi, admin.ModelAdmin):
    """Rows limited to the user's instansi through `instansi_lookup` (by
    default `jalur_instansi(model)`). `baris_bersama`: rows of no office are
    listed too, read-only for a non-superuser."""

    instansi_lookup: str | None = None
    baris_bersama = False

    def get_instansi_lookup(self) -> str:
        jalur = self.instansi_lookup or jalur_instansi(self.model)
        if jalur is None:
            raise TypeError(f"{self.model.__name__} belongs to no instansi: use DataBersamaAdmin")
        return jalur

    def scope_filter(self, instansi: Instansi) -> Q:
        jalur = self.get_instansi_lookup()
        milik = Q(**{jalur: instansi.pk})
        return milik | Q(**{f"{jalur}__isnull": True}) if self.baris_bersama else milik

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if semua_instansi(request):
            return qs
        instansi = instansi_of(request)
        if instansi is None:
            return qs.none()
        return qs.filter(self.scope_filter(instansi))

    def milik_sendiri(self, request, qs: QuerySet) -> QuerySet:
        """`qs` without the rows of no office (for a non-superuser)."""
        if semua_instansi(request):
            return qs
        return qs.filter(**{self.get_instansi_lookup(): getattr(instansi_of(request), "pk", None)})

    def _baris_bersama(self, request, obj) -> bool:
        if obj is None or semua_instansi(request) or not self.baris_bersama:
            return False
        return instansi_id_baris(obj, self.get_instansi_lookup()) is None

    def has_change_permission(self, request, obj=None):
        if self._baris_bersama(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._baris_bersama(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    # -- pages of one row: 404 outside the office ------------------------------------------------

    def _require_in_scope(self, request, object_id) -> None:
        if object_id is None:
            return
        try:
            found = self.get_queryset(request).filter(pk=unquote(object_id)).exists()
        except (ValueError, TypeError, ValidationError):
            found = False
        if not found:
            raise Http404(TIDAK_DITEMUKAN)

    def objek_dalam_lingkup(self, request, object_id, *, boleh=None):
        """The row a custom admin page works on: 404 when it is another office's
        or gone, 403 when `boleh(request, obj)` (a has_*_permission) refuses."""
        self._require_in_scope(request, object_id)
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(TIDAK_DITEMUKAN)
        if boleh is not None and not boleh(request, obj):
            raise PermissionDenied
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._require_in_scope(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    # -- the add form: his office, and no other office's object handed in by the URL -------------

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        instansi = instansi_of(request)
        if not semua_instansi(request):
            for nama in [n for n in initial if not self._awal_sah(n, initial[n], instansi)]:
                del initial[nama]
        if instansi is not None and "instansi" not in initial:
            try:
                if self.model._meta.get_field("instansi").related_model is Instansi:
                    initial["instansi"] = instansi.pk
            except FieldDoesNotExist:
                pass
        return initial

    def _awal_sah(self, nama: str, nilai, instansi: Instansi | None) -> bool:
        """Whether an initial value from the URL (?klien=12) is his office's object."""
        try:
            field = self.model._meta.get_field(nama)
        except FieldDoesNotExist:
            return True
        if not field.is_relation or field.related_model is None:
            return True
        nilai = nilai if isinstance(nilai, list) else str(nilai).split(",")
        qs = saring_instansi(field.related_model._default_manager.all(), instansi)
        try:
            return qs.filter(pk__in=nilai).count() == len(set(nilai))
        except (ValueError, TypeError, ValidationError):
            return False

    def save_model(self, request, obj, form, change):
        """The last guard: the form already refused another office's row."""
        jalur = self.get_instansi_lookup()
        if not semua_instansi(request) and _lewat_kolom(self.model, jalur):
            mine = getattr(instansi_of(request), "pk", None)
            if mine is None or instansi_id_baris(obj, jalur) != mine:
                raise PermissionDenied(TIDAK_DITEMUKAN)
        super().save_model(request, obj, form, change)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        response = super().render_change_form(request, context, add, change, form_url, obj)
        if request.method == "POST" and response.status_code == 200:
            response.status_code = 400  # refused: the form shows why, nothing was saved
        return response

    # -- the list: filters and actions ----------------------------------------------------------

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if semua_instansi(request):
            return filters
        jalur = self.get_instansi_lookup()
        hasil = []
        for f in filters:
            if not isinstance(f, str):
                hasil.append(f)
                continue
            if f == jalur or f == "instansi":
                continue  # one office: nothing to filter by
            related = _model_terkait(self.model, f)
            if related is not None and jalur_instansi(related) is not None:
                # only the related rows his own rows point at (another office's never)
                hasil.append((f, admin.RelatedOnlyFieldListFilter))
            else:
                hasil.append(f)
        return hasil

    def get_actions(self, request):
        actions = super().get_actions(request)
        if semua_instansi(request):
            return actions
        return {
            nama: (self._aksi_milik_sendiri(func), nama, deskripsi)
            for nama, (func, nama, deskripsi) in actions.items()
        }

    def _aksi_milik_sendiri(self, func):
        @functools.wraps(func)
        def aksi(modeladmin, request, queryset):
            return func(modeladmin, request, modeladmin.milik_sendiri(request, queryset))

        return aksi


def _lewat_kolom(model, jalur: str) -> bool:
    """Whether `jalur` follows the row's own columns (a user's office is on his
    profile, saved after him by the inline whose choices guard it)."""
    if jalur == "pk":
        return True
    try:
        return model._meta.get_field(jalur.split("__")[0]).concrete
    except FieldDoesNotExist:
        return False


def _model_terkait(model, lookup: str):
    for nama in lookup.split("__"):
        try:
            field = model._meta.get_field(nama)
        except FieldDoesNotExist:
            return None
        if not field.is_relation:
            return None
        model = field.related_model
    return model


class DataBersamaAdmin(admin.ModelAdmin):
    """Rows of no office, one list for every office: only a superuser
    adds, changes or deletes them; an Admin Instansi may at most read them."""

    def has_add_permission(self, request, *args):
        return semua_instansi(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return semua_instansi(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return semua_instansi(request) and super().has_delete_permission(request, obj)
