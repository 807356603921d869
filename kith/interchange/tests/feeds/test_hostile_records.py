"""Records of every odd shape: wrong types in every field, nested where flat is expected, and the
reverse. Each is imported or rejected with a reason; none stops the import or loses the others."""

import random

import pytest

from kith.directory.models import Service
from kith.interchange.feeds import importer, reading

ODD_VALUES = [None, "", "   ", 0, -1, 3.7, 10**12, True, [], {}, ["a"], {"x": 1}, "<script>x</script>", "ü" * 6000,
              "2024-13-45", "25:99", "\u0000", "NaN"]
FIELDS = ["name", "description", "url", "email", "status", "fees", "minimum_age", "maximum_age", "alert",
          "organization", "organization_id", "schedules", "service_areas", "service_at_locations", "languages",
          "cost_options", "contacts", "attributes", "phones", "funding", "eligibilitys", "regular_schedules",
          "service_taxonomys", "kith_capacity"]
PART = {"schedules": {"byday": "MO", "opens_at": "09:00"}, "service_at_locations": {"location": {"name": "Hall"}},
        "contacts": {"name": "Desk", "phones": [{"number": "0191 123 4567"}]}, "cost_options": {"amount": "2"},
        "languages": {"name": "Welsh"}, "service_areas": {"extent": "E08000024"}, "attributes": {"taxonomy_term": {"code": "food-banks"}}}


def _odd_records(count: int) -> list:
    rng = random.Random(7)
    organisation = {"id": "org-odd", "name": "Odd Trust", "description": "Odd."}
    records = []
    for n in range(count):
        record = {"id": f"odd-{n}", "name": f"Odd service {n}", "status": "active", "organization": organisation}
        for field in rng.sample(FIELDS, 4):
            value = rng.choice(ODD_VALUES)
            if field in PART and rng.random() < 0.5:
                part = dict(PART[field])
                part[rng.choice(list(part) + ["id"])] = rng.choice(ODD_VALUES)
                value = [part, rng.choice(ODD_VALUES)]
            record[field] = value
        records.append(record)
    return records + ["not an object", 42, None, [], {"id": {"nested": "id"}, "name": "Dict id"}]


@pytest.mark.django_db
def test_odd_records_are_imported_or_rejected_and_never_stop_the_import(needs):
    records = _odd_records(300)
    feed = importer.feed_for(source="odd.json", is_url=False)
    report = importer.import_document(feed, reading.read_document(records, "odd.json"))
    services = report["services"]
    assert services["created"] + services["rejected"] == len(records)
    assert all(r["reason"] for r in report["rejected"])
    assert not [r for r in report["rejected"] if "could not be saved" in r["reason"] or "database refused" in r["reason"]]
    assert Service.objects.filter(organisation__name="Odd Trust").count() == services["created"]
    again = importer.import_document(feed, reading.read_document(records, "odd.json"))
    assert again["services"]["unchanged"] == services["created"] and again["services"]["updated"] == 0
