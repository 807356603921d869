"""The figures of a round, computed from plain answers so they can be checked without a database.

Anonymity rule (the one place it is decided): a sector with fewer respondents than the round's threshold
is never shown on its own. Its answers always count in "All". Because "All" minus the sectors shown would
give away the sectors not shown, the part of "All" that is not shown by sector must itself have either no
respondents or at least the threshold. So small sectors are pooled as "Other sectors"; while that pool is
still below the threshold, whole sectors are moved into it, smallest first, the council and VCFSE last (they
carry the perception gap); if even that is not enough, no figures by sector are shown at all. A round whose
respondents in all are below the threshold shows no figures.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

SCALE = (1, 2, 3, 4, 5)
SCALE_LABELS = {1: "Strongly disagree", 2: "Disagree", 3: "Neither agree nor disagree", 4: "Agree",
                5: "Strongly agree"}
# A perception gap this big (in points on the 1 to 5 scale) is highlighted.
GAP_HIGHLIGHT = 0.5
# A statement whose average is below the scale's midpoint in both sectors is one they agree is weak.
MIDPOINT = 3.0
# A change in a principle's average smaller than this is reported as "about the same".
TREND_STEADY = 0.05
STRENGTHS_SHOWN = 2

ALL = "all"
COUNCIL = "council"
VCFSE = "vcfse"
OTHER = "other"
SECTOR_ORDER = ("council", "vcfse", "other_statutory", "lio")
GROUP_LABELS = {ALL: "All", COUNCIL: "Council", VCFSE: "VCFSE", "other_statutory": "Other statutory bodies",
                "lio": "Local infrastructure organisation", OTHER: "Other sectors"}
_PEOPLE_OF_SECTOR = {COUNCIL: "the council", VCFSE: "the VCFSE sector", "other_statutory": "other statutory bodies",
                     "lio": "the local infrastructure organisation"}
# When a sector must join the pool, the ones outside the gap go first.
_POOL_PRIORITY = {"other_statutory": 0, "lio": 0, COUNCIL: 1, VCFSE: 1}
_EPSILON = 1e-9


@dataclass(frozen=True)
class AnswerRow:
    """One answer: whose response (any id, only counted), their sector, where the statement sits, the value
    1 to 5 or None for "Don't know"."""
    response: Hashable
    sector: str
    principle: str
    element: str
    statement: str
    value: int | None


@dataclass
class Tally:
    """Answers to one statement, element or principle from one group."""
    distribution: list[int] = field(default_factory=lambda: [0] * len(SCALE))
    dont_know: int = 0

    def add(self, value: int | None) -> None:
        if value is None:
            self.dont_know += 1
        else:
            self.distribution[value - 1] += 1

    @property
    def rated(self) -> int:
        return sum(self.distribution)

    @property
    def answers(self) -> int:
        return self.rated + self.dont_know

    @property
    def mean(self) -> float | None:
        if not self.rated:
            return None
        return sum(v * n for v, n in zip(SCALE, self.distribution)) / self.rated

    @property
    def disagree(self) -> int:
        return self.distribution[0] + self.distribution[1]

    @property
    def agree(self) -> int:
        return self.distribution[3] + self.distribution[4]

    def share(self, count: int) -> int:
        """A count as a whole percentage of the rated answers (Don't know is reported apart)."""
        return round(100 * count / self.rated) if self.rated else 0


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    respondents: int
    sectors: tuple[str, ...]


def one_decimal(mean: float) -> float:
    """An average as the pages show it."""
    return float(f"{mean:.1f}")


@dataclass(frozen=True)
class Gap:
    """Council minus VCFSE. `value` is exact (the CSV gives it to two places, as its averages); what the pages
    show, say and highlight is `shown`, the difference of the averages shown beside it, so a reader never sees
    "3.9 and 2.4, a gap of 1.4", nor "by 0.5 points" left unhighlighted."""
    council: float
    vcfse: float

    @property
    def value(self) -> float:
        return self.council - self.vcfse

    @property
    def shown(self) -> float:
        return round(one_decimal(self.council) - one_decimal(self.vcfse), 1)

    @property
    def highlighted(self) -> bool:
        return abs(self.shown) >= GAP_HIGHLIGHT - _EPSILON

    @property
    def words(self) -> str:
        size = abs(self.shown)
        if size == 0:
            return "Council and VCFSE respondents give the same average"
        who = "Council" if self.shown > 0 else "VCFSE"
        return f"{who} respondents are more positive, by {size:.1f} points"


@dataclass
class Item:
    """A principle, element or statement, with a tally per group shown."""
    level: str
    principle: str
    element: str
    statement: str
    tallies: dict[str, Tally]
    gap: Gap | None = None

    @property
    def label(self) -> str:
        return {"principle": self.principle, "element": self.element}.get(self.level, self.statement)

    @property
    def all(self) -> Tally:
        return self.tallies[ALL]


@dataclass(frozen=True)
class Finding:
    statement: str
    principle: str
    words: str


@dataclass
class RoundFigures:
    threshold: int
    respondents: int
    groups: list[Group]
    hidden_sectors: list[str]
    principles: list[Item]
    elements: list[Item]
    statements: list[Item]
    strengths: list[Finding]
    weaknesses: list[Finding]
    agreed_weaknesses: list[Finding]

    @property
    def shown(self) -> bool:
        return self.respondents >= self.threshold > 0

    @property
    def has_gap(self) -> bool:
        keys = {g.key for g in self.groups}
        return COUNCIL in keys and VCFSE in keys

    @property
    def sector_groups(self) -> list[Group]:
        """The groups shown beside "All"."""
        return [g for g in self.groups if g.key != ALL]

    @property
    def hidden_labels(self) -> list[str]:
        return [GROUP_LABELS.get(s, s) for s in self.hidden_sectors]

    @property
    def hidden_in_words(self) -> str:
        """Whose answers are pooled, as the middle of a sentence: "other statutory bodies and the LIO"."""
        names = [_PEOPLE_OF_SECTOR.get(s, s) for s in self.hidden_sectors]
        return " and ".join(filter(None, [", ".join(names[:-1]), names[-1]])) if names else ""

    def elements_of(self, principle: str) -> list[Item]:
        return [e for e in self.elements if e.principle == principle]

    def statements_of(self, principle: str, element: str) -> list[Item]:
        return [s for s in self.statements if s.principle == principle and s.element == element]


def sector_groups(respondents_by_sector: dict[str, int], threshold: int) -> tuple[list[Group], list[str]]:
    """The groups shown beside "All", and the sectors not shown on their own (see the module's rule)."""
    present = {s: n for s, n in respondents_by_sector.items() if n > 0}
    total = sum(present.values())
    if total < threshold:
        return [], sorted(present, key=_sector_rank)
    own = {s: n for s, n in present.items() if n >= threshold}
    pool = {s: n for s, n in present.items() if n < threshold}
    while pool and sum(pool.values()) < threshold and own:
        joining = min(own, key=lambda s: (_POOL_PRIORITY.get(s, 0), own[s], _sector_rank(s)))
        pool[joining] = own.pop(joining)
    hidden = sorted(pool, key=_sector_rank)
    if not own:
        # Everyone is in the pool, which is "All" itself: nothing by sector.
        return [Group(ALL, GROUP_LABELS[ALL], total, tuple(sorted(present, key=_sector_rank)))], hidden
    groups = [Group(ALL, GROUP_LABELS[ALL], total, tuple(sorted(present, key=_sector_rank)))]
    groups += [Group(s, GROUP_LABELS.get(s, s), n, (s,)) for s, n in sorted(own.items(), key=lambda i: _sector_rank(i[0]))]
    if pool:
        groups.append(Group(OTHER, GROUP_LABELS[OTHER], sum(pool.values()), tuple(hidden)))
    return groups, hidden


def _sector_rank(sector: str) -> int:
    return SECTOR_ORDER.index(sector) if sector in SECTOR_ORDER else len(SECTOR_ORDER)


def round_figures(answers: Iterable[AnswerRow], threshold: int) -> RoundFigures:
    """Every figure the results page shows, with the anonymity rule applied."""
    answers = list(answers)
    by_sector: dict[str, set] = {}
    for a in answers:
        by_sector.setdefault(a.sector, set()).add(a.response)
    groups, hidden = sector_groups({s: len(r) for s, r in by_sector.items()}, threshold)
    respondents = sum(len(r) for r in by_sector.values())
    if respondents < threshold or threshold <= 0:
        return RoundFigures(threshold, respondents, [], hidden, [], [], [], [], [], [])
    group_of = {sector: g.key for g in groups if g.key != ALL for sector in g.sectors}
    keys = [g.key for g in groups]
    items: dict[tuple, Item] = {}
    for a in answers:
        for key in ((a.principle, "", ""), (a.principle, a.element, ""), (a.principle, a.element, a.statement)):
            item = items.get(key)
            if item is None:
                level = "statement" if key[2] else "element" if key[1] else "principle"
                item = items[key] = Item(level, *key, tallies={k: Tally() for k in keys})
            item.tallies[ALL].add(a.value)
            if a.sector in group_of:
                item.tallies[group_of[a.sector]].add(a.value)
    for item in items.values():
        council, vcfse = item.tallies.get(COUNCIL), item.tallies.get(VCFSE)
        if council and vcfse and council.mean is not None and vcfse.mean is not None:
            item.gap = Gap(council.mean, vcfse.mean)
    by_level = {level: [i for i in items.values() if i.level == level] for level in ("principle", "element", "statement")}
    strengths, weaknesses, agreed = findings(by_level["statement"])
    return RoundFigures(threshold, respondents, groups, hidden, by_level["principle"], by_level["element"],
                        by_level["statement"], strengths, weaknesses, agreed)


def findings(statements: list[Item]) -> tuple[list[Finding], list[Finding], list[Finding]]:
    """The highest and lowest rated statements overall, and those both sectors rate below the midpoint."""
    rated = [s for s in statements if s.all.mean is not None]
    ranked = sorted(rated, key=lambda s: -s.all.mean)
    top = ranked[:STRENGTHS_SHOWN]
    bottom = [s for s in reversed(ranked) if s not in top][:STRENGTHS_SHOWN]
    strengths = [Finding(s.statement, s.principle,
                         f"Average {s.all.mean:.1f} out of 5; {s.all.share(s.all.agree)}% agree.") for s in top]
    weaknesses = [Finding(s.statement, s.principle,
                          f"Average {s.all.mean:.1f} out of 5; {s.all.share(s.all.disagree)}% disagree.")
                  for s in bottom]
    agreed = [Finding(s.statement, s.principle,
                      f"Both sectors rate it below the midpoint: council {s.gap.council:.1f}, VCFSE {s.gap.vcfse:.1f}.")
              for s in rated if s.gap and s.gap.council < MIDPOINT and s.gap.vcfse < MIDPOINT]
    return strengths, weaknesses, agreed


@dataclass(frozen=True)
class TrendPoint:
    round: str
    mean: float | None


@dataclass(frozen=True)
class Trend:
    principle: str
    points: list[TrendPoint]

    @property
    def words(self) -> str:
        known = [p for p in self.points if p.mean is not None]
        if len(known) < 2:
            return "No earlier round to compare with."
        before, now = known[-2], known[-1]
        # The change is worked out from the averages as shown (one decimal), so the words never say "up 0.2"
        # beside "from 2.9 to 3.0".
        was, is_now = one_decimal(before.mean), one_decimal(now.mean)
        change = is_now - was
        if abs(change) < TREND_STEADY:
            return f"About the same as in {before.round} ({was:.1f}, now {is_now:.1f})."
        way = "Up" if change > 0 else "Down"
        return f"{way} {abs(change):.1f} since {before.round} (from {was:.1f} to {is_now:.1f})."


def trends(rounds: list[tuple[str, list[AnswerRow], int]]) -> list[Trend]:
    """Each principle's average across rounds of the same form, oldest first; a round with fewer respondents
    than its threshold gives no figure. The principles are those of the last (current) round."""
    means: list[tuple[str, dict[str, float | None]]] = []
    for label, answers, threshold in rounds:
        figures = round_figures(answers, threshold)
        means.append((label, {p.principle: p.all.mean for p in figures.principles}))
    current = list(means[-1][1]) if means else []
    return [Trend(name, [TrendPoint(label, by_principle.get(name)) for label, by_principle in means])
            for name in current]
