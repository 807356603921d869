from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "kith.areas"
    default_auto_field = "django.db.models.BigAutoField"
