from django.apps import AppConfig


class SurveiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "survei"
    verbose_name = "Survei Kepuasan Masyarakat"

    def ready(self) -> None:
        from survei import notifikasi, sinyal

        sinyal.hubungkan()
        notifikasi.hubungkan()  # the invitation's link to the person served
