"""Test helpers for rounds and the questionnaire: an open round, and answering a page through the client."""
import datetime

from django.utils import timezone

from kith.assessments.models import Round
from kith.assessments.rounds.framework import load_framework
from kith.assessments.rounds.services import round_create


def open_round(*, by=None, form: str = "full", days_open: int = 20, name: str = "Rounds test round") -> Round:
    load_framework()
    today = timezone.localdate()
    return round_create(name=name, form=form, opens_on=today - datetime.timedelta(days=1),
                        closes_on=today + datetime.timedelta(days=days_open), by=by)


def principle_slugs(round_: Round) -> list[str]:
    return list(dict.fromkeys(s.element.principle.slug for s in round_.asked_statements()))


def page_answers(round_: Round, slug: str, value: str = "4") -> dict:
    """A complete POST for one principle's page, every statement given `value`."""
    statements = round_.asked_statements().filter(element__principle__slug=slug)
    return {f"s{s.pk}": value for s in statements}


def start(client, round_: Round, sector: str = "vcfse", token: str | None = None) -> str:
    """Start a response (through the shareable link, or an invitation token); returns the response's token."""
    response = client.post(f"/relationship/answer/{token or round_.share_token}/", {"sector": sector})
    assert response.status_code == 302, response.content[:500]
    return response["Location"].split("/respond/")[1].split("/")[0]


def answer_all(client, round_: Round, token: str, value: str = "4") -> None:
    for slug in principle_slugs(round_):
        response = client.post(f"/relationship/respond/{token}/principles/{slug}/", page_answers(round_, slug, value))
        assert response.status_code == 302, response.content[:500]
