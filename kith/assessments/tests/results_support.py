"""Rounds with submitted answers for the results tests: a small framework, and respondents by sector."""

import datetime
import secrets

from kith.assessments.models import Answer, Element, Principle, Response, Round, Statement, token_hash

FRAMEWORK = {
    "Shared foundations": {"Shared priorities": ["We have agreed written priorities", "Both sectors refer to them"]},
    "Relational culture": {"Trust": ["People speak openly when they disagree"]},
}


def make_framework() -> list[Statement]:
    statements = []
    for p_order, (principle_name, elements) in enumerate(FRAMEWORK.items()):
        principle, _ = Principle.objects.get_or_create(slug=f"p{p_order}", defaults={"name": principle_name,
                                                                                     "order": p_order})
        for e_order, (element_name, texts) in enumerate(elements.items()):
            element, _ = Element.objects.get_or_create(principle=principle, name=element_name,
                                                       defaults={"order": e_order})
            for s_order, text in enumerate(texts):
                statement, _ = Statement.objects.get_or_create(element=element, text=text, defaults={"order": s_order})
                statements.append(statement)
    return statements


def make_round(name: str = "Spring round", opens_on=datetime.date(2026, 3, 1), threshold: int | None = None,
               form: str = Round.Form.FULL) -> Round:
    make_framework()
    # Without a threshold the round takes the setting's, as one opened on the site would.
    extra = {} if threshold is None else {"anonymity_threshold": threshold}
    round = Round.objects.create(name=name, opens_on=opens_on, closes_on=opens_on + datetime.timedelta(days=28),
                                 form=form, **extra)
    round.snapshot_statements()
    return round


def respond(round: Round, sector: str, values: list, submitted: bool = True) -> Response:
    """One respondent giving values (1 to 5 or None) to the round's statements in order."""
    response = Response.objects.create(round=round, sector=sector, resume_token_hash=token_hash(secrets.token_hex(16)),
                                       submitted_at=round.created_at if submitted else None)
    Answer.objects.bulk_create([Answer(response=response, statement=s, value=v)
                                for s, v in zip(round.asked_statements(), values)])
    return response


def answered_round(name: str = "Spring round", council=(4, 4, 5), vcfse=(2, 3, 2), councils: int = 5,
                   vcfses: int = 5, **kwargs) -> Round:
    round = make_round(name, **kwargs)
    for _ in range(councils):
        respond(round, "council", list(council))
    for _ in range(vcfses):
        respond(round, "vcfse", list(vcfse))
    return round
