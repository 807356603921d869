"""What the filters test, written as words in a column of the document's own: "daysa" for a
schedule on Saturdays, "langpl" for Polish, "term…" for each need and its theme, and so on.

Both databases then answer filters as they answer words, through their full-text index (FTS5 on
SQLite; a tsvector with a GIN index on PostgreSQL, whose statistics tell the planner how rare
each one is). Every facet is plain lower-case letters and digits, like the words.
"""

import uuid

from .text import Query

IN_PERSON, ONLINE, BY_PHONE, REMOTE = "inperson", "online", "byphone", "remote"
FREE, ACCEPTING, FAMILY_HUB = "free", "accepting", "familyhub"
ANY_AREA = "areaany"  # no areas recorded: taken to serve anywhere
DELIVERY = {"in_person": IN_PERSON, "online": ONLINE, "by_phone": BY_PHONE}


def _plain(value) -> str:
    return "".join(c for c in str(value).lower() if c.isascii() and c.isalnum())


def day(code: str) -> str:
    return f"day{_plain(code)}"


def language(code: str) -> str:
    return f"lang{_plain(code)}"


def area(code: str) -> str:
    return f"area{_plain(code)}"


def term(pk) -> str:
    # Half the id is plenty to tell a place's few hundred needs apart, and keeps documents small.
    return f"term{uuid.UUID(str(pk)).int >> 64:016x}"


def is_rare(group: tuple[str, ...]) -> bool:
    """Whether few services are likely to have any of these facets (a need, a language, a Family
    Hub, weekends), so that looking them up in the index is worth it; for common ones, like
    "free" or "in person", the index lists most services and reading it costs more than it saves."""
    return all(f.startswith(("term", "lang")) or f in (FAMILY_HUB, day("SA"), day("SU")) for f in group)


def of_criteria(criteria) -> Query:
    """The facets a service needs to meet the criteria: one of each group."""
    groups = []
    if criteria.term_ids:
        groups.append([term(pk) for pk in criteria.term_ids])
    if criteria.free_only:
        groups.append([FREE])
    if any(d in DELIVERY for d in criteria.delivery):
        groups.append([DELIVERY[d] for d in criteria.delivery if d in DELIVERY])
    if criteria.days:
        groups.append([day(d) for d in criteria.days])
    if criteria.language is not None:
        groups.append([language(criteria.language)])
    if criteria.accepting_referrals:
        groups.append([ACCEPTING])
    if criteria.family_hub:
        groups.append([FAMILY_HUB])
    return Query(tuple(tuple(sorted(set(group))) for group in groups))


def serving(area_code: str | None) -> Query:
    """Online or by phone, and serving the area: it lists the area, or lists no areas at all."""
    return Query(((REMOTE,), tuple(sorted({ANY_AREA, *([area(area_code)] if area_code else [])}))))
