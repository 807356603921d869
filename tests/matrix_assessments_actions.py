"""Permission matrix rows for the relationship toolkit's action plans, publishing and reports.

Council officers and LIO staff (and administrators) change plans and publish; the same people read
(lead members too, tested beside the views as they are not a matrix role). Published pages are public;
an unpublished round's public page is not found for everyone."""

from django.urls import reverse

from kith.assessments.tests.actions_support import make_action, make_round

from .matrix import EVERYONE, LIO_AND_ADMIN, Row

PLAN_PEOPLE = LIO_AND_ADMIN | {"council_officer"}


def records(records: dict, people: dict) -> dict:
    round = make_round(name="Matrix round")
    return {"assessment_round": round, "assessment_action": make_action(round),
            "published_round": make_round(name="Published round", published=True)}


def _round(name: str, key: str = "assessment_round"):
    return lambda r: reverse(f"assessments:{name}", args=[r[key].uuid])


ROWS: dict = {
    "assessments:actions": Row(_round("actions"), read=PLAN_PEOPLE, change=PLAN_PEOPLE),
    "assessments:action_edit": Row(
        lambda r: reverse("assessments:action_edit", args=[r["assessment_round"].uuid, r["assessment_action"].pk]),
        read=PLAN_PEOPLE, change=PLAN_PEOPLE),
    "assessments:publish": Row(_round("publish"), read=PLAN_PEOPLE, change=PLAN_PEOPLE),
    "assessments:unpublish": Row(_round("unpublish", "published_round"), post_only=True, change=PLAN_PEOPLE),
    "assessments:report": Row(_round("report"), read=PLAN_PEOPLE),
    "assessments:report_pdf": Row(_round("report_pdf"), read=PLAN_PEOPLE),
    "assessments:published_list": Row(lambda r: reverse("assessments:published_list"), read=EVERYONE),
    "assessments:published": Row(_round("published", "published_round"), read=EVERYONE),
    "assessments:published_pdf": Row(_round("published_pdf", "published_round"), read=EVERYONE),
}
