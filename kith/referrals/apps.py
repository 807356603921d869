from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "kith.referrals"
    verbose_name = "Referrals"
