"""Demo referrals between the demo accounts' organisations, in every status, made through the same
service functions as real ones so that their events, audit and notifications are true to life.

Each demo referral has a fixed reference (KR-DEMO-0001 …): a second run finds it and adds nothing.
The people are obviously fictional, with phone numbers from Ofcom's range for drama.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from kith.accounts.models import User
from kith.directory.models import ReferralRoute, Service, ServiceStatus
from kith.organisations.models import Organisation

from .. import services
from ..models import Referral, ReferralEvent, Status
from . import answering, onward

DEMO_PREFIX = "KR-DEMO-"
PROFESSIONAL, MEMBER, MANAGER = "professional@example.org", "member@example.org", "manager@example.org"
OFFICER, LIO = "officer@example.org", "lio@example.org"


@dataclass(frozen=True)
class Demo:
    by: str                     # the referrer's demo login
    to: str                     # a demo login of the receiving organisation
    days_ago: int
    steps: tuple = ()           # answers after opening, each (status, extra fields)
    opened: bool = True
    shared_onward: bool = False
    refer_on_to: str = ""       # the onward referral's receiving login (the receiver refers on)
    onward_steps: tuple = field(default=())


W, ACC, DEC = Status.WAITING_LIST, Status.ACCEPTED, Status.DECLINED
OUT, CNC, CLOSE = Status.OUTCOME_RECORDED, Status.COULD_NOT_CONTACT, Status.CLOSED
DEMOS = [
    Demo(PROFESSIONAL, MEMBER, 14, opened=False),  # old enough to be escalated
    Demo(PROFESSIONAL, MEMBER, 9, opened=False),
    Demo(OFFICER, MEMBER, 1, opened=False),
    Demo(PROFESSIONAL, MEMBER, 4),
    Demo(OFFICER, MEMBER, 6, ((ACC, {}),)),
    Demo(PROFESSIONAL, MANAGER, 8, ((W, {"expected_date": 21}),)),
    Demo(PROFESSIONAL, MEMBER, 12, ((DEC, {"decline_reason": "no_capacity"}),)),
    Demo(OFFICER, MEMBER, 15, ((DEC, {"decline_reason": "not_eligible", "decline_text": "The group is for under-fives."}),)),
    Demo(PROFESSIONAL, MANAGER, 20, ((DEC, {"decline_reason": "other", "decline_text": "Duplicate of an earlier referral."}),
                                     (CLOSE, {}))),
    Demo(PROFESSIONAL, MEMBER, 18, ((CNC, {}),)),
    Demo(OFFICER, MEMBER, 30, ((ACC, {}), (OUT, {"outcome": "got_help"}))),
    Demo(PROFESSIONAL, MANAGER, 40, ((ACC, {}), (OUT, {"outcome": "partly", "outcome_text": "Came to three sessions."}),
                                     (CLOSE, {}))),
    Demo(PROFESSIONAL, MEMBER, 35, ((W, {"expected_date": 10}), (OUT, {"outcome": "did_not_engage"}))),
    Demo(MEMBER, OFFICER, 11, opened=False),  # escalated the other way
    Demo(LIO, OFFICER, 7, ((ACC, {}),)),
    Demo(MANAGER, OFFICER, 3),
    Demo(MEMBER, OFFICER, 25, ((DEC, {"decline_reason": "not_suitable"}), (CLOSE, {}))),
    Demo(LIO, MEMBER, 22, ((CNC, {}), (CLOSE, {}))),
    Demo(PROFESSIONAL, OFFICER, 5, ((W, {"expected_date": 45}),)),
    # A chain: the charity accepts, refers the family on to the council, and records "referred on".
    Demo(PROFESSIONAL, MEMBER, 16, ((ACC, {}),), shared_onward=True, refer_on_to=OFFICER,
         onward_steps=((ACC, {}),)),
]
PEOPLE = [("Pat Example", "Needs help settling a toddler into a routine."),
          ("Sam Placeholder", "Would like support with money worries."),
          ("Alex Fictional", "Looking for a parent and baby group nearby."),
          ("Jo Sample", "Struggling with sleep since a new baby arrived."),
          ("Chris Madeup", "Asked for help with a housing problem.")]


@dataclass
class Loaded:
    added: int = 0
    present: int = 0
    skipped: list = field(default_factory=list)


def _accounts() -> dict[str, tuple[User, Organisation]]:
    found = {}
    for email in (PROFESSIONAL, MEMBER, MANAGER, OFFICER, LIO):
        user = User.objects.filter(email__iexact=email).first()
        membership = user.memberships.select_related("organisation").order_by("pk").first() if user else None
        if membership is not None:
            found[email] = (user, membership.organisation)
    return found


def _service(organisation: Organisation) -> Service | None:
    """The organisation's first service a professional may refer to."""
    return Service.objects.filter(organisation=organisation, status=ServiceStatus.ACTIVE, accepting_referrals=True,
                                  referral_route__in=[ReferralRoute.PROFESSIONAL, ReferralRoute.BOTH]) \
        .order_by("name", "pk").first()


