"""Importing the messy feed file: the directory it makes, the exact report, and what a second run,
a later run without some records, and local changes do."""

import json
import uuid

import pytest

from kith.core.models import Event
from kith.directory.models import Location, Schedule, SearchDocument, Service
from kith.interchange.feeds import importer, reading
from kith.interchange.models import Entity, ImportedRecord
from kith.organisations.models import Organisation

from .conftest import MESSY_FEED

NS = uuid.UUID("0a6a2d0e-7d8b-4c7a-9b0e-3c1d2f4e5a6b")   # the ids the feed file was written with


def uid(key: str) -> str:
    return str(uuid.uuid5(NS, key))


def run(document=None, feed=None, actor=None):
    feed = feed or importer.feed_for(source="messy_feed.json", is_url=False)
    return importer.import_document(feed, document or reading.read_file(MESSY_FEED), actor=actor), feed


def imported(entity: str, key: str):
    record = ImportedRecord.objects.get(entity=entity, external_id=uid(key))
    model = {"service": Service, "organisation": Organisation, "location": Location}[entity]
    return model.objects.get(pk=record.local_id)


@pytest.mark.django_db
def test_report_counts_every_record_and_gives_each_rejection_its_reason(needs):
    report, _ = run()
    assert report["services"] == {"created": 24, "updated": 0, "unchanged": 0, "rejected": 7}
    assert report["organisations"] == {"created": 5, "updated": 0, "unchanged": 0, "rejected": 1}
    assert report["locations"] == {"created": 7, "updated": 0, "unchanged": 0}
    assert [(r["external_id"], r["reason"]) for r in report["rejected"]] == [
        ("", "record number 21 in the feed has no id"),
        (uid("svc:stay-play-c"), "duplicate id: an earlier record in the feed has the same id (the first was kept)"),
        (uid("svc:no-name"), "the service has no name"),
        (uid("svc:blank-name"), "the service has no name"),
        (uid("svc:orphan"), f"its organisation “{uid('org:unknown')}” is not in the feed and was not imported from this feed before"),
        (uid("org:nameless"), "the organisation has no name"),
        (uid("svc:nameless-org"), f"its organisation “{uid('org:nameless')}” was rejected: the organisation has no name"),
        (uid("svc:no-org"), "the service names no organisation"),
    ]
    assert report["rejected"][0]["name"] == "Community transport"
    warnings = {w["external_id"]: w["messages"] for w in report["warnings"]}
    assert warnings[uid("svc:digital")] == ["The website “not a website” is not a web address, so it was left out"]
    assert warnings[uid("svc:early-help")] == [
        "The email address “earlyhelp AT sunderland.gov.uk” is not an email address, so it was left out"]
    assert warnings[uid("svc:crisis")] == ["The description was longer than 5000 characters and was cut short"]
    assert warnings[uid("svc:long-name")] == ["The name was longer than 200 characters and was cut short"]
    assert warnings[uid("svc:foodbank-hamper")] == [
        "the need or service type “Seasonal hampers” is not in Kith's list, so it was left out"]
    assert warnings[uid("svc:lunch-club")] == ["the maximum age 50 is less than the minimum age 60, so both were left out"]
    assert warnings[uid("svc:oruk1-b")] == [
        "an ORUK 1.0-shaped record: read eligibilitys as eligibility, regular_schedules as schedules, service_taxonomys as attributes"]
    assert len(report["warnings"]) == 15


@pytest.mark.django_db
def test_the_directory_holds_every_good_record_cleaned(needs):
    before_services = Service.objects.count()
    run()
    assert Service.objects.count() == before_services + 24
    play = imported("service", "svc:stay-play-c")
    assert play.description == ("Drop-in play sessions for babies and toddlers with their parents or carers.\n\n"
                                "No need to book – just come along.")
    assert play.email == "familyhubs@sunderland.gov.uk"
    assert play.verification_status == "awaiting"
    assert [(s.byday, f"{s.opens_at:%H:%M}") for s in play.schedules.all()] == [("MO", "09:30"), ("WE", "09:30")]
    assert play.contacts.get().phones.get().number == "0191 520 5555"
    assert play.service_areas.get().extent == "E08000024"
    assert list(play.taxonomy_terms.values_list("code", flat=True)) == ["stay-and-play"]
    washington = imported("service", "svc:stay-play-w")
    assert (washington.minimum_age, washington.maximum_age) == (0, 4)
    assert washington.url == "https://sunderland.gov.uk/stayandplay"
    hendon = imported("location", "loc:hendon")
    assert hendon.postcode == "SR2 8EL"
    assert hendon.addresses.get().postal_code == "SR2 8EL"
    assert imported("organisation", "org:hendon").name == "Hendon Food Bank"
    assert imported("organisation", "org:wearside").website == "https://www.wearsidevc.org.uk"
    assert imported("organisation", "org:wearside").org_id == "GB-CHC-1090095"
    debt = imported("service", "svc:oruk1-a")   # ORUK 1.0 names mapped
    assert debt.minimum_age == 18 and debt.eligibility_description == "Adults living in Sunderland"
    assert sorted(debt.schedules.values_list("byday", flat=True)) == ["MO", "TH"]
    assert list(debt.taxonomy_terms.values_list("code", flat=True)) == ["debt-advice"]
    assert imported("location", "loc:ca").accessibility == "Lift to all floors"
    assert sorted(debt.languages.values_list("name", flat=True)) == ["English", "Polish"]
    assert imported("service", "svc:oruk1-c").description == "Home visits to cut energy bills. <Book early>"
    assert imported("service", "svc:oruk1-c").service_areas.get().extent == "E08000024"
    assert "alert(" not in imported("service", "svc:stay-play-c").description
    talking = imported("service", "svc:talking")
    assert [(s.byday, s.opens_at) for s in talking.schedules.all()] == [("FR", None)]
    # Each listed service is in the search index.
    assert SearchDocument.objects.filter(service=play).exists()
    assert SearchDocument.objects.filter(service__in=Service.objects.listed()).count() == Service.objects.listed().count()


