"""The Django admin app, installed in its own module (akun/apps.py keeps one
AppConfig for the akun app)."""

from django.contrib.admin.apps import AdminConfig


class AdminAkunConfig(AdminConfig):
    """Installed in place of django.contrib.admin: `admin.site` is an
    akun.situs_admin.SitusAdmin, open only to sessions verified with the second factor."""

    default_site = "akun.situs_admin.SitusAdmin"
