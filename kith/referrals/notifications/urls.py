"""Addresses of the referral notifications pages, inside the referrals namespace."""

urlpatterns: list = []
