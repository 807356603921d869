"""The evidence respondents give is read on the results page by those who read results: by principle, in
alphabetical order and without sector; never below the anonymity threshold, never from unsent answers, never
on the public page or in the report."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kith.assessments.models import Principle, PrincipleEvidence

from .results_support import answered_round, respond

pytestmark = pytest.mark.django_db

ZEBRA = "Zebra crossings of trust: officers answer our emails within the week."
APPLE = "apples and pears: the compact is quoted in every funding bid we write."
DRAFT = "Unsent draft evidence that must stay unread by anyone."


def _say(response, principle_slug: str, text: str) -> None:
    PrincipleEvidence.objects.create(response=response, principle=Principle.objects.get(slug=principle_slug),
                                     text=text)


def _page(client, round) -> str:
    return client.get(reverse("assessments:results", args=[round.uuid])).content.decode()


def test_evidence_is_shown_by_principle_in_alphabetical_order_without_sector(client, people):
    round = answered_round(councils=5, vcfses=5)
    council = round.responses.filter(sector="council").first()
    vcfse = round.responses.filter(sector="vcfse").first()
    _say(council, "p0", ZEBRA)
    _say(vcfse, "p0", APPLE)
    _say(vcfse, "p1", "Trust grows slowly.")
    draft = respond(round, "vcfse", [1, 1, 1], submitted=False)
    _say(draft, "p1", DRAFT)
    client.force_login(people["council_officer"])
    page = _page(client, round)
    section = page[page.index('id="evidence"'):page.index('id="action-plan"')]
    assert "Shared foundations: 2 comments" in section and "Relational culture: 1 comment<" in section
    assert section.index("apples and pears") < section.index("Zebra crossings") < section.index("Trust grows")
    assert DRAFT not in page
    assert "Council" not in section and "VCFSE" not in section


def test_a_round_without_evidence_says_so(client, people):
    round = answered_round()
    client.force_login(people["lio_staff"])
    assert "Nobody has given evidence for their answers in this round." in _page(client, round)


def test_no_evidence_is_shown_below_the_anonymity_threshold(client, people):
    round = answered_round(councils=2, vcfses=1, threshold=5)
    _say(round.responses.first(), "p0", ZEBRA)
    client.force_login(people["council_officer"])
    page = _page(client, round)
    assert "results appear once at least 5 people have answered" in page
    assert "Zebra crossings" not in page


def test_evidence_is_neither_published_nor_in_the_report(client, people):
    round = answered_round()
    _say(round.responses.first(), "p0", ZEBRA)
    round.results_published_at = timezone.now()
    round.save()
    assert "Zebra crossings" not in client.get(reverse("assessments:published", args=[round.uuid])).content.decode()
    client.force_login(people["council_officer"])
    assert "Zebra crossings" in _page(client, round)
    assert "Zebra crossings" not in client.get(reverse("assessments:report", args=[round.uuid])).content.decode()
