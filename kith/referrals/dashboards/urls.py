"""Addresses of the referral dashboards pages, inside the referrals namespace."""

urlpatterns: list = []
