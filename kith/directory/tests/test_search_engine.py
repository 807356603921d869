"""The search engine behind the search page: words, place, filters, order, the index staying current,
hostile input, and the same answers from SQLite and PostgreSQL."""

import datetime
import decimal
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kith.directory.models import (Attribute, CostOption, Language, SearchDocument, SearchPlace, Service,
                                   ServiceArea, ServiceAtLocation)
from kith.directory import services
from kith.directory.search import SearchCriteria, engine, index, search
from kith.directory.search.porter import stem
from kith.directory.search.text import Query
from kith.directory.tests import search_comparison
from kith.testing import factories

HOME = (54.904456, -1.390973)
MILES_PER_DEGREE = 69.05
PLACE = "E08000024"

pytestmark = pytest.mark.django_db


def north(miles: float) -> tuple[float, float]:
    return HOME[0] + miles / MILES_PER_DEGREE, HOME[1]


def names(results) -> list[str]:
    return [hit.service.name for hit in results.hits]


def found(**criteria) -> list[str]:
    return names(search(SearchCriteria(**criteria), per_page=100))


_made = itertools.count()


def service(name="Service", *, description="Something useful.", at=None, hub=False, **fields):
    """A service, with a location `at` (latitude, longitude) if given. Each is confirmed an hour
    before the one made before it, so that within a relevance tier they come in the order made."""
    confirmed = timezone.now() - datetime.timedelta(hours=next(_made))
    fields = {"minimum_age": None, "maximum_age": None, "last_confirmed_at": confirmed, **fields}
    made = factories.ServiceFactory(name=name, description=description, **fields)
    if at is not None:
        location = factories.LocationFactory(organisation=made.organisation, name=f"{name} venue", latitude=at[0],
                                             longitude=at[1], is_family_hub=hub)
        ServiceAtLocation.objects.create(service=made, location=location)
    return made


@pytest.fixture
def theme(db):
    theme = factories.TaxonomyTermFactory(name="Money, debt and benefits")
    return theme, factories.TaxonomyTermFactory(name="Debt advice", parent=theme, taxonomy=theme.taxonomy)


# --- Words ---------------------------------------------------------------------------------------

def test_the_stemmer_is_porters():
    assert [stem(w) for w in ["parenting", "parents", "caresses", "ponies", "relational", "hopeful", "as"]] == \
        ["parent", "parent", "caress", "poni", "relat", "hope", "as"]


def test_stemming_finds_other_forms_of_a_word():
    service("Group for parents")
    service("Knitting circle")
    assert found(words="parenting") == ["Group for parents"]


def test_synonyms_find_the_everyday_word_for_the_same_thing():
    service("Mother and toddler group")
    service("Father and toddler group")
    assert found(words="mam") == ["Mother and toddler group"]
    assert found(words="Mums") == ["Mother and toddler group"]


def test_every_word_must_be_found_and_little_words_do_not_count():
    service("Food bank")
    service("Blood bank")
    assert found(words="the food bank near me") == ["Food bank"]
    assert found(words="food bank cake") == []


def test_words_are_found_in_the_name_description_organisation_and_needs(theme):
    money, debt = theme
    service("Alpha", description="We help with rent arrears.")
    service("Beta", organisation=factories.OrganisationFactory(name="Citizens Advice Hendon"))
    gamma = service("Gamma")
    Attribute.objects.create(service=gamma, taxonomy_term=debt)
    service("Delta")
    assert found(words="rent") == ["Alpha"]
    assert found(words="citizens advice") == ["Beta"]
    assert found(words="debt advice") == ["Gamma"]
    assert found(words="arrears") == ["Gamma", "Alpha"]  # a synonym of debt; the need before the description
    assert found(words="benefits") == ["Gamma"]  # the theme of its need


def test_accents_case_and_apostrophes_do_not_matter():
    service("Café for dads")
    assert found(words="CAFE dad's") == ["Café for dads"]


