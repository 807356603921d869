"""What a round's report and its public page show: the results page's figures and charts (same functions,
same anonymity rule), the action plan and the method."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Rating, Round
from ..results.charts import Chart, round_charts
from ..results.data import round_answers_and_trends
from ..results.figures import GAP_HIGHLIGHT, RoundFigures, round_figures
from .plan import PlanRow, plan_rows


@dataclass
class RoundReport:
    round: Round
    figures: RoundFigures
    charts: dict[str, Chart | None]
    rows: list[PlanRow]
    statements: list
    scale: list[str]
    gap_highlight: float = GAP_HIGHLIGHT


def round_report(round: Round) -> RoundReport:
    answers, trends = round_answers_and_trends(round)
    figures = round_figures(answers, round.anonymity_threshold)
    return RoundReport(round=round, figures=figures, charts=round_charts(figures, trends, prefix="report-"),
                       rows=plan_rows(round), statements=list(round.asked_statements()),
                       scale=[label for _, label in Rating.choices] + ["Don’t know"])
