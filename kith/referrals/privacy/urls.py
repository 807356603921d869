"""Addresses of the referral privacy pages, inside the referrals namespace. None carries personal data:
a subject access request's identifiers come by POST."""

from django.urls import path

from . import views

urlpatterns = [
    path("subject-access/", views.subject_access, name="subject_access"),
    path("<uuid:pk>/withdraw-consent/", views.withdraw_consent, name="withdraw_consent"),
    path("<uuid:pk>/erase/", views.erase, name="erase"),
]
