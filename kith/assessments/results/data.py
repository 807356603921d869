"""Reading a round's submitted answers, and those of its earlier rounds, as plain rows for figures.py.
One query for the rounds and one for all their answers, however many there are."""

from __future__ import annotations

from ..models import Answer, PrincipleEvidence, Round
from .figures import AnswerRow, Trend, trends

EARLIER_ROUNDS = 4


def answers_by_round(round_ids: list[int]) -> dict[int, list[AnswerRow]]:
    """Submitted answers only, in the framework's order; a response is known by an opaque id and its sector."""
    rows: dict[int, list[AnswerRow]] = {pk: [] for pk in round_ids}
    answers = (Answer.objects.filter(response__round_id__in=round_ids, response__submitted_at__isnull=False)
               .values_list("response__round_id", "response_id", "response__sector",
                            "statement__element__principle__name", "statement__element__name", "statement__text",
                            "value")
               .order_by("statement__element__principle__order", "statement__element__principle_id",
                         "statement__element__order", "statement__element_id", "statement__order", "statement_id",
                         "response_id"))
    for round_id, *row in answers:
        rows[round_id].append(AnswerRow(*row))
    return rows


def earlier_rounds(round: Round) -> list[Round]:
    """Rounds of the same form that opened before this one, oldest first."""
    earlier = Round.objects.filter(form=round.form, opens_on__lt=round.opens_on).order_by("-opens_on", "-created_at")
    return list(earlier[:EARLIER_ROUNDS])[::-1]


def round_answers_and_trends(round: Round) -> tuple[list[AnswerRow], list[Trend]]:
    earlier = earlier_rounds(round)
    answers = answers_by_round([r.pk for r in earlier] + [round.pk])
    series = [(r.name, answers[r.pk], r.anonymity_threshold) for r in earlier + [round]]
    return answers[round.pk], trends(series) if earlier else []


def round_evidence(round: Round) -> list[tuple[str, list[str]]]:
    """The evidence of submitted responses, by principle. Sorted alphabetically and without sector, so a text
    cannot be matched to the order responses came in, to a small sector, or to the ratings beside it."""
    by_principle: dict[str, list[str]] = {}
    rows = (PrincipleEvidence.objects.filter(response__round=round, response__submitted_at__isnull=False)
            .exclude(text="").order_by("principle__order", "principle_id").values_list("principle__name", "text"))
    for principle, text in rows:
        by_principle.setdefault(principle, []).append(text.strip())
    return [(principle, sorted(texts, key=str.casefold)) for principle, texts in by_principle.items()]
