"""Permission matrix rows for the public ORUK 3.0 API and its OpenAPI document: everyone reads, nobody changes."""

from kith.testing import factories

from .matrix import EVERYONE, LIO_AND_ADMIN, NOBODY, Row  # noqa: F401

ROWS: dict[str, Row] = {
    "oruk:root": Row(lambda r: "/api/oruk/", read=EVERYONE),
    "oruk:openapi": Row(lambda r: "/api/oruk/openapi.json", read=EVERYONE),
    "oruk:services": Row(lambda r: "/api/oruk/services", read=EVERYONE),
    "oruk:service": Row(lambda r: f"/api/oruk/services/{r['api_service'].pk}", read=EVERYONE),
    "oruk:service_at_locations": Row(lambda r: "/api/oruk/service_at_locations", read=EVERYONE),
    "oruk:service_at_location": Row(lambda r: f"/api/oruk/service_at_locations/{r['api_link'].pk}", read=EVERYONE),
    "oruk:organizations": Row(lambda r: "/api/oruk/organizations", read=EVERYONE),
    "oruk:organization": Row(lambda r: f"/api/oruk/organizations/{r['org'].pk}", read=EVERYONE),
    "oruk:taxonomies": Row(lambda r: "/api/oruk/taxonomies", read=EVERYONE),
    "oruk:taxonomy": Row(lambda r: f"/api/oruk/taxonomies/{r['api_term'].taxonomy_id}", read=EVERYONE),
    "oruk:taxonomy_terms": Row(lambda r: "/api/oruk/taxonomy_terms", read=EVERYONE),
    "oruk:taxonomy_term": Row(lambda r: f"/api/oruk/taxonomy_terms/{r['api_term'].pk}", read=EVERYONE),
}


def records(records, people):
    """A published service of organisation A, at a location, with a taxonomy term."""
    service = factories.ServiceFactory(organisation=records["org"])
    return {"api_service": service, "api_link": factories.ServiceAtLocationFactory(service=service),
            "api_term": factories.TaxonomyTermFactory()}
