"""Addresses of the referral notifications pages, inside the referrals namespace."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.mark_all_read, name="notifications_read"),
    path("notifications/<int:pk>/read/", views.mark_read, name="notification_read"),
]
