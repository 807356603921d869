import pytest

from kith.directory.search import SearchCriteria, search
from kith.testing import factories


@pytest.mark.django_db
def test_words_find_a_service_by_its_name():
    wanted = factories.ServiceFactory(name="Stay and play")
    factories.ServiceFactory(name="Debt advice")
    results = search(SearchCriteria(words="play"))
    assert [h.service for h in results.hits] == [wanted]
    assert results.total == 1
