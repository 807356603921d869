"""Addresses of the indicator upload pages, inside the needs namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("indicators/", views.indicator_list, name="indicators"),
    path("indicators/upload/", views.indicator_upload, name="indicator_upload"),
    path("indicators/example.csv", views.indicator_example, name="indicator_example"),
]
