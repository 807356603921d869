"""A round trip: Kith's own ORUK API, served by the live server, imported as a feed. What comes
back matches what went out, and a second pull changes nothing."""

import pytest

from kith.core.models import Event
from kith.directory.models import Attribute, Service
from kith.interchange.feeds import importer, reading
from kith.interchange.models import ImportedRecord
from kith.organisations.models import Organisation
from kith.testing import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def published(needs):
    organisation = factories.OrganisationFactory(name="Roker Family Trust", verification_status="verified")
    location = factories.LocationFactory(organisation=organisation, name="Roker Hub", postcode="SR6 9AA")
    factories.AddressFactory(location=location, address_1="1 Roker Terrace", postal_code="SR6 9AA")
    services = []
    for n, code in enumerate(["stay-and-play", "food-banks", "debt-advice"]):
        service = factories.ServiceFactory(organisation=organisation, name=f"Roker service {n}", url=f"https://roker.example.org/{n}",
                                           email=f"service{n}@roker.example.org", minimum_age=n, maximum_age=n + 10,
                                           accepting_referrals=n != 1, typical_wait_weeks=n + 1, referral_route="self")
        factories.ScheduleFactory(service=service, byday=["MO", "WE", "FR"][n], opens_at="10:00", closes_at="12:30")
        factories.ServiceAtLocationFactory(service=service, location=location)
        Attribute.objects.create(service=service, taxonomy_term=needs.taxonomy.terms.get(code=code))
        services.append(service)
    factories.ServiceFactory(organisation=organisation, name="Not yet verified", verification_status="awaiting")
    return services


def test_kiths_own_feed_comes_back_as_it_went_out(live_server, published):
    url = f"{live_server.url}/api/oruk"
    feed = importer.feed_for(source=url, is_url=True, name="Kith itself")
    report = importer.import_document(feed, reading.fetch_url(url))
    assert report["services"] == {"created": 3, "updated": 0, "unchanged": 0, "rejected": 0}, report["rejected"]
    assert report["warnings"] == []
    for original in published:
        copy = Service.objects.get(pk=ImportedRecord.objects.get(entity="service", external_id=str(original.pk)).local_id)
        assert copy.pk != original.pk
        fields = ["name", "description", "url", "email", "minimum_age", "maximum_age", "status"]
        assert {f: getattr(copy, f) for f in fields} == {f: getattr(original, f) for f in fields}
        assert ([(s.byday, s.opens_at, s.closes_at) for s in copy.schedules.all()]
                == [(s.byday, s.opens_at, s.closes_at) for s in original.schedules.all()])
        assert set(copy.taxonomy_terms.all()) == set(original.taxonomy_terms.all())
        assert [link.location.postcode for link in copy.service_at_locations.all()] == ["SR6 9AA"]
        # Capacity from Kith's extension, on creation; the copy waits for verification here.
        assert (copy.accepting_referrals, copy.typical_wait_weeks, copy.referral_route) == (
            original.accepting_referrals, original.typical_wait_weeks, original.referral_route)
        assert copy.verification_status == "awaiting"
    copied = Organisation.objects.get(pk=ImportedRecord.objects.get(entity="organisation").local_id)
    assert copied.name == "Roker Family Trust" and copied.verification_status == "awaiting"
    # Only published services travel.
    assert not ImportedRecord.objects.filter(external_id=str(Service.objects.get(name="Not yet verified").pk)).exists()

    events = Event.objects.count()
    again = importer.import_document(feed, reading.fetch_url(url))
    assert again["services"] == {"created": 0, "updated": 0, "unchanged": 3, "rejected": 0}
    assert Event.objects.count() == events
