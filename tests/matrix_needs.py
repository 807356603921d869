"""Permission matrix rows for the needs maps: open data, so everyone may read and nobody changes anything."""

from django.utils import timezone

from .matrix import EVERYONE, Row

ROWS: dict[str, Row] = {
    "needs:map": Row(lambda r: "/needs/", read=EVERYONE),
    "needs:area": Row(lambda r: f"/needs/areas/{r['area'].code}/", read=EVERYONE),
}


def records(records, people):
    from kith.areas.models import Area

    square = {"type": "Polygon", "coordinates": [[[-1.4, 54.9], [-1.39, 54.9], [-1.39, 54.91], [-1.4, 54.91], [-1.4, 54.9]]]}
    area = Area.objects.create(code="E01000001", kind=Area.Kind.LSOA, name="Matrix LSOA", local_authority="E08000024",
                               boundary=square, latitude=54.905, longitude=-1.395, area_km2=0.7, source="test",
                               loaded_at=timezone.now())
    return {"area": area}
