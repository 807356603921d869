"""A resident referring themselves is spoken to as "you", not as a professional about "the person"."""

import pytest

from kith.referrals.models import Referral, Status
from kith.testing import factories

from .helpers import CONSENT, PERSON, REASON, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def adult_service(org_a):
    """Open to adults only, so the journey asks for an age."""
    return factories.ServiceFactory(organisation=org_a, name="Debt clinic", referral_route="both",
                                    minimum_age=18, maximum_age=None)


def _page(client, draft, step) -> str:
    return client.get(f"/referrals/drafts/{draft.pk}/{step}/").content.decode()


def test_every_step_of_a_self_referral_says_you(client, people, adult_service):
    client.force_login(people["resident"])
    first = client.get(f"/referrals/services/{adult_service.pk}/").content.decode()
    assert "<title>Before you refer yourself: Debt clinic" in first
    draft = start(client, adult_service)
    consent = _page(client, draft, "consent")
    assert "Your name and contact details are needed" in consent
    assert "Their name and contact details" not in consent
    client.post(f"/referrals/drafts/{draft.pk}/consent/", {"agreed": "yes", "shared_items": ["contact", "age", "reason"]})

    person = _page(client, draft, "person")
    assert "ages: from 18 years" in person and "any age" not in person
    assert "give your age instead" in person and "where you live" in person
    assert "give their age instead" not in person and "where they live" not in person
    missing = client.post(f"/referrals/drafts/{draft.pk}/person/",
                          {"person_name": "Walker Testperson", "preferred_contact": "email"}).content.decode()
    assert "preferred way to contact you" in missing
    assert "Enter your date of birth or your age" in missing
    client.post(f"/referrals/drafts/{draft.pk}/person/", {"person_name": "Walker Testperson", "preferred_contact": "email",
                                                         "person_email": "walker@example.org", "age": "40"})

    reason = _page(client, draft, "reason")
    assert "What do you need help with?" in reason and "Why are you referring yourself?" in reason
    assert "What do they need help with?" not in reason
    client.post(f"/referrals/drafts/{draft.pk}/reason/", {"reason": REASON})

    # Who agreed and how were never asked of a self-referrer: check answers offers no link to change them.
    check = _page(client, draft, "check")
    assert "Change<span class=\"govuk-visually-hidden\"> who agreed" not in check
    assert "Change<span class=\"govuk-visually-hidden\"> how they agreed" not in check
    assert "Change<span class=\"govuk-visually-hidden\"> what may be shared" in check
    client.post(f"/referrals/drafts/{draft.pk}/check/")
    assert Referral.objects.get(pk=draft.pk).status == Status.SENT
    assert "contact you the way you asked" in client.get(f"/referrals/{draft.pk}/sent/").content.decode()


def test_a_professional_is_still_asked_about_the_person(client, people, adult_service):
    client.force_login(people["member_b"])
    assert "<title>Before you make a referral: Debt clinic" in client.get(f"/referrals/services/{adult_service.pk}/").content.decode()
    draft = start(client, adult_service)
    assert "Their name and contact details are needed" in _page(client, draft, "consent")
    client.post(f"/referrals/drafts/{draft.pk}/consent/", CONSENT)
    person = _page(client, draft, "person")
    assert "give their age instead" in person and "where they live" in person
    missing = client.post(f"/referrals/drafts/{draft.pk}/person/",
                          {**PERSON, "date_of_birth": "", "person_phone": ""}).content.decode()
    assert "preferred way to contact them" in missing
    assert "Enter their date of birth or their age" in missing
    client.post(f"/referrals/drafts/{draft.pk}/person/", PERSON)
    assert "Why are you making this referral?" in _page(client, draft, "reason")
    client.post(f"/referrals/drafts/{draft.pk}/reason/", {"reason": REASON})
    assert "Change<span class=\"govuk-visually-hidden\"> who agreed" in _page(client, draft, "check")
    client.post(f"/referrals/drafts/{draft.pk}/check/")
    assert "contact the person the way they asked" in client.get(f"/referrals/{draft.pk}/sent/").content.decode()


def test_an_empty_list_of_referrals_names_the_button_each_person_sees(client, people):
    client.force_login(people["resident"])
    assert "choose “Refer yourself” on its page" in client.get("/referrals/sent/").content.decode()
    client.force_login(people["member_a"])
    assert "choose “Make a referral” on its page" in client.get("/referrals/sent/").content.decode()


def test_the_receiving_organisation_reads_about_the_person_and_the_person_about_themselves(client, people, adult_service):
    client.force_login(people["resident"])
    draft = start(client, adult_service)
    client.post(f"/referrals/drafts/{draft.pk}/consent/", {"agreed": "yes", "shared_items": ["contact", "age", "reason"]})
    client.post(f"/referrals/drafts/{draft.pk}/person/", {"person_name": "Walker Testperson", "preferred_contact": "email",
                                                         "person_email": "walker@example.org", "age": "40"})
    client.post(f"/referrals/drafts/{draft.pk}/reason/", {"reason": REASON})
    client.post(f"/referrals/drafts/{draft.pk}/check/")
    own = client.get(f"/referrals/{draft.pk}/").content.decode()
    assert ">Your details</h2>" in own and "Agreed by</dt><dd class=\"govuk-summary-list__value\">You<" in own
    # The charity answering it was shown "Your details" above a stranger's name.
    client.force_login(people["member_a"])
    received = client.get(f"/referrals/{draft.pk}/").content.decode()
    assert ">The person’s details</h2>" in received and ">Your details</h2>" not in received
    assert "The person being referred" in received
