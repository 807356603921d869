"""One import of an ORUK feed: read the whole feed (no writes), clean every record, then write in
batches (one savepoint per record, one transaction per batch), and report what happened.

`import_feed` is what the command and the web pages run, as a kith.core Job of kind "oruk_import".
"""

import logging
from collections import Counter, defaultdict
from urllib.parse import urlsplit

from django.db import DatabaseError, transaction
from django.utils import timezone

from kith.core.jobs import JobFailed, JobProgress
from kith.core.models import Job

from ..models import Entity, Feed, FeedRun
from . import reading, records
from .writing import RecordRejected, Writer

log = logging.getLogger(__name__)

KIND = "oruk_import"
BATCH_SIZE = 100
UNCHANGED_DIRECTORY = "Nothing was imported: the directory is as it was."


def feed_for(*, source: str, is_url: bool, name: str = "", actor=None) -> Feed:
    """The feed with this name, or else with this source; a new one if neither is known."""
    name = name.strip()
    feed = Feed.objects.filter(name=name).first() if name else Feed.objects.filter(source=source, is_url=is_url).first()
    if feed is not None:
        if feed.source != source or feed.is_url != is_url:
            Feed.objects.filter(pk=feed.pk).update(source=source, is_url=is_url)
            feed.source, feed.is_url = source, is_url
        return feed
    base = name or (urlsplit(source).netloc + urlsplit(source).path.rstrip("/") if is_url else source)
    candidate, n = base[:190], 2
    while Feed.objects.filter(name=candidate).exists():
        candidate, n = f"{base[:180]} ({n})", n + 1
    return Feed.objects.create(name=candidate, source=source, is_url=is_url, added_by=actor if _signed_in(actor) else None)


