"""Writing cleaned feed records into the directory: upsert by (feed, entity, external id), with
provenance, keeping what is local (verification, capacity, notes), and one savepoint per record.

New rows are gathered over a batch of records and written by `flush` with one bulk_create per
model; changes to existing rows are written at once with QuerySet.update. Neither sends signals:
the search documents of the services touched are written once per batch by `refresh_search`.
What the database could refuse at the flush is checked first (full_clean, ids kept unique per
kind, needs already linked by hand left alone), so a record's faults show as its own rejection;
should the database refuse a batch anyway, the importer writes it again with `immediate` set:
each record's new rows inside its own savepoint.
"""

import hashlib
import json
import uuid
from collections import defaultdict

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from kith.core.audit import record_event
from kith.directory import models as directory
from kith.directory.search import index
from kith.organisations.models import Organisation, Verification

from ..models import Entity, Feed, ImportedRecord

TOP_ENTITIES = (Entity.ORGANISATION, Entity.SERVICE, Entity.LOCATION)
PART_MODELS = {
    Entity.SERVICE_AT_LOCATION: directory.ServiceAtLocation, Entity.ADDRESS: directory.Address,
    Entity.PHONE: directory.Phone, Entity.CONTACT: directory.Contact, Entity.SCHEDULE: directory.Schedule,
    Entity.SERVICE_AREA: directory.ServiceArea, Entity.LANGUAGE: directory.Language,
    Entity.COST_OPTION: directory.CostOption, Entity.FUNDING: directory.Funding, Entity.ATTRIBUTE: directory.Attribute,
}
MODELS = {Entity.ORGANISATION: Organisation, Entity.SERVICE: directory.Service, Entity.LOCATION: directory.Location,
          **PART_MODELS}
ENTITY_OF = {model: entity for entity, model in MODELS.items()}
# Parents before children, for the flush.
WRITE_ORDER = [Organisation, directory.Location, directory.Service, directory.Address, directory.ServiceAtLocation,
               directory.Contact, directory.Phone, directory.Schedule, directory.ServiceArea, directory.Language,
               directory.CostOption, directory.Funding, directory.Attribute]


def content_hash(data) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


class RecordRejected(Exception):
    """A record that cannot be written, with the reason for the report."""


def _validate(obj: models.Model) -> None:
    # Foreign keys are set here, not typed in: checking each exists would cost a query apiece.
    related = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    try:
        obj.full_clean(exclude=related, validate_unique=False, validate_constraints=False)
    except Exception as error:  # ValidationError: its messages become the rejection reason
        messages = getattr(error, "message_dict", None)
        text = "; ".join(f"{k}: {' '.join(v)}" for k, v in messages.items()) if messages else str(error)
        raise RecordRejected(f"{obj._meta.verbose_name} does not pass Kith's checks ({text})") from None


