from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("accounts/", include("kith.accounts.urls")),
    path("", include("kith.organisations.urls")),
    path("", include("kith.directory.urls")),
    path("api/oruk/", include("kith.interchange.api.urls")),
    path("", include("kith.interchange.urls")),
    path("admin/", admin.site.urls),
]