def test_name_matches_come_before_needs_before_organisation_before_description(theme):
    _, debt = theme
    by_description = service("Aardvark club", description="Advice on debt.")
    by_organisation = service("Aardvark hub", organisation=factories.OrganisationFactory(name="Debt Action"))
    by_need = service("Aardvark centre")
    Attribute.objects.create(service=by_need, taxonomy_term=debt)
    service("Zebra debt clinic")
    service("Debt drop-in")
    assert found(words="debt") == ["Zebra debt clinic", "Debt drop-in", "Aardvark centre", "Aardvark hub",
                                   "Aardvark club"]
    assert [by_description, by_organisation]  # made for their places in the order


def test_within_a_tier_the_most_recently_confirmed_come_first():
    now = timezone.now()
    for name, days in [("Food bank B", 30), ("Food bank A", 2), ("Food bank C", 400)]:
        service(name, last_confirmed_at=now - datetime.timedelta(days=days))
    service("Never confirmed food bank", last_confirmed_at=None)
    assert found(words="food bank") == ["Food bank A", "Food bank B", "Food bank C", "Never confirmed food bank"]
    assert found() == ["Food bank A", "Food bank B", "Food bank C", "Never confirmed food bank"]


def test_all_words_in_the_name_beat_some_in_the_name():
    service("Baby group", description="Stay and play for little ones.")
    service("Play and stay for babies")
    assert found(words="baby play") == ["Play and stay for babies", "Baby group"]


@pytest.mark.parametrize("words", [
    '"', "'", '"unbalanced', "food*", "*", "-food", "NOT", "food NOT bank", "AND OR NEAR", "NEAR(food bank)",
    "name:food", "{name_words}: food", "^food", "food + bank", "(((", ")", "food & !bank", "'a':A | !b", "\\",
    "%", "_", "; DROP TABLE directory_service; --", "\x00", "日本語", "🙂🙂", "a" * 5000, "food " * 500,
    " ".join(f"w{i}" for i in range(300)), "e5 1e5 2e3e4", "\u202e\u200b",
])
def test_any_input_is_safe(words):
    service("Food bank")
    results = search(SearchCriteria(words=words, language=words[:10]))
    assert results.total == len(results.hits)


def test_at_most_eight_words_are_used():
    service("one two three four five six seven eight")
    assert found(words="one two three four five six seven eight nine") == ["one two three four five six seven eight"]


def test_only_listed_services_are_found():
    service("Open group")
    service("Paused group", status="temporarily closed")
    service("Closed group", status="defunct")
    service("Stopped group", status="inactive")
    service("Orphan group", organisation=factories.OrganisationFactory(is_active=False))
    assert found(words="group") == ["Open group", "Paused group"]
    assert found() == ["Open group", "Paused group"]


# --- Filters -------------------------------------------------------------------------------------

def test_needs_filter_and_a_theme_includes_its_terms(theme):
    money, debt = theme
    other = factories.TaxonomyTermFactory(name="Food banks")
    a, b, c = service("A"), service("B"), service("C")
    Attribute.objects.create(service=a, taxonomy_term=debt)
    Attribute.objects.create(service=b, taxonomy_term=money)
    Attribute.objects.create(service=c, taxonomy_term=other)
    assert found(term_ids=(debt.pk,)) == ["A"]
    assert found(term_ids=(money.pk,)) == ["A", "B"]
    assert found(term_ids=(debt.pk, other.pk)) == ["A", "C"]


def test_age_filter_uses_the_range_and_no_limit_means_any_age():
    service("Toddlers", minimum_age=1, maximum_age=4)
    service("Teens", minimum_age=13, maximum_age=19)
    service("Over fives", minimum_age=5)
    service("Everyone")
    assert sorted(found(age=3)) == ["Everyone", "Toddlers"]
    assert sorted(found(age=4)) == ["Everyone", "Toddlers"]
    assert sorted(found(age=13)) == ["Everyone", "Over fives", "Teens"]


