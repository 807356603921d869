"""Demo local intelligence for Sunderland: needs recorded by the demo directory's VCFSE organisations across the
place's wards, some accepted and some awaiting review, and a year of unmet searches if the demo has none.

Everything is derived from a seed and given fixed ids, so loading twice adds nothing.
"""

import datetime
import random
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kith.areas.models import Area
from kith.core.audit import record_event, snapshot
from kith.directory.demo import demo_organisations
from kith.directory.models import Service, TaxonomyTerm, UnmetSearch
from kith.organisations.models import Membership, OrganisationType
from kith.postcodes.models import PostcodeDistrict

from ..models import RecordedNeed

NAMESPACE = uuid.UUID("5b0c8e7a-3d4f-5a61-9c2e-7f1d0b6a4e39")
SEED = 2025
HOW_MANY = 30
VCFSE = [OrganisationType.CHARITY, OrganisationType.CIO, OrganisationType.CHARITABLE_COMPANY,
         OrganisationType.COMMUNITY_GROUP, OrganisationType.FAITH_GROUP, OrganisationType.SOCIAL_ENTERPRISE,
         OrganisationType.CIC]
DEMO_MEMBER = "member@example.org"

# (term code, what people need, how the recorder knows, how many people or None)
SCENARIOS = [
    ("debt-advice", "Working families behind on rent and council tax after bills rose, with nowhere local for "
     "debt advice: the nearest appointment is weeks away in the city centre.",
     "Turned away from our Tuesday drop-in for lack of an adviser.", 18),
    ("food-banks", "Families needing food parcels at weekends, when the only food bank nearby is shut.",
     "Weekend calls to our helpline asking for food.", 25),
    ("energy-and-bills", "Older residents rationing heating through the winter and unsure what help they can claim.",
     "Home visits by our volunteers.", 12),
    ("send-family-support", "Parents of children waiting for an autism assessment with no support in the meantime.",
     "Waiting list for our parent group.", 9),
    ("counselling", "Young adults on long waits for talking therapy, with nothing offered while they wait.",
     "Referrals we could not place.", 14),
    ("young-carers", "Children caring for a parent who miss school clubs and have no young carers group nearby.",
     "School staff tell us about them.", 6),
    ("befriending", "Older people living alone since a bereavement who rarely see anyone in a week.",
     "Our lunch club's waiting list.", 11),
    ("homelessness-support", "Young people sofa-surfing after leaving home, who do not know where to go for help.",
     "Conversations at our youth club.", 5),
    ("esol", "Newly arrived families wanting English classes in the evening, after work.",
     "Requests at our welcome group.", 20),
    ("holiday-activities", "Children without anything to do or a hot meal in the summer holidays.",
     "Parents asking at the school gate.", 40),
    ("stay-and-play", "Parents of babies with no stay-and-play within walking distance since the church hall closed.",
     "Health visitors asking where to send families.", 15),
    ("domestic-abuse-support", "Women who need support after leaving an abusive relationship but cannot travel to "
     "the city centre service.", "Casework, not named here.", None),
    ("employment-support", "People over 50 out of work who want help with applications and digital skills.",
     "Requests at our job club.", 8),
    ("dementia-support", "Carers of people with dementia wanting a local memory cafe and a break.",
     "Carers' group discussions.", 10),
    ("benefits-advice", "Disabled people needing help to fill in benefit forms and appeal decisions.",
     "Our advisers' waiting list.", 16),
]
# Two in three are accepted; the rest await review, so the demo's LIO staff have some to review.
ACCEPTED_SHARE = 2 / 3
SEARCH_WORDS = ["help with rent", "food parcel", "counselling", "autism", "warm space", "benefits", "debt", "youth club"]


@dataclass
class Loaded:
    needs: int = 0
    searches: int = 0


class MissingDemo(Exception):
    """The demo directory or areas are not loaded yet: the message says what to run."""


def need_id(index: int) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"recorded-need:{index}")


@transaction.atomic
def load(place: str | None = None) -> Loaded:
    place = place or settings.KITH_PLACE_CODE
    wards = list(Area.objects.filter(kind=Area.Kind.WARD, local_authority=place).order_by("code").values_list("code", flat=True))
    if not wards:
        raise MissingDemo(f"No wards of {place} are loaded: run load_demo_areas first.")
    organisations = list(demo_organisations().filter(organisation_type__in=VCFSE, is_active=True).order_by("name", "pk"))
    if not organisations:
        raise MissingDemo("No demo organisations are loaded: run load_demo first.")
    return Loaded(needs=_load_needs(place, wards, organisations), searches=_load_searches(place))


