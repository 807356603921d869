"""The relationship toolkit in the navigation: for those who run rounds, and for lead members, published results and
every round they may read."""

import pytest
from django.urls import reverse

from kith.organisations.models import Membership, OrganisationType, Role
from kith.testing import factories

from .actions_support import make_round

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role, link", [
    ("anonymous", None), ("resident", None), ("member_a", None),
    ("council_officer", "/relationship/"), ("lio_staff", "/relationship/"), ("administrator", "/relationship/"),
])
def test_the_toolkit_is_in_the_navigation_of_those_who_run_rounds(client, people, role, link):
    if role != "anonymous":
        client.force_login(people[role])
    navigation = client.get("/").content.decode().split('id="navigation"')[1].split("</ul>")[0]
    if link is None:
        assert "Relationship toolkit" not in navigation
    else:
        assert f'href="{link}">Relationship toolkit</a>' in navigation
        assert client.get(link).status_code == 200


def test_a_lead_member_is_led_to_the_published_results(client):
    council = factories.OrganisationFactory(organisation_type=OrganisationType.COUNCIL)
    councillor = factories.UserFactory()
    Membership.objects.create(user=councillor, organisation=council, role=Role.LEAD_MEMBER)
    client.force_login(councillor)
    navigation = client.get("/").content.decode().split('id="navigation"')[1].split("</ul>")[0]
    assert 'href="/relationship/published/">Relationship toolkit</a>' in navigation
    assert client.get("/relationship/published/").status_code == 200


def test_a_lead_member_finds_every_rounds_results_and_nobody_else_sees_unpublished_ones(client, people):
    unpublished = make_round(name="Unpublished Larkspur round")
    published = make_round(name="Published Foxglove round", published=True)
    council = factories.OrganisationFactory(organisation_type=OrganisationType.COUNCIL)
    councillor = factories.UserFactory()
    Membership.objects.create(user=councillor, organisation=council, role=Role.LEAD_MEMBER)
    client.force_login(councillor)
    page = client.get("/relationship/published/").content.decode()
    results = reverse("assessments:results", args=[unpublished.uuid])
    assert f'href="{results}">Unpublished Larkspur round</a>' in page and "not published" in page
    assert client.get(results).status_code == 200
    for viewer in (None, people["resident"], people["member_a"], people["council_officer"]):
        client.logout()
        if viewer:
            client.force_login(viewer)
        page = client.get("/relationship/published/").content.decode()
        assert "Published Foxglove round" in page
        assert "Unpublished Larkspur round" not in page



@pytest.mark.parametrize("role", ["anonymous", "resident", "member_a"])
def test_everyone_finds_the_published_results_from_the_footer(client, people, role):
    """Working in the open: what the council publishes is one link away from every page, signed in or not."""
    make_round(published=True, name="Sunderland 2026")
    if role != "anonymous":
        client.force_login(people[role])
    footer = client.get("/search/").content.decode().split('<footer class="govuk-footer">')[1]
    assert 'href="/relationship/published/"' in footer
    assert "Sunderland 2026" in client.get("/relationship/published/").content.decode()
