from django.urls import include, path

app_name = "assessments"

urlpatterns = [
    path("", include("kith.assessments.rounds.urls")),
    path("", include("kith.assessments.results.urls")),
    path("", include("kith.assessments.actions.urls")),
]
