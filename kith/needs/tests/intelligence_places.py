"""A small made-up place for local intelligence tests: Sunderland's code, two wards of two LSOAs each, squares
that make point-in-polygon obvious, a few postcodes, and one LSOA and postcode in another authority."""

from django.utils import timezone

from kith.areas.models import Area
from kith.postcodes.models import Postcode, PostcodeDistrict

PLACE = "E08000024"
ELSEWHERE = "E06000052"
WARD_1, WARD_2 = "E05000001", "E05000002"
LSOA_1, LSOA_2, LSOA_3, LSOA_4, LSOA_AWAY = "E01000011", "E01000012", "E01000013", "E01000014", "E01000099"


def square(west: float, south: float, east: float, north: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[west, south], [east, south], [east, north], [west, north], [west, south]]]}


def _area(code, kind, name, box, authority=PLACE, ward=""):
    west, south, east, north = box
    return Area.objects.create(code=code, kind=kind, name=name, local_authority=authority, ward=ward,
                               boundary=square(*box), latitude=(south + north) / 2, longitude=(west + east) / 2,
                               area_km2=10.0, source="test", loaded_at=timezone.now())


def make_place() -> dict[str, Area]:
    """The place's authority, wards and LSOAs, and an LSOA elsewhere; postcodes SR1 1AA (LSOA 1), SR2 2BB (LSOA 3),
    TR1 1AA (elsewhere), and districts SR1, SR2 (centres in LSOAs 1 and 3), SR9 (centre outside every LSOA)."""
    K = Area.Kind
    areas = {
        "place": _area(PLACE, K.LOCAL_AUTHORITY, "Sunderland", (-1.6, 54.8, -1.3, 55.0), authority=""),
        "ward_1": _area(WARD_1, K.WARD, "Hendon", (-1.6, 54.8, -1.45, 55.0)),
        "ward_2": _area(WARD_2, K.WARD, "Millfield", (-1.45, 54.8, -1.3, 55.0)),
        "lsoa_1": _area(LSOA_1, K.LSOA, "Sunderland 001A", (-1.6, 54.8, -1.525, 55.0), ward=WARD_1),
        "lsoa_2": _area(LSOA_2, K.LSOA, "Sunderland 001B", (-1.525, 54.8, -1.45, 55.0), ward=WARD_1),
        "lsoa_3": _area(LSOA_3, K.LSOA, "Sunderland 002A", (-1.45, 54.8, -1.375, 55.0), ward=WARD_2),
        "lsoa_4": _area(LSOA_4, K.LSOA, "Sunderland 002B", (-1.375, 54.8, -1.3, 55.0), ward=WARD_2),
        "away": _area(LSOA_AWAY, K.LSOA, "Cornwall 001A", (-5.1, 50.2, -5.0, 50.3), authority=ELSEWHERE),
    }
    Postcode.objects.bulk_create([
        Postcode(postcode="SR1 1AA", outcode="SR1", latitude=54.9, longitude=-1.55, local_authority=PLACE),
        Postcode(postcode="SR2 2BB", outcode="SR2", latitude=54.9, longitude=-1.4, local_authority=PLACE),
        Postcode(postcode="TR1 1AA", outcode="TR1", latitude=50.25, longitude=-5.05, local_authority=ELSEWHERE),
    ])
    PostcodeDistrict.objects.bulk_create([
        PostcodeDistrict(outcode="SR1", latitude=54.9, longitude=-1.56, postcodes=100, local_authority=PLACE),
        PostcodeDistrict(outcode="SR2", latitude=54.9, longitude=-1.41, postcodes=100, local_authority=PLACE),
        PostcodeDistrict(outcode="SR9", latitude=56.0, longitude=-1.4, postcodes=3, local_authority=PLACE),
        PostcodeDistrict(outcode="TR1", latitude=50.25, longitude=-5.05, postcodes=100, local_authority=ELSEWHERE),
    ])
    return areas
