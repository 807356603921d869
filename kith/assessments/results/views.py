"""A round's results page and its figures as CSV: council officers, LIO staff, lead members and
administrators; everyone else signed in gets 403."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from kith.organisations.roles import roles_for

from ..models import Round
from .charts import round_charts
from .data import round_answers_and_trends, round_evidence
from .figures import ALL, GAP_HIGHLIGHT, MIDPOINT, SCALE_LABELS, RoundFigures, round_figures

PLAN_TEMPLATE = "assessments/actions/includes/plan_beside_results.html"


def _round_for(user, round_uuid) -> Round:
    roles = roles_for(user)
    if not (roles.sees_whole_sector or roles.is_lead_member):
        raise PermissionDenied("Only council officers, LIO staff and lead members see a round's results.")
    return get_object_or_404(Round, uuid=round_uuid)


def _has_template(name: str) -> bool:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


@login_required
def results(request: HttpRequest, round_uuid) -> HttpResponse:
    round = _round_for(request.user, round_uuid)
    answers, trends = round_answers_and_trends(round)
    figures = round_figures(answers, round.anonymity_threshold)
    if request.GET.get("format") == "csv":
        return _csv(round, figures)
    return render(request, "assessments/results/results.html", {
        "round": round, "figures": figures, "answered": bool(answers), "charts": round_charts(figures, trends),
        "gap_highlight": GAP_HIGHLIGHT, "midpoint": MIDPOINT,
        "show_plan": _has_template(PLAN_TEMPLATE), "plan_template": PLAN_TEMPLATE,
        # Below the threshold no figures are shown, and no words either: a handful of texts could be recognised.
        "evidence": round_evidence(round) if figures.shown else [],
    })


CSV_COLUMNS = ["group", "respondents", "level", "principle", "element", "statement", "answers", "dont_know", "average",
               *SCALE_LABELS.values(), "gap_council_minus_vcfse", "gap_highlighted"]


def _csv(round: Round, figures: RoundFigures) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="relationship-results-{round.uuid}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for group in figures.groups:
        for item in figures.principles + figures.elements + figures.statements:
            tally = item.tallies[group.key]
            gap = item.gap if group.key == ALL and item.gap else None
            writer.writerow([group.label, group.respondents, item.level, item.principle, item.element, item.statement,
                             tally.answers, tally.dont_know, "" if tally.mean is None else f"{tally.mean:.2f}",
                             *tally.distribution, "" if gap is None else f"{gap.value:.2f}",
                             "" if gap is None else ("yes" if gap.highlighted else "no")])
    return response
