"""Personal identifiers encrypted at rest (NIK, No. KK, phone, e-mail).

One mechanism for the whole portal, below the apps that hold such data:
- the value is stored as a Fernet token (AES-128-CBC + HMAC-SHA256) made with
  the first key of `settings.PORTAL_KUNCI_DATA`; every key of the list can
  still open it (MultiFernet), so a new key is put at the front, the command
  `putar_kunci_data` re-encrypts every row with it, and the old key is dropped;
- a value that is looked up (a NIK, a KK) also gets a *sidik*: HMAC-SHA256
  with the separate key `settings.PORTAL_KUNCI_HASH` over the kind and the
  normalised value, stored in a companion column that lookups and uniqueness
  constraints use. The same number always gives the same sidik; the sidik
  cannot be turned back into the number without the key.

In Python the model attribute always holds the clear, normalised value; only
the database sees ciphertext. `TeksTerenkripsiField` accepts no lookup but
`isnull` and the empty string: a query by the clear value would silently
find nothing, so it fails loudly instead and points to the sidik.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.conf import settings
from django.core import validators
from django.db import models
from django.db.models.lookups import Exact, IsNull
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class KunciDataSalah(Exception):
    """A stored value cannot be opened with any of the configured keys."""

    def __init__(self) -> None:
        super().__init__(
            "Data terenkripsi tidak dapat dibuka dengan kunci di PORTAL_KUNCI_DATA: "
            "kunci yang dipakai saat data disimpan tidak ada di daftar (atau data rusak). "
            "Pasang kembali kunci lama di belakang daftar, lalu jalankan putar_kunci_data."
        )


@lru_cache(maxsize=4)
def _multi(kunci: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in kunci])


def _fernet() -> MultiFernet:
    return _multi(tuple(settings.PORTAL_KUNCI_DATA))


def enkripsi(teks: str) -> str:
    """The clear text as a token made with the newest key ('' stays '')."""
    if not teks:
        return ""
    return _fernet().encrypt(teks.encode()).decode("ascii")


def dekripsi(token: str) -> str:
    """The clear text of a stored token; `KunciDataSalah` if no key opens it."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeError) as exc:
        raise KunciDataSalah() from exc


def sidik(nilai: str, *, jenis: str) -> str:
    """The keyed hash used to find a value ('' for an empty value)."""
    if not nilai:
        return ""
    pesan = f"{jenis}:{nilai}".encode()
    return hmac.new(settings.PORTAL_KUNCI_HASH.encode(), pesan, hashlib.sha256).hexdigest()


# --- the model field ---------------------------------------------------------


class _HanyaKosong(Exact):
    """`kolom=""` is allowed (empty values stay empty); anything else is a bug."""

    def get_db_prep_lookup(self, value, connection):
        if value not in ("", None):
            raise TypeError(
                f"{self.lhs.target.model.__name__}.{self.lhs.target.name} terenkripsi: "
                "cari lewat sidiknya (misalnya Klien.objects.dengan_nik), bukan nilai jelasnya."
            )
        return ("%s", [""])


