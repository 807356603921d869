from django.apps import AppConfig


class PostcodesConfig(AppConfig):
    name = "kith.postcodes"
    label = "postcodes"
    default_auto_field = "django.db.models.BigAutoField"
