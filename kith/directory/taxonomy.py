"""Kith's shipped taxonomy of needs and service types (data/taxonomy.json), loaded idempotently.

Terms are matched by code. New ones get ids derived from the code, so a term has the same id on
every installation and a feed or export can refer to it across places.
"""

import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from kith.core.audit import record_event, snapshot

from .models import Taxonomy, TaxonomyTerm

TAXONOMY_FILE = Path(__file__).parent / "data" / "taxonomy.json"
NAMESPACE = uuid.UUID("6f1b3c5e-2d8a-5b8e-9a57-4b1f0c9e7d21")
_TERM_FIELDS = ["code", "name", "description", "parent"]


def taxonomy_id(name: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"taxonomy:{name}")


def term_id(code: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"term:{code}")


@dataclass
class LoadResult:
    taxonomy: Taxonomy
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    # Codes in the database but no longer in the file: kept, since services may still use them.
    not_in_file: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def read(path: Path = TAXONOMY_FILE) -> dict:
    return json.loads(path.read_text())


def flatten(data: dict) -> list[tuple[str | None, dict]]:
    """(parent code, term) for every term, each theme before its children."""
    rows = []
    for theme in data["terms"]:
        rows.append((None, theme))
        rows.extend((theme["code"], child) for child in theme.get("children", []))
    return rows


@transaction.atomic
def load(path: Path = TAXONOMY_FILE) -> LoadResult:
    """Create or update the taxonomy and its terms from the file; a second load changes nothing."""
    data = read(path)
    taxonomy, _ = Taxonomy.objects.get_or_create(
        name=data["name"],
        defaults={"id": taxonomy_id(data["name"]), "description": data["description"], "version": data.get("version", "")},
    )
    if (taxonomy.description, taxonomy.version) != (data["description"], data.get("version", "")):
        taxonomy.description, taxonomy.version = data["description"], data.get("version", "")
        taxonomy.save(update_fields=["description", "version"])

    result = LoadResult(taxonomy=taxonomy)
    existing = {t.code: t for t in TaxonomyTerm.objects.filter(taxonomy=taxonomy)}
    for parent_code, item in flatten(data):
        parent = existing[parent_code] if parent_code else None
        term = existing.get(item["code"])
        if term is None:
            term = TaxonomyTerm.objects.create(id=term_id(item["code"]), taxonomy=taxonomy, parent=parent,
                                               code=item["code"], name=item["name"], description=item["description"])
            existing[term.code] = term
            record_event(actor=None, verb="created", obj=term, after=snapshot(term, _TERM_FIELDS),
                         comment="Loaded from Kith's taxonomy file")
            result.created.append(term.code)
            continue
        wanted = {"name": item["name"], "description": item["description"], "parent_id": parent.pk if parent else None}
        if all(getattr(term, k) == v for k, v in wanted.items()):
            result.unchanged += 1
            continue
        before = snapshot(term, _TERM_FIELDS)
        for k, v in wanted.items():
            setattr(term, k, v)
        term.save(update_fields=["name", "description", "parent"])
        record_event(actor=None, verb="updated", obj=term, before=before, after=snapshot(term, _TERM_FIELDS),
                     comment="Updated from Kith's taxonomy file")
        result.updated.append(term.code)
    in_file = {item["code"] for _, item in flatten(data)}
    result.not_in_file = sorted(set(existing) - in_file)
    return result


def themes(taxonomy: Taxonomy | None = None):
    """Top-level terms, each with its children prefetched."""
    qs = TaxonomyTerm.objects.filter(parent__isnull=True).prefetch_related("children")
    return qs.filter(taxonomy=taxonomy) if taxonomy else qs
