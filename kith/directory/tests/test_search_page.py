"""The find-support pages: the start page at the root, and results whose every criterion is in the URL."""

from decimal import Decimal
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.urls import reverse

from kith.directory import models
from kith.directory.search import SearchCriteria
from kith.directory.search_forms import SearchForm
from kith.directory.views import search as search_views
from kith.testing import factories

from .search_place import HOME, SR1_CENTRE, fresh_cache, near_home, postcodes  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
SEARCH = "/search/"


def get(client, **params):
    return client.get(SEARCH + "?" + urlencode(params, doseq=True))


def page_text(response) -> str:
    return unescape(response.content.decode())


def service_at(name: str, miles: float | None, *, organisation=None, terms=(), **fields) -> models.Service:
    service = factories.ServiceFactory(name=name, organisation=organisation or factories.OrganisationFactory(), **fields)
    for term in terms:
        models.Attribute.objects.create(service=service, taxonomy_term=term)
    if miles is not None:
        location = factories.LocationFactory(organisation=service.organisation, name=f"{name} Centre",
                                             latitude=near_home(miles)[0], longitude=near_home(miles)[1])
        factories.ServiceAtLocationFactory(service=service, location=location)
    return service


@pytest.fixture
def needs():
    theme = factories.TaxonomyTermFactory(name="Food and essentials", code="food-and-essentials")
    return {
        "theme": theme,
        "food-banks": factories.TaxonomyTermFactory(name="Food banks", code="food-banks", parent=theme,
                                                    taxonomy=theme.taxonomy),
        "baby-banks": factories.TaxonomyTermFactory(name="Baby banks", code="baby-banks", parent=theme,
                                                    taxonomy=theme.taxonomy),
    }


@pytest.fixture
def food(needs, postcodes):
    """Three food services at known distances from SR1 3SD, and one run by phone."""
    pantry = factories.OrganisationFactory(name="Hendon Pantry Trust")
    return {
        "near": service_at("Hendon Food Bank", 1.2, organisation=pantry, terms=[needs["food-banks"]],
                           description="Emergency food parcels for people in crisis.", typical_wait_weeks=3),
        "middle": service_at("Millfield Baby Bank", 3.4, terms=[needs["baby-banks"]], minimum_age=0, maximum_age=2,
                             description="Nappies, prams and clothes for babies."),
        "far": service_at("Washington Food Bank", 12, terms=[needs["food-banks"]], description="Food parcels."),
        "phone": service_at("Food Advice Line", None, terms=[needs["food-banks"]], in_person=False, by_phone=True,
                            description="Advice on getting food, by phone."),
    }


# The start page

def test_start_page_has_the_two_boxes_and_each_need_as_a_link(client, needs):
    response = client.get("/")
    assert response.status_code == 200
    html = page_text(response)
    assert 'name="q"' in html and 'name="postcode"' in html
    assert 'action="/search/"' in html
    assert f'href="/search/?need=food-and-essentials">Food and essentials</a>' in html
    assert "Food banks</a>" not in html  # themes only: their terms are filters on the results page


def test_start_page_with_criteria_in_its_address_sends_them_on_to_the_results(client):
    response = client.get("/?q=food&postcode=SR1+3SD")
    assert response.status_code == 302
    assert response.url == "/search/?q=food&postcode=SR1+3SD"
    assert client.get("/?need=food-banks").url == "/search/?need=food-banks"


def test_empty_boxes_are_left_out_of_the_address_to_share(client):
    response = client.get("/search/?q=food&postcode=&distance=5&age=&need=&need=food-banks&language=")
    assert response.status_code == 302
    assert response.url == "/search/?q=food&distance=5&need=food-banks"
    assert client.get("/search/?q=&postcode=").url == "/search/"


def test_start_page_and_results_answer_get_only(client):
    assert client.post("/").status_code == 405
    assert client.post(SEARCH, {"q": "food"}).status_code == 405


