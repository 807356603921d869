"""The query parameters filter as the OpenAPI document says."""

import datetime

import pytest
from django.utils import timezone

from kith.directory.models import Attribute, ServiceArea
from kith.postcodes.models import Postcode, PostcodeDistrict
from kith.testing import factories

from .conftest import get_json, get_page

pytestmark = pytest.mark.django_db


def ids(client, endpoint: str, query: str) -> set[str]:
    page = get_page(client, endpoint, query)
    assert page["total_items"] == len(page["contents"])
    return {record.get("service_id", record["id"]) for record in page["contents"]}


def one(service) -> set[str]:
    return {str(service.pk)}


@pytest.fixture
def sunderland(db):
    Postcode.objects.create(postcode="SR1 3SD", outcode="SR1", latitude=54.904456, longitude=-1.390973,
                            local_authority="E08000024")
    PostcodeDistrict.objects.create(outcode="SR1", latitude=54.905, longitude=-1.385, postcodes=1,
                                    local_authority="E08000024")


@pytest.mark.parametrize("endpoint", ["services", "service_at_locations"])
def test_search_needs_every_word_in_name_description_or_organisation(client, endpoint):
    wanted = factories.ServiceAtLocationFactory(service__name="Stay and Play", service__description="Toys and songs").service
    factories.ServiceAtLocationFactory(service__name="Play therapy", service__description="Counselling")
    assert ids(client, endpoint, "search=play+SONGS") == one(wanted)
    assert ids(client, endpoint, f"search={wanted.organisation.name.replace(' ', '+')}") == one(wanted)
    assert len(ids(client, endpoint, "search=play")) == 2


@pytest.mark.parametrize("endpoint", ["services", "service_at_locations"])
def test_taxonomy_filters_take_a_term_its_theme_or_its_taxonomy(client, endpoint):
    theme = factories.TaxonomyTermFactory()
    term = factories.TaxonomyTermFactory(taxonomy=theme.taxonomy, parent=theme)
    other = factories.TaxonomyTermFactory(taxonomy=factories.TaxonomyFactory(name="Other"))
    tagged, elsewhere = factories.ServiceAtLocationFactory().service, factories.ServiceAtLocationFactory().service
    Attribute.objects.create(service=tagged, taxonomy_term=term)
    Attribute.objects.create(service=elsewhere, taxonomy_term=other)
    assert ids(client, endpoint, f"taxonomy_term_id={term.pk}") == one(tagged)
    assert ids(client, endpoint, f"taxonomy_term_id={theme.pk}") == one(tagged)
    assert ids(client, endpoint, f"taxonomy_id={other.taxonomy_id}") == one(elsewhere)


