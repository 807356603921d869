"""The ORUK 3.0 API under /api/oruk/. Each path answers with or without a trailing slash, never
redirecting: the ORUK validator and most clients ask for `/services`, Django's habit is `/services/`.
A doubled slash after the prefix (a base URL given with its slash, then "/services" added) is
taken as one."""

from django.urls import re_path

from . import views

app_name = "oruk"


def _both(route: str, view, name: str):
    # (?:/*) rather than /* so that Django does not take the pattern for one starting with a slash.
    return re_path(rf"^(?:/*){route}/?$", view, name=name)


ID = r"(?P<id>[^/]+)"

urlpatterns = [
    re_path(r"^(?:/*)$", views.root, name="root"),
    _both(r"openapi\.json", views.openapi_document, name="openapi"),
    _both("services", views.service_list, name="services"),
    _both(f"services/{ID}", views.service_detail, name="service"),
    _both("service_at_locations", views.service_at_location_list, name="service_at_locations"),
    _both(f"service_at_locations/{ID}", views.service_at_location_detail, name="service_at_location"),
    _both("organizations", views.organization_list, name="organizations"),
    _both(f"organizations/{ID}", views.organization_detail, name="organization"),
    _both("taxonomies", views.taxonomy_list, name="taxonomies"),
    _both(f"taxonomies/{ID}", views.taxonomy_detail, name="taxonomy"),
    _both("taxonomy_terms", views.taxonomy_term_list, name="taxonomy_terms"),
    _both(f"taxonomy_terms/{ID}", views.taxonomy_term_detail, name="taxonomy_term"),
    # Anything else under the prefix is a JSON 404 with the CORS header, like the rest of the API.
    re_path(r"^(?P<path>.*)$", views.not_found),
]
