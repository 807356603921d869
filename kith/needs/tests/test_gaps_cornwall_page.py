"""Rural proofing on the gaps page, on Cornwall's real 2021 LSOA boundaries and centres (the demo extract)."""

import pytest
from django.core.management import call_command

from kith.areas.models import Area
from kith.needs.coverage import haversine_km

from .gaps_helpers import service, themes

pytestmark = pytest.mark.django_db
CORNWALL = "E06000052"
TOWNS = {  # in-person services in the main towns east of Camborne, none in Penwith
    "Truro": (50.263, -5.051), "Falmouth": (50.153, -5.070), "Newquay": (50.415, -5.073),
    "St Austell": (50.338, -4.789), "Bodmin": (50.471, -4.718), "Liskeard": (50.455, -4.465),
    "Launceston": (50.637, -4.360), "Bude": (50.829, -4.543),
}


@pytest.fixture
def cornwall(settings):
    settings.KITH_PLACE_CODE = CORNWALL
    call_command("load_demo_areas", verbosity=0)
    call_command("load_demo_indicators", verbosity=0)
    _, debt, _ = themes()
    for town, point in TOWNS.items():
        service(debt, point, name=f"Debt advice in {town}")
    return list(Area.objects.filter(kind=Area.Kind.LSOA, local_authority=CORNWALL))


def flagged(client, miles: int) -> list[str]:
    response = client.get(f"/needs/gaps/?need=debt-advice&rural={miles}")
    assert response.status_code == 200
    return [row.code for row in response.context["report"].rural]


def test_penwith_is_flagged_and_the_towns_are_not(client, cornwall):
    assert len(cornwall) == 336
    far_west = {a.code for a in cornwall if a.longitude < -5.45}  # Penzance, St Ives, St Just
    near_truro = {a.code for a in cornwall if haversine_km(a.latitude, a.longitude, *TOWNS["Truro"]) < 5}
    assert len(far_west) > 20 and len(near_truro) > 5

    response = client.get("/needs/gaps/?need=debt-advice&rural=10")

    rural = {row.code for row in response.context["report"].rural}
    assert far_west <= rural and not rural & near_truro
    page = response.content.decode()
    penzance = next(a for a in cornwall if a.code in far_west)
    assert f'<th scope="row" class="govuk-table__header"><a class="govuk-link" href="/needs/areas/{penzance.code}/' in page
    assert "Neighbourhoods whose nearest in-person service for this need is more than 10 miles" in page


def test_the_flags_follow_the_threshold(client, cornwall):
    far_west = {a.code for a in cornwall if a.longitude < -5.45}
    at_10, at_20, at_40 = (set(flagged(client, miles)) for miles in (10, 20, 40))

    assert at_40 < at_20 < at_10
    assert not far_west & at_40
    # Every flag is a neighbourhood whose centre really is that far from every town, and no other.
    for miles, codes in ((10, at_10), (20, at_20)):
        beyond = {a.code for a in cornwall
                  if min(haversine_km(a.latitude, a.longitude, *p) for p in TOWNS.values()) > miles * 1.609344}
        assert codes == beyond


def test_the_ward_level_counts_the_flagged_neighbourhoods(client, cornwall):
    response = client.get("/needs/gaps/?need=debt-advice&rural=10&level=ward")
    rows = response.context["rows"]
    assert response.status_code == 200 and len(rows) > 50
    flagged_lsoas = len(response.context["report"].rural)
    assert sum(row.rural_areas for row in rows) == flagged_lsoas
    assert any(row.rural_text.endswith("neighbourhoods") for row in rows)