def test_free_only_leaves_out_services_with_a_charge():
    service("No options")
    CostOption.objects.create(service=service("Zero charge"), amount=decimal.Decimal("0"))
    CostOption.objects.create(service=service("Paid"), amount=decimal.Decimal("2.50"))
    assert found(free_only=True) == ["No options", "Zero charge"]


def test_delivery_filter_takes_any_of_the_ways_chosen():
    service("Visit", in_person=True, online=False, by_phone=False)
    service("Web", in_person=False, online=True, by_phone=False)
    service("Call", in_person=False, online=False, by_phone=True)
    assert found(delivery=("online",)) == ["Web"]
    assert sorted(found(delivery=("online", "by_phone"))) == ["Call", "Web"]


def test_day_filter_finds_services_with_a_schedule_on_any_chosen_day():
    factories.ScheduleFactory(service=service("Monday club"), byday="MO")
    sat = service("Saturday club")
    link = ServiceAtLocation.objects.create(service=sat, location=factories.LocationFactory(organisation=sat.organisation))
    factories.ScheduleFactory(service=None, service_at_location=link, byday="SA")
    service("No times")
    assert found(days=("SA",)) == ["Saturday club"]
    assert found(days=("MO", "SA")) == ["Monday club", "Saturday club"]
    assert found(days=("SU",)) == []


def test_language_filter_uses_the_code():
    Language.objects.create(service=service("Polish advice"), name="Polish", code="pl")
    Language.objects.create(service=service("English advice"), name="English", code="en")
    assert found(language="pl") == ["Polish advice"]
    assert found(language="PL") == ["Polish advice"]
    assert found(language="p") == []


def test_accepting_referrals_now_leaves_out_full_and_paused_services():
    service("Open")
    service("Full", accepting_referrals=False)
    service("Paused", status="temporarily closed")
    assert found(accepting_referrals=True) == ["Open"]


def test_family_hub_filter_finds_services_at_a_hub():
    service("At a hub", at=HOME, hub=True)
    service("Elsewhere", at=HOME)
    assert found(family_hub=True) == ["At a hub"]


# --- Place ----------------------------------------------------------------------------------------

def test_distance_limits_and_orders_results_and_is_shown():
    service("Two miles", at=north(2))
    service("Half a mile", at=north(0.5))
    service("Six miles", at=north(6))
    results = search(SearchCriteria(point=HOME, within_miles=5, order="distance"))
    assert names(results) == ["Half a mile", "Two miles"]
    assert [round(h.distance_miles, 3) for h in results.hits] == [0.5, 2.0]
    assert results.hits[0].nearest_location.name == "Half a mile venue"
    assert found(point=HOME, within_miles=1, order="distance") == ["Half a mile"]
    assert found(point=HOME, within_miles=10, order="distance") == ["Half a mile", "Two miles", "Six miles"]


def test_distance_is_east_west_too():
    miles_per_degree_east = MILES_PER_DEGREE * 0.5747  # cos(54.9°)
    service("East", at=(HOME[0], HOME[1] + 3 / miles_per_degree_east))
    [hit] = search(SearchCriteria(point=HOME, within_miles=5)).hits
    assert hit.distance_miles == pytest.approx(3, rel=0.01)


def test_a_service_is_as_near_as_its_nearest_location():
    far_and_near = service("Two places", at=north(4))
    ServiceAtLocation.objects.create(service=far_and_near, location=factories.LocationFactory(
        organisation=far_and_near.organisation, name="Close by", latitude=north(1)[0], longitude=HOME[1]))
    service("Middle", at=north(2))
    results = search(SearchCriteria(point=HOME, order="distance"))
    assert names(results) == ["Two places", "Middle"]
    assert results.hits[0].nearest_location.name == "Close by"


