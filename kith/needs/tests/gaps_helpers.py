"""Test data for the gaps pages: small square areas with residents and a need, and services placed by hand."""

from django.utils import timezone

from kith.areas.models import Area
from kith.directory.models import Attribute, ServiceArea
from kith.needs.gaps.provision import POPULATION_INDICATOR
from kith.needs.models import Indicator, IndicatorValue
from kith.testing.factories import LocationFactory, ServiceAtLocationFactory, ServiceFactory, TaxonomyTermFactory

PLACE = "E08000024"
WARD = "E05000001"
# Half a side of each test area, in degrees.
HALF = 0.004


def square(lat: float, lon: float, half: float = HALF) -> dict:
    return {"type": "Polygon", "coordinates": [[[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half],
                                                [lon - half, lat + half], [lon - half, lat - half]]]}


def area(code: str, lat: float, lon: float, *, kind=Area.Kind.LSOA, ward: str = WARD, authority: str = PLACE,
         name: str | None = None) -> Area:
    return Area.objects.create(code=code, kind=kind, name=name or f"Area {code}", local_authority=authority,
                               ward=ward if kind == Area.Kind.LSOA else "", boundary=square(lat, lon), latitude=lat,
                               longitude=lon, area_km2=0.8, source="test", loaded_at=timezone.now())


def indicator(slug: str, values: dict[Area, float], *, higher_is_more_need: bool = True) -> Indicator:
    ind, _ = Indicator.objects.get_or_create(slug=slug, defaults={"name": slug.replace("-", " ").capitalize(),
                                                                   "higher_is_more_need": higher_is_more_need})
    IndicatorValue.objects.bulk_create([IndicatorValue(indicator=ind, area=a, value=v) for a, v in values.items()])
    return ind


def population(values: dict[Area, float]) -> Indicator:
    return indicator(POPULATION_INDICATOR, values)


def themes():
    """A theme with two terms under it, like the taxonomy's money theme."""
    theme = TaxonomyTermFactory(code="money-debt-and-benefits", name="Money, debt and benefits")
    debt = TaxonomyTermFactory(code="debt-advice", name="Debt advice", parent=theme, taxonomy=theme.taxonomy)
    benefits = TaxonomyTermFactory(code="benefits-advice", name="Benefits advice", parent=theme, taxonomy=theme.taxonomy)
    return theme, debt, benefits


def service(term, *places: tuple[float, float], extents: tuple[str, ...] = (), **fields):
    """A listed service meeting `term`, in person at each (latitude, longitude)."""
    fields.setdefault("minimum_age", None)
    fields.setdefault("maximum_age", None)
    svc = ServiceFactory(**fields)
    Attribute.objects.create(service=svc, taxonomy_term=term)
    for lat, lon in places:
        ServiceAtLocationFactory(service=svc, location=LocationFactory(organisation=svc.organisation, latitude=lat,
                                                                       longitude=lon))
    for code in extents:
        ServiceArea.objects.create(service=svc, name=code, extent=code)
    return svc
