from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<uuid:pk>/", views.organisation_detail, name="organisation_detail"),
    path("verification/", views.verification_queue, name="verification_queue"),
]