@pytest.mark.parametrize("endpoint", ["services", "service_at_locations"])
def test_organisation_and_modified_after(client, endpoint):
    old = factories.ServiceAtLocationFactory(service__last_modified=timezone.now() - datetime.timedelta(days=30)).service
    new = factories.ServiceAtLocationFactory().service
    assert ids(client, endpoint, f"organization_id={old.organisation_id}") == one(old)
    since = (timezone.now() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ids(client, endpoint, f"modified_after={since}") == one(new)
    assert ids(client, endpoint, "modified_after=2000-01-01") == one(old) | one(new)


@pytest.mark.parametrize("endpoint", ["services", "service_at_locations"])
def test_age_is_within_the_range_with_missing_bounds_open(client, endpoint):
    toddlers = factories.ServiceAtLocationFactory(service__minimum_age=0, service__maximum_age=4).service
    adults = factories.ServiceAtLocationFactory(service__minimum_age=18, service__maximum_age=None).service
    anyone = factories.ServiceAtLocationFactory(service__minimum_age=None, service__maximum_age=None).service
    assert ids(client, endpoint, "age=4") == one(toddlers) | one(anyone)
    assert ids(client, endpoint, "age=90") == one(adults) | one(anyone)


@pytest.mark.parametrize("endpoint", ["services", "service_at_locations"])
def test_day_finds_schedules_of_the_service_or_its_locations(client, endpoint):
    monday = factories.ServiceAtLocationFactory()
    factories.ScheduleFactory(service=monday.service, byday="MO")
    friday = factories.ServiceAtLocationFactory()
    factories.ScheduleFactory(service=None, service_at_location=friday, byday="FR")
    assert ids(client, endpoint, "day=MO") == one(monday.service)
    assert ids(client, endpoint, "day=FR") == one(friday.service)
    assert ids(client, endpoint, "day=SU") == set()


@pytest.mark.parametrize("endpoint", ["services", "service_at_locations"])
def test_proximity_is_metres_from_the_postcode(client, sunderland, endpoint):
    # SR1 3SD is at 54.904456, -1.390973; a thousandth of a degree of latitude is about 111 m.
    near = factories.ServiceAtLocationFactory(location__latitude=54.9090, location__longitude=-1.390973).service
    far = factories.ServiceAtLocationFactory(location__latitude=54.9500, location__longitude=-1.390973).service
    assert ids(client, endpoint, "postcode=sr13sd&proximity=1000") == one(near)
    assert ids(client, endpoint, "postcode=SR1+3SD&proximity=6000") == one(near) | one(far)
    assert ids(client, endpoint, "postcode=SR1+3SD&proximity=400") == set()


def test_service_at_locations_near_a_postcode_come_nearest_first(client, sunderland):
    far = factories.ServiceAtLocationFactory(location__latitude=54.930, location__longitude=-1.390973)
    near = factories.ServiceAtLocationFactory(location__latitude=54.906, location__longitude=-1.390973)
    page = get_page(client, "service_at_locations", "postcode=SR1 3SD&proximity=5000")
    assert [r["id"] for r in page["contents"]] == [str(near.pk), str(far.pk)]


def test_postcode_alone_finds_services_serving_its_area_or_anywhere(client, sunderland):
    local = factories.ServiceFactory()
    ServiceArea.objects.create(service=local, name="Sunderland", extent="E08000024")
    elsewhere = factories.ServiceFactory()
    ServiceArea.objects.create(service=elsewhere, name="Durham", extent="E06000047")
    anywhere = factories.ServiceFactory()
    assert ids(client, "services", "postcode=SR1 3SD") == one(local) | one(anywhere)
    # A postcode the directory does not hold, in a district it does, is searched from the district.
    assert ids(client, "services", "postcode=SR1 9ZZ") == one(local) | one(anywhere)


def test_taxonomy_terms_by_taxonomy_parent_and_top_only(client):
    theme = factories.TaxonomyTermFactory(name="Money")
    child = factories.TaxonomyTermFactory(taxonomy=theme.taxonomy, parent=theme, name="Debt advice")
    other = factories.TaxonomyTermFactory(taxonomy=factories.TaxonomyFactory(name="Other"), name="Debt")
    assert {t["id"] for t in get_page(client, "taxonomy_terms", "top_only=true")["contents"]} == {str(theme.pk), str(other.pk)}
    assert [t["id"] for t in get_page(client, "taxonomy_terms", f"parent_id={theme.pk}")["contents"]] == [str(child.pk)]
    assert {t["id"] for t in get_page(client, "taxonomy_terms", f"taxonomy_id={theme.taxonomy_id}")["contents"]} == {
        str(theme.pk), str(child.pk)}
    assert {t["id"] for t in get_page(client, "taxonomy_terms", "search=debt")["contents"]} == {str(child.pk), str(other.pk)}
    assert [t["id"] for t in get_page(client, "taxonomies", "search=other")["contents"]] == [str(other.taxonomy_id)]


def test_organisations_by_search_and_full(client):
    wanted = factories.ServiceFactory(organisation__name="Sunderland Carers Centre").organisation
    factories.ServiceFactory(organisation__name="Food bank")
    page = get_page(client, "organizations", "search=carers&full=true")
    assert [o["id"] for o in page["contents"]] == [str(wanted.pk)]
    assert page["contents"][0]["services"][0]["name"]
    assert "services" not in get_page(client, "organizations")["contents"][0]
    assert get_json(client, "/api/oruk/organizations?full_service=1")["contents"][0]["services"][0]["kith_capacity"]


def test_modified_after_reads_an_offset_whose_plus_was_not_encoded(client):
    service = factories.ServiceFactory(last_modified=datetime.datetime(2026, 6, 1, 9, 30, tzinfo=datetime.timezone.utc))
    # 10:00+01:00 is 09:00 UTC: the service changed after it; 11:00+01:00 is after the change.
    assert ids(client, "services", "modified_after=2026-06-01T10:00:00%2B01:00") == one(service)
    assert ids(client, "services", "modified_after=2026-06-01T10:00:00+01:00") == one(service)
    assert ids(client, "services", "modified_after=2026-06-01T11:00:00+01:00") == set()
    assert ids(client, "services", "modified_after=2026-06-01+09:00") == one(service)
