from django.apps import AppConfig
from django.apps import apps as registry
from django.core.exceptions import FieldDoesNotExist
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class KinerjaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kinerja"
    verbose_name = "Kinerja layanan"

    def ready(self) -> None:
        # kinerja.waktu imports models: not before the app registry is ready
        from kinerja.waktu import daftarkan_sqlite

        connection_created.connect(daftarkan_sqlite, dispatch_uid="kinerja_persentil_sqlite")
        post_migrate.connect(isi_menit_sesudah_migrasi, sender=self, dispatch_uid="kinerja_menit")


def isi_menit_sesudah_migrasi(sender, apps=None, using="default", **kwargs) -> None:
    """After `migrate`, the steps and cases finished before their working minutes
    were stored (rujukan 0022) get them, so an upgraded office's dashboard counts
    its history without a manual step; later runs find nothing to fill. Skipped
    when the database stands before that migration (a migration test going back)."""
    apps = apps or registry  # `migrate` passes the migrated state; flush does not
    try:
        apps.get_model("rujukan", "LangkahKasus")._meta.get_field("menit_kerja")
        apps.get_model("rujukan", "Rujukan")._meta.get_field("menit_kerja")
    except (LookupError, FieldDoesNotExist):
        return
    if using != "default":
        return
    # kinerja.waktu imports models, and this module is loaded before them
    from kinerja.waktu import isi_menit_kerja

    isi_menit_kerja()
