import functools

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from kith.accounts.models import User
from kith.directory import models as directory
from kith.organisations.models import Membership, Organisation

TEST_PASSWORD = "correct-horse-battery-staple"


@functools.cache
def _test_password_hash() -> str:
    return make_password(TEST_PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    # Hashed once with the real (Argon2) hasher and shared: hashing per user made each test slow.
    password = factory.LazyFunction(lambda: _test_password_hash())


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    description = "Helps families in the area with practical and emotional support."
    organisation_type = "charity"
    email = factory.Sequence(lambda n: f"hello{n}@org.example.org")
    verification_status = "verified"
    last_confirmed_at = factory.LazyFunction(timezone.now)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "member"


class TaxonomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = directory.Taxonomy
        django_get_or_create = ["name"]

    name = "Kith needs and services"
    description = "Needs and service types for family and community support."


class TaxonomyTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = directory.TaxonomyTerm

    taxonomy = factory.SubFactory(TaxonomyFactory)
    code = factory.Sequence(lambda n: f"term-{n}")
    name = factory.Sequence(lambda n: f"Term {n}")
    description = "A need or type of service."


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = directory.Service

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "Weekly drop-in for parents and carers of young children."
    minimum_age = 0
    maximum_age = 5
    verification_status = "verified"
    last_confirmed_at = factory.LazyFunction(timezone.now)
    capacity_confirmed_at = factory.LazyFunction(timezone.now)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = directory.Location

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Community Centre {n}")
    postcode = "SR1 3SD"
    latitude = 54.9046
    longitude = -1.3822


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = directory.Schedule

    service = factory.SubFactory(ServiceFactory)
    byday = "MO"
    opens_at = "09:30"
    closes_at = "12:00"


# Appended with the invitation tests; imports kept here so the file above stays as it was.
import datetime  # noqa: E402
import hashlib  # noqa: E402

from kith.organisations.models import Invitation  # noqa: E402


class InvitationFactory(factory.django.DjangoModelFactory):
    """An invitation whose link token the test chooses: InvitationFactory(token="...")."""

    class Meta:
        model = Invitation
        exclude = ["token"]

    token = factory.Sequence(lambda n: f"test-invitation-token-{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invited{n}@example.org")
    role = "member"
    token_hash = factory.LazyAttribute(lambda o: hashlib.sha256(o.token.encode()).hexdigest())
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = directory.Address

    location = factory.SubFactory(LocationFactory)
    address_1 = factory.Sequence(lambda n: f"{n} High Street West")
    city = "Sunderland"
    postal_code = "SR1 3SD"


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = directory.ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory, organisation=factory.SelfAttribute("..service.organisation"))
