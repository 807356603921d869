"""The demo's local intelligence: realistic needs across Sunderland's wards from demo VCFSE organisations, loaded once."""

import pytest
from django.core.management import CommandError, call_command

from kith.areas.models import Area
from kith.directory import demo as directory_demo
from kith.directory import taxonomy
from kith.directory.models import UnmetSearch
from kith.needs.intelligence.demo import VCFSE
from kith.needs.intelligence.summary import Figure, area_intelligence
from kith.needs.models import RecordedNeed

SUNDERLAND = "E08000024"


@pytest.fixture
def demo_place(sunderland_postcodes):
    taxonomy.load()
    directory_demo.ensure_place_organisations()
    directory_demo.generate_directory(seed=directory_demo.DEMO_SEED, organisations=40, services=80)
    call_command("load_demo_areas", verbosity=0)


def test_the_demo_needs_spread_across_wards_from_vcfse_organisations_and_load_only_once(demo_place, capsys):
    call_command("load_demo_recorded_needs")
    assert "Recorded needs added: 30. Unmet searches added: 160." in capsys.readouterr().out
    needs = list(RecordedNeed.objects.select_related("area", "source_organisation"))
    assert len(needs) == 30
    assert {need.source_organisation.organisation_type for need in needs} <= set(VCFSE)
    assert all(need.area.local_authority == SUNDERLAND for need in needs)
    wards = {need.area.code if need.area.kind == Area.Kind.WARD else need.area.ward for need in needs}
    assert len(wards) >= 10
    statuses = [need.status for need in needs]
    assert statuses.count("accepted") == 20 and statuses.count("awaiting_review") == 10
    call_command("load_demo_recorded_needs")
    assert "Recorded needs added: 0. Unmet searches added: 0." in capsys.readouterr().out
    assert RecordedNeed.objects.count() == 30 and UnmetSearch.objects.count() == 160
    # The demo shows up in the place's figures: each theme's accepted needs, suppressed where fewer than 3.
    accepted: dict = {}
    for need in RecordedNeed.objects.filter(status="accepted").select_related("theme__parent"):
        theme = need.theme.parent or need.theme
        accepted[theme.code] = accepted.get(theme.code, 0) + 1
    rows = area_intelligence(Area.objects.get(code=SUNDERLAND))
    assert {row.theme_code: row.recorded_needs for row in rows if row.theme_code in accepted} == {
        code: Figure.of(count) for code, count in accepted.items()}
    assert sum(row.unmet_searches.number or 0 for row in rows) > 100

def test_existing_unmet_searches_are_left_alone(demo_place):
    UnmetSearch.objects.create(words="", term_codes=["food-banks"], district="SR1")
    call_command("load_demo_recorded_needs", verbosity=0)
    assert UnmetSearch.objects.count() == 1


def test_without_the_demo_areas_it_says_what_to_run(db):
    with pytest.raises(CommandError, match="run load_demo_areas first"):
        call_command("load_demo_recorded_needs")
