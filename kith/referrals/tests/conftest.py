import pytest
from django.core.cache import cache

from kith.directory import models as directory
from kith.testing import factories


@pytest.fixture
def needs(db):
    theme = factories.TaxonomyTermFactory(name="Family life", code="family-life")
    return [factories.TaxonomyTermFactory(name="Parenting support", code="parenting", parent=theme, taxonomy=theme.taxonomy),
            factories.TaxonomyTermFactory(name="Money advice", code="money", parent=theme, taxonomy=theme.taxonomy)]


@pytest.fixture
def service(org_a, needs):
    """Alpha's service taking both kinds of referral, for children up to 5."""
    service = factories.ServiceFactory(organisation=org_a, name="Little Steps", referral_route="both")
    directory.Attribute.objects.create(service=service, taxonomy_term=needs[0])
    return service


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Self-referral counts live in the cache, which outlives a test: each test starts afresh."""
    cache.clear()
    yield
    cache.clear()
