from django.urls import include, path

from . import views

app_name = "needs"

urlpatterns = [
    path("", views.needs_map, name="map"),
    path("areas/<str:code>/", views.area_profile, name="area"),
    path("", include("kith.needs.gaps.urls")),
    path("", include("kith.needs.intelligence.urls")),
    path("", include("kith.needs.indicators.urls")),
    path("", include("kith.needs.saved.urls")),
]