def _make(reference: str, number: int, *, by, organisation, service: Service, shared_onward: bool,
          previous: Referral | None = None) -> Referral:
    name, reason = PEOPLE[number % len(PEOPLE)]
    if previous is None:
        draft = services.referral_start(service=service, by=by, organisation=organisation)
        services.consent_record(referral=draft, by=by, given_by="person", method="verbal",
                                shared_items=["contact", "reason"], shared_with_onward=shared_onward)
    else:
        draft = onward.referral_refer_on(referral=previous, service=service, by=by, organisation=organisation)
    draft.reference = reference
    draft.person_name, draft.preferred_contact = name, "phone"
    draft.person_phone = f"07700 900{number:03d}"
    draft.postcode = "SR1 3SD"
    draft.reason = reason
    draft.save()
    draft.needs.set(service.taxonomy_terms.all()[:2])
    return services.referral_send(referral=draft, by=by)


def _answer(referral: Referral, steps, *, by, organisation) -> Referral:
    referral = answering.referral_open(referral=referral, by=by, organisation=organisation)
    for status, extra in steps:
        extra = dict(extra)
        if "expected_date" in extra:
            extra["expected_date"] = timezone.localdate() + datetime.timedelta(days=extra["expected_date"])
        referral = answering.referral_answer(referral=referral, by=by, organisation=organisation, to_status=status,
                                             version=referral.version, **extra)
    return referral


def _age(referral: Referral, days: int) -> None:
    """Move the referral and its history back in time, keeping their order: answered an hour apart."""
    back = datetime.timedelta(days=days)
    fields = {name: getattr(referral, name) - back for name in ("created_at", "sent_at", "opened_at", "closed_at")
              if getattr(referral, name) is not None}
    Referral.objects.filter(pk=referral.pk).update(**fields)
    for step, event in enumerate(ReferralEvent.objects.filter(referral=referral).order_by("at", "id")):
        ReferralEvent.objects.filter(pk=event.pk).update(at=event.at - back + datetime.timedelta(hours=step))


def load(progress=None) -> Loaded:
    loaded = Loaded()
    accounts = _accounts()
    for number, demo in enumerate(DEMOS, start=1):
        reference = f"{DEMO_PREFIX}{number:04d}"
        if Referral.objects.filter(reference=reference).exists():
            loaded.present += 1
        elif demo.by not in accounts or demo.to not in accounts or _service(accounts[demo.to][1]) is None:
            loaded.skipped.append(reference)
        else:
            with transaction.atomic():
                _load_one(demo, number, reference, accounts)
            loaded.added += 1
        if progress is not None:
            progress()
    return loaded


def _load_one(demo: Demo, number: int, reference: str, accounts) -> None:
    by, organisation = accounts[demo.by]
    receiver, receiving = accounts[demo.to]
    referral = _make(reference, number, by=by, organisation=organisation, service=_service(receiving),
                     shared_onward=demo.shared_onward)
    if demo.opened:
        referral = _answer(referral, demo.steps, by=receiver, organisation=receiving)
    if demo.refer_on_to and demo.refer_on_to in accounts and _service(accounts[demo.refer_on_to][1]) is not None:
        next_receiver, next_receiving = accounts[demo.refer_on_to]
        following = _make(f"{DEMO_PREFIX}{number + 100:04d}", number, by=receiver, organisation=receiving,
                          service=_service(next_receiving), shared_onward=True, previous=referral)
        _answer(following, demo.onward_steps, by=next_receiver, organisation=next_receiving)
        referral = _answer(referral, ((Status.OUTCOME_RECORDED, {"outcome": "referred_on"}),), by=receiver,
                           organisation=receiving)
        _age(following, demo.days_ago - 2)
    _age(referral, demo.days_ago)
