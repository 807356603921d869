from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "kith.referrals"
    verbose_name = "Referrals"

    def ready(self):
        from . import checks  # noqa: F401  registers the key check
        from .notifications import listeners

        listeners.connect()
        from .privacy import receivers  # noqa: F401  keeps person keys current
        from .dashboards import unmet
        from .signals import referral_status_changed

        referral_status_changed.connect(unmet.record_unmet_need, dispatch_uid="dashboards.record_unmet_need")
