from django.apps import AppConfig


class KinerjaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kinerja"
    verbose_name = "Kinerja layanan"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from kinerja.waktu import daftarkan_sqlite

        connection_created.connect(daftarkan_sqlite, dispatch_uid="kinerja_persentil_sqlite")
