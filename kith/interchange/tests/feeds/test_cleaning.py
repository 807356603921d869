"""Cleaning single values from feeds, and telling which kind of ORUK document a file is."""

import json
from decimal import Decimal

import pytest

from kith.interchange.feeds import cleaning, reading, records


@pytest.mark.parametrize("given, expected", [
    ("<p>First paragraph.</p><p>Second &amp; last.</p>", "First paragraph.\n\nSecond & last."),
    ("Line one<br>line two", "Line one\n\nline two"),
    ("Safe <script>alert('x')</script>text<style>p{color:red}</style>", "Safe text"),
    ("&lt;b&gt;not bold&lt;/b&gt;", "<b>not bold</b>"),
    ("  spaced   out \n\n\n\n next  ", "spaced out\n\nnext"),
    ("   ", None), ("", None), (None, None), (["a list"], None),
])
def test_plain_text(given, expected):
    assert cleaning.plain_text(given) == expected


@pytest.mark.parametrize("given, expected", [
    ("  Hendon   Food Bank ", "Hendon Food Bank"), ("Two\nlines", "Two lines"), ("<b>Bold</b> name", "Bold name"),
    ("Fish &amp; chips", "Fish & chips"), ("", None), ("  ", None), (12, "12"), (True, None),
    ("Nul\x00 and\x07 bell", "Nul and bell"),
])
def test_text(given, expected):
    assert cleaning.text(given) == expected


@pytest.mark.parametrize("given, expected", [
    ("www.example.org", "https://www.example.org"), ("example.org/path?q=1", "https://example.org/path?q=1"),
    ("http://example.org", "http://example.org"), ("https://example.org", "https://example.org"),
    ("not a website", None), ("ftp://example.org", None), ("", None), (None, None), ("https://", None),
])
def test_url(given, expected):
    assert cleaning.url(given) == expected


@pytest.mark.parametrize("given, expected", [
    ("  Hello@Example.ORG ", "hello@example.org"), ("mailto:info@example.org", "info@example.org"),
    ("info AT example.org", None), ("@example.org", None), ("", None), (None, None),
])
def test_email(given, expected):
    assert cleaning.email(given) == expected


@pytest.mark.parametrize("given, expected", [
    (5, 5), ("5", 5), ("11 years", 11), (4.0, 4), ("", None), (None, None), (-1, None), (121, None), ("old", None),
    (True, None),
])
def test_age(given, expected):
    assert cleaning.age(given) == expected


@pytest.mark.parametrize("given, expected", [
    (None, "None"), (True, "true"), ([1], "a list"), ({"a": 1}, "an object"), ("x" * 100, "x" * 79 + "…"), ("a\x00", "a"),
])
def test_values_are_quoted_shortly_in_reports(given, expected):
    assert cleaning.shown(given) == expected


def test_nul_characters_are_taken_out_of_a_document():
    found = reading.read_bytes(b'[{"id": "a\\u0000", "name": "N\\u0000ame", "tags": ["\\u0000"]}]', "feed.json")
    assert found.services == [{"id": "a", "name": "Name", "tags": [""]}]


def test_number_reads_money_and_commas():
    assert cleaning.number("£1,250.50") == Decimal("1250.50")


def test_truncate_cuts_at_a_word_and_says_so():
    value, cut = cleaning.truncate("word " * 100, 50)
    assert cut and len(value) <= 50 and value.endswith("word…")
    assert cleaning.truncate("short", 50) == ("short", False)


@pytest.mark.parametrize("document, shape, services, organisations", [
    ({"total_pages": 1, "contents": [{"id": "a"}]}, "page of services", 1, 0),
    ({"id": "a", "name": "A service"}, "one service", 1, 0),
    ([{"id": "a"}, {"id": "b"}], "list of services", 2, 0),
    ({"organizations": [{"id": "o", "name": "O", "services": [{"id": "a"}]}], "services": [{"id": "b"}]}, "package", 2, 1),
    ({"id": "o", "name": "O", "services": [{"id": "a"}, {"id": "b"}]}, "organisation with services", 2, 1),
])
def test_each_kind_of_document_is_recognised(document, shape, services, organisations):
    found = reading.read_document(document, "feed.json")
    assert (found.shape, len(found.services), len(found.organisations)) == (shape, services, organisations)


def test_services_nested_in_an_organisation_belong_to_it():
    found = reading.read_document({"organizations": [{"id": "o", "name": "O", "services": [{"id": "a"}]}]}, "feed.json")
    assert found.services == [{"id": "a", "organization_id": "o"}]


@pytest.mark.parametrize("data, message", [
    (b'{"contents": [{"id": "a"', "is not valid JSON: Expecting"),
    (b'{"contents": [{"id": "a"', "seems cut short"),
    (b"<html><body>Not found</body></html>", "is a web page or XML (HTML), not JSON"),
    (b'"just a string"', "is JSON but not an ORUK feed"),
    (b'{"hello": "world"}', "is JSON but not an ORUK feed"),
    (b"\xff\xfe\x00", "is not text in UTF-8"),
])
def test_a_file_that_is_not_a_feed_is_refused_with_a_message(data, message):
    with pytest.raises(reading.FeedError, match=message.replace("(", r"\(").replace(")", r"\)")):
        reading.read_bytes(data, "feed.json")


def test_a_record_with_every_optional_value_empty_is_still_a_service():
    cleaned = records.service({"id": "x", "name": "Name", "organization_id": "o", "description": "", "url": "",
                               "email": "", "minimum_age": "", "fees": "", "schedules": [], "languages": []}, position=1)
    assert cleaned.reason is None
    assert cleaned.data["fields"]["url"] == "" and cleaned.data["fields"]["minimum_age"] is None
    assert cleaned.warnings == ["the service has no description: Kith says so until someone adds one"]


def test_a_record_that_is_not_an_object_is_rejected():
    assert records.service("a string", position=3).reason == "record number 3 in the feed is not a JSON object"


def test_the_demo_copy_is_the_test_feed():
    from .conftest import MESSY_FEED
    from pathlib import Path

    demo = Path(reading.__file__).parent.parent / "data" / "messy_feed_example.json"
    assert json.loads(demo.read_text()) == json.loads(MESSY_FEED.read_text())


def test_parts_of_one_kind_sharing_an_id_keep_the_first():
    cleaned = records.service({"id": "s", "name": "S", "organization_id": "o", "description": "D",
                               "phones": [{"id": "p", "number": "0191 111 1111"}, {"id": "p", "number": "0191 222 2222"}],
                               "contacts": [{"id": "c", "phones": [{"id": "p", "number": "0191 333 3333"}]}],
                               "cost_options": [{"id": "p", "amount": 1}]}, position=1)
    assert [p["fields"]["number"] for p in cleaned.data["phones"]] == ["0191 111 1111"]
    assert cleaned.data["contacts"][0]["phones"] == []
    assert len(cleaned.data["cost_options"]) == 1   # another kind: its own ids
    assert cleaned.warnings == ["two phones have the id “p”: the second was left out"] * 2


def test_a_service_area_address_too_long_to_keep_is_left_out():
    long_uri = "https://statistics.example.org/" + "a" * 200 + "/E08000024"
    cleaned = records.service({"id": "s", "name": "S", "organization_id": "o", "description": "D",
                               "service_areas": [{"id": "a", "name": "Sunderland", "uri": long_uri}]}, position=1)
    assert cleaned.data["service_areas"][0]["fields"]["extent"] == "E08000024"
    assert cleaned.data["service_areas"][0]["fields"]["uri"] == ""