class TeksTerenkripsiField(models.TextField):
    """A short personal identifier stored encrypted (see the module docstring).

    `jenis` names what it holds ("email", "telepon", or a subclass's kinds) and
    separates the sidik of equal strings of different kinds. A value that is
    looked up gets a `SidikField(sumber=...)` beside it. `max_length` limits
    the clear value (forms, model validation); the column itself is text,
    since the token is longer than the value.
    """

    description = _("Teks terenkripsi")

    def __init__(self, *args, jenis: str = "teks", **kwargs):
        self.jenis = jenis
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["jenis"] = self.jenis
        kwargs["blank"] = self.blank  # always: the default here is True, not Field's False
        return name, path, args, kwargs

    @cached_property
    def validators(self):
        tambahan = [validators.MaxLengthValidator(self.max_length)] if self.max_length else []
        if self.jenis == "email":
            tambahan.append(validators.validate_email)
        return [*super().validators, *tambahan]

    # normalisation: a subclass (rujukan's NomorIdentitasField) overrides it
    def normal(self, value) -> str:
        if value is None:
            return ""
        value = str(value).strip()
        return value.lower() if self.jenis == "email" else value

    def sidik_dari(self, value) -> str:
        return sidik(self.normal(value), jenis=self.jenis)

    def to_python(self, value):
        return self.normal(super().to_python(value))

    def get_prep_value(self, value):
        return self.normal(super().get_prep_value(value))

    def get_db_prep_value(self, value, connection, prepared=False):
        if not prepared:
            value = self.get_prep_value(value)
        return enkripsi(value)

    def from_db_value(self, value, expression, connection):
        return dekripsi(value) if value else ""

    def pre_save(self, model_instance, add):
        value = self.normal(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return _HanyaKosong
        if lookup_name == "isnull":
            return IsNull
        return None

    def formfield(self, **kwargs):
        form_class: Callable = forms.EmailField if self.jenis == "email" else forms.CharField
        return super().formfield(**{"form_class": form_class, "widget": forms.TextInput, **kwargs})


class _SidikDari:
    """Reads the sidik from the clear value on the instance, so it is right
    before the row is saved (form and constraint validation use it) and after
    the hash key changed; the value loaded from the database is only a
    fallback while the clear value is not loaded."""

    def __init__(self, field: SidikField) -> None:
        self.field = field

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        sumber = instance._meta.get_field(self.field.sumber)
        if sumber.attname in instance.__dict__:
            return sumber.sidik_dari(instance.__dict__[sumber.attname])
        if self.field.attname not in instance.__dict__:
            instance.refresh_from_db(fields=[self.field.attname])
        return instance.__dict__[self.field.attname]

    def __set__(self, instance, value) -> None:
        instance.__dict__[self.field.attname] = value


class SidikField(models.CharField):
    """The keyed hash of the encrypted field named by `sumber`, kept beside it
    for lookups and uniqueness constraints; computed, never typed."""

    description = _("Sidik (hash berkunci)")
    descriptor_class = _SidikDari

    def __init__(self, *args, sumber: str, **kwargs):
        self.sumber = sumber
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["sumber"] = self.sumber
        return name, path, args, kwargs


def tanpa_sidik_sumber_diperiksa(model, exclude) -> set[str] | None:
    """The `exclude` of `Model.validate_constraints` without the sidik of every
    encrypted field that is checked: a form never shows the sidik (not
    editable), yet its constraint (one NIK per office) must be checked when
    the form has the NIK. For a model's `validate_constraints` override."""
    if exclude is None:
        return None
    exclude = set(exclude)
    for f in model._meta.concrete_fields:
        if isinstance(f, SidikField) and f.sumber not in exclude:
            exclude.discard(f.name)
    return exclude


# --- for data migrations -------------------------------------------------------


def enkripsi_kolom(schema_editor, model, kolom: str, *, mundur: bool = False) -> int:
    """Encrypt the clear values of one column of a (historical) model in place
    and fill its sidik column, if the model has one for it; `mundur=True`
    writes the clear values back. Raw SQL, so the field's own conversion does
    not run; a value that already is a token keeps it and still gets its sidik.
    Returns the count of rows written."""
    field = model._meta.get_field(kolom)
    sidik_kolom = next(
        (
            f.column
            for f in model._meta.concrete_fields
            if isinstance(f, SidikField) and f.sumber == kolom
        ),
        "",
    )
    q = schema_editor.connection.ops.quote_name
    tabel, pk = q(model._meta.db_table), q(model._meta.pk.column)
    with schema_editor.connection.cursor() as cursor:
        kolom_sql = q(field.column)
        cursor.execute(f"SELECT {pk}, {kolom_sql} FROM {tabel} WHERE {kolom_sql} <> ''")  # noqa: S608
        baris = cursor.fetchall()
        n = 0
        for id_, nilai in baris:
            token = nilai.startswith("gAAAAA")  # every Fernet token (version byte 0x80)
            if mundur:
                if not token:
                    continue
                cursor.execute(
                    f"UPDATE {tabel} SET {q(field.column)} = %s WHERE {pk} = %s",  # noqa: S608
                    [dekripsi(nilai), id_],
                )
            else:
                # a token already (written by a migration's historical model,
                # which uses this field class): keep it, still fill the sidik
                normal = dekripsi(nilai) if token else field.normal(nilai)
                kolom_sql, nilai_sql = [q(field.column)], [nilai if token else enkripsi(normal)]
                if sidik_kolom:
                    kolom_sql.append(q(sidik_kolom))
                    nilai_sql.append(sidik(normal, jenis=field.jenis))
                set_sql = ", ".join(f"{k} = %s" for k in kolom_sql)
                cursor.execute(
                    f"UPDATE {tabel} SET {set_sql} WHERE {pk} = %s",  # noqa: S608
                    [*nilai_sql, id_],
                )
            n += 1
    # PostgreSQL refuses to alter a table with pending (deferred) trigger events
    # in the same transaction: fire them now, so the migration can go on.
    schema_editor.connection.check_constraints()
    return n
