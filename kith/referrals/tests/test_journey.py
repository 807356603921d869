"""Making a referral through the pages, step by step, as professionals and as residents."""

import pytest

from kith.core.models import Event
from kith.referrals.models import Consent, EventKind, Referral, Status
from kith.testing import factories

from .helpers import CONSENT, PERSON, REASON, start, walk_to_check

pytestmark = pytest.mark.django_db


def test_a_professional_makes_a_referral_page_by_page(client, people, service, needs, org_b):
    client.force_login(people["member_b"])
    page = client.get(f"/services/{service.pk}/")
    assert f'href="/referrals/services/{service.pk}/"' in page.content.decode()
    notice = client.get(f"/referrals/services/{service.pk}/")
    assert "This is not how to report a safeguarding concern" in notice.content.decode()
    assert "999" in notice.content.decode()
    draft = walk_to_check(client, service, needs=[needs[0]])
    assert draft.status == Status.DRAFT and draft.referring_organisation == org_b and not draft.self_referral

    check = client.get(f"/referrals/drafts/{draft.pk}/check/").content.decode()
    for shown in ("Ada Wearside", "07700 900 982", "27 March 2023", "SR1 3SD", "Parenting support", REASON, "Phone call"):
        assert shown in check
    assert f"/referrals/drafts/{draft.pk}/person/?change=1" in check

    sent = client.post(f"/referrals/drafts/{draft.pk}/check/")
    assert sent.url == f"/referrals/{draft.pk}/sent/"
    confirmation = client.get(sent.url).content.decode()
    draft.refresh_from_db()
    assert draft.reference in confirmation and "Ada Wearside" not in confirmation
    assert draft.status == Status.SENT and draft.sent_at is not None and draft.version == 2
    assert draft.receiving_organisation == service.organisation
    assert list(draft.needs.all()) == [needs[0]]
    assert [e.kind for e in draft.events.all()] == [EventKind.CREATED, EventKind.SENT]
    assert Event.objects.filter(verb="referral_sent", object_id=str(draft.pk)).exists()
    # Sending twice (a double click, or back and resubmit) sends nothing more.
    again = client.post(f"/referrals/drafts/{draft.pk}/check/")
    assert again.status_code == 404


def test_the_reference_is_short_and_readable(client, people, service):
    client.force_login(people["member_b"])
    draft = start(client, service)
    assert draft.reference.startswith("KR-") and len(draft.reference) == 12
    assert not set(draft.reference[3:].replace("-", "")) & set("01ILOU")


def test_nothing_personal_goes_into_the_session_or_the_address(client, people, service):
    client.force_login(people["member_b"])
    draft = walk_to_check(client, service)
    session = client.session
    stored = repr({key: session[key] for key in session.keys()})
    for secret in ("Wearside", "07700", "SR1", "ada@example.org"):
        assert secret not in stored
    response = client.post(f"/referrals/drafts/{draft.pk}/check/")
    assert "Ada" not in response.url


@pytest.mark.parametrize("step", ["person", "reason", "check"])
def test_skipping_ahead_by_address_goes_back_to_the_first_unfinished_step(client, people, service, step):
    client.force_login(people["member_b"])
    draft = start(client, service)
    response = client.get(f"/referrals/drafts/{draft.pk}/{step}/")
    assert response.status_code == 302 and response.url == f"/referrals/drafts/{draft.pk}/consent/"
    client.post(f"/referrals/drafts/{draft.pk}/consent/", CONSENT)
    if step != "person":
        response = client.post(f"/referrals/drafts/{draft.pk}/{step}/", {"reason": "x"})
        assert response.status_code == 302 and response.url == f"/referrals/drafts/{draft.pk}/person/"
    draft.refresh_from_db()
    assert draft.reason == "" and draft.status == Status.DRAFT


def test_change_links_come_back_to_check_answers(client, people, service):
    client.force_login(people["member_b"])
    draft = walk_to_check(client, service)
    response = client.post(f"/referrals/drafts/{draft.pk}/person/?change=1", {**PERSON, "person_name": "Ada Hendon"})
    assert response.url == f"/referrals/drafts/{draft.pk}/check/"
    assert "Ada Hendon" in client.get(response.url).content.decode()


