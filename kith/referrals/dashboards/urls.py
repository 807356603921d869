"""Addresses of the referral dashboards pages, inside the referrals namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("network/", views.network, name="network"),
]