def test_equal_distances_are_ordered_by_name():
    for name in ["Cedar", "ash", "Birch"]:
        service(name, at=north(1))
    assert found(point=HOME, order="distance") == ["ash", "Birch", "Cedar"]


def test_online_and_phone_services_serving_the_area_come_after_nearby_ones():
    service("Nearby", at=north(3))
    helpline = service("Helpline", in_person=False, by_phone=True)
    ServiceArea.objects.create(service=helpline, name="Sunderland", extent=PLACE)
    service("Website", in_person=False, online=True, organisation=factories.OrganisationFactory(areas_served=[PLACE]))
    elsewhere = service("Elsewhere line", in_person=False, by_phone=True)
    ServiceArea.objects.create(service=elsewhere, name="Gateshead", extent="E08000037")
    service("Anywhere chat", in_person=False, online=True)  # no areas: taken to serve everywhere
    service("Far online", at=north(8), online=True, organisation=factories.OrganisationFactory(areas_served=[PLACE]))
    service("Far visit", at=north(8))
    results = search(SearchCriteria(point=HOME, area_code=PLACE, order="distance"))
    assert names(results) == ["Nearby", "Helpline", "Website", "Anywhere chat", "Far online"]
    assert [h.remote for h in results.hits] == [False, True, True, True, True]
    assert [h.distance_miles is None for h in results.hits] == [False, True, True, True, True]
    assert found(point=HOME, order="distance") == ["Nearby", "Anywhere chat"]  # area unknown


def test_relevance_order_with_a_place_mixes_nearby_and_remote_services_by_words():
    service("Debt advice line", in_person=False, by_phone=True)
    service("Advice café", description="Debt and benefits.", at=north(1))
    service("Debt clinic", at=north(2))
    service("Debt clinic far away", at=north(9))
    results = search(SearchCriteria(words="debt", point=HOME, area_code=PLACE))
    assert names(results) == ["Debt advice line", "Debt clinic", "Advice café"]
    assert [h.remote for h in results.hits] == [True, False, False]


def test_family_hub_filter_measures_to_hubs_only():
    hub_service = service("Hub and office", at=north(4), hub=True)
    ServiceAtLocation.objects.create(service=hub_service, location=factories.LocationFactory(
        organisation=hub_service.organisation, latitude=north(0.5)[0], longitude=HOME[1]))
    [hit] = search(SearchCriteria(point=HOME, family_hub=True, order="distance")).hits
    assert round(hit.distance_miles, 3) == 4
    assert hit.nearest_location.is_family_hub


def test_rings_of_nearest_locations_give_the_same_answer_as_the_whole_circle(monkeypatch):
    for i in range(30):
        made = service(f"Service {i:02d}", at=north((i * 7 % 30) / 10))
        if i % 3:
            ServiceAtLocation.objects.create(service=made, location=factories.LocationFactory(
                organisation=made.organisation, latitude=north((i * 11 % 30) / 10)[0], longitude=HOME[1]))
    monkeypatch.setattr(engine, "MAX_RESULTS", 12)
    criteria = SearchCriteria(point=HOME, order="distance", within_miles=2)
    pages = [[(h.service.name, h.distance_miles) for h in search(criteria, page=p, per_page=4).hits] for p in (1, 2, 3, 4)]
    monkeypatch.setattr(engine, "MAX_RINGS", 0)
    assert pages == [[(h.service.name, h.distance_miles) for h in search(criteria, page=p, per_page=4).hits]
                     for p in (1, 2, 3, 4)]
    monkeypatch.setattr(engine, "MAX_RINGS", 3)
    monkeypatch.setattr(engine, "FIRST_RING", 1)
    assert pages == [[(h.service.name, h.distance_miles) for h in search(criteria, page=p, per_page=4).hits]
                     for p in (1, 2, 3, 4)]
    assert pages[3] == []


