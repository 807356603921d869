"""Which listed services could meet a need in an area: the area profile's matching.

A service serves an area when it says so (a service area, or its organisation's areas served, naming
the area, its ward or its authority), when it has an in-person place within the chosen distance of the
area's centre, or when it is online or by phone and names no areas at all, which search takes to mean
anywhere. Those taking referrals come first, then the nearest.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kith.areas.models import Area as AreaRecord
from kith.needs import coverage

from .provision import ListedService


@dataclass(frozen=True)
class Match:
    service: ListedService
    distance_miles: float | None  # to its nearest in-person place; None when it has none
    reasons: tuple[str, ...]


def area_codes(area: AreaRecord) -> set[str]:
    return {code for code in (area.code, area.ward, area.local_authority) if code}


def nearest_miles(service: ListedService, area: AreaRecord) -> float | None:
    if not (service.in_person and service.places):
        return None
    km = coverage.haversine_km(area.latitude, area.longitude, [p.latitude for p in service.places],
                               [p.longitude for p in service.places]).min()
    return float(km) / coverage.KM_PER_MILE


def match(service: ListedService, area: AreaRecord, within_miles: float, names: dict[str, str]) -> Match | None:
    """How the service serves the area, or None when it does not."""
    reasons = []
    named = sorted(service.extents & area_codes(area))
    if named:
        reasons.append("Serves " + ", ".join(names.get(code, code) for code in named))
    distance = nearest_miles(service, area)
    if distance is not None and distance <= within_miles + coverage.DISTANCE_TOLERANCE_KM / coverage.KM_PER_MILE:
        reasons.append(f"A place {distance:.1f} miles from the area's centre")
    if service.remote and not service.extents:
        reasons.append("Online or by phone, for anyone")
    return Match(service, distance, tuple(reasons)) if reasons else None


def matches(services: list[ListedService], area: AreaRecord, *, need: str, age: int | None, within_miles: float,
            names: dict[str, str]) -> list[Match]:
    found = [m for s in services if need in s.themes and s.suits_age(age)
             if (m := match(s, area, within_miles, names))]
    found.sort(key=lambda m: (not m.service.accepting_referrals,
                              math.inf if m.distance_miles is None else m.distance_miles, m.service.name.lower()))
    return found


def unmet_themes(services: list[ListedService], area: AreaRecord, themes: list, *, within_miles: float) -> list:
    """The themes (taxonomy terms) for which no listed service serves the area."""
    met: set[str] = set()
    for service in services:
        if not service.themes <= met and match(service, area, within_miles, {}):
            met |= service.themes
    return [theme for theme in themes if theme.code not in met]
