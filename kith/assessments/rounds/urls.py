"""Addresses of the relationship toolkit's rounds pages, inside the assessments namespace."""
from django.urls import path

from . import answer_views, views

urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("rounds/new/", views.round_new, name="round_new"),
    path("rounds/<uuid:round_uuid>/", views.round_detail, name="round"),
    path("rounds/<uuid:round_uuid>/invite/", views.round_invite, name="round_invite"),
    path("rounds/<uuid:round_uuid>/thank-you/", answer_views.answer_done, name="answer_done"),
    path("answer/<str:token>/", answer_views.answer_start, name="answer_start"),
    path("respond/<str:token>/", answer_views.answer_resume, name="answer_resume"),
    path("respond/<str:token>/principles/<slug:slug>/", answer_views.answer_principle, name="answer_principle"),
    path("respond/<str:token>/saved/", answer_views.answer_saved, name="answer_saved"),
    path("respond/<str:token>/check/", answer_views.answer_check, name="answer_check"),
]