def test_reading_in_name_order_or_gathering_and_sorting_give_the_same_results(monkeypatch):
    for i in range(12):
        service(f"Club {(i * 5) % 12:02d}", description="club" if i % 2 else "", at=north(i / 10))
    monkeypatch.setattr(engine, "MAX_RESULTS", 4)
    criteria = [SearchCriteria(words="club"), SearchCriteria(), SearchCriteria(words="club", point=HOME, area_code=PLACE)]
    monkeypatch.setattr(engine, "_documents", lambda: 10**9)  # always gather
    gathered = [(names(search(c, page=p, per_page=2)), search(c).total_is_capped) for c in criteria for p in (1, 2, 3)]
    monkeypatch.setattr(engine, "_documents", lambda: 0)  # in name order, past a handful
    assert [(names(search(c, page=p, per_page=2)), search(c).total_is_capped) for c in criteria for p in (1, 2, 3)] \
        == gathered
    assert gathered[0] == (["Club 00", "Club 05"], True)


# --- Pages -----------------------------------------------------------------------------------------

def test_pages_and_past_the_end():
    for i in range(7):
        service(f"Club {i}")
    first, third, beyond = (search(SearchCriteria(words="club"), page=p, per_page=3) for p in (1, 3, 9))
    assert names(first) == ["Club 0", "Club 1", "Club 2"] and first.total == 7 and first.pages == 3
    assert names(third) == ["Club 6"]
    assert beyond.hits == [] and beyond.total == 7 and not beyond.total_is_capped


def test_counting_stops_past_the_most_results(monkeypatch):
    monkeypatch.setattr(engine, "MAX_RESULTS", 5)
    for i in range(8):
        service(f"Club {i}", at=north(i / 10), online=True)
    for criteria in [SearchCriteria(), SearchCriteria(words="club"), SearchCriteria(point=HOME, order="distance")]:
        results = search(criteria, page=2, per_page=3)
        assert (results.total, results.total_is_capped, len(results.hits)) == (5, True, 2)
        assert search(criteria, page=3, per_page=3).hits == []
    exact = search(SearchCriteria(words="club 3"))
    assert (exact.total, exact.total_is_capped) == (1, False)


def test_queries_per_page_do_not_grow_with_the_page(theme):
    """A page of 5 and a page of 50 take no more than a few queries, what each result shows
    included: none for each result. (How many depends on how the words are best read, not on the page.)"""
    _, debt = theme
    for i in range(60):
        made = service(f"Advice {i:02d}", at=north(i / 30), online=True)
        Attribute.objects.create(service=made, taxonomy_term=debt)
        CostOption.objects.create(service=made, amount=1)
        Language.objects.create(service=made, name="Polish", code="pl")
    engine._documents()  # looked up once in a while, not for every search
    for criteria in [SearchCriteria(words="advice", point=HOME, area_code=PLACE),
                     SearchCriteria(point=HOME, order="distance", within_miles=20),
                     SearchCriteria(words="advice", term_ids=(debt.pk,))]:
        counts = []
        for per_page in (5, 50):
            with CaptureQueriesContext(connection) as queries:
                results = search(criteria, per_page=per_page)
                shown = [(h.service.organisation.name, h.service.is_free,
                          h.nearest_location and h.nearest_location.name, [t.name for t in h.service.taxonomy_terms.all()],
                          [lang.code for lang in h.service.languages.all()]) for h in results.hits]
            assert len(shown) == per_page
            counts.append(len(queries))
        assert max(counts) <= 20, (criteria, counts)


# --- The index staying current ---------------------------------------------------------------------

def test_editing_a_service_updates_what_finds_it():
    made = service("Homework club")
    made.name = "Reading club"
    made.save()
    assert found(words="homework") == []
    assert found(words="reading") == ["Reading club"]
    made.status = "inactive"
    made.save()
    assert found(words="reading") == []


