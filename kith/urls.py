from django.contrib import admin
from django.urls import include, path

from kith.core import views as core_views

urlpatterns = [
    path("health/", core_views.health, name="health"),
    path("accounts/", include("kith.accounts.urls")),
    path("", include("kith.organisations.urls")),
    path("", include("kith.directory.urls")),
    path("api/oruk/", include("kith.interchange.api.urls")),
    path("", include("kith.interchange.urls")),
    path("admin/", admin.site.urls),
]
