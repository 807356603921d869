"""The find-support pages in headless Chromium: WCAG 2.2 AA checks in each state, and a search made
with the keyboard alone."""

import pytest
from playwright.sync_api import expect

from kith.directory import models
from kith.testing import factories
from kith.testing.fixtures import assert_accessible

from .search_place import fresh_cache, near_home, postcodes  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def food(postcodes):
    theme = factories.TaxonomyTermFactory(name="Food and essentials", code="food-and-essentials")
    food_banks = factories.TaxonomyTermFactory(name="Food banks", code="food-banks", parent=theme,
                                               taxonomy=theme.taxonomy)
    factories.TaxonomyTermFactory(name="Baby banks", code="baby-banks", parent=theme, taxonomy=theme.taxonomy)
    services = {}
    for name, miles, free, phone in [("Hendon Food Bank", 1.2, True, False), ("Millfield Food Club", 2.5, False, False),
                                     ("Food Advice Line", None, True, True)]:
        service = factories.ServiceFactory(name=name, description=f"{name}: food for families who need it.",
                                           in_person=not phone, by_phone=phone, typical_wait_weeks=2 if free else None)
        models.Attribute.objects.create(service=service, taxonomy_term=food_banks)
        if not free:
            service.cost_options.create(amount=2)
        if miles is not None:
            location = factories.LocationFactory(organisation=service.organisation, name=f"{name} Hall",
                                                 latitude=near_home(miles)[0], longitude=near_home(miles)[1],
                                                 is_family_hub=miles < 2)
            factories.ServiceAtLocationFactory(service=service, location=location)
        models.Language.objects.create(service=service, name="Polish", code="pl")
        services[name] = service
    return services


def visit(page, url: str, status: int = 200):
    response = page.goto(url)
    assert response.status == status
    return response


def test_start_page_is_accessible(page, food):
    visit(page, "/")
    expect(page.get_by_role("link", name="Food and essentials")).to_be_visible()
    assert_accessible(page)


def test_results_with_filters_applied_are_accessible(page, food):
    visit(page, "/search/?q=food&postcode=SR1+3SD&distance=10&need=food-banks&only=free&language=pl&order=distance")
    expect(page.get_by_role("heading", name="2 services for “food” within 10 miles of SR1 3SD")).to_be_visible()
    expect(page.get_by_text("1.2 miles away")).to_be_visible()
    expect(page.locator(".kith-results").get_by_text("By phone", exact=True)).to_be_visible()
    assert_accessible(page)


def test_results_page_narrow_as_on_a_phone_is_accessible(page, food):
    page.set_viewport_size({"width": 375, "height": 800})
    visit(page, "/search/?q=food&postcode=SR1+3SD&day=monday")
    assert_accessible(page)


def test_nothing_found_is_accessible(page, food):
    visit(page, "/search/?q=swimming&postcode=SR1+3SD&distance=1&only=accepting")
    expect(page.get_by_role("link", name="search within 20 miles")).to_be_visible()
    assert_accessible(page)


def test_an_error_is_accessible(page, food):
    visit(page, "/search/?q=food&postcode=not+a+postcode&age=old&need=nonsense", status=400)
    expect(page.get_by_role("alert")).to_contain_text("Enter a real postcode, like SR1 3SD")
    assert_accessible(page)


def tab_to(page, locator, limit: int = 120):
    """Press Tab until the element has focus, as someone using a keyboard would."""
    for _ in range(limit):
        if locator.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {locator}")


def test_a_keyboard_alone_searches_filters_and_opens_a_service(page, food):
    visit(page, "/")
    tab_to(page, page.get_by_label("What do you need help with?"))
    page.keyboard.type("food")
    tab_to(page, page.get_by_label("Postcode"))
    page.keyboard.type("sr1 3sd")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=food&postcode=sr1+3sd")
    expect(page.get_by_role("heading", name="3 services for “food” within 5 miles of SR1 3SD")).to_be_visible()

    summary = page.locator("summary", has_text="Food and essentials")
    tab_to(page, summary)
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label("Food banks"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label("Free services"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Apply filters"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?*only=free*")
    expect(page.get_by_role("heading", name="2 services for “food” within 5 miles of SR1 3SD")).to_be_visible()
    expect(page.get_by_label("Free services")).to_be_checked()

    # A chosen filter is a tag; following it takes the filter away and keeps the rest of the search.
    tab_to(page, page.get_by_role("link", name="Remove this filter: Free services"))
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "only=free" not in url and "need=food-banks" in url)
    expect(page.get_by_role("heading", name="3 services for “food” within 5 miles of SR1 3SD")).to_be_visible()

    tab_to(page, page.get_by_role("link", name="Hendon Food Bank"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/services/{food['Hendon Food Bank'].pk}/")
    expect(page.get_by_role("heading", name="Hendon Food Bank", level=1)).to_be_visible()


def test_skip_to_results_takes_a_keyboard_past_the_filters(page, food):
    visit(page, "/search/?q=food")
    skip = page.get_by_role("link", name="Skip to results")
    tab_to(page, skip)
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.kith-results') !== null")
