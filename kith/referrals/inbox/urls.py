"""Addresses of the referral inbox pages, inside the referrals namespace."""

urlpatterns: list = []
