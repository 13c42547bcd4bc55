"""The second-factor devices in the admin, for superusers only: see who has
enrolled, and delete a lost phone's device so its owner enrols again. No key,
no QR code and no page by device id beyond Django's own (django-otp's admin,
replaced here, shows the secret and answered 500 for an unknown id)."""

from __future__ import annotations

from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class PerangkatTOTPAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "confirmed", "last_used_at", "created_at")
    list_filter = ("confirmed",)
    search_fields = ("user__username",)
    fields = ("user", "name", "confirmed", "last_used_at", "created_at")
    readonly_fields = fields

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
