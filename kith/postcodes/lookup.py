"""From what someone typed to a point: a full postcode, or a postcode district alone.

`normalise` tidies a full postcode ("sr13sd" → "SR1 3SD"). `find` looks it up in one query and
falls back to the district's centre when a well-formed postcode is not in the directory, so that a
new or mistyped postcode still gives a search near the right place, with a notice that says so.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.db.models import IntegerField, Value

from .models import Postcode, PostcodeDistrict

MALFORMED = "Enter a real postcode, like SR1 3SD"
NOT_FOUND = "We could not find that postcode"

# The shapes the directory's own validator accepts, without the space.
_POSTCODE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})")
_OUTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?")
# A postcode is at most 8 characters; anything much longer is not one, whatever it holds.
_LONGEST = 40


class PostcodeError(ValueError):
    """What someone typed gives no point. `message` is written to be shown to them."""

    message = MALFORMED

    def __init__(self, text=None):
        super().__init__(self.message)
        self.text = text


class MalformedPostcode(PostcodeError):
    message = MALFORMED


class UnknownPostcode(PostcodeError):
    message = NOT_FOUND


@dataclass(frozen=True)
class PostcodeMatch:
    """Where to search from.

    `postcode` is what was asked for, normalised: a full postcode ("SR1 3SD") or a district ("SR1").
    `exact` is true when the point is that postcode's own; otherwise it is the district's centre,
    and `fallback` says whether that was because a full postcode was not found.
    """

    postcode: str
    outcode: str
    latitude: float
    longitude: float
    local_authority: str
    exact: bool
    fallback: bool = False

    @property
    def point(self) -> tuple[float, float]:
        return self.latitude, self.longitude

    @property
    def is_district(self) -> bool:
        return not self.exact

    @property
    def notice(self) -> str | None:
        if not self.fallback:
            return None
        return f"We could not find {self.postcode}, so we searched from the centre of {self.outcode}"


def _clean(text) -> str:
    """Upper case, compatibility forms folded (full-width "ＳＲ１" is "SR1"), invisible format characters
    (zero-width spaces from copy and paste) dropped, ends stripped; "" for anything that is not short text."""
    if not isinstance(text, str) or len(text) > _LONGEST:
        return ""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip().upper()


def _parse(text) -> tuple[str, str | None]:
    """(outcode, inward code) of a full postcode, (outcode, None) of a district alone; MalformedPostcode otherwise."""
    cleaned = _clean(text)
    compact = re.sub(r"\s+", "", cleaned)
    if match := _POSTCODE.fullmatch(compact):
        return match[1], match[2]
    # A district has no space in it: "SR1 3" is half a postcode, not the district SR13.
    if compact == cleaned and _OUTCODE.fullmatch(compact):
        return compact, None
    raise MalformedPostcode(text)


def normalise(text) -> str | None:
    """`sr1  3sd` → `SR1 3SD`; None unless it is shaped like a full UK postcode."""
    try:
        outcode, inward = _parse(text)
    except MalformedPostcode:
        return None
    return f"{outcode} {inward}" if inward else None


def find(text) -> PostcodeMatch:
    """The point to search from for a full postcode or a district, in one query.

    A well-formed full postcode that the directory does not hold gives its district's centre, flagged
    `fallback`. Raises MalformedPostcode for anything not shaped like a postcode or district, and
    UnknownPostcode when neither the postcode nor its district is known.
    """
    outcode, inward = _parse(text)
    district = PostcodeDistrict.objects.filter(pk=outcode).values_list(
        "latitude", "longitude", "local_authority", Value(0, output_field=IntegerField()))
    if inward is None:
        rows = list(district)
    else:
        postcode = f"{outcode} {inward}"
        own = Postcode.objects.filter(pk=postcode).values_list(
            "latitude", "longitude", "local_authority", Value(1, output_field=IntegerField()))
        rows = list(own.union(district, all=True))
    if not rows:
        raise UnknownPostcode(text)
    latitude, longitude, local_authority, exact = max(rows, key=lambda row: row[3])
    return PostcodeMatch(postcode=f"{outcode} {inward}" if inward else outcode, outcode=outcode, latitude=latitude,
                         longitude=longitude, local_authority=local_authority, exact=bool(exact),
                         fallback=inward is not None and not exact)
