"""Names to print on a place's maps: its wards', at their centres (LSOA names are codes, not places people know)."""

from .maps import MapLabel
from .models import Area


def ward_labels(authority: str) -> list[MapLabel]:
    wards = Area.objects.filter(kind=Area.Kind.WARD, local_authority=authority).order_by("name")
    return [MapLabel(name, latitude, longitude) for name, latitude, longitude
            in wards.values_list("name", "latitude", "longitude") if latitude is not None and longitude is not None]