def test_no_consent_stops_the_journey_and_keeps_nothing(client, people, service):
    client.force_login(people["member_b"])
    draft = start(client, service)
    response = client.post(f"/referrals/drafts/{draft.pk}/consent/", {"agreed": "no"})
    assert response.url == f"/referrals/services/{service.pk}/no-consent/"
    page = client.get(response.url).content.decode()
    assert "The referral has not been made" in page and "999" in page
    assert not Referral.objects.filter(pk=draft.pk).exists()


def test_consent_needs_who_how_and_contact_details(client, people, service):
    client.force_login(people["member_b"])
    draft = start(client, service)
    page = client.post(f"/referrals/drafts/{draft.pk}/consent/", {"agreed": "yes", "shared_items": ["age"]}).content.decode()
    for message in ("Select who agreed", "Select how they agreed", "Select “Name and contact details”"):
        assert message in page
    page = client.post(f"/referrals/drafts/{draft.pk}/consent/",
                       {**CONSENT, "given_by": "parent_or_carer"}).content.decode()
    assert "Enter the name of the parent or carer who agreed" in page
    assert not Consent.objects.filter(referral=draft).exists()
    client.post(f"/referrals/drafts/{draft.pk}/consent/", {**CONSENT, "given_by": "parent_or_carer", "given_by_name": "Grace Roker"})
    consent = Consent.objects.get(referral=draft)
    assert consent.given_by_name == "Grace Roker" and consent.method == "verbal" and consent.recorded_by == people["member_b"]


def test_a_signposting_service_cannot_be_referred_to(client, people, org_a):
    service = factories.ServiceFactory(organisation=org_a, referral_route="signposting")
    client.force_login(people["member_b"])
    assert f"/referrals/services/{service.pk}/" not in client.get(f"/services/{service.pk}/").content.decode()
    page = client.get(f"/referrals/services/{service.pk}/")
    assert "does not take referrals" in page.content.decode()
    client.post(f"/referrals/services/{service.pk}/")
    assert not Referral.objects.exists()


def test_a_service_not_accepting_referrals_says_so_up_front(client, people, org_a):
    service = factories.ServiceFactory(organisation=org_a, accepting_referrals=False)
    client.force_login(people["member_b"])
    page = client.get(f"/referrals/services/{service.pk}/").content.decode()
    assert "is not taking referrals at the moment" in page and "safeguarding" not in page
    client.post(f"/referrals/services/{service.pk}/")
    assert not Referral.objects.exists()


def test_residents_refer_themselves_only_where_the_service_allows(client, people, org_a):
    professional_only = factories.ServiceFactory(organisation=org_a, referral_route="professional")
    self_only = factories.ServiceFactory(organisation=org_a, referral_route="self", minimum_age=None, maximum_age=None)
    client.force_login(people["resident"])
    assert f"/referrals/services/{professional_only.pk}/" not in client.get(f"/services/{professional_only.pk}/").content.decode()
    assert client.get(f"/referrals/services/{professional_only.pk}/").status_code == 403
    assert client.post(f"/referrals/services/{professional_only.pk}/").status_code == 403
    assert "Refer yourself" in client.get(f"/services/{self_only.pk}/").content.decode()
    draft = start(client, self_only)
    assert draft.self_referral and draft.referring_organisation is None
    client.post(f"/referrals/drafts/{draft.pk}/consent/", {"agreed": "yes", "shared_items": ["contact", "reason"]})
    assert Consent.objects.get(referral=draft).method == "online"
    # No age limits: no date of birth asked.
    page = client.get(f"/referrals/drafts/{draft.pk}/person/").content.decode()
    assert "Date of birth" not in page
    client.post(f"/referrals/drafts/{draft.pk}/person/", {"person_name": "Ada", "preferred_contact": "email", "person_email": "ada@example.org"})
    client.post(f"/referrals/drafts/{draft.pk}/reason/", {"reason": REASON})
    client.post(f"/referrals/drafts/{draft.pk}/check/")
    assert Referral.objects.get(pk=draft.pk).status == Status.SENT
    # Professionals are sent to the service itself when it takes only self-referrals.
    client.force_login(people["member_b"])
    assert client.get(f"/referrals/services/{self_only.pk}/").status_code == 403