class Writer:
    def __init__(self, feed: Feed, *, actor=None, now=None):
        self.feed, self.actor = feed, actor
        self.now = now or timezone.now()
        self.reload()
        # Set by the importer to write each record's new rows in its own savepoint, as it goes.
        self.immediate = False
        self.seen: set[int] = set()          # ImportedRecord pks found in this run
        self.touched_services: set = set()
        self.location_states: dict[str, str] = {}   # the first outcome of each location this run
        self.terms = TermMatcher()
        self.comment = f"Imported from the feed “{feed.name}”."
        # What one record's savepoint has added, kept only if it commits.
        self._staged: dict[tuple, ImportedRecord] = {}
        self._gone: list[ImportedRecord] = []
        self._new: list[models.Model] = []
        # How to put back what a record changed in the batch's rows-in-waiting, should it be rejected.
        self._undo: list = []
        # New rows (and their provenance) of the batch's committed records, written by flush().
        self._pending: dict[object, models.Model] = {}
        self._pending_records: dict[tuple, ImportedRecord] = {}

    def reload(self) -> None:
        """What this feed imported before, and which of its local records still exist, read from the
        database (an unchanged record then costs no query at all); anything waiting is dropped."""
        self.records: dict[tuple, ImportedRecord] = {}
        self.by_parent: dict[str, list] = defaultdict(list)
        for record in ImportedRecord.objects.filter(feed=self.feed):
            self._keep(record)
        self.existing: dict[str, set] = {}
        for entity in TOP_ENTITIES:
            ids = [r.local_id for (e, _), r in self.records.items() if e == entity]
            self.existing[entity] = {pk for start in range(0, len(ids), 500) for pk in MODELS[entity].objects.filter(
                pk__in=ids[start:start + 500]).values_list("pk", flat=True)}
        self._pending, self._pending_records = {}, {}

    def _keep(self, record: ImportedRecord) -> None:
        self.records[(record.entity, record.external_id)] = record
        if record.parent_id:
            self.by_parent[record.parent_id].append(record)

    def local(self, entity: str, external_id: str):
        """The local record made from this feed record before, if it still exists."""
        record = self.records.get((entity, external_id))
        if record is None:
            return None, None
        if record.local_id in self._pending:
            return record, self._pending[record.local_id]
        return record, MODELS[entity].objects.filter(pk=record.local_id).order_by().first()

    def unchanged(self, entity: str, external_id: str, digest: str) -> bool:
        """Whether this record was imported before with the same content and its local record still exists."""
        record = self.records.get((entity, external_id))
        return record is not None and record.content_hash == digest and record.local_id in self.existing[entity]

    def record(self, write) -> str:
        """Run `write` in its own savepoint; what it staged is kept only if it commits."""
        self._staged, self._gone, self._new, self._undo = {}, [], [], []
        try:
            with transaction.atomic():
                state = write()
                if self.immediate:
                    self._insert(self._new, [r for r in self._staged.values() if r.pk is None])
        except Exception:
            for undo in reversed(self._undo):
                undo()
            self._staged, self._gone, self._new, self._undo = {}, [], [], []
            raise
        for record in self._gone:
            self.records.pop((record.entity, record.external_id), None)
            if record in self.by_parent.get(record.parent_id, []):
                self.by_parent[record.parent_id].remove(record)
        for obj in self._new:
            if not self.immediate:
                self._pending[obj.pk] = obj
            entity = ENTITY_OF.get(type(obj))
            if entity in self.existing:
                self.existing[entity].add(obj.pk)
        for record in self._staged.values():
            self._keep(record)
            if record.pk is None:
                self._pending_records[(record.entity, record.external_id)] = record
            else:
                self.seen.add(record.pk)
        return state

    def flush(self) -> None:
        """Write the batch's new rows, parents before children, and their provenance."""
        self._insert(self._pending.values(), self._pending_records.values())
        self.seen.update(record.pk for record in self._pending_records.values())
        self._pending, self._pending_records = {}, {}

    @staticmethod
    def _insert(objects, provenance) -> None:
        by_model = defaultdict(list)
        for obj in objects:
            by_model[type(obj)].append(obj)
        for model in WRITE_ORDER:
            if by_model[model]:
                model.objects.bulk_create(by_model[model], batch_size=500)
        ImportedRecord.objects.bulk_create(list(provenance), batch_size=500)

    # Provenance

    def _provenance(self, entity, external_id, local_id, *, parent="", digest="") -> None:
        key = (entity, external_id)
        record = self._staged.get(key) or self.records.get(key)
        if record is None:
            # Written with the record's other new provenance in one insert, when its savepoint ends.
            record = ImportedRecord(feed=self.feed, entity=entity, external_id=external_id, local_id=local_id,
                                    parent_id=parent, fetched_at=self.now, first_seen=self.now, last_seen=self.now,
                                    content_hash=digest)
        elif record.pk is None:
            if key not in self._staged:   # waiting for the flush since an earlier record
                self._undo.append(_restorer(record, ["local_id", "content_hash", "parent_id"]))
            record.local_id, record.content_hash = local_id, digest or record.content_hash
            record.parent_id = parent or record.parent_id
        elif (record.local_id, record.content_hash, record.parent_id) != (local_id, digest or record.content_hash, parent or record.parent_id):
            record.local_id, record.content_hash = local_id, digest or record.content_hash
            record.parent_id = parent or record.parent_id
            ImportedRecord.objects.filter(pk=record.pk).update(local_id=local_id, content_hash=record.content_hash,
                                                                parent_id=record.parent_id)
        self._staged[key] = record

    def mark_seen(self, entity, external_id) -> None:
        # Provenance still waiting for the flush (pk None) is seen by being written.
        record = self.records.get((entity, external_id))
        if record is not None and record.pk is not None:
            self.seen.add(record.pk)
            self.seen.update(part.pk for part in self._parts_of(external_id) if part.pk is not None)

    def _parts_of(self, external_id: str) -> list:
        found, queue = [], [external_id]
        while queue:
            for part in self.by_parent.get(queue.pop(), []):
                found.append(part)
                if part.entity in (Entity.CONTACT, Entity.SERVICE_AT_LOCATION):
                    queue.append(part.external_id)
        return found

    # Upserting one row

    def _upsert(self, entity, external_id, model, fields: dict, *, parent="", created_only=None) -> tuple:
        record, obj = self.local(entity, external_id)
        if obj is None:
            obj = model(**fields, **(created_only or {}))
            _validate(obj)
            self._new.append(obj)
            self._provenance(entity, external_id, obj.pk, parent=parent)
            return obj, "created", {}
        changed = {k: v for k, v in fields.items() if getattr(obj, k) != v}
        before = {k: getattr(obj, k) for k in changed}
        if changed:
            if obj.pk in self._pending:
                self._undo.append(_restorer(obj, list(changed)))
            for k, v in changed.items():
                setattr(obj, k, v)
            _validate(obj)
            if obj.pk not in self._pending:   # a row waiting for the flush is written as it now is
                model.objects.filter(pk=obj.pk).update(**changed)
        self._provenance(entity, external_id, obj.pk, parent=parent)
        return obj, ("updated" if changed else "unchanged"), before

    def _audit(self, obj, state: str, before: dict, fields: dict, comment: str = "") -> None:
        if state == "created":
            record_event(actor=self.actor, verb="created", obj=obj, after=_plain(fields), comment=self.comment)
        elif state == "updated":
            record_event(actor=self.actor, verb="changed", obj=obj, before=_plain(before),
                         after=_plain({k: fields[k] for k in before if k in fields}), comment=f"{self.comment} {comment}".strip())

    # Organisations

    def organisation(self, data: dict) -> str:
        digest = content_hash(data)
        if self.unchanged(Entity.ORGANISATION, data["id"], digest):
            self.mark_seen(Entity.ORGANISATION, data["id"])
            return "unchanged"
        fields = dict(data["fields"])
        created_only = {"organisation_type": data["type"], "verification_status": Verification.AWAITING}
        obj, state, before = self._upsert(Entity.ORGANISATION, data["id"], Organisation, fields, created_only=created_only)
        if state == "updated":
            Organisation.objects.filter(pk=obj.pk).update(updated_at=self.now)
            self.touched_services.update(obj.services.values_list("pk", flat=True))
        self._provenance(Entity.ORGANISATION, data["id"], obj.pk, digest=digest)
        self._audit(obj, state, before, fields)
        return state

    def organisation_pk(self, external_id: str):
        record = self.records.get((Entity.ORGANISATION, external_id))
        return record.local_id if record is not None and record.local_id in self.existing[Entity.ORGANISATION] else None

    # Services

    def service(self, data: dict, organisation_pk) -> str:
        digest = content_hash(data)
        if self.unchanged(Entity.SERVICE, data["id"], digest):
            self.mark_seen(Entity.SERVICE, data["id"])
            return "unchanged"
        fields = {**data["fields"], "organisation_id": organisation_pk}
        created_only = {**data["created_only"], "verification_status": Verification.AWAITING, "last_modified": self.now}
        obj, state, before = self._upsert(Entity.SERVICE, data["id"], directory.Service, fields, created_only=created_only)
        parts_changed = self._service_parts(obj, data, created=state == "created")
        if state == "unchanged" and parts_changed:
            state = "updated"
        if state == "updated":
            directory.Service.objects.filter(pk=obj.pk).update(last_modified=self.now, updated_at=self.now)
        self._provenance(Entity.SERVICE, data["id"], obj.pk, digest=digest)
        self.touched_services.add(obj.pk)
        parts_note = f"Also changed: {', '.join(sorted(parts_changed))}." if parts_changed else ""
        self._audit(obj, state, before, fields, parts_note)
        return state

    def _service_parts(self, service, data: dict, *, created: bool) -> set[str]:
        """Upsert each part; remove the parts this feed gave the service before but gives no more."""
        changed, kept = set(), set()
        sid = data["id"]

        def part(entity, item, model, links, parent=sid):
            obj, state, _before = self._upsert(entity, item["id"], model, {**item["fields"], **links}, parent=parent)
            kept.add((entity, item["id"]))
            if state != "unchanged":
                changed.add(Entity(entity).label.lower())
            return obj

        for item in data["phones"]:
            part(Entity.PHONE, item, directory.Phone, {"service_id": service.pk})
        for contact in data["contacts"]:
            obj = part(Entity.CONTACT, contact, directory.Contact, {"service_id": service.pk})
            for item in contact["phones"]:
                part(Entity.PHONE, item, directory.Phone, {"contact_id": obj.pk}, parent=contact["id"])
        for item in data["schedules"]:
            part(Entity.SCHEDULE, item, directory.Schedule, {"service_id": service.pk})
        for item in data["service_areas"]:
            part(Entity.SERVICE_AREA, item, directory.ServiceArea, {"service_id": service.pk})
        for item in data["languages"]:
            part(Entity.LANGUAGE, item, directory.Language, {"service_id": service.pk})
        for item in data["cost_options"]:
            part(Entity.COST_OPTION, item, directory.CostOption, {"service_id": service.pk})
        for item in data["funding"]:
            part(Entity.FUNDING, item, directory.Funding, {"service_id": service.pk})
        for link in data["service_at_locations"]:
            location = self.location(link["location"], service.organisation_id)
            obj = part(Entity.SERVICE_AT_LOCATION, link, directory.ServiceAtLocation,
                       {"service_id": service.pk, "location_id": location.pk})
            for item in link["schedules"]:
                part(Entity.SCHEDULE, item, directory.Schedule, {"service_at_location_id": obj.pk}, parent=link["id"])
        for term_pk in self._terms_to_link(service, data, created):
            part(Entity.ATTRIBUTE, {"id": f"{sid}/term/{term_pk}", "fields": {}}, directory.Attribute,
                 {"service_id": service.pk, "taxonomy_term_id": uuid.UUID(term_pk), "link_entity": "service"})
        for record in self._parts_of(sid):
            if (record.entity, record.external_id) not in kept:
                self._remove(record)
                changed.add(Entity(record.entity).label.lower())
        return changed

    def _terms_to_link(self, service, data: dict, created: bool) -> list:
        """The feed's needs for the service, less those someone linked in Kith already (theirs to keep)."""
        if created:
            return data["term_ids"]   # nothing is linked by hand yet
        tracked = [r.local_id for r in self._parts_of(data["id"]) if r.entity == Entity.ATTRIBUTE]
        linked_here = {str(pk) for pk in directory.Attribute.objects.filter(service_id=service.pk).exclude(pk__in=tracked)
                       .values_list("taxonomy_term_id", flat=True)}
        return [pk for pk in data["term_ids"] if pk not in linked_here]

    def _remove(self, record: ImportedRecord) -> None:
        """A part the feed no longer gives: its row and its provenance go."""
        if record.local_id in self._pending:
            obj = self._pending.pop(record.local_id)
            self._undo.append(lambda: self._pending.__setitem__(obj.pk, obj))
        else:
            MODELS[record.entity].objects.filter(pk=record.local_id).delete()
        if record.pk is None:
            key = (record.entity, record.external_id)
            if self._pending_records.pop(key, None) is not None:
                self._undo.append(lambda: self._pending_records.__setitem__(key, record))
        else:
            ImportedRecord.objects.filter(pk=record.pk).delete()
        self._gone.append(record)

    def location(self, data: dict, organisation_pk):
        """A location, shared by the services that name it: written once a run."""
        digest = content_hash(data)
        if self.unchanged(Entity.LOCATION, data["id"], digest):
            self.mark_seen(Entity.LOCATION, data["id"])
            self.location_states.setdefault(data["id"], "unchanged")
            return directory.Location(pk=self.records[(Entity.LOCATION, data["id"])].local_id)
        fields = data["fields"]
        obj, state, before = self._upsert(Entity.LOCATION, data["id"], directory.Location, fields,
                                          created_only={"organisation_id": organisation_pk})
        for i, address in enumerate(data["addresses"]):
            self._upsert(Entity.ADDRESS, address["id"], directory.Address, {**address["fields"], "location_id": obj.pk},
                         parent=data["id"])
        kept = {a["id"] for a in data["addresses"]}
        for part in list(self.by_parent.get(data["id"], [])):
            if part.entity == Entity.ADDRESS and part.external_id not in kept:
                self._remove(part)
        if state == "updated" and obj.pk not in self._pending:
            self.touched_services.update(obj.service_at_locations.values_list("service_id", flat=True))
        self._provenance(Entity.LOCATION, data["id"], obj.pk, digest=digest)
        self._audit(obj, state, before, fields)
        self.location_states.setdefault(data["id"], state)
        return obj

    # After all records

    def refresh_search(self) -> None:
        index.refresh(self.touched_services)
        self.touched_services = set()

    def finish(self, seen_ids: dict[str, set]) -> dict:
        """Mark what this run found as seen and what it no longer finds as not seen since now."""
        with transaction.atomic():
            for start in range(0, len(ids := sorted(self.seen)), 1000):
                ImportedRecord.objects.filter(pk__in=ids[start:start + 1000]).update(
                    last_seen=self.now, fetched_at=self.now, not_seen_since=None)
            newly = defaultdict(int)
            gone = []
            for record in ImportedRecord.objects.filter(feed=self.feed, entity__in=TOP_ENTITIES, not_seen_since__isnull=True):
                if record.external_id not in seen_ids.get(record.entity, set()):
                    gone.append(record.pk)
                    newly[record.entity] += 1
            for start in range(0, len(gone), 1000):
                ImportedRecord.objects.filter(pk__in=gone[start:start + 1000]).update(not_seen_since=self.now)
            totals = dict(ImportedRecord.objects.filter(feed=self.feed, entity__in=TOP_ENTITIES, not_seen_since__isnull=False)
                          .values_list("entity").annotate(n=models.Count("pk")).values_list("entity", "n"))
            Feed.objects.filter(pk=self.feed.pk).update(last_imported_at=self.now)
        return {entity: {"now": totals.get(entity, 0), "newly": newly.get(entity, 0)} for entity in TOP_ENTITIES}


