"""Addresses of saved pages, inside the needs namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("saved/", views.saved_list, name="saved_list"),
    path("saved/new/", views.saved_new, name="saved_new"),
    path("saved/<uuid:pk>/delete/", views.saved_delete, name="saved_delete"),
]
