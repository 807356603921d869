from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "kith.referrals"
    verbose_name = "Referrals"

    def ready(self):
        from . import checks  # noqa: F401  registers the key check