def _restorer(obj, names: list):
    values = {name: getattr(obj, name) for name in names}
    return lambda: [setattr(obj, name, value) for name, value in values.items()]


def _plain(values: dict) -> dict:
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


class TermMatcher:
    """The directory's needs and service types, matched by id, taxonomy and code, code, or name."""

    def __init__(self):
        self.by_pk, self.by_taxonomy, self.by_code, self.by_name = {}, {}, defaultdict(list), defaultdict(list)
        for term in directory.TaxonomyTerm.objects.select_related("taxonomy"):
            self.by_pk[str(term.pk)] = term
            self.by_taxonomy[(term.taxonomy.name.lower(), term.code.lower())] = term
            self.by_taxonomy[(term.taxonomy.name.lower(), term.name.lower())] = term
            self.by_code[term.code.lower()].append(term)
            self.by_name[term.name.lower()].append(term)

    def match(self, given: dict):
        if given["id"] and given["id"] in self.by_pk:
            return self.by_pk[given["id"]]
        taxonomy = (given["taxonomy"] or "").lower()
        for key in (given["code"], given["name"]):
            if key and taxonomy and (taxonomy, key.lower()) in self.by_taxonomy:
                return self.by_taxonomy[(taxonomy, key.lower())]
        for key, table in ((given["code"], self.by_code), (given["id"], self.by_code), (given["name"], self.by_name)):
            if key and len(table.get(key.lower(), [])) == 1:
                return table[key.lower()][0]
        return None

    def matched(self, given: list) -> tuple[list[str], list[str]]:
        """The ids of the directory's terms found (as text, for hashing), and the names of those not found."""
        found, unmatched = {}, []
        for item in given:
            term = self.match(item)
            if term is None:
                unmatched.append(item["name"] or item["code"] or item["id"])
            else:
                found[str(term.pk)] = True
        return sorted(found), unmatched
