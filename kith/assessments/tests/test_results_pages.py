"""The results page and its CSV: who may see them, what they show, the anonymity rule and a constant query count."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kith.testing import factories

from .results_support import answered_round, make_round, respond

pytestmark = pytest.mark.django_db


def url(round, query: str = "") -> str:
    return reverse("assessments:results", args=[round.uuid]) + query


@pytest.fixture
def lead_member(db):
    council = factories.OrganisationFactory(name="Council", organisation_type="council")
    return factories.MembershipFactory(organisation=council, role="lead_member").user


def test_lead_members_read_results_and_members_of_other_organisations_are_refused(client, people, lead_member):
    round = answered_round()
    client.force_login(lead_member)
    assert client.get(url(round)).status_code == 200
    assert client.get(url(round, "?format=csv")).status_code == 200
    client.force_login(people["member_a"])
    assert client.get(url(round)).status_code == 403
    assert client.get(url(round, "?format=csv")).status_code == 403


def test_the_page_shows_the_gap_highlighted_the_spread_and_findings(client, people):
    round = answered_round(council=(4, 4, 5), vcfse=(2, 3, 2))
    client.force_login(people["council_officer"])
    page = client.get(url(round)).content.decode()
    assert "10 people answered: Council 5 and VCFSE 5." in page
    assert "Gap of 0.5 or more" in page
    assert "Council respondents are more positive, by 2.0 points" in page
    assert "Council respondents are more positive, by 3.0 points" in page  # the trust statement: 5 against 2
    assert "Where both sectors agree it is weak" in page
    assert "No statement has an average below 3 from both council and VCFSE respondents." in page
    assert "Rated highest" in page and "“People speak openly when they disagree” (Relational culture)" in page
    assert '<title id="spread-title">The spread of answers by principle</title>' in page
    assert '<title id="gap-title">Council and VCFSE averages by principle</title>' in page
    assert "The action plan" in page or "Action plan" in page
    assert "first round of this form" in page


def test_a_sector_below_the_threshold_is_folded_into_all(client, people):
    round = answered_round(councils=5, vcfses=4)
    client.force_login(people["council_officer"])
    page = client.get(url(round)).content.decode()
    assert "9 people answered." in page
    assert "VCFSE average" not in page and "Council average" not in page and "All average" in page
    assert "The gap is not shown" in page
    rows = list(csv.DictReader(io.StringIO(client.get(url(round, "?format=csv")).content.decode())))
    assert {r["group"] for r in rows} == {"All"}
    assert {r["gap_council_minus_vcfse"] for r in rows} == {""}


def test_lowering_the_round_s_threshold_shows_small_sectors_and_the_gap(client, people):
    round = answered_round(councils=2, vcfses=2, threshold=2)
    client.force_login(people["council_officer"])
    page = client.get(url(round)).content.decode()
    assert "VCFSE average" in page and "Gap of 0.5 or more" in page


def test_the_default_threshold_comes_from_settings(client, people, settings):
    settings.KITH_ASSESSMENT_ANONYMITY_THRESHOLD = 3
    round = make_round()
    assert round.anonymity_threshold == 3
    for sector in ("council", "council", "council", "vcfse", "vcfse", "vcfse"):
        respond(round, sector, [5, 4, 4] if sector == "council" else [2, 2, 2])
    client.force_login(people["council_officer"])
    assert "Gap of 0.5 or more" in client.get(url(round)).content.decode()


def test_too_few_respondents_in_all_shows_no_figures(client, people):
    round = answered_round(councils=2, vcfses=2)
    respond(round, "council", [1, 1, 1], submitted=False)
    client.force_login(people["council_officer"])
    page = client.get(url(round)).content.decode()
    assert "4 people have answered" in page and "at least 5 people" in page
    assert "<svg" not in page


def test_a_round_without_answers_says_so(client, people):
    client.force_login(people["lio_staff"])
    assert "Nobody has submitted answers" in client.get(url(make_round())).content.decode()


def test_the_csv_carries_every_figure_by_group_with_the_gap(client, people):
    round = answered_round(council=(4, 4, None), vcfse=(2, 3, 2))
    client.force_login(people["administrator"])
    response = client.get(url(round, "?format=csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    principle = next(r for r in rows if r["group"] == "All" and r["level"] == "principle"
                     and r["principle"] == "Shared foundations")
    assert principle["respondents"] == "10" and principle["answers"] == "20" and principle["average"] == "3.25"
    assert [principle[k] for k in ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree",
                                   "Strongly agree")] == ["0", "5", "5", "10", "0"]
    assert principle["gap_council_minus_vcfse"] == "1.50" and principle["gap_highlighted"] == "yes"
    trust = next(r for r in rows if r["group"] == "Council" and r["level"] == "statement"
                 and r["principle"] == "Relational culture")
    assert trust["dont_know"] == "5" and trust["average"] == ""


def test_earlier_rounds_of_the_same_form_give_the_trend(client, people):
    import datetime
    answered_round("Autumn 2025", council=(2, 2, 2), vcfse=(2, 2, 2), opens_on=datetime.date(2025, 9, 1))
    round = answered_round("Spring 2026", council=(4, 4, 4), vcfse=(3, 3, 3))
    client.force_login(people["council_officer"])
    page = client.get(url(round)).content.decode()
    assert "Up 1.5 since Autumn 2025 (from 2.0 to 3.5)." in page
    assert '<title id="trend-title">' in page


def test_the_query_count_does_not_grow_with_respondents_or_rounds(client, people):
    import datetime
    small = answered_round("Small", councils=5, vcfses=5)
    client.force_login(people["council_officer"])
    client.get(url(small))
    counts = []
    for round in (small, None):
        if round is None:
            answered_round("Earlier", councils=8, vcfses=9, opens_on=datetime.date(2025, 1, 1))
            round = answered_round("Large", councils=12, vcfses=20, opens_on=datetime.date(2026, 5, 1))
        for query in ("", "?format=csv"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url(round, query)).status_code == 200
            counts.append(len(queries))
    assert counts[0] == counts[2] and counts[1] == counts[3], counts


def test_one_small_sector_cannot_be_worked_out_from_the_csv(client, people):
    round = answered_round(councils=6, vcfses=7)
    respond(round, "lio", [1, 1, 1])
    client.force_login(people["council_officer"])
    rows = list(csv.DictReader(io.StringIO(client.get(url(round, "?format=csv")).content.decode())))
    respondents = {r["group"]: int(r["respondents"]) for r in rows}
    assert respondents == {"All": 14, "VCFSE": 7, "Other sectors": 7}
    scale = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
    for statement in {r["statement"] for r in rows if r["level"] == "statement"}:
        by_group = {r["group"]: [int(r[k]) for k in scale] for r in rows if r["statement"] == statement}
        # what All leaves over once the groups shown are taken away is nothing: no one's answers stand alone
        assert [a - v - o for a, v, o in zip(by_group["All"], by_group["VCFSE"], by_group["Other sectors"])] == [0] * 5
    page = client.get(url(round)).content.decode()
    assert "Local infrastructure organisation average" not in page and "Council average" not in page