@pytest.mark.django_db
def test_creations_are_audited_as_the_person_who_started_the_import(needs):
    from kith.testing import factories

    person = factories.UserFactory(email="lio@example.org")
    run(actor=person)
    event = Event.objects.for_object(imported("service", "svc:pantry")).get()
    assert (event.verb, event.actor, event.comment) == ("created", person, "Imported from the feed “messy_feed.json”.")


@pytest.mark.django_db
def test_a_second_run_changes_nothing(needs, counts):
    run()
    before = counts()
    events = Event.objects.count()
    modified = dict(Service.objects.values_list("pk", "last_modified"))
    updated = dict(Service.objects.values_list("pk", "updated_at"))
    report, _ = run()
    assert report["services"] == {"created": 0, "updated": 0, "unchanged": 24, "rejected": 7}
    assert report["organisations"] == {"created": 0, "updated": 0, "unchanged": 5, "rejected": 1}
    assert report["locations"] == {"created": 0, "updated": 0, "unchanged": 7}
    assert counts() == before
    assert Event.objects.count() == events
    assert dict(Service.objects.values_list("pk", "last_modified")) == modified
    assert dict(Service.objects.values_list("pk", "updated_at")) == updated


def _edited(change) -> reading.FeedDocument:
    document = json.loads(MESSY_FEED.read_text())
    change(document["contents"])
    return reading.read_document(document, "feed")


@pytest.mark.django_db
def test_a_changed_record_is_updated_and_local_fields_are_kept(needs):
    from kith.testing import factories

    run()
    pantry = imported("service", "svc:pantry")
    verifier = factories.UserFactory()
    Service.objects.filter(pk=pantry.pk).update(
        verification_status="verified", verified_by=verifier, verification_comment="Checked by phone",
        accepting_referrals=False, typical_wait_weeks=3, referral_route="self")

    def change(services):
        record = next(s for s in services if s["id"] == uid("svc:pantry"))
        record["description"] = "Choose £15 of food for £4 a week."
        record["cost_options"][0]["amount"] = "4.00"
        record["accepting_referrals"] = True
    report, _ = run(_edited(change))
    assert report["services"]["updated"] == 1 and report["services"]["unchanged"] == 23
    pantry.refresh_from_db()
    assert pantry.description == "Choose £15 of food for £4 a week."
    assert pantry.cost_options.get().amount == 4
    assert (pantry.verification_status, pantry.verified_by, pantry.verification_comment) == ("verified", verifier, "Checked by phone")
    assert (pantry.accepting_referrals, pantry.typical_wait_weeks, pantry.referral_route) == (False, 3, "self")
    event = Event.objects.for_object(pantry).filter(verb="changed").get()
    assert event.after == {"description": "Choose £15 of food for £4 a week."}
    assert event.comment == "Imported from the feed “messy_feed.json”. Also changed: cost option."


@pytest.mark.django_db
def test_records_gone_from_the_feed_are_kept_and_marked_not_seen_since(needs):
    run()
    report, feed = run(_edited(lambda services: services.remove(next(s for s in services if s["id"] == uid("svc:pantry")))))
    assert report["not_seen_since"]["services"] == {"now": 1, "newly": 1}
    record = ImportedRecord.objects.get(entity=Entity.SERVICE, external_id=uid("svc:pantry"))
    assert record.not_seen_since is not None
    assert Service.objects.filter(pk=record.local_id).exists()
    # Back in the feed: seen again.
    report, _ = run(feed=feed)
    record.refresh_from_db()
    assert record.not_seen_since is None and report["not_seen_since"]["services"]["now"] == 0


@pytest.mark.django_db
def test_a_part_the_feed_drops_is_removed_from_its_service(needs):
    run()

    def change(services):
        record = next(s for s in services if s["id"] == uid("svc:stay-play-c"))
        record["schedules"][0]["byday"] = "MO"
    run(_edited(change))
    assert list(imported("service", "svc:stay-play-c").schedules.values_list("byday", flat=True)) == ["MO"]
    assert Schedule.objects.filter(service__isnull=False, byday="WE", service=imported("service", "svc:stay-play-c")).count() == 0


