"""Addresses of the referral privacy pages, inside the referrals namespace."""

urlpatterns: list = []
