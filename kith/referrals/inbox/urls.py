"""Addresses of the referral inbox pages, inside the referrals namespace."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("inbox/", views.inbox, name="inbox"),
    path("<uuid:pk>/answer/", views.answer, name="answer"),
    path("<uuid:pk>/onward/", views.refer_on, name="onward"),
]
