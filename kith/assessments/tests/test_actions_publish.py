"""Working in the open: publishing a round's results and plan, the public page, and taking it down."""

import re

import pytest
from django.urls import reverse

from kith.assessments.models import Round
from kith.core.models import Event

from .actions_support import make_action, make_round, respond

pytestmark = pytest.mark.django_db


def test_the_public_page_is_not_found_until_published_and_after_unpublishing(client, people):
    round = make_round()
    make_action(round, title="Joint funding review")
    public = reverse("assessments:published", args=[round.uuid])
    assert client.get(public).status_code == 404
    assert round.name not in client.get(reverse("assessments:published_list")).content.decode()

    client.force_login(people["council_officer"])
    confirm = client.get(reverse("assessments:publish", args=[round.uuid]))
    assert confirm.status_code == 200 and "Publish the results and action plan?" in confirm.content.decode()
    assert Round.objects.get(pk=round.pk).results_published_at is None
    assert client.post(reverse("assessments:publish", args=[round.uuid])).status_code == 302
    assert Event.objects.filter(verb="round_results_published", object_id=str(round.pk)).count() == 1

    client.logout()
    page = client.get(public)
    assert page.status_code == 200 and "Joint funding review" in page.content.decode()
    assert round.name in client.get(reverse("assessments:published_list")).content.decode()

    client.force_login(people["lio_staff"])
    assert client.post(reverse("assessments:unpublish", args=[round.uuid])).status_code == 302
    assert Event.objects.filter(verb="round_results_unpublished").count() == 1
    client.logout()
    assert client.get(public).status_code == 404


def test_publishing_twice_keeps_the_first_date_and_one_event(client, people):
    round = make_round()
    client.force_login(people["council_officer"])
    client.post(reverse("assessments:publish", args=[round.uuid]))
    first = Round.objects.get(pk=round.pk).results_published_at
    client.post(reverse("assessments:publish", args=[round.uuid]))
    assert Round.objects.get(pk=round.pk).results_published_at == first
    assert Event.objects.filter(verb="round_results_published").count() == 1


def _groups_shown(page: str) -> dict[str, int]:
    """The groups shown by sector, with their counts, from the sentence and the tables' columns."""
    line = re.search(r"(\d+) people answered: (.*?)\.", page)
    groups = {"All": int(line.group(1))}
    groups |= {name.strip(): int(n) for name, n in re.findall(r"(?:^|, | and )([A-Za-z ]+?) (\d+)", line.group(2))}
    assert set(re.findall(r">([A-Za-z ]+) average</th>", page)) == set(groups)
    return groups


def test_the_public_page_never_shows_a_group_under_the_threshold(client):
    round = make_round(threshold=5, published=True)
    respond(round, "council", 6, 4)
    respond(round, "vcfse", 7, 2)
    respond(round, "lio", 2, 5)  # too few to show on its own: pooled with other statutory bodies
    respond(round, "other_statutory", 3, 3)
    page = client.get(reverse("assessments:published", args=[round.uuid])).content.decode()
    groups = _groups_shown(page)
    assert groups == {"All": 18, "Council": 6, "VCFSE": 7, "Other sectors": 5}
    assert "Local infrastructure organisation average" not in page and "Other statutory bodies average" not in page
    assert "Local infrastructure organisation:" not in page  # no bar of the spread chart for it either
    assert "Answers from other statutory bodies and the local infrastructure organisation count in “All”" in page
    assert "The perception gap" in page


def test_the_public_page_shows_no_figures_when_too_few_answered(client):
    round = make_round(threshold=5, published=True)
    respond(round, "council", 2, 4)
    respond(round, "vcfse", 2, 2)
    page = client.get(reverse("assessments:published", args=[round.uuid])).content.decode()
    assert "Fewer than 5 people have answered, so no figures are shown." in page
    assert "<svg" not in page and "people answered" not in page