def test_deleting_a_service_removes_it():
    made = service("Homework club", at=HOME)
    CostOption.objects.create(service=made, amount=0)
    made.delete()
    assert found(words="homework") == []
    assert not SearchDocument.objects.exists()


def test_renaming_or_closing_an_organisation_updates_its_services():
    made = service("Homework club")
    organisation = made.organisation
    organisation.name = "Pallion Trust"
    organisation.save()
    assert found(words="pallion") == ["Homework club"]
    organisation.is_active = False
    organisation.save()
    assert found(words="homework") == []


def test_organisation_areas_change_which_remote_services_serve_the_area():
    made = service("Helpline", in_person=False, by_phone=True,
                   organisation=factories.OrganisationFactory(areas_served=["E08000037"]))
    assert found(point=HOME, area_code=PLACE) == []
    made.organisation.areas_served.append(PLACE)
    made.organisation.save()
    assert found(point=HOME, area_code=PLACE) == ["Helpline"]


def test_needs_added_renamed_and_removed_update_the_index(theme):
    money, debt = theme
    made = service("Drop-in")
    made.taxonomy_terms.add(debt, through_defaults={"link_entity": "service"})
    assert found(words="debt") == ["Drop-in"]
    debt.name = "Arrears and loans"
    debt.save()
    assert found(words="loans") == ["Drop-in"]
    money.name = "Cash worries"
    money.save()
    assert found(words="cash") == ["Drop-in"]
    made.taxonomy_terms.remove(debt)
    assert found(words="loans") == []
    attribute = Attribute.objects.create(service=made, taxonomy_term=debt)
    assert found(words="loans") == ["Drop-in"]
    debt.delete()
    assert found(words="loans") == []
    assert attribute.pk


def test_needs_and_locations_linked_without_signals_are_indexed_when_the_edit_is_saved(
        theme, people, django_capture_on_commit_callbacks):
    _, debt = theme
    organisation = factories.OrganisationFactory()
    location = factories.LocationFactory(organisation=organisation, latitude=north(1)[0], longitude=HOME[1])
    with django_capture_on_commit_callbacks(execute=True):
        services.service_create(service=Service(organisation=organisation, name="Drop-in", description="Come along."),
                                by=people["lio_staff"], term_ids=[debt.pk], location_ids=[location.pk])
    assert found(words="debt") == ["Drop-in"]
    assert found(point=HOME) == ["Drop-in"]


def test_filters_follow_changes_to_schedules_costs_languages_areas_and_hubs():
    made = service("Drop-in", at=HOME, online=True)
    schedule = factories.ScheduleFactory(service=made, byday="TU")
    assert found(days=("TU",)) == ["Drop-in"]
    schedule.byday = "WE"
    schedule.save()
    assert found(days=("TU",)) == [] and found(days=("WE",)) == ["Drop-in"]
    schedule.delete()
    assert found(days=("WE",)) == []
    cost = CostOption.objects.create(service=made, amount=3)
    assert found(free_only=True) == []
    cost.delete()
    assert found(free_only=True) == ["Drop-in"]
    language = Language.objects.create(service=made, name="Arabic", code="ar")
    assert found(language="ar") == ["Drop-in"]
    language.delete()
    assert found(language="ar") == []
    location = made.service_at_locations.get().location
    location.is_family_hub = True
    location.save()
    assert found(family_hub=True) == ["Drop-in"]
    location.delete()
    assert found(family_hub=True) == []
    area = ServiceArea.objects.create(service=made, name="Elsewhere", extent="E08000037")
    assert found(point=HOME, area_code=PLACE) == []
    area.delete()
    assert found(point=HOME, area_code=PLACE) == ["Drop-in"]


def test_moving_a_location_moves_its_services():
    made = service("Drop-in", at=north(8))
    assert found(point=HOME) == []
    location = made.service_at_locations.get().location
    location.latitude = north(1)[0]
    location.save()
    [hit] = search(SearchCriteria(point=HOME)).hits
    assert round(hit.distance_miles, 3) == 1


