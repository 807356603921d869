"""The dashboards: an organisation's own referral figures, and the network's for LIO staff and the council.
Neither shows anything about a person: counts, times and organisation names only."""

import csv
import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kith.needs.intelligence.summary import SUPPRESS_BELOW
from kith.organisations.models import Organisation, Role
from kith.organisations.roles import roles_for

from .charts import bar_chart
from .figures import NetworkFigures, network_figures, organisation_figures

CSV_COLUMNS = ["table", "from", "to", "count"]


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Members and managers of an organisation, for their own organisations only (one chosen when they
    are in several); an organisation they are not in is 404, so its existence is not confirmed."""
    own = [pk for pk, role in roles_for(request.user).roles_by_organisation.items()
           if role in (Role.MEMBER, Role.MANAGER)]
    if not own:
        raise PermissionDenied("Only members of an organisation see its referral figures.")
    organisations = Organisation.objects.filter(pk__in=own).order_by("name").only("pk", "name")
    chosen = request.GET.get("organisation")
    if chosen:
        try:
            organisation = organisations.filter(pk=uuid.UUID(chosen)).first()
        except ValueError:
            organisation = None
        if organisation is None:
            raise Http404("No organisation of yours")
    elif len(own) == 1:
        organisation = organisations.get()
    else:
        return render(request, "referrals/dashboards/choose.html", {"organisations": organisations})
    figures = organisation_figures(organisation)
    return render(request, "referrals/dashboards/organisation.html", {
        "organisation": organisation, "figures": figures, "several": len(own) > 1,
        "response_rows": [("Opened", figures.time_to_open), ("First answer", figures.time_to_answer)],
        "received_chart": bar_chart("Referrals received by month",
                                    [(f"{m.month:%b %Y}", m.received) for m in figures.months]),
        "sent_chart": bar_chart("Referrals sent by month", [(f"{m.month:%b %Y}", m.sent) for m in figures.months]),
    })


@login_required
def network(request: HttpRequest) -> HttpResponse:
    """LIO staff, council officers and administrators; 403 to everyone else. Counts only, small ones suppressed."""
    if not roles_for(request.user).sees_whole_sector:
        raise PermissionDenied("Only LIO staff and council officers see the network's referral figures.")
    figures = network_figures()
    if request.GET.get("format") == "csv":
        return _csv(figures)
    return render(request, "referrals/dashboards/network.html", {
        "figures": figures, "suppress_below": SUPPRESS_BELOW,
        "source_chart": bar_chart("Referrals sent, by the sector they came from",
                                  [(row.sector.label, row.total) for row in figures.sector_rows]),
        "reason_chart": bar_chart("Referrals declined, by reason", figures.declines_by_reason),
    })


def _csv(figures: NetworkFigures) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="referral-network.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for row in figures.sector_rows:
        for target, cell in zip(figures.targets, row.cells):
            writer.writerow(["sector_flows", row.sector.label, target.label, cell.plain])
    for flow in figures.top_flows:
        writer.writerow(["organisation_flows", flow.source, flow.target, flow.figure.plain])
    for reason, figure in figures.declines_by_reason:
        writer.writerow(["declines_by_reason", reason, "", figure.plain])
    for theme in figures.declines_by_theme:
        for reason, cell in zip(figures.reasons, theme.cells):
            writer.writerow(["declines_by_theme", theme.theme, reason, cell.plain])
    return response
