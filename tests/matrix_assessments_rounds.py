"""Permission matrix rows for the relationship toolkit's rounds and questionnaire pages.

Rounds are run by council officers, LIO staff and administrators. The questionnaire needs no account: anyone
holding a round's shareable link (or an invitation, or a response's own resume link) may answer.
"""

from .matrix import EVERYONE, Row

ROUND_RUNNERS = frozenset({"council_officer", "lio_staff", "administrator"})

ROWS: dict[str, Row] = {
    "assessments:rounds": Row(lambda r: "/relationship/", read=ROUND_RUNNERS),
    "assessments:round_new": Row(lambda r: "/relationship/rounds/new/", read=ROUND_RUNNERS, change=ROUND_RUNNERS),
    "assessments:round": Row(lambda r: f"/relationship/rounds/{r['rounds_round'].uuid}/", read=ROUND_RUNNERS),
    "assessments:round_invite": Row(lambda r: f"/relationship/rounds/{r['rounds_round'].uuid}/invite/",
                                    change=ROUND_RUNNERS, post_only=True),
    "assessments:answer_done": Row(lambda r: f"/relationship/rounds/{r['rounds_round'].uuid}/thank-you/",
                                   read=EVERYONE),
    "assessments:answer_start": Row(lambda r: f"/relationship/answer/{r['rounds_round'].share_token}/",
                                    read=EVERYONE, change=EVERYONE),
    "assessments:answer_resume": Row(lambda r: f"/relationship/respond/{r['rounds_resume_token']}/",
                                     read=EVERYONE),
    "assessments:answer_principle": Row(
        lambda r: f"/relationship/respond/{r['rounds_resume_token']}/principles/shared-foundations/",
        read=EVERYONE, change=EVERYONE),
    "assessments:answer_saved": Row(lambda r: f"/relationship/respond/{r['rounds_resume_token']}/saved/",
                                    read=EVERYONE),
    "assessments:answer_check": Row(lambda r: f"/relationship/respond/{r['rounds_resume_token']}/check/",
                                    read=EVERYONE, change=EVERYONE),
}


def records(records, people):
    import datetime

    from django.utils import timezone

    from kith.assessments.rounds.framework import load_framework
    from kith.assessments.rounds.services import response_start, round_create

    load_framework()
    today = timezone.localdate()
    round_ = round_create(name="Matrix round", form="full", opens_on=today - datetime.timedelta(days=1),
                          closes_on=today + datetime.timedelta(days=20), by=people["council_officer"])
    _, token = response_start(round_=round_, sector="vcfse")
    return {"rounds_round": round_, "rounds_resume_token": token}
