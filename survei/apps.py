from django.apps import AppConfig


class SurveiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "survei"
    verbose_name = "Survei Kepuasan Masyarakat"

    def ready(self) -> None:
        # imported in ready() (Django's place for connecting signals): both import the
        # models, which load only once the app registry is ready
        from survei import notifikasi, sinyal

        sinyal.hubungkan()
        notifikasi.hubungkan()  # the invitation's link to the person served
