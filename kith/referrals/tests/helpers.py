"""Walking the referral journey through the test client, and making sent referrals directly."""

from kith.referrals import services
from kith.referrals.models import Referral

CONSENT = {"agreed": "yes", "given_by": "person", "method": "verbal", "shared_items": ["contact", "age", "reason"]}
PERSON = {"person_name": "Ada Wearside", "preferred_contact": "phone", "person_phone": "07700 900 982",
          "person_email": "ada@example.org", "date_of_birth": "27 3 2023", "postcode": "sr1 3sd"}
REASON = "Struggling with sleep since the baby arrived; would like a group nearby."


def start(client, service, data=None) -> Referral:
    response = client.post(f"/referrals/services/{service.pk}/", data or {})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Referral.objects.get(pk=response.url.split("/")[3])


def walk_to_check(client, service, *, needs=(), consent=None, person=None) -> Referral:
    draft = start(client, service)
    for step, data in (("consent", consent or CONSENT), ("person", person or PERSON),
                       ("reason", {"reason": REASON, "needs": [str(n.pk) for n in needs]})):
        response = client.post(f"/referrals/drafts/{draft.pk}/{step}/", data)
        assert response.status_code == 302, (step, response.content.decode()[:3000])
    return draft


def sent_referral(service, *, by, organisation) -> Referral:
    """A sent referral made through the services (not the pages), for tests about reading it."""
    draft = services.referral_start(service=service, by=by, organisation=organisation)
    services.consent_record(referral=draft, by=by, given_by="person", method="verbal",
                            shared_items=["contact", "reason"], shared_with_onward=False)
    draft.person_name, draft.person_phone, draft.preferred_contact = "Ada Wearside", "07700 900 982", "phone"
    draft.reason = REASON
    draft.save()
    return services.referral_send(referral=draft, by=by)