def test_a_theme_link_lists_the_services_under_the_theme(client, food):
    response = client.get("/search/?need=food-and-essentials")
    assert response.status_code == 200
    assert [hit.service for hit in response.context["results"].hits] == sorted(  # most recently confirmed first
        [food["near"], food["middle"], food["far"], food["phone"]], key=lambda s: s.last_confirmed_at, reverse=True)


# Results: what each shows

def test_each_result_shows_what_a_person_needs_to_choose(client, food):
    response = get(client, q="food bank", postcode="SR1 3SD")
    html = page_text(response)
    hit = next(h for h in response.context["results"].hits if h.service == food["near"])
    assert hit.distance_miles == pytest.approx(1.2, abs=0.05)
    assert f'href="/services/{food["near"].pk}/">Hendon Food Bank</a>' in html
    assert "Hendon Pantry Trust" in html
    assert "Emergency food parcels for people in crisis." in html
    assert "1.2 miles away, at Hendon Food Bank Centre" in html
    assert "Waiting list: about 3 weeks" in html
    assert "Ages</dt><dd>0 to 5 years" in html
    assert "Cost</dt><dd>Free" in html
    assert "Last checked</dt><dd>" in html


def test_a_service_that_charges_says_so_and_a_stale_one_is_marked(client, food):
    food["near"].cost_options.create(amount=Decimal("3.50"))
    models.Service.objects.filter(pk=food["near"].pk).update(last_confirmed_at=None)
    html = page_text(get(client, q="Hendon"))
    assert "Cost</dt><dd>There is a cost" in html
    assert "Not yet checked (possibly out of date)" in html


def test_phone_services_that_serve_the_area_are_shown_and_marked(client, food):
    response = get(client, postcode="SR1 3SD", distance="5", need="food-banks")
    hits = response.context["results"].hits
    assert {h.service for h in hits} == {food["near"], food["phone"]}  # not the one 12 miles away
    html = page_text(response)
    assert '<strong class="govuk-tag kith-tag govuk-tag--blue">By phone</strong>' in html
    assert "Serves your area by phone" in html


def test_a_phone_service_for_another_area_only_is_not_shown(client, food):
    food["phone"].service_areas.create(name="Gateshead", extent="E08000037")
    response = get(client, postcode="SR1 3SD", need="food-banks")
    assert food["phone"] not in {h.service for h in response.context["results"].hits}
    food["phone"].service_areas.create(name="Sunderland", extent="E08000024")
    response = get(client, postcode="SR1 3SD", need="food-banks")
    assert food["phone"] in {h.service for h in response.context["results"].hits}


def test_a_postcode_district_alone_searches_from_its_centre(client, food):
    response = get(client, postcode="sr1", need="food-banks")
    assert response.status_code == 200
    assert response.context["form"].criteria().point == pytest.approx(SR1_CENTRE)
    assert "within 5 miles of SR1</h2>" in page_text(response)


def test_a_postcode_we_do_not_hold_searches_from_its_district_and_says_so(client, food):
    response = get(client, postcode="SR1 9ZZ", need="food-banks")
    assert response.status_code == 200
    assert response.context["form"].criteria().point == pytest.approx(SR1_CENTRE)
    assert "We could not find SR1 9ZZ, so we searched from the centre of SR1.</div>" in page_text(response)


def test_a_postcode_in_no_district_we_hold_is_refused_with_what_to_do(client, food):
    response = get(client, q="food", postcode="ZZ9 9ZZ")
    assert response.status_code == 400
    assert "We could not find that postcode. Check it, or enter just its first part, like SR1" in page_text(response)


def test_results_are_ordered_by_distance_when_asked(client, food):
    response = get(client, postcode="SR1 3SD", distance="20", need="food-and-essentials", order="distance")
    assert '<option value="distance" selected>Nearest first</option>' in page_text(response)
    names = [h.service.name for h in response.context["results"].hits]
    assert names[:3] == ["Hendon Food Bank", "Millfield Baby Bank", "Washington Food Bank"]


