"""Local intelligence, aggregated and anonymised: counts by area and need theme, never what anyone wrote.

Three sources feed it:

- needs recorded by the sector and accepted by LIO staff, counted where they were recorded (an LSOA or a
  whole ward), with the people the recorder said they concern;
- directory searches that found nothing in the last 12 months. A search keeps only its postcode district,
  so it is placed in the LSOA holding the district's centre, and so in that LSOA's ward and authority.
  This is an approximation: a district covers many LSOAs, and its searches all land in one of them.
  Searches naming no need but with words are counted as "words only"; the words themselves are never
  shown, nor are searches with neither (filters only) or without a district;
- referrals declined in the last 12 months for lack of capacity or because the person was not eligible
  (kith.referrals records each as a DeclinedReferral: the need, the person's LSOA and the month, nothing
  else). Those whose postcode gave no LSOA in the place are not shown here.

A need recorded against a term (debt advice) counts towards its theme (money, debt and benefits).

Suppression: any count from 1 to SUPPRESS_BELOW - 1 is shown as "fewer than 3" (never the number), for
needs, people, searches and declined referrals alike, because a count of one or two in a small area could
single out a person.
Zero is shown as it is. Totals for a ward or the authority are summed from the unsuppressed figures and then
suppressed by the same rule, so they stay exact; a reader comparing a ward with its LSOAs could at most
learn that a suppressed cell is 1 or 2, which the rule already admits.

Whatever the size of the place, a summary takes at most six queries.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import BooleanField, Case, Count, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from kith.areas.models import Area
from kith.directory.models import TaxonomyTerm, UnmetSearch
from kith.postcodes.models import PostcodeDistrict

from ..models import DeclinedReferral, RecordedNeed
from .places import index_lsoas

SUPPRESS_BELOW = 3
SEARCH_WINDOW = timedelta(days=365)
WORDS_ONLY = "words-only"
WORDS_ONLY_NAME = "Words only (no need chosen)"


@dataclass(frozen=True)
class Figure:
    """A count fit to show: `number` is None when the count was suppressed, so the true value never leaves here."""

    number: int | None

    @classmethod
    def of(cls, count: int) -> "Figure":
        return cls(None if 0 < count < SUPPRESS_BELOW else count)

    @property
    def suppressed(self) -> bool:
        return self.number is None

    def __str__(self) -> str:
        return f"fewer than {SUPPRESS_BELOW}" if self.number is None else f"{self.number:,}"

    @property
    def plain(self) -> str:
        """For a CSV file: the number without separators, or the words of suppression."""
        return f"fewer than {SUPPRESS_BELOW}" if self.number is None else str(self.number)

    @property
    def sort_key(self) -> int:
        # Suppressed counts sort between 0 and SUPPRESS_BELOW, where they belong.
        return 1 if self.number is None else self.number


@dataclass(frozen=True)
class ThemeFigures:
    """One need theme in one area. `people` is None when there are accepted needs but none said how many people."""

    theme_code: str
    theme_name: str
    recorded_needs: Figure
    people: Figure | None
    unmet_searches: Figure
    declined_referrals: Figure


@dataclass(frozen=True)
class AreaFigures:
    code: str
    name: str
    kind: str
    themes: list[ThemeFigures]


@dataclass
class _Counts:
    needs: int = 0
    people: int = 0
    people_given: int = 0
    searches: int = 0
    declined: int = 0


@dataclass
class _Tally:
    areas: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # code: (kind, name, ward)
    themes: dict[str, tuple[str, str]] = field(default_factory=dict)      # key: (code, name)
    totals: dict[str, dict[str, _Counts]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(_Counts)))


def _first_month():
    """The first day of the month 11 months back: with this month, the last 12 months."""
    today = timezone.localdate()
    months = today.year * 12 + today.month - 1 - 11
    return today.replace(year=months // 12, month=months % 12 + 1, day=1)


def area_intelligence(area: Area) -> list[ThemeFigures]:
    """The area's figures by theme (a ward or authority includes every LSOA in it), words only last."""
    authority = area.code if area.kind == Area.Kind.LOCAL_AUTHORITY else area.local_authority
    tally = _tally(authority)
    return _figures(tally, tally.totals.get(area.code, {}))


def ward_intelligence(authority: str) -> tuple[list[ThemeFigures], list[AreaFigures]]:
    """The authority's figures by theme, and each ward's with anything to show (by name)."""
    tally = _tally(authority)
    wards = [AreaFigures(code=code, name=name, kind=kind, themes=_figures(tally, tally.totals[code]))
             for code, (kind, name, _) in sorted(tally.areas.items(), key=lambda item: (item[1][1], item[0]))
             if kind == Area.Kind.WARD and code in tally.totals]
    return _figures(tally, tally.totals.get(authority, {})), wards


