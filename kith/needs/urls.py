from django.urls import path

from . import views

app_name = "needs"

urlpatterns = [
    path("", views.needs_map, name="map"),
    path("areas/<str:code>/", views.area_profile, name="area"),
]
