"""Recording and reviewing a need: each writes the record and its audit event together."""

from django.db import transaction
from django.utils import timezone

from kith.areas.models import Area
from kith.core.audit import record_event, snapshot
from kith.directory.models import TaxonomyTerm
from kith.organisations.models import Organisation

from ..models import RecordedNeed

_AUDITED = ["theme", "area", "description", "evidence", "people_count", "source_organisation", "status", "review_note"]


@transaction.atomic
def recorded_need_create(*, by, organisation: Organisation, theme: TaxonomyTerm, area: Area, description: str,
                         evidence: str = "", people_count: int | None = None) -> RecordedNeed:
    need = RecordedNeed.objects.create(
        source_organisation=organisation, theme=theme, area=area, description=description.strip(),
        evidence=evidence.strip(), people_count=people_count, recorded_by=by)
    record_event(actor=by, verb="recorded need", obj=need, after=snapshot(need, _AUDITED))
    return need


@transaction.atomic
def recorded_need_review(*, need: RecordedNeed, by, decision: str, note: str = "") -> RecordedNeed:
    if decision not in (RecordedNeed.Status.ACCEPTED, RecordedNeed.Status.NOT_USED):
        raise ValueError(f"Not a review decision: {decision!r}")
    before = snapshot(need, ["status", "review_note"])
    need.status, need.review_note = decision, note.strip()
    need.reviewed_by, need.reviewed_at = by, timezone.now()
    need.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
    verb = "accepted need" if decision == RecordedNeed.Status.ACCEPTED else "did not use need"
    record_event(actor=by, verb=verb, obj=need, before=before, after=snapshot(need, ["status", "review_note"]),
                 comment=need.review_note)
    return need