def test_a_postcode_alone_sorts_nearest_first_and_words_sort_by_best_match(client, food):
    assert get(client, postcode="SR1 3SD").context["form"].criteria().order == "distance"
    assert get(client, postcode="SR1 3SD", q="food").context["form"].criteria().order == "relevance"
    assert get(client, q="food", order="distance").context["form"].criteria().order == "relevance"  # no point


def test_sort_control_shows_only_with_a_postcode(client, food):
    assert 'name="order"' not in page_text(get(client, q="food"))
    assert 'name="order"' in page_text(get(client, q="food", postcode="SR1 3SD"))


# Criteria: in the URL, kept on the page, and passed to the engine

ALL_CRITERIA = {"q": "food parcels", "postcode": "SR1 3SD", "distance": "10", "order": "distance",
                "need": ["food-banks", "baby-banks"], "age": "4", "only": ["free", "accepting", "family-hub"],
                "delivery": ["in_person", "by_phone"], "day": ["monday", "saturday"], "language": "pl"}


@pytest.fixture
def polish(food):
    models.Language.objects.create(service=food["near"], name="Polish", code="pl")


def test_every_criterion_in_the_url_reaches_the_engine(client, needs, polish):
    form = get(client, **ALL_CRITERIA).context["form"]
    criteria = form.criteria()
    assert criteria == SearchCriteria(
        words="food parcels", point=criteria.point, area_code=criteria.area_code, within_miles=10, order="distance",
        term_ids=(needs["food-banks"].pk, needs["baby-banks"].pk), age=4, free_only=True,
        delivery=("in_person", "by_phone"), days=("MO", "SA"), language="pl", accepting_referrals=True,
        family_hub=True)
    assert criteria.point == pytest.approx(HOME, abs=0.001)


def test_every_criterion_is_shown_as_chosen_on_the_results_page(client, polish):
    html = page_text(get(client, **ALL_CRITERIA))
    assert 'value="food parcels"' in html
    assert 'value="SR1 3SD"' in html
    assert '<option value="10" selected>' in html
    assert 'value="4"' in html
    assert '<option value="pl" selected>' in html
    for name, values in ALL_CRITERIA.items():
        if name in ("need", "only", "delivery", "day"):
            for value in values:
                assert f'name="{name}" type="checkbox" value="{value}" checked' in html, (name, value)
    assert 'name="day" type="checkbox" value="tuesday">' in html  # and the rest are not


def test_the_default_distance_is_five_miles_and_shown_as_chosen(client, food):
    response = get(client, postcode="SR1 3SD")
    assert response.context["form"].criteria().within_miles == 5
    assert '<option value="5" selected>' in page_text(response)


def test_a_chosen_need_opens_its_group_and_others_stay_closed(client, needs, food):
    other = factories.TaxonomyTermFactory(name="Young people", code="young-people", taxonomy=needs["theme"].taxonomy)
    html = page_text(get(client, need="food-banks"))
    assert '<details class="govuk-details kith-filter-group" open>\n      <summary class="govuk-details__summary">' \
           '<span class="govuk-details__summary-text">Food and essentials</span>' in html
    assert f'<details class="govuk-details kith-filter-group">\n      <summary class="govuk-details__summary">' \
           f'<span class="govuk-details__summary-text">{other.name}</span>' in html


def test_selected_filters_are_tags_that_each_remove_only_themselves(client, polish):
    response = get(client, **ALL_CRITERIA, page="2")
    selected = dict(response.context["form"].selected_filters())
    assert [label for label, _ in selected["Need"]] == ["Food banks", "Baby banks"]
    assert [label for label, _ in selected["Open on"]] == ["Monday", "Saturday"]
    assert [label for label, _ in selected["Age of the person"]] == ["4 years old"]
    url = dict(selected["Need"])["Food banks"]
    remaining = parse_qs(urlsplit(url).query)
    assert remaining["need"] == ["baby-banks"]
    assert "page" not in remaining  # back to the first page
    assert {k: v for k, v in remaining.items() if k != "need"} == {
        k: v if isinstance(v, list) else [v] for k, v in ALL_CRITERIA.items() if k != "need"}
    html = page_text(response)
    assert '<span class="govuk-visually-hidden">Remove this filter: </span>Food banks</a>' in html
    assert "Clear filters" in html


