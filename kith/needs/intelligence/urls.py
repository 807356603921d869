"""Addresses of intelligence pages, inside the needs namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("recorded/", views.recorded_list, name="recorded_list"),
    path("recorded/new/", views.recorded_new, name="recorded_new"),
    path("recorded/<uuid:pk>/", views.recorded_detail, name="recorded_detail"),
    path("recorded/<uuid:pk>/review/", views.recorded_review, name="recorded_review"),
    path("local-intelligence/", views.intelligence, name="intelligence"),
]