def _signed_in(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def new_run(feed: Feed, *, actor=None, payload: dict | None = None) -> Job:
    job = Job.objects.create(kind=KIND, title=f"Import of the feed “{feed.name}”",
                             created_by=actor if _signed_in(actor) else None, payload=payload or {})
    FeedRun.objects.create(feed=feed, job=job)
    return job


def work_for(feed: Feed, job: Job, *, actor=None):
    """The job's work: the feed read from its address, or from the document stored with the job."""

    def work(progress: JobProgress) -> dict:
        try:
            return _run(progress)
        finally:
            # An uploaded document has served its purpose either way: the report is the record of the run.
            Job.objects.filter(pk=job.pk).update(payload={})

    def _run(progress: JobProgress) -> dict:
        try:
            if "services" in job.payload or "organisations" in job.payload:
                document = reading.FeedDocument(services=job.payload.get("services", []),
                                                organisations=job.payload.get("organisations", []),
                                                shape=job.payload.get("shape", ""))
            elif feed.is_url:
                progress.stage(f"Reading {feed.source}")
                document = reading.fetch_url(feed.source, report=lambda stage, total: progress.set_total(total, stage),
                                             advance=progress.advance)
            else:
                document = reading.read_file(job.payload["path"])
        except reading.FeedError as error:
            raise JobFailed(f"{error} {UNCHANGED_DIRECTORY}") from None
        return import_document(feed, document, actor=actor, progress=progress)

    return work


def _empty_counts() -> dict:
    return {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0}


class _Run:
    def __init__(self, feed: Feed, document: reading.FeedDocument, actor):
        self.feed, self.document = feed, document
        self.writer = Writer(feed, actor=actor)
        self.counts = {"organisations": _empty_counts(), "services": _empty_counts()}
        self.rejected, self.warnings = [], []
        self.seen = defaultdict(set)
        self.organisations: dict[str, dict] = {}
        self.organisation_rejections: dict[str, str] = {}

    def reject(self, cleaned: records.Cleaned, reason: str | None = None) -> None:
        plural = f"{cleaned.entity}s"
        self.counts[plural]["rejected"] += 1
        self.rejected.append({"entity": cleaned.entity, "external_id": cleaned.external_id or "",
                              "name": cleaned.name or "", "reason": reason or cleaned.reason})

    def warn(self, cleaned: records.Cleaned) -> None:
        if cleaned.warnings:
            self.warnings.append({"entity": cleaned.entity, "external_id": cleaned.external_id or "",
                                  "name": cleaned.name or "", "messages": cleaned.warnings})

    # Cleaning: nothing is written.

    def clean(self) -> list[records.Cleaned]:
        for position, raw in enumerate(self.document.organisations, 1):
            self._organisation(records.organisation(raw, position=position), given_alone=True)
        services, ids = [], set()
        for position, raw in enumerate(self.document.services, 1):
            cleaned = records.service(raw, position=position)
            if cleaned.external_id:
                self.seen[Entity.SERVICE].add(cleaned.external_id)
                if cleaned.external_id in ids:
                    self.reject(cleaned, "duplicate id: an earlier record in the feed has the same id (the first was kept)")
                    continue
                ids.add(cleaned.external_id)
            if cleaned.reason:
                self.reject(cleaned)
                continue
            nested = cleaned.data["organisation"]
            if nested is not None:
                self._organisation(records.organisation(nested, position=position), given_alone=False)
            reason = self._organisation_reason(cleaned.data["organisation_id"])
            if reason:
                self.warn(cleaned)
                self.reject(cleaned, reason)
                continue
            cleaned.data["term_ids"], unknown = self.writer.terms.matched(cleaned.data.pop("terms"))
            cleaned.data.pop("organisation")
            for name in unknown:
                cleaned.warnings.append(f"the need or service type “{name}” is not in Kith's list, so it was left out")
            self.seen[Entity.ORGANISATION].add(cleaned.data["organisation_id"])
            self.seen[Entity.LOCATION].update(link["location"]["id"] for link in cleaned.data["service_at_locations"])
            self.warn(cleaned)
            services.append(cleaned)
        return services

    def _organisation(self, cleaned: records.Cleaned, *, given_alone: bool) -> None:
        external_id = cleaned.external_id
        if external_id:
            self.seen[Entity.ORGANISATION].add(external_id)
        if external_id in self.organisations or external_id in self.organisation_rejections:
            # The same organisation nested in each of its services is normal; listed twice is not.
            if given_alone:
                self.reject(cleaned, "duplicate id: an earlier organisation in the feed has the same id (the first was kept)")
            return
        if cleaned.reason:
            self.reject(cleaned)
            if external_id:
                self.organisation_rejections[external_id] = cleaned.reason
            return
        self.warn(cleaned)
        self.organisations[external_id] = cleaned.data

    def _organisation_reason(self, external_id: str | None) -> str | None:
        if external_id is None:
            return "the service names no organisation"
        if external_id in self.organisations:
            return None
        if external_id in self.organisation_rejections:
            return f"its organisation “{external_id}” was rejected: {self.organisation_rejections[external_id]}"
        if self.writer.organisation_pk(external_id) is not None:
            return None
        return f"its organisation “{external_id}” is not in the feed and was not imported from this feed before"

    # Writing: one savepoint per record, one transaction per batch.

    def write(self, services: list[records.Cleaned], progress) -> None:
        organisations = list(self.organisations.values())
        progress.set_total(len(organisations) + len(services), "Writing organisations and services")
        organisation_pks = {}
        for start in range(0, len(organisations), BATCH_SIZE):
            with transaction.atomic():
                for data in organisations[start:start + BATCH_SIZE]:
                    self._write(records.Cleaned("organisation", data["id"], data["fields"]["name"]),
                                lambda data=data: self.writer.organisation(data))
                self.writer.flush()
            progress.advance(len(organisations[start:start + BATCH_SIZE]))
        for start in range(0, len(services), BATCH_SIZE):
            batch = services[start:start + BATCH_SIZE]
            before = self._state()
            try:
                self._write_batch(batch, organisation_pks)
            except DatabaseError:
                # Every record was checked, so this is rare (another import of the feed at the same
                # time, say): the batch is done again a record at a time, each in its own savepoint,
                # so that only a record the database refuses is lost, with the reason.
                log.warning("Feed %s: batch at %s refused; writing it a record at a time", self.feed.pk, start)
                self._restore(before)
                organisation_pks.clear()
                self.writer.immediate = True
                try:
                    self._write_batch(batch, organisation_pks)
                finally:
                    self.writer.immediate = False
            progress.advance(len(batch))

    def _state(self) -> tuple:
        writer = self.writer
        return ({k: dict(v) for k, v in self.counts.items()}, len(self.rejected), len(self.warnings),
                set(writer.seen), set(writer.touched_services), dict(writer.location_states))

    def _restore(self, state: tuple) -> None:
        counts, rejected, warnings, seen, touched, locations = state
        self.counts, self.rejected[rejected:], self.warnings[warnings:] = counts, [], []
        self.writer.seen, self.writer.touched_services, self.writer.location_states = seen, touched, locations
        self.writer.reload()

    def _write_batch(self, batch: list, organisation_pks: dict) -> None:
        with transaction.atomic():
            for cleaned in batch:
                org = cleaned.data["organisation_id"]
                if org not in organisation_pks:
                    organisation_pks[org] = self.writer.organisation_pk(org)
                if organisation_pks[org] is None:
                    self.reject(cleaned, f"its organisation “{org}” could not be saved")
                    continue
                self._write(cleaned, lambda data=cleaned.data, pk=organisation_pks[org]: self.writer.service(data, pk))
            self.writer.flush()
            self.writer.refresh_search()

    def _write(self, cleaned: records.Cleaned, write) -> None:
        try:
            state = self.writer.record(write)
        except RecordRejected as error:
            self.reject(cleaned, str(error))
        except DatabaseError as error:
            self.reject(cleaned, f"the database refused it ({type(error).__name__}: {str(error)[:200]})")
        except Exception as error:  # noqa: BLE001 — one record's fault must not lose the others
            log.exception("Feed %s: %s %s could not be written", self.feed.pk, cleaned.entity, cleaned.external_id)
            self.reject(cleaned, f"it could not be saved ({type(error).__name__})")
        else:
            self.counts[f"{cleaned.entity}s"][state] += 1

    def _location_counts(self) -> dict:
        written = Counter(self.writer.location_states.values())
        # A location of an unchanged service is not looked at again: it is unchanged too.
        unchanged = len(self.seen[Entity.LOCATION] - set(self.writer.location_states))
        return {"created": written["created"], "updated": written["updated"], "unchanged": written["unchanged"] + unchanged}

    def report(self, not_seen: dict) -> dict:
        return {
            "feed": {"id": str(self.feed.pk), "name": self.feed.name, "source": self.feed.source},
            "shape": self.document.shape,
            "finished_at": timezone.now().isoformat(),
            "in_feed": {"services": len(self.document.services), "organisations": len(self.seen[Entity.ORGANISATION])},
            **self.counts,
            "locations": self._location_counts(),
            "rejected": self.rejected,
            "warnings": self.warnings,
            "not_seen_since": {f"{entity}s": counts for entity, counts in not_seen.items()},
        }


class _Silent:
    def set_total(self, total, stage=""):
        pass

    def advance(self, step=1):
        pass

    def stage(self, text):
        pass


def import_document(feed: Feed, document: reading.FeedDocument, *, actor=None, progress=None) -> dict:
    """Clean and write a feed already read; returns the report."""
    progress = progress or _Silent()
    progress.stage("Checking every record")
    run = _Run(feed, document, actor)
    services = run.clean()
    run.write(services, progress)
    progress.stage("Noting records no longer in the feed")
    return run.report(run.writer.finish(run.seen))
