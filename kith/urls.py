from django.contrib import admin
from django.urls import include, path, re_path

from kith.core import views as core_views
from kith.interchange.api import views as api_views

urlpatterns = [
    path("health/", core_views.health, name="health"),
    path("accounts/", include("kith.accounts.urls")),
    path("", include("kith.organisations.urls")),
    path("", include("kith.directory.urls")),
    path("api/oruk/", include("kith.interchange.api.urls")),
    # The API's base address without its slash answers too, rather than redirecting without CORS.
    re_path(r"^api/oruk$", api_views.root),
    path("", include("kith.interchange.urls")),
    path("needs/", include("kith.needs.urls")),
    path("referrals/", include("kith.referrals.urls")),
    path("relationship/", include("kith.assessments.urls")),
    path("admin/", admin.site.urls),
]
