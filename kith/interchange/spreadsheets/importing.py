"""Writing checked rows to the directory: all of them or none, through the directory's own services,
so each record gets its audit Event, awaits verification, and is kept current in the search index.
"""

from django.db import transaction

from kith.core.jobs import JobFailed, JobProgress
from kith.core.audit import record_event
from kith.directory.models import Schedule
from kith.directory.search import index
from kith.directory.services import location_save, opening_times_snapshot, service_create
from kith.organisations.services import organisation_create

from .checking import Check
from .reading import SheetRow

LISTED_IN_REPORT = 200


def import_rows(rows: list[SheetRow], *, by, progress: JobProgress | None = None) -> dict:
    """Check the rows again against the directory as it is now, then write them in one transaction.

    Checking again matters: someone may have added one of the organisations since the file was
    checked. Any problem now stops the import before anything is written.
    """
    check = Check(rows, by=by)
    if check.problems:
        first = check.problems[0]
        raise JobFailed(f"The directory has changed since the file was checked, so nothing was imported (row "
                        f"{first.row}: {first.message}). Upload the file again to check it afresh.")
    plan = check.plan()
    total = sum((g.existing is None) + len(g.locations) + len(g.services) for g in plan)
    if progress:
        progress.set_total(total, stage=f"Importing {len(rows):,} rows, all together: nothing shows in the directory until all are in")
    created = {"organisations": [], "locations": [], "services": []}
    # Search documents are written once per service at the end, not again for each saved part.
    with transaction.atomic(), index.batched():
        for group in plan:
            organisation = group.existing
            if organisation is None:
                organisation = organisation_create(by=by, data=group.form.cleaned_data)
                created["organisations"].append(organisation)
                _advance(progress)
            location_ids = {}
            for key, location_group in group.locations.items():
                if location_group.existing is not None:
                    location_ids[key] = location_group.existing.pk
                    continue
                location = location_group.form.instance
                location.organisation = organisation
                location_save(location=location, by=by, address=location_group.form.address())
                location_ids[key] = location.pk
                created["locations"].append(location)
                _advance(progress)
            for service_group in group.services.values():
                form = service_group.form
                service = form.instance
                service.organisation = organisation
                links = {location_ids[k] for k in service_group.location_keys.values() if k}
                service_create(service=service, by=by, **{**form.service_kwargs(), "location_ids": links})
                _add_opening_times(service, service_group.schedules, by=by)
                created["services"].append(service)
                _advance(progress)
    return {
        "summary": {**check.summary(), **{f"{kind}_created": len(items) for kind, items in created.items()}},
        "created": {kind: [{"id": str(item.pk), "name": item.name} for item in items[:LISTED_IN_REPORT]]
                    for kind, items in created.items()},
        "notes": check.report()["notes"],
    }


def _add_opening_times(service, slots: list, *, by) -> None:
    """All at once, with one Event, rather than schedule_save's Event for each; the service's search
    document is written at the end of the import's batch."""
    if not slots:
        return
    Schedule.objects.bulk_create(Schedule(service=service, byday=day, opens_at=opens, closes_at=closes)
                                 for day, opens, closes in slots)
    record_event(actor=by, verb="opening_times_changed", obj=service, before={"opening_times": []},
                 after=opening_times_snapshot(service))


def _advance(progress: JobProgress | None) -> None:
    if progress:
        progress.advance()
