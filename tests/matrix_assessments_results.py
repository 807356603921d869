"""Permission matrix rows for the relationship toolkit's results pages: those who run rounds (council
officers, LIO staff, administrators) read them; lead members too, tested beside the views as they are not a
matrix role; everyone else signed in is refused."""

from django.urls import reverse

from kith.assessments.tests.results_support import answered_round

from .matrix import LIO_AND_ADMIN, Row

RESULTS_READERS = LIO_AND_ADMIN | {"council_officer"}


def records(records: dict, people: dict) -> dict:
    return {"results_round": answered_round("Results matrix round")}


ROWS: dict = {
    "assessments:results": Row(lambda r: reverse("assessments:results", args=[r["results_round"].uuid]),
                               read=RESULTS_READERS),
}
