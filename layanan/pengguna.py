"""Who acts on the portal, as a type: services take the signed-in account
that acts (`by: Pengguna`); policies take what a request carries, which may be
an anonymous visitor (`user: PenggunaAtauTamu`).

The portal uses Django's own user model (no AUTH_USER_MODEL), so the alias is
`User`; a change of model changes this one line.
"""

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User

Pengguna: TypeAlias = User
PenggunaAtauTamu: TypeAlias = User | AnonymousUser
