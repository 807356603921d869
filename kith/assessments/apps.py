from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "kith.assessments"
    verbose_name = "Relationship toolkit"
    default_auto_field = "django.db.models.BigAutoField"
