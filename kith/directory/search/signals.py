"""Each saved or deleted record that a search document is made from writes the documents it is
part of afresh, in the same transaction. Writes that send no signals (bulk_create, update(), raw
SQL) must call index.refresh() or index.rebuild() themselves.

Deletes are gathered and refreshed once the delete that caused them is done: when the record it
started from (or the last of the queryset's records) has gone.
"""

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

from kith.organisations.models import Organisation

from ..models import (Attribute, CostOption, Language, Location, Schedule, Service, ServiceArea, ServiceAtLocation,
                      Taxonomy, TaxonomyTerm)
from . import index

# What a saved record changes in documents only when one of these fields changed.
WATCHED = {
    Organisation: ("name", "alternate_name", "is_active", "areas_served"),
    TaxonomyTerm: ("name", "parent_id"),
    Location: ("is_family_hub", "latitude", "longitude"),
}
PARTS = (Attribute, CostOption, Language, Schedule, ServiceArea, ServiceAtLocation)


def _services_of(instance) -> list:
    """The services whose documents hold something of this record."""
    if isinstance(instance, Service):
        return [instance.pk]
    if isinstance(instance, Organisation):
        return list(Service.objects.filter(organisation_id=instance.pk).values_list("pk", flat=True))
    if isinstance(instance, TaxonomyTerm):
        return list(Attribute.objects.filter(taxonomy_term__in=TaxonomyTerm.objects.filter(pk=instance.pk)
                                             | TaxonomyTerm.objects.filter(parent_id=instance.pk))
                    .values_list("service_id", flat=True))
    if isinstance(instance, Location):
        return list(ServiceAtLocation.objects.filter(location_id=instance.pk).values_list("service_id", flat=True))
    pk = getattr(instance, "service_id", None)
    if pk is None and getattr(instance, "service_at_location_id", None):
        pk = ServiceAtLocation.objects.filter(pk=instance.service_at_location_id).values_list("service_id", flat=True).first()
    return [pk] if pk is not None else []


def _watched(instance) -> dict:
    # A copy of a list, so that changing the list in place still counts as a change.
    return {f: list(value) if isinstance(value, list) else value
            for f in WATCHED[type(instance)] if f in instance.__dict__ for value in [instance.__dict__[f]]}


def _loaded(sender, instance, **kwargs):
    instance._search_watched = _watched(instance)


def _saved(sender, instance, created, raw=False, **kwargs):
    if raw:  # loading fixtures: rebuild afterwards
        return
    if sender in WATCHED:
        before, instance._search_watched = getattr(instance, "_search_watched", None), _watched(instance)
        if created or before == instance._search_watched:
            return
    index.changed(_services_of(instance))
    if sender is Service and not index.batching():
        # Once more when the transaction is done, for what is written with the service without
        # signals, like needs and locations linked by bulk_create (directory.services does).
        transaction.on_commit(lambda pk=instance.pk: index.refresh([pk]))


def _deleted(sender, instance, origin=None, **kwargs):
    if sender in PARTS:
        index.defer(_services_of(instance))
    if origin is instance or (isinstance(origin, QuerySet) and isinstance(instance, origin.model)):
        index.flush()


def _terms_added(sender, instance, action, reverse, pk_set, **kwargs):
    # Adding through the relation bulk-creates Attribute rows, which sends no post_save.
    if action == "post_add":
        index.changed(pk_set if reverse else [instance.pk])


def connect() -> None:
    for model in (Service, Organisation, TaxonomyTerm, Location, *PARTS):
        post_save.connect(_saved, sender=model, dispatch_uid=f"search:saved:{model.__name__}")
    for model in WATCHED:
        post_init.connect(_loaded, sender=model, dispatch_uid=f"search:loaded:{model.__name__}")
    # Where deletes that reach the parts start from.
    for model in (Service, Organisation, Location, TaxonomyTerm, Taxonomy, *PARTS):
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search:deleted:{model.__name__}")
    m2m_changed.connect(_terms_added, sender=Service.taxonomy_terms.through, dispatch_uid="search:terms_added")
