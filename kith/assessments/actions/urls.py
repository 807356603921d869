"""Addresses of the relationship toolkit's action plans, publishing and reports, inside the assessments namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("rounds/<uuid:round_uuid>/actions/", views.actions, name="actions"),
    path("rounds/<uuid:round_uuid>/actions/<int:action_id>/", views.action_edit, name="action_edit"),
    path("rounds/<uuid:round_uuid>/publish/", views.publish, name="publish"),
    path("rounds/<uuid:round_uuid>/unpublish/", views.unpublish, name="unpublish"),
    path("rounds/<uuid:round_uuid>/report/", views.report, name="report"),
    path("rounds/<uuid:round_uuid>/report.pdf", views.report_pdf, name="report_pdf"),
    path("published/", views.published_list, name="published_list"),
    path("published/<uuid:round_uuid>/", views.published, name="published"),
    path("published/<uuid:round_uuid>/report.pdf", views.published_pdf, name="published_pdf"),
]
