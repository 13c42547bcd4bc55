from django.apps import AppConfig


class RujukanConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'rujukan'