def _load_needs(place: str, wards: list[str], organisations: list) -> int:
    existing = set(RecordedNeed.objects.filter(pk__in=[need_id(i) for i in range(HOW_MANY)]).values_list("pk", flat=True))
    if len(existing) == HOW_MANY:
        return 0
    terms = {term.code: term for term in TaxonomyTerm.objects.filter(code__in=[s[0] for s in SCENARIOS])
             .select_related("parent")}
    areas = {area.code: area for area in Area.objects.filter(local_authority=place, kind__in=[Area.Kind.WARD, Area.Kind.LSOA])}
    lsoas_by_ward: dict[str, list[str]] = {}
    for area in sorted(areas.values(), key=lambda a: a.code):
        if area.kind == Area.Kind.LSOA and area.ward:
            lsoas_by_ward.setdefault(area.ward, []).append(area.code)
    by_theme = _organisations_by_theme(organisations)
    member_org = Membership.objects.filter(user__email__iexact=DEMO_MEMBER).values_list("organisation_id", flat=True).first()
    now = timezone.now()
    created = 0
    for index in range(HOW_MANY):
        if need_id(index) in existing:
            continue
        rng = random.Random(f"{SEED}:recorded-need:{index}")
        code, description, evidence, people = SCENARIOS[index % len(SCENARIOS)]
        term = terms.get(code)
        if term is None:
            continue  # the taxonomy has dropped the term: leave its need out rather than guess
        ward = wards[(index * 7) % len(wards)]
        # Most needs are recorded for a small area of the ward, some for the whole ward.
        area_code = rng.choice(lsoas_by_ward[ward]) if lsoas_by_ward.get(ward) and rng.random() < 0.7 else ward
        fitting = by_theme.get(term.parent.code if term.parent else term.code) or organisations
        # The demo member's organisation records the first few, so signing in as them shows some.
        own = next((o for o in organisations if o.pk == member_org), None) if index < 3 else None
        organisation = own or rng.choice(fitting)
        accepted = index % 3 != 2
        recorded_at = now - datetime.timedelta(days=rng.randint(7, 180), hours=rng.randint(0, 9))
        need = RecordedNeed.objects.create(
            id=need_id(index), theme=term, area=areas[area_code], source_organisation=organisation,
            description=description, evidence=evidence, people_count=people and max(1, people + rng.randint(-3, 3)),
            recorded_at=recorded_at,
            status=RecordedNeed.Status.ACCEPTED if accepted else RecordedNeed.Status.AWAITING_REVIEW,
            reviewed_at=recorded_at + datetime.timedelta(days=3) if accepted else None)
        record_event(actor=None, verb="recorded need", obj=need, after=snapshot(need, ["theme", "area", "status"]),
                     comment="Demo data")
        created += 1
    return created


def _organisations_by_theme(organisations: list) -> dict[str, list]:
    """Demo organisations offering a service in each theme, so a need comes from an organisation that would see it."""
    by_pk = {o.pk: o for o in organisations}
    pairs = (Service.objects.filter(organisation__in=list(by_pk)).values_list("organisation_id", "taxonomy_terms__parent__code")
             .distinct().order_by("organisation_id"))
    themes: dict[str, list] = {}
    for org_id, theme in pairs:
        if theme:
            themes.setdefault(theme, []).append(by_pk[org_id])
    return themes


def _load_searches(place: str) -> int:
    """About a year of searches that found nothing, from the place's postcode districts; only when there are none."""
    if UnmetSearch.objects.exists():
        return 0
    districts = list(PostcodeDistrict.objects.filter(local_authority=place, postcodes__gte=30).order_by("outcode")
                     .values_list("outcode", flat=True))
    if not districts:
        return 0
    codes = [s[0] for s in SCENARIOS] + ["warm-spaces", "youth-clubs", "food-banks", "debt-advice"]
    today = timezone.localdate()
    rng = random.Random(f"{SEED}:unmet-searches")
    searches = []
    for _ in range(160):
        words_only = rng.random() < 0.2
        searches.append(UnmetSearch(
            words=rng.choice(SEARCH_WORDS) if words_only or rng.random() < 0.3 else "",
            term_codes=[] if words_only else sorted({rng.choice(codes) for _ in range(rng.choice([1, 1, 2]))}),
            district=rng.choice(districts), within_miles=rng.choice([None, 1, 3, 5]),
            created_on=today - datetime.timedelta(days=rng.randint(0, 330))))
    UnmetSearch.objects.bulk_create(searches)
    return len(searches)