def test_clear_filters_keeps_the_words_and_postcode(client, polish):
    form = get(client, **ALL_CRITERIA).context["form"]
    assert parse_qs(urlsplit(form.clear_filters_url()).query) == {
        "q": ["food parcels"], "postcode": ["SR1 3SD"], "distance": ["10"], "order": ["distance"]}


def test_page_title_and_heading_say_what_was_searched_and_how_many_were_found(client, food):
    response = get(client, q="food", postcode="sr1 3sd")
    total = response.context["results"].total
    assert total >= 2
    html = page_text(response)
    assert f"<title>“food” near SR1 3SD: {total} results – Find support – Kith Sunderland</title>" in html
    assert f"{total} services for “food” within 5 miles of SR1 3SD</h2>" in html


def test_signed_in_staff_see_the_same_results_as_the_public(client, people, food):
    public = [h.service for h in get(client, q="food").context["results"].hits]
    client.force_login(people["lio_staff"])
    assert [h.service for h in get(client, q="food").context["results"].hits] == public


# Pagination

@pytest.fixture
def many(monkeypatch, postcodes):
    monkeypatch.setattr(search_views, "PAGE_SIZE", 5)
    return [service_at(f"Play group {n:02}", 0.5, description="Play for toddlers.") for n in range(12)]


def test_results_are_paginated_with_links_that_keep_every_criterion(client, many):
    response = get(client, q="play", postcode="SR1 3SD", only="free", page="2")
    assert response.context["results"].total == 12
    # Most recently confirmed first: the last made first.
    assert [h.service.name for h in response.context["results"].hits] == [f"Play group {n:02}" for n in range(6, 1, -1)]
    html = page_text(response)
    assert "(page 2 of 3)" in html
    assert 'href="?q=play&amp;postcode=SR1+3SD&amp;only=free&amp;page=3" rel="next"' in response.content.decode()
    assert 'aria-current="page">2</a>' in html


@pytest.mark.parametrize("asked, shown", [("999999", 3), ("4", 3), ("-1", 1), ("0", 1), ("two", 1), ("", 1)])
def test_a_page_that_does_not_exist_shows_the_nearest_one_that_does(client, many, asked, shown):
    response = client.get(SEARCH + "?" + urlencode({"q": "play", "page": asked}), follow=True)
    assert response.status_code == 200
    assert response.context["page"].number == shown
    assert response.context["results"].hits


# Nothing found

def test_nothing_found_says_what_was_searched_and_how_to_widen_it(client, food):
    response = get(client, q="swimming", postcode="SR1 3SD", distance="2", only="free")
    assert response.status_code == 200
    html = page_text(response)
    assert "No services found for “swimming” within 2 miles of SR1 3SD</h2>" in html
    assert "No service matched all the filters you chose." in html
    assert "<title>“swimming” near SR1 3SD: 0 results – Find support" in html
    assert '<a class="govuk-link" href="?q=swimming&postcode=SR1+3SD&distance=10&only=free">search within 10 miles</a>' in html
    assert '<a class="govuk-link" href="?q=swimming&postcode=SR1+3SD&distance=20&only=free">search within 20 miles</a>' in html
    assert "search within 1 miles" not in html and "search within 2 miles" not in html
    assert '<a class="govuk-link" href="?q=swimming&postcode=SR1+3SD&distance=2">remove the filter “Free services”</a>' in html
    assert '<a class="govuk-link" href="?postcode=SR1+3SD&distance=2&only=free">search without the words</a>' in html


