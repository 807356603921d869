"""What a round's report and its public page show: the results page's figures and charts (same functions,
same anonymity rule), the action plan and the method."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Rating, Round
from ..results.charts import Chart, diverging, gap_dots, trend_lines
from ..results.data import round_answers_and_trends
from ..results.figures import ALL, GAP_HIGHLIGHT, GROUP_LABELS, RoundFigures, Trend, round_figures
from .plan import PlanRow, plan_rows


@dataclass
class RoundReport:
    round: Round
    figures: RoundFigures
    trends: list[Trend]
    rows: list[PlanRow]
    statements: list
    scale: list[str]
    gap_highlight: float = GAP_HIGHLIGHT
    charts: dict[str, Chart | None] = field(default_factory=dict)

    @property
    def hidden_labels(self) -> list[str]:
        return [GROUP_LABELS[s] for s in self.figures.hidden_sectors]

    @property
    def sector_groups(self) -> list:
        return [g for g in self.figures.groups if g.key != ALL]


def round_report(round: Round) -> RoundReport:
    answers, trends = round_answers_and_trends(round)
    figures = round_figures(answers, round.anonymity_threshold)
    spread_rows = [(f"{p.label}: {g.label}", p, g.key) for p in figures.principles for g in figures.groups]
    return RoundReport(
        round=round, figures=figures, trends=trends, rows=plan_rows(round),
        statements=list(round.asked_statements()),
        scale=[label for _, label in Rating.choices] + ["Don’t know"],
        charts={"gap": gap_dots("report-gap", figures.principles) if figures.has_gap else None,
                "spread": diverging("report-spread", "The spread of answers by principle", spread_rows)
                if figures.shown else None,
                "trend": trend_lines("report-trend", trends) if figures.shown and trends else None})
