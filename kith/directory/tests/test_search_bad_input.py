"""Bad, hostile and odd input to the search page: each gives a sensible page (200) or the page with a
message saying what to change (400), never a server error. Run on SQLite and on PostgreSQL."""

from urllib.parse import quote

import pytest
from django.db import connection

from kith.directory import models
from kith.testing import factories

from .search_place import fresh_cache, near_home, postcodes  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

LONG = "x" * 20_000
WORDS_TOO_LONG = "Search words must be 200 characters or fewer"
UNREADABLE = "The search words include characters that cannot be read"
BAD_POSTCODE = "Enter a real postcode, like SR1 3SD"
DISTANCE = "Choose a distance from the list"
NEED = "Choose needs from the list"


@pytest.fixture(autouse=True)
def directory(postcodes):
    theme = factories.TaxonomyTermFactory(name="Early years", code="early-years")
    for n in range(3):
        service = factories.ServiceFactory(name=f"Stay and play group {n}", description="Play (and songs) for under-fives.")
        models.Attribute.objects.create(service=service, taxonomy_term=theme)
        location = factories.LocationFactory(organisation=service.organisation, latitude=near_home(n)[0],
                                             longitude=near_home(n)[1])
        factories.ServiceAtLocationFactory(service=service, location=location)


def q(**params) -> str:
    return "&".join(f"{key}={quote(value, safe='')}" for key, value in params.items())


# (query string, expected status, message the page must show when it is 400)
BATTERY = [
    # Words: the engine's syntax characters are ordinary characters to a person typing them.
    (q(q='"stay and play"'), 200, None),
    (q(q='"unbalanced quote'), 200, None),
    (q(q="play*"), 200, None),
    (q(q="*"), 200, None),
    (q(q="stay NEAR play"), 200, None),
    (q(q="NEAR(stay play)"), 200, None),
    (q(q="NEAR/2"), 200, None),
    (q(q="-play"), 200, None),
    (q(q="stay -play"), 200, None),
    (q(q="--"), 200, None),
    (q(q="(play"), 200, None),
    (q(q="play))"), 200, None),
    (q(q="((()))"), 200, None),
    (q(q="AND"), 200, None),
    (q(q="OR NOT AND"), 200, None),
    (q(q="play OR 1=1"), 200, None),
    (q(q="name:play"), 200, None),
    (q(q="^play {stay} [group]"), 200, None),
    (q(q="stay & play | group ! <-> :*"), 200, None),
    (q(q="'; DROP TABLE directory_service; --"), 200, None),
    (q(q="\\"), 200, None),
    (q(q="100% _play_"), 200, None),
    (q(q="😀 play"), 200, None),
    (q(q="ｐｌａｙ"), 200, None),
    (q(q="zażółć gęślą"), 200, None),
    (q(q="   "), 200, None),
    (q(q="play\tgroup\r\n"), 200, None),
    (q(q="x" * 200), 200, None),
    (q(q="x" * 201), 400, WORDS_TOO_LONG),
    (q(q=LONG), 400, WORDS_TOO_LONG),
    (q(q="play\x00group"), 400, UNREADABLE),
    ("q=%ff%fe", 400, UNREADABLE),
    ("q=play%c3", 400, UNREADABLE),
    ("q=a&q=play", 200, None),
    # Postcodes
    (q(postcode="'; DROP TABLE directory_location; --"), 400, BAD_POSTCODE),
    (q(postcode=LONG), 400, BAD_POSTCODE),
    (q(postcode="SR1 3SD SR1 3SD"), 400, BAD_POSTCODE),
    (q(postcode="SR1\x003SD"), 400, BAD_POSTCODE),
    (q(postcode="12345"), 400, BAD_POSTCODE),
    ("postcode=%ff", 400, BAD_POSTCODE),
    (q(postcode="sr1 3sd"), 200, None),
    (q(postcode=" SR13SD "), 200, None),
    # Distance
    (q(postcode="SR1 3SD", distance="0"), 400, DISTANCE),
    (q(postcode="SR1 3SD", distance="-5"), 400, DISTANCE),
    (q(postcode="SR1 3SD", distance="3"), 400, DISTANCE),
    (q(postcode="SR1 3SD", distance="1000000"), 400, DISTANCE),
    (q(postcode="SR1 3SD", distance="1e308"), 400, DISTANCE),
    (q(postcode="SR1 3SD", distance="nan"), 400, DISTANCE),
    (q(postcode="SR1 3SD", distance="inf"), 400, DISTANCE),
    (q(postcode="SR1 3SD", distance="5.0"), 400, DISTANCE),
    (q(postcode="SR1 3SD", distance="9" * 5000), 400, DISTANCE),
    (q(postcode="SR1 3SD", distance=""), 200, None),
    (q(distance="20"), 200, None),  # a distance without a postcode is simply not used
    (q(order="sideways"), 400, "Choose how to sort the results from the list"),
    (q(order="distance"), 200, None),
    # Filters
    (q(need="nonsense"), 400, NEED),
    (q(need="00000000-0000-0000-0000-000000000000"), 400, NEED),
    (q(need="early-years") + "&" + q(need="EARLY-YEARS"), 400, NEED),
    (q(age="-1"), 400, "The age must be 0 or more"),
    (q(age="121"), 400, "The age must be 120 or less"),
    (q(age="9" * 40), 400, "The age must be 120 or less"),
    (q(age="9" * 5000), 400, "Enter the age as a whole number of years, like 7"),
    (q(age="1.5"), 400, "Enter the age as a whole number of years, like 7"),
    (q(age="three"), 400, "Enter the age as a whole number of years, like 7"),
    (q(age="0"), 200, None),
    (q(only="everything"), 400, "Choose what to show from the list"),
    (q(delivery="teleport"), 400, "Choose how the service is delivered from the list"),
    (q(day="caturday"), 400, "Choose days from the list"),
    (q(day="MO"), 400, "Choose days from the list"),
    (q(language="klingon"), 400, "Choose a language from the list"),
    (q(language="pl'; --"), 400, "Choose a language from the list"),
    (q(language="tlh"), 200, None),  # well formed: no service offers it, so nothing is found
    # Pages: a page number that cannot be used gives the nearest page that can.
    (q(page="-1"), 200, None),
    (q(page="0"), 200, None),
    (q(page="999999"), 200, None),
    (q(page="9" * 5000), 200, None),
    (q(page="1.5"), 200, None),
    (q(page="two"), 200, None),
    ("page=%ff", 200, None),
    # Anything else
    (q(utm_source="newsletter"), 200, None),
    ("q", 200, None),
    ("&&&=&=", 200, None),
    ("need=" + "&need=".join(["early-years"] * 1500), 400, None),  # more fields than Django accepts
]


