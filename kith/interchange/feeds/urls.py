"""Importing ORUK feeds (a URL or a JSON file): fetch, clean, upsert with provenance, report."""

from django.urls import path

from . import views

urlpatterns = [
    path("imports/feeds/", views.feed_list, name="feed_list"),
    path("imports/feeds/new/", views.feed_import, name="feed_import"),
    path("imports/feeds/<uuid:pk>/", views.feed_detail, name="feed_detail"),
    path("imports/feeds/<uuid:pk>/import/", views.feed_reimport, name="feed_reimport"),
    path("imports/feeds/runs/<uuid:pk>/", views.feed_run, name="feed_run"),
]
