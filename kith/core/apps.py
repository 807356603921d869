from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "kith.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"


class KithAdminConfig(admin_apps.AdminConfig):
    default = False
    """Django admin, open to administrators (superusers) only."""

    default_site = "kith.core.admin_site.AdministratorsAdminSite"
