"""The dashboards' figures, as plain functions over the database.

Only codes, dates and organisation names are read (through values()), never a personal field, so no
figure can carry or even decrypt anything about a person. Drafts are not referrals yet and count
nowhere. Each function takes the same few queries however many referrals there are.

Windows: "the last 12 months" are the current calendar month and the 11 before it. Referrals received
and sent, and flows, count by when a referral was sent; everything that happens to it afterwards (opened,
answered, declined, an outcome) counts by when that happened, so a referral sent 13 months ago and declined
last week is a decline of last week. An answer with no event (written by hand) falls back to the sending
time. Network figures are anonymised by the local intelligence rule (Figure): any
count of 1 or 2 is shown as "fewer than 3"; totals are summed before they are suppressed.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from kith.needs.intelligence.summary import Figure
from kith.organisations.models import Organisation

from ..models import DeclineReason, EventKind, Outcome, Referral, ReferralEvent, Status
from ..notifications.workdays import closed_days
from .sectors import Sector, sector_of
from .timing import Durations, summarise, working_days

MONTHS = 12
TOP_FLOWS = 10
ANSWERS = [Status.ACCEPTED, Status.WAITING_LIST, Status.DECLINED, Status.COULD_NOT_CONTACT]
TAKEN_ON = {Status.ACCEPTED, Status.WAITING_LIST}
NO_THEME = "No need chosen"


def window(today: datetime.date | None = None) -> list[datetime.date]:
    """The first days of the last 12 months, oldest first."""
    today = today or timezone.localdate()
    year, month = today.year, today.month
    months = []
    for _ in range(MONTHS):
        months.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _since(months: list[datetime.date]) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(months[0], datetime.time.min))


def _as_date(value) -> datetime.date:
    return timezone.localtime(value).date() if isinstance(value, datetime.datetime) else value


class Tally(NamedTuple):
    label: str
    number: int


@dataclass(frozen=True)
class Month:
    month: datetime.date
    received: int
    sent: int


@dataclass(frozen=True)
class Answers:
    """What receivers answered, and the outcomes they recorded, in the window."""

    answered: int
    taken_on: int
    declines: list[Tally]
    outcomes: list[Tally]

    @property
    def acceptance_rate(self) -> int | None:
        """Accepted or put on the waiting list, as a whole percentage of those answered."""
        return round(100 * self.taken_on / self.answered) if self.answered else None


@dataclass(frozen=True)
class OrganisationFigures:
    months: list[Month]
    received: int
    sent: int
    time_to_open: Durations
    time_to_answer: Durations
    not_opened: int
    opened_unanswered: int
    received_answers: Answers
    # What became of the referrals the organisation sent: what a referrer wants to know after referring.
    sent_answers: Answers


def _rows(referrals, since: datetime.datetime):
    """Codes and times of the referrals with anything to count in the window: sent, opened or changed in it,
    or still waiting for an answer."""
    changes = ReferralEvent.objects.filter(referral=OuterRef("pk"), kind=EventKind.STATUS_CHANGED)
    first_answer = changes.filter(to_status__in=ANSWERS).order_by("at", "id")
    outcome_event = changes.filter(to_status=Status.OUTCOME_RECORDED).order_by("-at", "-id")
    return (referrals.filter(Q(sent_at__gte=since) | Q(opened_at__gte=since) | Q(status__in=[Status.SENT, Status.OPENED])
                             | Q(Exists(changes.filter(at__gte=since))))
            .annotate(answer=Subquery(first_answer.values("to_status")[:1]),
                      answered_at=Subquery(first_answer.values("at")[:1]),
                      outcome_at=Subquery(outcome_event.values("at")[:1]))
            .values_list("status", "sent_at", "opened_at", "answer", "answered_at", "decline_reason", "outcome",
                         "outcome_at")
            .order_by())


def _answers(rows, since: datetime.datetime) -> Answers:
    """Answers, declines and outcomes counted by when each happened (see the module's note on windows)."""
    answered = taken_on = 0
    declines, outcomes = Counter(), Counter()
    for status, sent_at, _, answer, answered_at, decline_reason, outcome, outcome_at in rows:
        if sent_at is None:
            continue
        # An answer given before its event was written (or by hand) still counts, from the status it left.
        answer = answer or (status if status in ANSWERS else Status.DECLINED if decline_reason else None)
        if answer is not None and (answered_at or sent_at) >= since:
            answered += 1
            taken_on += answer in TAKEN_ON
            # A decline is the first answer (only an opened referral may be declined): it happened then.
            declines[decline_reason] += bool(decline_reason)
        if outcome and (outcome_at or sent_at) >= since:
            outcomes[outcome] += 1
    return Answers(answered=answered, taken_on=taken_on,
                   declines=[Tally(reason.label, declines[reason.value]) for reason in DeclineReason],
                   outcomes=[Tally(outcome.label, outcomes[outcome.value]) for outcome in Outcome])


def organisation_figures(organisation: Organisation, *, today: datetime.date | None = None) -> OrganisationFigures:
    """Three queries: the months, then each referral received and each sent (its codes and times only)."""
    months = window(today)
    since = _since(months)
    by_month = {_as_date(row["month"]): row for row in (
        Referral.objects.sent()
        .filter(Q(receiving_organisation=organisation) | Q(referring_organisation=organisation), sent_at__gte=since)
        .annotate(month=TruncMonth("sent_at")).values("month").order_by()
        .annotate(received=Count("pk", filter=Q(receiving_organisation=organisation)),
                  sent=Count("pk", filter=Q(referring_organisation=organisation))))}
    month_rows = [Month(month, by_month.get(month, {}).get("received", 0), by_month.get(month, {}).get("sent", 0))
                  for month in months]

    received = list(_rows(Referral.objects.sent().filter(receiving_organisation=organisation), since))
    to_open, to_answer = [], []
    closed = closed_days()
    not_opened = unanswered = 0
    for status, sent_at, opened_at, _, answered_at, *_ in received:
        not_opened += status == Status.SENT
        unanswered += status == Status.OPENED
        if sent_at is None:
            continue
        if opened_at and opened_at >= since:
            to_open.append(working_days(sent_at, opened_at, closed))
        if answered_at and answered_at >= since:
            to_answer.append(working_days(sent_at, answered_at, closed))
    return OrganisationFigures(
        months=month_rows, received=sum(m.received for m in month_rows), sent=sum(m.sent for m in month_rows),
        time_to_open=summarise(to_open), time_to_answer=summarise(to_answer),
        not_opened=not_opened, opened_unanswered=unanswered, received_answers=_answers(received, since),
        sent_answers=_answers(_rows(Referral.objects.sent().filter(referring_organisation=organisation), since), since))


@dataclass(frozen=True)
class SectorRow:
    sector: Sector
    cells: list[Figure]
    total: Figure


@dataclass(frozen=True)
class Flow:
    source: str
    target: str
    figure: Figure


@dataclass(frozen=True)
class ThemeDeclines:
    theme: str
    cells: list[Figure]
    total: Figure


@dataclass(frozen=True)
class NetworkFigures:
    months: list[datetime.date]
    sources: list[Sector]
    targets: list[Sector]
    sector_rows: list[SectorRow]
    target_totals: list[Figure]
    total: Figure
    top_flows: list[Flow]
    reasons: list[str]
    declines_by_reason: list[tuple[str, Figure]]
    declines_by_theme: list[ThemeDeclines]


def network_figures(*, today: datetime.date | None = None) -> NetworkFigures:
    """Four queries: sector flows, flows between organisations, declines by reason, and by reason and theme."""
    months = window(today)
    since = _since(months)
    referrals = Referral.objects.sent().filter(sent_at__gte=since).order_by()

    flows: dict[tuple[Sector, Sector], int] = defaultdict(int)
    for row in referrals.values("self_referral", "referring_organisation__organisation_type",
                                "receiving_organisation__organisation_type").annotate(n=Count("pk")):
        source = sector_of(row["referring_organisation__organisation_type"], self_referral=row["self_referral"])
        flows[source, sector_of(row["receiving_organisation__organisation_type"])] += row["n"]
    present = {sector for pair in flows for sector in pair}
    shown = [sector for sector in Sector if sector != Sector.UNLISTED or sector in present]
    sources, targets = shown, [sector for sector in shown if sector != Sector.SELF]
    rows = [SectorRow(source, [Figure.of(flows[source, target]) for target in targets],
                      Figure.of(sum(flows[source, target] for target in targets))) for source in sources]

    top = (referrals.values("self_referral", "referring_organisation__name", "receiving_organisation__name")
           .annotate(n=Count("pk")).order_by("-n", "referring_organisation__name", "receiving_organisation__name")
           [:TOP_FLOWS])
    top_flows = [Flow(_source_name(row), row["receiving_organisation__name"] or Sector.UNLISTED.label,
                      Figure.of(row["n"])) for row in top]

    # Declines count by when they were declined, not sent: its event's time (the sending time without one).
    declines = ReferralEvent.objects.filter(referral=OuterRef("pk"), kind=EventKind.STATUS_CHANGED,
                                            to_status=Status.DECLINED)
    declined = (Referral.objects.sent().exclude(decline_reason="").order_by()
                .filter(Q(Exists(declines.filter(at__gte=since))) | (~Q(Exists(declines)) & Q(sent_at__gte=since))))
    by_reason = Counter(dict(declined.values_list("decline_reason").annotate(n=Count("pk"))))
    by_theme: dict[str, Counter] = defaultdict(Counter)
    for theme, reason, n in (declined.values_list(Coalesce("needs__parent__name", "needs__name"), "decline_reason")
                             .annotate(n=Count("pk", distinct=True))):
        by_theme[theme or NO_THEME][reason] += n
    reasons = list(DeclineReason)
    themes = sorted(by_theme, key=lambda name: (name == NO_THEME, name.lower()))
    return NetworkFigures(
        months=months, sources=sources, targets=targets, sector_rows=rows,
        target_totals=[Figure.of(sum(flows[source, target] for source in sources)) for target in targets],
        total=Figure.of(sum(flows.values())), top_flows=top_flows, reasons=[reason.label for reason in reasons],
        declines_by_reason=[(reason.label, Figure.of(by_reason[reason.value])) for reason in reasons],
        declines_by_theme=[ThemeDeclines(theme, [Figure.of(by_theme[theme][reason.value]) for reason in reasons],
                                         Figure.of(sum(by_theme[theme].values()))) for theme in themes])


def _source_name(row: dict) -> str:
    if row["self_referral"]:
        return Sector.SELF.label
    return row["referring_organisation__name"] or Sector.UNLISTED.label
