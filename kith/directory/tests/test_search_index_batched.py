"""Saving many records at once (imports): documents written once per service, at the end of the batch."""

import pytest

from kith.directory.models import SearchDocument
from kith.directory.search import SearchCriteria, index, search
from kith.testing import factories

pytestmark = pytest.mark.django_db


def _document_words(service) -> str:
    return SearchDocument.objects.get(service=service).name_words


def test_documents_are_written_once_at_the_end_of_a_batch(monkeypatch):
    organisation = factories.OrganisationFactory()
    refreshed = []
    real_refresh = index.refresh
    monkeypatch.setattr(index, "refresh", lambda ids: (refreshed.append(set(ids)), real_refresh(ids)))
    with index.batched():
        made = [factories.ServiceFactory(organisation=organisation, name=f"Lantern club {n}") for n in range(5)]
        for service in made:
            factories.ScheduleFactory(service=service)
            service.name = f"Beacon club {service.name[-1]}"
            service.save()
        assert not SearchDocument.objects.filter(service__in=made).exists()
    assert refreshed == [{service.pk for service in made}]
    assert all("beacon" in _document_words(service) for service in made)
    assert len(search(SearchCriteria(words="beacon"), per_page=10).hits) == 5


def test_a_failed_batch_writes_no_documents_and_leaves_saving_as_it_was():
    organisation = factories.OrganisationFactory()
    with pytest.raises(RuntimeError):
        with index.batched():
            factories.ServiceFactory(organisation=organisation, name="Harbour group")
            raise RuntimeError("stop")
    assert not index.batching()
    after = factories.ServiceFactory(organisation=organisation, name="Quayside group")
    assert "quaysid" in _document_words(after)


def test_batches_inside_batches_write_at_the_outer_end():
    organisation = factories.OrganisationFactory()
    with index.batched():
        with index.batched():
            inner = factories.ServiceFactory(organisation=organisation, name="Lighthouse café")
        assert not SearchDocument.objects.filter(service=inner).exists()
    assert "lighthous" in _document_words(inner)
