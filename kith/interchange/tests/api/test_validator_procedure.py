"""The public ORUK validator's procedure, on a generated directory of a few hundred services:
read `/`, then for every list endpoint page 1, the middle page and the last page, then up to 10
ids from page 1 through `/{id}` — every answer validated against the schemas. As the validator
does, pages are asked for 5 at a time, and a page short of 5 must be the last."""

import pytest

from kith.directory import demo
from kith.directory.models import Service

from .conftest import LISTS, get_json, get_page, validate

pytestmark = pytest.mark.django_db
PER_PAGE = 5


@pytest.fixture
def directory(db):
    demo.generate_directory(seed=7, organisations=40, services=300)
    # The generator makes some services awaiting verification or closed: those must stay out.
    return Service.objects.published().count()


def test_the_validator_procedure_passes(client, directory):
    details = get_json(client, "/api/oruk/")
    validate(details, "api_details")
    get_json(client, details["openapi_url"])
    assert directory > 200
    for endpoint, (_, record_schema) in LISTS.items():
        first = get_page(client, endpoint, f"per_page={PER_PAGE}&page=1")
        pages = first["total_pages"]
        if endpoint == "services":
            assert first["total_items"] == directory and pages > 2
        for page in [first] + [get_page(client, endpoint, f"per_page={PER_PAGE}&page={number}")
                               for number in sorted({(pages + 1) // 2, pages} - {1})]:
            assert not page["empty"]
            assert page["size"] == PER_PAGE or page["last_page"]
            assert page["last_page"] is (page["page_number"] == pages)
        for record in get_page(client, endpoint)["contents"][:10]:
            validate(get_json(client, f"/api/oruk/{endpoint}/{record['id']}"), record_schema)