def _figures(tally: _Tally, by_theme: dict[str, _Counts]) -> list[ThemeFigures]:
    rows = []
    for key, counts in by_theme.items():
        code, name = tally.themes[key]
        rows.append(ThemeFigures(theme_code=code, theme_name=name, recorded_needs=Figure.of(counts.needs),
                                 people=_people(counts),
                                 unmet_searches=Figure.of(counts.searches),
                                 declined_referrals=Figure.of(counts.declined)))
    return sorted(rows, key=lambda row: (row.theme_code == WORDS_ONLY, row.theme_name.lower(), row.theme_code))


def _people(counts: _Counts) -> Figure | None:
    if counts.people_given:
        return Figure.of(counts.people)
    # No needs, no people; but needs whose recorders gave no number are "not given", not none.
    return Figure(0) if counts.needs == 0 else None


def _tally(authority: str) -> _Tally:
    tally = _Tally()
    lsoa_boundaries = []
    # 1: the authority and its wards and LSOAs, with the LSOAs' boundaries to place searches in.
    for code, kind, name, ward, local_authority, boundary in (
            Area.objects.filter(Q(local_authority=authority) | Q(code=authority, kind=Area.Kind.LOCAL_AUTHORITY))
            .annotate(shape=Case(When(kind=Area.Kind.LSOA, then=F("boundary")), default=Value(None)))
            .values_list("code", "kind", "name", "ward", "local_authority", "shape")):
        tally.areas[code] = (kind, name, ward)
        if kind == Area.Kind.LSOA and boundary:
            lsoa_boundaries.append((code, boundary))
    # 2: themes, and each term's theme so that a term counts towards it.
    theme_of_code = {}
    for pk, code, name, parent in TaxonomyTerm.objects.order_by("taxonomy_id", "pk").values_list(
            "pk", "code", "name", "parent_id"):
        root = str(parent or pk)
        theme_of_code.setdefault(code, root)
        if parent is None:
            tally.themes[str(pk)] = (code, name)
    tally.themes[WORDS_ONLY] = (WORDS_ONLY, WORDS_ONLY_NAME)

    def add(area_code: str, theme: str, **counts: int) -> None:
        if area_code not in tally.areas:
            return
        kind, _, ward = tally.areas[area_code]
        for code in {area_code, ward if kind == Area.Kind.LSOA else "", authority} - {""}:
            target = tally.totals[code][theme]
            for name, value in counts.items():
                setattr(target, name, getattr(target, name) + value)

    # 3: accepted needs, counted in the database by area and theme.
    needs = (RecordedNeed.objects.filter(Q(area__local_authority=authority) | Q(area__code=authority),
                                         status=RecordedNeed.Status.ACCEPTED)
             .values("area__code", root=Coalesce("theme__parent_id", "theme_id"))
             .annotate(needs=Count("pk"), people=Sum("people_count"), people_given=Count("people_count")))
    for row in needs:
        add(row["area__code"], str(row["root"]), needs=row["needs"], people=row["people"] or 0,
            people_given=row["people_given"])

    # 4: referrals declined in the last 12 months, counted in the database by LSOA and theme.
    declined = (DeclinedReferral.objects.filter(Q(area__local_authority=authority) | Q(area__code=authority),
                                                month__gte=_first_month())
                .values("area__code", root=Coalesce("theme__parent_id", "theme_id")).order_by()
                .annotate(n=Count("pk")))
    for row in declined:
        add(row["area__code"], str(row["root"]), declined=row["n"])

    # 5: the last 12 months' unmet searches, counted in the database by district, needs and whether words were given.
    since = timezone.localdate() - SEARCH_WINDOW
    searches = list(UnmetSearch.objects.filter(created_on__gte=since).exclude(district="")
                    .annotate(with_words=Case(When(words="", then=Value(False)), default=Value(True),
                                              output_field=BooleanField()))
                    .values("district", "term_codes", "with_words").order_by().annotate(n=Count("pk")))
    if not searches:
        return tally
    # 6: the centres of those districts.
    centres = PostcodeDistrict.objects.filter(pk__in={row["district"] for row in searches}).values_list(
        "outcode", "latitude", "longitude")
    lsoas = index_lsoas(lsoa_boundaries)
    lsoa_of_district = {outcode: lsoas.containing(latitude, longitude) for outcode, latitude, longitude in centres}
    for row in searches:
        lsoa = lsoa_of_district.get(row["district"])
        if lsoa is None:
            continue
        codes = row["term_codes"] if isinstance(row["term_codes"], list) else []
        themes = {theme_of_code[code] for code in codes if isinstance(code, str) and code in theme_of_code}
        if not themes and row["with_words"]:
            themes = {WORDS_ONLY}
        for theme in themes:
            add(lsoa, theme, searches=row["n"])
    return tally
