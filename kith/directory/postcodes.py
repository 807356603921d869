"""Offline postcode look-up for the place, from the ONS Postcode Directory extract shipped in data/.

The files are named by the place's GSS code (KITH_PLACE_CODE): postcodes_<code>.csv holds each
postcode's point and 2021 LSOA; outcodes_<code>.csv the centre of each postcode district the place
touches, for when someone gives only the first half of a postcode.
"""

import csv
import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

from django.conf import settings

DATA = Path(__file__).parent / "data"

# The same shape the models accept (see directory.models.postcode_validator), without the space.
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_OUTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


class PostcodePoint(NamedTuple):
    postcode: str
    latitude: float
    longitude: float
    lsoa21: str


def _squash(text) -> str:
    return re.sub(r"\s+", "", str(text or "")).upper()


def normalise(postcode) -> str | None:
    """`sr1  3sd` → `SR1 3SD`; None if it is not shaped like a full UK postcode."""
    match = _POSTCODE.match(_squash(postcode))
    return f"{match[1]} {match[2]}" if match else None


def outcode(text) -> str | None:
    """The postcode district (`SR1`) of a full postcode or of a district given alone."""
    match = _POSTCODE.match(_squash(text))
    if match:
        return match[1]
    alone = str(text or "").strip().upper()
    return alone if _OUTCODE.match(alone) else None


@cache
def _points(place_code: str) -> dict[str, PostcodePoint]:
    path = DATA / f"postcodes_{place_code}.csv"
    if not path.exists():
        return {}
    with path.open(newline="") as f:
        return {
            row["postcode"]: PostcodePoint(row["postcode"], float(row["latitude"]), float(row["longitude"]), row["lsoa21"])
            for row in csv.DictReader(f)
        }


@cache
def _districts(place_code: str) -> dict[str, tuple[float, float]]:
    path = DATA / f"outcodes_{place_code}.csv"
    if not path.exists():
        return {}
    with path.open(newline="") as f:
        return {row["outcode"]: (float(row["latitude"]), float(row["longitude"])) for row in csv.DictReader(f)}


def points() -> dict[str, PostcodePoint]:
    """Every known postcode of the place, keyed by normalised postcode."""
    return _points(settings.KITH_PLACE_CODE)


def lookup(postcode) -> PostcodePoint | None:
    key = normalise(postcode)
    return points().get(key) if key else None


def locate(postcode) -> tuple[float, float] | None:
    """(latitude, longitude) of a postcode in the place; None if malformed or not known here."""
    point = lookup(postcode)
    return (point.latitude, point.longitude) if point else None


def locate_district(text) -> tuple[float, float] | None:
    """Centre of the postcode district of `text` (a full postcode or just `SR1`), if the place touches it."""
    code = outcode(text)
    return _districts(settings.KITH_PLACE_CODE).get(code) if code else None
