"""Official indicators read in the formats they are published in, so a council can load the national files.

- English Indices of Deprivation 2025 (MHCLG), one row per 2021 LSOA: the overall IMD and its seven
  domains, each an indicator holding the score with its rank (1 = most deprived) and decile.
- Census 2021 (ONS): usual residents by six age bands, and households by number of deprivation
  dimensions (TS011), with the share of households deprived in two or more dimensions derived from it.

Each file loads in one transaction, after every row has been read and checked: a file that cannot be
read writes nothing. Rows for areas Kith has not loaded are skipped.
"""

from collections.abc import Callable, Iterable
from pathlib import Path

from django.db import transaction

from kith.areas.models import Area

from .reading import ReadError, read_csv, require_columns
from .saving import Figures, Report, upsert_indicator

OGL = "Contains public sector information licensed under the Open Government Licence v3.0."
CODE = "lsoa21_code"
IOD_SOURCE = "English Indices of Deprivation 2025, Ministry of Housing, Communities and Local Government"
CENSUS_SOURCE = "Census 2021, Office for National Statistics"
IOD_DOMAINS = {
    "IMD": ("imd", "Index of Multiple Deprivation"),
    "Income": ("income", "Income deprivation"),
    "Employment": ("employment", "Employment deprivation"),
    "Education": ("education", "Education, skills and training deprivation"),
    "Health": ("health", "Health deprivation and disability"),
    "Crime": ("crime", "Crime"),
    "Housing_and_Services": ("housing-and-services", "Barriers to housing and services"),
    "Environment": ("environment", "Living environment deprivation"),
}
AGE_BANDS = {
    "total_usual_residents": ("all", "Usual residents"),
    "Aged 15 years and under": ("aged-0-15", "Residents aged 15 and under"),
    "Aged 16 to 24 years": ("aged-16-24", "Residents aged 16 to 24"),
    "Aged 25 to 34 years": ("aged-25-34", "Residents aged 25 to 34"),
    "Aged 35 to 49 years": ("aged-35-49", "Residents aged 35 to 49"),
    "Aged 50 to 64 years": ("aged-50-64", "Residents aged 50 to 64"),
    "Aged 65 years and over": ("aged-65-plus", "Residents aged 65 and over"),
}
DIMENSIONS = {
    "total_households": ("all", "Households", True),
    "Household is not deprived in any dimension": ("deprived-0", "Households not deprived in any dimension", False),
    "Household is deprived in one dimension": ("deprived-1", "Households deprived in one dimension", True),
    "Household is deprived in two dimensions": ("deprived-2", "Households deprived in two dimensions", True),
    "Household is deprived in three dimensions": ("deprived-3", "Households deprived in three dimensions", True),
    "Household is deprived in four dimensions": ("deprived-4", "Households deprived in four dimensions", True),
}
TWO_OR_MORE = ["Household is deprived in two dimensions", "Household is deprived in three dimensions", "Household is deprived in four dimensions"]

Progress = Callable[[Iterable], Iterable]


def known_lsoas(authority: str = "") -> dict[str, int]:
    areas = Area.objects.filter(kind=Area.Kind.LSOA)
    if authority:
        areas = areas.filter(local_authority=authority)
    return dict(areas.values_list("code", "id"))


def number(name: str, line: int, row: dict, column: str, kind: type = float) -> float | int:
    text = (row.get(column) or "").strip()
    try:
        return kind(float(text)) if kind is int and text.endswith(".0") else kind(text)
    except ValueError:
        raise ReadError(f"Line {line} of {name}: {column} of {row.get(CODE)} is {text!r}, not a number.") from None


def read_official(source, columns: list[str], authority: str, progress: Progress) -> tuple[str, list[tuple[int, int, dict]], int]:
    """Rows of known areas as (line, area id, row), and how many rows were skipped."""
    name, header, rows = read_csv(source)
    require_columns(name, header, [CODE, *columns])
    areas = known_lsoas(authority)
    kept, skipped = [], 0
    for line, row in progress(rows):
        area_id = areas.get((row.get(CODE) or "").strip())
        if area_id is None:
            skipped += 1
        else:
            kept.append((line, area_id, row))
    return name, kept, skipped


def load_iod(source, *, authority: str = "", progress: Progress = iter) -> Report:
    columns = [f"{domain}_{part}" for domain in IOD_DOMAINS for part in ("score", "rank", "decile")]
    name, rows, skipped = read_official(source, columns, authority, progress)
    figures: dict[str, dict[int, Figures]] = {domain: {} for domain in IOD_DOMAINS}
    for line, area_id, row in rows:
        for domain in IOD_DOMAINS:
            figures[domain][area_id] = (
                number(name, line, row, f"{domain}_score"),
                number(name, line, row, f"{domain}_rank", int),
                number(name, line, row, f"{domain}_decile", int),
            )
    report = Report(skipped=skipped)
    with transaction.atomic():
        for domain, (slug, title) in IOD_DOMAINS.items():
            definition = {
                "slug": f"iod2025-{slug}",
                "name": f"{title} (IoD 2025)",
                "description": f"{title} score from the English Indices of Deprivation 2025; a higher score means more deprived. "
                "Rank 1 is the most deprived of England's 33,755 LSOAs; decile 1 the most deprived tenth.",
                "source": IOD_SOURCE,
                "attribution": OGL,
                "unit": "score",
                "higher_is_more_need": True,
                "area_kind": Area.Kind.LSOA,
                "period": "2025",
            }
            upsert_indicator(definition, figures[domain], report)
    return report


def census_definition(slug: str, name: str, unit: str, higher_is_more_need: bool = True) -> dict:
    return {
        "slug": f"census2021-{slug}",
        "name": f"{name} (Census 2021)",
        "description": "",
        "source": CENSUS_SOURCE,
        "attribution": OGL,
        "unit": unit,
        "higher_is_more_need": higher_is_more_need,
        "area_kind": Area.Kind.LSOA,
        "period": "2021",
    }


def load_census_counts(source, bands: dict, prefix: str, unit: str, authority: str, progress: Progress) -> tuple[Report, list, str]:
    name, rows, skipped = read_official(source, list(bands), authority, progress)
    figures = {column: {area_id: (number(name, line, row, column, int), None, None) for line, area_id, row in rows} for column in bands}
    report = Report(skipped=skipped)
    for column, (slug, title, *more_need) in bands.items():
        upsert_indicator(census_definition(f"{prefix}-{slug}", title, unit, *more_need), figures[column], report)
    return report, rows, name


def load_census_age(source, *, authority: str = "", progress: Progress = iter) -> Report:
    with transaction.atomic():
        return load_census_counts(source, AGE_BANDS, "residents", "people", authority, progress)[0]


def load_census_households(source, *, authority: str = "", progress: Progress = iter) -> Report:
    with transaction.atomic():
        report, rows, name = load_census_counts(source, DIMENSIONS, "households", "households", authority, progress)
        shares = {}
        for line, area_id, row in rows:
            total = number(name, line, row, "total_households", int)
            deprived = sum(number(name, line, row, column, int) for column in TWO_OR_MORE)
            if total:
                shares[area_id] = (round(100 * deprived / total, 2), None, None)
        definition = census_definition("households-deprived-2-plus-share", "Share of households deprived in two or more dimensions", "%")
        definition["description"] = "Households deprived in two, three or four of the census dimensions (employment, education, health and disability, housing), as a percentage of all households."
        upsert_indicator(definition, shares, report)
    return report
