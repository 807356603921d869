"""Where a need is: the place's wards and LSOAs to choose from, and the LSOA holding a point.

Official LSOAs do not nest in wards; each LSOA records the ward holding its centre (kith.areas), and
that is the ward a need or a search placed in the LSOA counts towards.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from shapely import STRtree
from shapely.geometry import Point, shape

from kith.areas.models import Area


@dataclass(frozen=True)
class Lsoas:
    """The LSOAs of one authority with their shapes indexed, to place points in them."""

    codes: list[str]
    tree: STRtree | None

    def containing(self, latitude: float, longitude: float) -> str | None:
        if self.tree is None:
            return None
        hits = self.tree.query(Point(longitude, latitude), predicate="within")
        # Simplified boundaries may overlap along an edge: the lowest code is a stable choice.
        return min((self.codes[i] for i in hits), default=None)

    def nearest(self, latitude: float, longitude: float) -> str | None:
        if self.tree is None:
            return None
        return self.codes[int(self.tree.nearest(Point(longitude, latitude)))]


def lsoas_of(authority: str) -> Lsoas:
    """One query: the authority's LSOAs and their boundaries."""
    return index_lsoas(Area.objects.filter(kind=Area.Kind.LSOA, local_authority=authority).order_by("code")
                       .values_list("code", "boundary"))


def index_lsoas(rows: Iterable[tuple[str, dict]]) -> Lsoas:
    """Index (code, GeoJSON boundary) pairs for point-in-polygon."""
    shapes = []
    codes = []
    for code, boundary in rows:
        try:
            geometry = shape(boundary)
        except (TypeError, ValueError, AttributeError, KeyError):
            continue  # a boundary the loader let through but shapely cannot read places nothing
        codes.append(code)
        shapes.append(geometry)
    return Lsoas(codes=codes, tree=STRtree(shapes) if shapes else None)


def area_choices(authority: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a select: each ward by name, first the whole ward, then the LSOAs whose centre is in it."""
    areas = list(Area.objects.filter(local_authority=authority, kind__in=[Area.Kind.WARD, Area.Kind.LSOA])
                 .order_by("name", "code").values_list("code", "kind", "name", "ward"))
    lsoas_by_ward: dict[str, list[tuple[str, str]]] = {}
    for code, kind, name, ward in areas:
        if kind == Area.Kind.LSOA:
            lsoas_by_ward.setdefault(ward, []).append((code, f"{name} (small area {code})"))
    groups = []
    for code, kind, name, _ in areas:
        if kind == Area.Kind.WARD:
            groups.append((f"{name} ward", [(code, f"{name} – the whole ward"), *lsoas_by_ward.pop(code, [])]))
    leftover = [choice for choices in lsoas_by_ward.values() for choice in choices]
    if leftover:
        groups.append(("Small areas not in a loaded ward", sorted(leftover, key=lambda c: c[1])))
    return groups
