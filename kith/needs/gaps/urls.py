"""Addresses of gaps pages, inside the needs namespace."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("gaps/", views.gaps, name="gaps"),
]
