from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "kith.directory"
    label = "directory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .search import signals

        signals.connect()
