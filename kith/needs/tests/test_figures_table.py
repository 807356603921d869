"""The figures table the needs map and the gaps page share: its column headings, which of them sort, which
way the sorted one runs (aria-sort), where the sort and CSV links lead, and the rows' order."""

from html.parser import HTMLParser
from urllib.parse import parse_qs

import pytest

from .gaps_helpers import area, indicator, population, service, themes

pytestmark = pytest.mark.django_db


class Headings(HTMLParser):
    """The last table's column headings: (text, aria-sort, sort link's query), and its rows' area codes."""

    def __init__(self):
        super().__init__()
        self.headings, self.codes, self.csv, self.heading, self.in_body, self.cell = [], [], None, None, False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "thead":
            self.headings = []
        elif tag == "tbody":
            self.codes, self.in_body = [], True
        elif tag == "th" and attrs.get("scope") == "col":
            self.heading = ["", attrs.get("aria-sort"), None]
        elif tag == "a" and self.heading is not None:
            self.heading[2] = parse_qs(attrs["href"].removeprefix("?"))
        elif tag == "a" and "download" in attrs:
            self.csv = parse_qs(attrs["href"].removeprefix("?"))
        elif tag == "td" and self.in_body:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "th" and self.heading is not None:
            self.headings.append((" ".join(self.heading[0].split()), self.heading[1], self.heading[2]))
            self.heading = None
        elif tag == "tbody":
            self.in_body = False
        elif tag == "td" and self.cell is not None:
            if self.cell.startswith("E0") and len(self.cell) == 9:
                self.codes.append(self.cell)
            self.cell = None

    def handle_data(self, data):
        if self.heading is not None:
            self.heading[0] += data
        elif self.cell is not None:
            self.cell += data


def table(client, url: str) -> Headings:
    response = client.get(url)
    assert response.status_code == 200
    parser = Headings()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def place():
    _, debt, _ = themes()
    lsoas = [area("E01000001", 54.90, -1.40, name="Hendon"), area("E01000002", 54.90, -1.35, name="Ashbrooke"),
             area("E01000003", 54.90, -1.20, name="Castletown")]
    population(dict(zip(lsoas, [1000, 2000, 500])))
    indicator("iod2025-imd", dict(zip(lsoas, [10.0, 60.0, 20.0])))
    life = indicator("life-expectancy", dict(zip(lsoas, [80.0, 75.0, 78.0])), higher_is_more_need=False)
    life.unit = "years"
    life.save()
    service(debt, (54.90, -1.40), name="Advice at Hendon")
    return lsoas


def test_the_map_s_table_sorts_by_area_code_and_value_and_links_the_others(client, place):
    by_value = table(client, "/needs/?indicator=iod2025-imd")
    assert [h[0] for h in by_value.headings] == ["Area", "Code", "Value", "Rank in England", "Decile", "Map class"]
    assert [h[1] for h in by_value.headings] == [None, None, "descending", None, None, None]
    assert [h[2] for h in by_value.headings] == [{"indicator": ["iod2025-imd"], "sort": ["name"]},
                                                 {"indicator": ["iod2025-imd"], "sort": ["code"]}, None, None, None, None]
    assert by_value.codes == ["E01000002", "E01000003", "E01000001"]
    assert by_value.csv == {"indicator": ["iod2025-imd"], "sort": ["value"], "format": ["csv"]}

    by_name = table(client, "/needs/?indicator=iod2025-imd&sort=name")
    assert [h[1] for h in by_name.headings][:3] == ["ascending", None, None]
    assert by_name.headings[0][2] is None and by_name.headings[2][2] == {"indicator": ["iod2025-imd"], "sort": ["value"]}
    assert by_name.codes == ["E01000002", "E01000003", "E01000001"]  # Ashbrooke, Castletown, Hendon
    assert table(client, "/needs/?indicator=iod2025-imd&sort=code").codes == ["E01000001", "E01000002", "E01000003"]


def test_the_map_s_value_heading_carries_the_unit_and_a_lower_is_needier_value_sorts_ascending(client, place):
    parser = table(client, "/needs/?indicator=life-expectancy&sort=value")
    assert parser.headings[2][:2] == ("Value (years)", "ascending")
    assert parser.codes == ["E01000002", "E01000003", "E01000001"]


def test_the_gaps_table_has_the_same_shape_with_its_own_columns(client, place):
    parser = table(client, "/needs/gaps/?need=debt-advice&indicator=iod2025-imd")
    assert [h[0] for h in parser.headings] == ["Area", "Code", "Need", "Services in reach", "Nearest service (miles)",
                                               "Provision per 1,000 residents", "Gap score", "Rural"]
    assert [h[1] for h in parser.headings] == [None, None, None, None, None, None, "descending", None]
    # Code and Rural do not sort; every other column links to itself as the sort, keeping the page's choices.
    assert [h[2] and h[2]["sort"][0] for h in parser.headings] == ["name", None, "need", "reach", "nearest",
                                                                  "provision", None, None]
    assert parser.headings[0][2]["need"] == ["debt-advice"] and parser.headings[0][2]["indicator"] == ["iod2025-imd"]
    assert parser.csv["format"] == ["csv"] and parser.csv["sort"] == ["gap"] and parser.csv["need"] == ["debt-advice"]
    assert parser.codes[0] == "E01000002"  # the neediest, and no service within the usual distance

    by_need = table(client, "/needs/gaps/?need=debt-advice&indicator=life-expectancy&sort=need")
    assert by_need.headings[2][1] == "ascending"
    assert by_need.codes == ["E01000002", "E01000003", "E01000001"]