def test_a_search_that_finds_nothing_is_recorded_without_personal_details(client, food):
    get(client, q="  Swimming  lessons for Sam, 07700 900123, sam@example.org, SR2 7LJ ", postcode="sr1 3sd",
        distance="2", need="baby-banks", age="7", day="sunday")
    unmet = models.UnmetSearch.objects.get()
    assert unmet.words == "swimming lessons for sam"
    assert "07700" not in unmet.words and "example.org" not in unmet.words and "7lj" not in unmet.words
    assert unmet.district == "SR1"
    assert unmet.term_codes == ["baby-banks"]
    assert unmet.within_miles == 2
    assert unmet.filters == {"age": 7, "day": ["sunday"]}
    field_names = {f.name for f in models.UnmetSearch._meta.get_fields()}
    assert field_names == {"id", "words", "term_codes", "district", "within_miles", "filters", "created_on"}


def test_reloading_a_search_that_found_nothing_records_it_once(client, food):
    for _ in range(3):
        get(client, q="swimming", postcode="SR1 3SD")
    get(client, q="archery")
    get(client, q="swimming", postcode="SR1 3SD")
    assert list(models.UnmetSearch.objects.order_by("pk").values_list("words", flat=True)) == [
        "swimming", "archery", "swimming"]


def test_searches_that_find_something_or_are_invalid_or_empty_are_not_recorded(client, food):
    get(client, q="food")
    get(client, q="swimming", postcode="XX")
    get(client)
    assert not models.UnmetSearch.objects.exists()


def test_unmet_searches_are_read_only_in_the_admin(client, people, food):
    get(client, q="swimming")
    client.force_login(people["administrator"])
    unmet = models.UnmetSearch.objects.get()
    assert client.get(reverse("admin:directory_unmetsearch_changelist")).status_code == 200
    assert client.get(reverse("admin:directory_unmetsearch_add")).status_code == 403
    change = client.get(reverse("admin:directory_unmetsearch_change", args=[unmet.pk]))
    assert change.status_code == 200 and 'name="words"' not in change.content.decode()
    assert client.post(reverse("admin:directory_unmetsearch_delete", args=[unmet.pk])).status_code == 403


# Speed

def test_queries_per_results_page_do_not_grow_with_its_size(client, django_assert_max_num_queries, monkeypatch,
                                                             needs, postcodes):
    for n in range(25):
        service = service_at(f"Food bank {n}", 1 + n / 10, terms=[needs["food-banks"]])
        service.cost_options.create(amount=Decimal("1.00"))
        models.Language.objects.create(service=service, name="Polish", code="pl")
        factories.ScheduleFactory(service=service, byday="MO")
    get(client)  # the list of languages is cached after the first page
    counts = []
    for per_page in (2, 20):
        monkeypatch.setattr(search_views, "PAGE_SIZE", per_page)
        # The page's own: the needs and the postcode; the rest is the engine's, a few per relevance tier.
        with django_assert_max_num_queries(16) as captured:
            response = get(client, q="food", postcode="SR1 3SD", need="food-and-essentials", day="monday",
                           delivery="in_person", language="pl", order="distance")
        assert response.context["results"].total == 25
        assert len(response.context["results"].hits) == per_page
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_search_form_alone_needs_no_query_per_need_or_language(django_assert_max_num_queries, needs):
    for n in range(20):
        factories.TaxonomyTermFactory(name=f"Need {n}", parent=needs["theme"], taxonomy=needs["theme"].taxonomy)
    with django_assert_max_num_queries(2):
        SearchForm({}).as_div()


def test_a_capped_count_says_more_than(client, many, monkeypatch):
    from kith.directory.search import engine

    monkeypatch.setattr(engine, "MAX_RESULTS", 10)
    response = get(client, q="play", postcode="SR1 3SD")
    assert response.context["results"].total_is_capped
    assert "More than 10 services for “play”" in page_text(response)
