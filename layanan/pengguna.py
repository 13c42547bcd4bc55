"""Who acts on the portal, as a type: services take the signed-in account
that acts (`by: Pengguna`); policies take what a request carries, which may be
an anonymous visitor (`user: PenggunaAtauTamu`); a view behind login_required
may declare `request: PermintaanMasuk`, whose user is signed in.

The portal uses Django's own user model (no AUTH_USER_MODEL), so the alias is
`User`; a change of model changes this one line.
"""

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest

Pengguna: TypeAlias = User
PenggunaAtauTamu: TypeAlias = User | AnonymousUser


class PermintaanMasuk(HttpRequest):
    """The type of a request that login_required let through (never built:
    only named in annotations)."""

    user: Pengguna
