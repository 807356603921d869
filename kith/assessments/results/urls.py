"""Addresses of the relationship toolkit's results pages, inside the assessments namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("rounds/<uuid:round_uuid>/results/", views.results, name="results"),
]
