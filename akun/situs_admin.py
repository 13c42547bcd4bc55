"""The Django admin, open only to sessions verified with the second factor
(FaktorKeduaMiddleware sends an unverified admin to the code step first; this
is the admin's own check of the same rule)."""

from __future__ import annotations

from django.contrib import admin

from akun.services import terverifikasi


class SitusAdmin(admin.AdminSite):
    def has_permission(self, request) -> bool:
        return super().has_permission(request) and terverifikasi(request.user)
