from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LayananConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "layanan"

    def ready(self) -> None:
        # imported in ready() (Django's place for connecting signals): both import the
        # models, which load only once the app registry is ready
        from layanan import cache_publik
        from layanan.roles import sync_roles_after_migrate

        # a change of what the public pages show draws a new version of them
        cache_publik.hubungkan()

        post_migrate.connect(
            sync_roles_after_migrate, sender=self, dispatch_uid="layanan.roles.sync_roles"
        )