@pytest.mark.parametrize("query, status, message", BATTERY, ids=[f"{n:02}" for n in range(len(BATTERY))])
def test_bad_input_gets_a_page_or_a_message_never_an_error(client, query, status, message):
    response = client.get(f"/search/?{query}", follow=True)
    assert response.status_code == status
    html = response.content.decode()
    if status == 400 and message:
        assert "There is a problem" in html
        assert message in html
        assert "<title>Error: " in html
    if status == 200:
        assert 'id="results-heading"' in html
    assert connection.introspection.table_names() and "directory_service" in connection.introspection.table_names()


def test_a_bad_criterion_keeps_the_rest_of_the_search_on_the_page(client):
    response = client.get("/search/?" + q(q="stay and play", postcode="SR1 3SD", age="old", day="monday"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="stay and play"' in html and 'value="SR1 3SD"' in html and 'value="old"' in html
    assert 'name="day" type="checkbox" value="monday" checked' in html
    assert '<a href="#id_age">Enter the age as a whole number of years, like 7</a>' in html
    assert 'class="govuk-input govuk-input--width-3 govuk-input--error"' in html


def test_an_invalid_need_links_the_error_to_an_option_that_can_be_seen(client):
    html = client.get("/search/?" + q(need="nonsense")).content.decode()
    assert '<a href="#id_need_0">Choose needs from the list</a>' in html
    first_group = html.index('id="id_need_0"')
    assert html.rfind("<details", 0, first_group) == html.rfind('<details class="govuk-details kith-filter-group" open>',
                                                                 0, first_group)


def test_a_page_past_the_end_shows_the_last_page(client):
    response = client.get("/search/?" + q(q="play", page="999999"))
    assert response.context["page"].number == 1
    assert len(response.context["results"].hits) == 3
