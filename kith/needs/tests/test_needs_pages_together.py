"""How the needs pages come together: the area profile brings the local intelligence beside the services (what
people recorded and searched for in vain there, and which unmet needs have that evidence), and the map links to
the other needs pages each person may open."""

import pytest

from kith.directory import taxonomy
from kith.directory.models import TaxonomyTerm, UnmetSearch
from kith.needs.models import RecordedNeed
from kith.testing import factories

from .intelligence_places import LSOA_1, LSOA_3, make_place

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    taxonomy.load()
    return make_place()


def record(place, area, code, n, status=RecordedNeed.Status.ACCEPTED, people=None):
    organisation = factories.OrganisationFactory()
    theme = TaxonomyTerm.objects.get(code=code)
    RecordedNeed.objects.bulk_create([
        RecordedNeed(theme=theme, area=place[area], source_organisation=organisation, status=status,
                     description="Words only its organisation should read", people_count=people)
        for _ in range(n)])


def test_the_profile_counts_accepted_needs_and_searches_there_without_their_words(client, place):
    record(place, "lsoa_1", "debt-advice", 4, people=30)
    record(place, "lsoa_1", "food-banks", 6, status=RecordedNeed.Status.AWAITING_REVIEW)
    UnmetSearch.objects.bulk_create([UnmetSearch(words="eviction help", term_codes=["housing-advice"], district="SR1")
                                     for _ in range(5)])

    page = client.get(f"/needs/areas/{LSOA_1}/").content.decode()

    intelligence = page[page.index('id="local-intelligence-heading"'):]
    assert "Money, debt and benefits" in intelligence and "Housing and homelessness" in intelligence
    assert "Food and essentials" not in intelligence  # awaiting review: not counted yet
    assert "Words only its organisation should read" not in page and "eviction" not in page


def test_what_no_one_meets_carries_the_evidence_for_it(client, place):
    record(place, "lsoa_1", "debt-advice", 4, people=30)

    page = client.get(f"/needs/areas/{LSOA_1}/").content.decode()

    unmet = page[page.index('id="unmet-heading"'):page.index('id="local-intelligence-heading"')]
    item = unmet[unmet.index("Money, debt and benefits"):].split("</li>")[0]
    assert "recorded needs 4, searches that found nothing 0" in item
    # A theme with no evidence is listed plainly.
    food = unmet[unmet.index("Food and essentials"):].split("</li>")[0]
    assert "recorded needs" not in food


def test_an_area_with_nothing_recorded_says_so(client, place):
    page = client.get(f"/needs/areas/{LSOA_3}/").content.decode()
    assert "No accepted recorded needs, unmet searches or declined referrals here yet." in page


@pytest.mark.parametrize("role, links", [
    ("anonymous", {"/needs/gaps/", "/needs/local-intelligence/", "/needs/indicators/"}),
    ("resident", {"/needs/gaps/", "/needs/local-intelligence/", "/needs/indicators/"}),
    ("member_a", {"/needs/gaps/", "/needs/local-intelligence/", "/needs/indicators/", "/needs/recorded/"}),
    ("council_officer", {"/needs/gaps/", "/needs/local-intelligence/", "/needs/indicators/", "/needs/recorded/",
                 "/needs/saved/"}),
])
def test_the_needs_map_links_to_the_needs_pages_each_person_may_open(client, people, role, links):
    if role != "anonymous":
        client.force_login(people[role])
    page = client.get("/needs/").content.decode()
    listed = {link for link in ("/needs/gaps/", "/needs/local-intelligence/", "/needs/indicators/", "/needs/recorded/",
                                "/needs/saved/") if f'href="{link}"' in page}
    assert listed == links
    for link in links:
        assert client.get(link).status_code == 200


def test_a_ward_leads_on_to_its_small_areas_and_the_authority_to_its_wards(client, place):
    ward = client.get(f"/needs/areas/{place['ward_1'].code}/").content.decode()
    assert f'href="/needs/areas/{LSOA_1}/"' in ward and f'href="/needs/areas/{place["lsoa_2"].code}/"' in ward
    assert f'href="/needs/areas/{LSOA_3}/"' not in ward  # in the other ward

    authority = client.get(f"/needs/areas/{place['place'].code}/").content.decode()
    assert f'href="/needs/areas/{place["ward_1"].code}/"' in authority
    assert f'href="/needs/areas/{place["ward_2"].code}/"' in authority
    assert f'href="/needs/areas/{LSOA_1}/"' not in authority


def test_the_maps_print_the_wards_names(client, place):
    from kith.needs.models import Indicator, IndicatorValue
    indicator = Indicator.objects.create(slug="iod2025-imd", name="Index of Multiple Deprivation")
    IndicatorValue.objects.bulk_create([IndicatorValue(indicator=indicator, area=place[key], value=n)
                                        for n, key in enumerate(["lsoa_1", "lsoa_2", "lsoa_3", "lsoa_4"])])

    for address in ("/needs/", "/needs/gaps/?need=debt-advice"):
        page = client.get(address).content.decode()
        labels = page[page.index('class="kith-map-labels"'):].split("</g>")[0]
        assert ">Hendon</text>" in labels and ">Millfield</text>" in labels, address
