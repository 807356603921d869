"""Permission matrix rows for the needs intelligence pages.

Recorded needs are private to their source organisation and to those who see the whole sector; anyone else
signed in gets 404 for one, as if it did not exist. The aggregated picture is counts only, open to everyone.
"""

from .matrix import EVERYONE, LIO_AND_ADMIN, Row

RECORDERS = frozenset({"member_a", "manager_a", "member_b", "lio_staff", "council_officer", "administrator"})
SEES_A_NEED_OF_A = frozenset({"member_a", "manager_a", "lio_staff", "council_officer", "administrator"})
NOT_TOLD_OF_IT = frozenset({"resident", "member_b"})

ROWS: dict[str, Row] = {
    "needs:recorded_new": Row(lambda r: "/needs/recorded/new/", read=RECORDERS, change=RECORDERS),
    "needs:recorded_list": Row(lambda r: "/needs/recorded/", read=RECORDERS),
    "needs:recorded_detail": Row(lambda r: f"/needs/recorded/{r['recorded_need'].pk}/", read=SEES_A_NEED_OF_A,
                                 hidden=NOT_TOLD_OF_IT),
    "needs:recorded_review": Row(lambda r: f"/needs/recorded/{r['recorded_need'].pk}/review/", change=LIO_AND_ADMIN,
                                 post_only=True, hidden=NOT_TOLD_OF_IT),
    "needs:intelligence": Row(lambda r: "/needs/local-intelligence/", read=EVERYONE),
}


def records(records, people):
    from django.utils import timezone

    from kith.areas.models import Area
    from kith.needs.models import RecordedNeed
    from kith.testing import factories

    square = {"type": "Polygon", "coordinates": [[[-1.4, 54.9], [-1.39, 54.9], [-1.39, 54.91], [-1.4, 54.91], [-1.4, 54.9]]]}
    area = Area.objects.create(code="E01000002", kind=Area.Kind.LSOA, name="Matrix intelligence LSOA",
                               local_authority="E08000024", boundary=square, latitude=54.905, longitude=-1.395,
                               area_km2=0.7, source="test", loaded_at=timezone.now())
    need = RecordedNeed.objects.create(theme=factories.TaxonomyTermFactory(), area=area, source_organisation=records["org"],
                                       description="Matrix need", recorded_by=people["member_a"])
    return {"recorded_need": need}
