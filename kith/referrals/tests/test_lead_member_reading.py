"""A lead member belongs to the council as a councillor, not as one of its caseworkers: the personal
details of referrals council officers make for residents are not theirs to read."""

import pytest

from kith.organisations.models import Organisation
from kith.testing import factories

from .helpers import sent_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def council_referrals(people, service):
    council = Organisation.objects.get(name="Sunderland City Council")
    councillor = factories.MembershipFactory(organisation=council, role="lead_member").user
    by_officer = sent_referral(service, by=people["council_officer"], organisation=council)
    by_councillor = sent_referral(service, by=councillor, organisation=council)
    return councillor, by_officer, by_councillor


def test_a_lead_member_cannot_read_the_referrals_officers_made(client, people, council_referrals):
    councillor, by_officer, by_councillor = council_referrals
    client.force_login(councillor)
    listed = client.get("/referrals/sent/").content.decode()
    assert by_officer.reference not in listed
    assert client.get(f"/referrals/{by_officer.pk}/").status_code == 404
    # What they referred themselves they still follow.
    assert by_councillor.reference in listed
    assert client.get(f"/referrals/{by_councillor.pk}/").status_code == 200


def test_council_officers_still_follow_each_others_referrals(client, people, council_referrals):
    _, by_officer, by_councillor = council_referrals
    client.force_login(people["council_officer"])
    listed = client.get("/referrals/sent/").content.decode()
    assert by_officer.reference in listed and by_councillor.reference in listed
    assert client.get(f"/referrals/{by_councillor.pk}/").status_code == 200