def test_deleting_an_organisation_removes_its_services_documents():
    made = service("Homework club", at=HOME)
    factories.ScheduleFactory(service=made)
    made.organisation.delete()
    assert not SearchDocument.objects.exists() and not SearchPlace.objects.exists()


def test_rebuild_writes_documents_for_rows_written_without_signals():
    organisation = factories.OrganisationFactory()
    Service.objects.bulk_create([Service(organisation=organisation, name=f"Bulk {i}", description="Bulk.")
                                 for i in range(3)])
    assert found(words="bulk") == []
    call_command("rebuild_search_index", verbosity=0)
    assert sorted(found(words="bulk")) == ["Bulk 0", "Bulk 1", "Bulk 2"]


def test_the_demo_generator_writes_documents_for_what_it_generates(sunderland_postcodes):
    from kith.directory import demo

    demo.generate_directory(seed=5, organisations=12, services=60, batch_size=25)
    assert SearchDocument.objects.count() == Service.objects.listed().count() > 50
    assert SearchPlace.objects.count() >= SearchDocument.objects.filter(facets__contains="inperson").count() > 0
    assert search(SearchCriteria(words="food")).total > 0


def test_documents_hold_the_stemmed_words_and_the_facets(theme):
    money, debt = theme
    made = service("Parents' café", description="Talking and sharing.", online=True,
                   organisation=factories.OrganisationFactory(name="St Mary's", areas_served=["E08000024"]))
    Attribute.objects.create(service=made, taxonomy_term=debt)
    factories.ScheduleFactory(service=made, byday="SA")
    Language.objects.create(service=made, name="Polish", code="PL")
    document = SearchDocument.objects.get(service=made)
    assert (document.name_words, document.term_words, document.organisation_words, document.description_words) == \
        ("parent cafe", "debt advic monei debt and benefit", "st mari", "talk and share")
    assert document.facets.split() == sorted(["accepting", "areae08000024", "daysa", "free", "inperson", "langpl",
                                              "online", "remote", f"term{debt.pk.hex[:16]}", f"term{money.pk.hex[:16]}"])


def test_the_query_is_quoted_words_only():
    query = Query.parse('food "bank" NEAR(x) -y {name}: *')
    assert query.fts5() == '(("food") AND ("bank") AND ("x") AND ("y") AND ("name"))'
    assert query.tsquery() == "('food') & ('bank') & ('x') & ('y') & ('name')"


# --- Both databases --------------------------------------------------------------------------------

def test_sqlite_and_postgresql_give_the_same_answers():
    """Run on PostgreSQL, this compares with SQLite in a second process; run on SQLite, it compares
    with the PostgreSQL server named by KITH_COMPARE_DATABASE_URL, if set (a test database is made
    beside it and dropped)."""
    other = os.environ.get("KITH_COMPARE_DATABASE_URL")
    if connection.vendor == "postgresql":
        other = other or "sqlite:///compare.sqlite3"
    elif not other:
        pytest.skip("Compared on the PostgreSQL run, or set KITH_COMPARE_DATABASE_URL to a PostgreSQL database")
    search_comparison.build()
    mine = search_comparison.answers()
    process = subprocess.run([sys.executable, "-m", "kith.directory.tests.search_comparison"], capture_output=True,
                             text=True, timeout=900, cwd=Path(__file__).resolve().parents[3],
                             env={**os.environ, "DATABASE_URL": other})
    assert process.returncode == 0, process.stderr[-5000:]
    theirs = json.loads(process.stdout)
    assert len(mine) == len(theirs) > 80
    assert sum(1 for answer in mine if answer["hits"]) > 70  # the searches find things, mostly
    assert any(answer["capped"] for answer in mine) and any(h[3] for answer in mine for h in answer["hits"])
    for here, there in zip(mine, theirs):
        assert here == there, here["criteria"]
