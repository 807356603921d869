from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "kith.directory"
    label = "directory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .search import index, signals

        signals.connect()
        post_migrate.connect(index.build_if_empty, sender=self, dispatch_uid="search:build_if_empty")
