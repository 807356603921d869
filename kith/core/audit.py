"""Writing the audit trail. Every state change in Kith goes through `record_event`."""

import datetime
import decimal
import uuid

from django.db import models

from .models import Event


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, decimal.Decimal)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, models.Model):
        return str(value.pk)
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """The object's concrete field values as JSON-safe data, for an Event's before/after."""
    result = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.primary_key:
            continue
        result[field.name] = _plain(getattr(obj, field.attname))
    return result


def record_event(*, actor, verb: str, obj: models.Model, before: dict | None = None,
                 after: dict | None = None, comment: str = "") -> Event:
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return Event.objects.create(
        actor=actor if authenticated else None,
        actor_label=(actor.email if authenticated else "system"),
        verb=verb,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=before,
        after=after,
        comment=comment,
    )