@pytest.mark.django_db
def test_a_service_may_name_an_organisation_imported_from_the_same_feed_before(needs):
    _, feed = run()
    document = reading.read_document([{"id": "late-1", "name": "Late service", "status": "active",
                                       "organization_id": uid("org:hendon")}], "feed")
    report = importer.import_document(feed, document)
    assert report["services"]["created"] == 1
    assert Service.objects.get(name="Late service").organisation == imported("organisation", "org:hendon")


def _found(words: str) -> list[str]:
    from kith.directory.search import SearchCriteria, search

    return [hit.service.name for hit in search(SearchCriteria(words=words)).hits]


@pytest.mark.django_db
def test_search_finds_imported_services_as_the_feed_last_gave_them(needs):
    run()
    assert _found("pantry") == ["Hendon Community Pantry"]
    assert _found("larder") == []
    assert _found("baby bank") == ["Baby bank"]

    def change(services):
        next(s for s in services if s["id"] == uid("svc:pantry"))["name"] = "Hendon Larder"
        next(s for s in services if s["id"] == uid("svc:baby-bank"))["status"] = "defunct"
    run(_edited(change))
    assert _found("larder") == ["Hendon Larder"]
    assert _found("baby bank") == []   # closed services are not listed


@pytest.mark.django_db
def test_a_need_linked_in_kith_stays_when_the_feed_adds_it_too(needs):
    from kith.directory.models import Attribute, TaxonomyTerm

    run()
    pantry = imported("service", "svc:pantry")
    meals = TaxonomyTerm.objects.get(code="community-meals")
    by_hand = Attribute.objects.create(service=pantry, taxonomy_term=meals)

    def change(services):
        record = next(s for s in services if s["id"] == uid("svc:pantry"))
        record["attributes"].append({"id": "meals", "taxonomy_term": {"code": "community-meals", "name": "x",
                                                                      "taxonomy": "Kith needs and services"}})
    report, _ = run(_edited(change))
    assert report["services"]["rejected"] == 7 and report["services"]["updated"] == 0
    assert list(pantry.attributes.filter(taxonomy_term=meals)) == [by_hand]
    assert sorted(pantry.taxonomy_terms.values_list("code", flat=True)) == ["community-meals", "community-pantries"]


@pytest.mark.django_db
def test_a_batch_the_database_refuses_is_written_again_a_record_at_a_time(needs, caplog):
    """As when another import of the same feed writes one of its records between reading and writing."""
    from django.utils import timezone

    feed = importer.feed_for(source="messy_feed.json", is_url=False)

    class Racing:
        def set_total(self, total, stage=""):
            now = timezone.now()
            ImportedRecord.objects.create(feed=feed, entity=Entity.SERVICE, external_id=uid("svc:stay-play-c"),
                                          local_id=uuid.uuid4(), fetched_at=now, first_seen=now, last_seen=now)

        def advance(self, step=1):
            pass

        def stage(self, text):
            pass

    report = importer.import_document(feed, reading.read_file(MESSY_FEED), progress=Racing())
    assert "refused; writing it a record at a time" in caplog.text
    assert report["services"] == {"created": 24, "updated": 0, "unchanged": 0, "rejected": 7}
    assert len(report["rejected"]) == 8
    play = imported("service", "svc:stay-play-c")   # the other import's record now names the service made
    assert play.schedules.count() == 2
    assert Service.objects.filter(name__startswith="Stay and Play (Central)").count() == 1
    again, _ = run(feed=feed)
    assert again["services"]["unchanged"] == 24


@pytest.mark.django_db
def test_a_location_two_services_give_differently_is_one_location_as_the_later_gives_it(needs):
    from .conftest import feed_services

    services = feed_services(2)
    for n, service in enumerate(services):
        service["service_at_locations"] = [{"id": f"link-{n}", "location": {
            "id": "hall", "name": ["Church hall", "St Peter's church hall"][n], "location_type": "physical",
            "addresses": [{"id": "hall-address", "address_1": "1 Church Street", "city": "Sunderland",
                           "postal_code": "SR6 0DY", "country": "GB", "address_type": "physical"}]}}]
    feed = importer.feed_for(source="shared.json", is_url=False)
    report = importer.import_document(feed, reading.read_document(services, "shared.json"))
    assert report["services"]["created"] == 2 and report["locations"] == {"created": 1, "updated": 0, "unchanged": 0}
    hall = Location.objects.get(pk=ImportedRecord.objects.get(entity="location", external_id="hall").local_id)
    assert hall.name == "St Peter's church hall" and hall.addresses.count() == 1
    assert Location.objects.filter(name__contains="hall").count() == 1
    assert sorted(hall.service_at_locations.values_list("service__name", flat=True)) == ["Service 1", "Service 2"]