def test_the_hidden_field_catches_bots(client, people, service):
    client.force_login(people["resident"])
    page = client.post(f"/referrals/services/{service.pk}/", {"website": "http://spam.example"})
    assert page.status_code == 200 and "There is a problem" in page.content.decode()
    assert not Referral.objects.exists()


def test_self_referrals_are_rate_limited_per_person_and_address(client, people, org_a, settings):
    settings.KITH_SELF_REFERRALS_PER_HOUR = 2
    services = [factories.ServiceFactory(organisation=org_a) for _ in range(3)]
    client.force_login(people["resident"])
    start(client, services[0])
    start(client, services[1])
    assert client.post(f"/referrals/services/{services[2].pk}/").status_code == 429
    # Another account from the same address is refused too.
    client.force_login(factories.UserFactory())
    assert client.post(f"/referrals/services/{services[2].pk}/").status_code == 429
    assert Referral.objects.count() == 2


def test_a_professional_in_several_organisations_chooses_which_one(client, people, service, org_b):
    third = factories.OrganisationFactory(name="Gamma Health")
    factories.MembershipFactory(user=people["member_b"], organisation=third)
    client.force_login(people["member_b"])
    page = client.post(f"/referrals/services/{service.pk}/")
    assert "Select the organisation you are referring from" in page.content.decode()
    draft = start(client, service, {"organisation": str(third.pk)})
    assert draft.referring_organisation == third
    assert client.post(f"/referrals/services/{service.pk}/", {"organisation": str(factories.OrganisationFactory().pk)}).status_code == 200


def test_an_unfinished_draft_is_picked_up_again_not_copied(client, people, service):
    client.force_login(people["member_b"])
    assert start(client, service) == start(client, service)
    assert Referral.objects.count() == 1


def test_a_draft_can_be_deleted_unsent(client, people, service):
    client.force_login(people["member_b"])
    draft = walk_to_check(client, service)
    client.post(f"/referrals/drafts/{draft.pk}/discard/")
    assert not Referral.objects.exists()


def test_drafts_belong_to_their_maker(client, people, service):
    client.force_login(people["member_b"])
    draft = walk_to_check(client, service)
    for role in ("member_a", "manager_a", "lio_staff", "administrator"):
        client.force_login(people[role])
        for step in ("consent", "person", "reason", "check"):
            response = client.get(f"/referrals/drafts/{draft.pk}/{step}/")
            assert response.status_code == 404 and b"Wearside" not in response.content
        assert client.post(f"/referrals/drafts/{draft.pk}/check/").status_code == 404
    assert Referral.objects.get(pk=draft.pk).status == Status.DRAFT


def test_stale_drafts_are_deleted_and_sent_referrals_kept(people, service, org_b):
    import datetime

    from django.utils import timezone

    from kith.referrals import services

    from .helpers import sent_referral

    old = services.referral_start(service=service, by=people["member_b"], organisation=org_b)
    fresh = services.referral_start(service=service, by=people["member_a"], organisation=service.organisation)
    sent = sent_referral(service, by=people["manager_a"], organisation=service.organisation)
    Referral.objects.filter(pk__in=[old.pk, sent.pk]).update(updated_at=timezone.now() - datetime.timedelta(days=2))
    assert services.delete_stale_drafts() == 1
    assert set(Referral.objects.values_list("pk", flat=True)) == {fresh.pk, sent.pk}


def test_signed_out_people_are_asked_to_sign_in(client, service):
    response = client.get(f"/referrals/services/{service.pk}/")
    assert response.status_code == 302 and "/accounts/sign-in/" in response.url


def test_a_service_that_stops_taking_referrals_mid_journey_is_not_sent_to(client, people, service):
    client.force_login(people["member_b"])
    draft = walk_to_check(client, service)
    service.accepting_referrals = False
    service.save()
    page = client.post(f"/referrals/drafts/{draft.pk}/check/")
    assert "is not taking referrals at the moment" in page.content.decode()
    assert Referral.objects.get(pk=draft.pk).status == Status.DRAFT
