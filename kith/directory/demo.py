"""The demo place: Sunderland (E08000024) with fictional organisations and services at real postcodes.

`generate_directory` builds a directory of any size from a seed: the same seed gives the same
organisations, services and ids. It streams services in batches so that half a million fit in
memory. Everything it makes carries an email address under DEMO_DOMAIN, which is how it is found
again to be replaced. `load_demo` sets up the whole demo: taxonomy, the place's LIO and council,
a generated directory and one account per role.
"""

import bisect
import datetime
import itertools
import json
import math
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.db import reset_queries, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify

from kith.accounts.models import User
from kith.organisations.models import (IncomeBand, Membership, Organisation, OrganisationType, Role,
                                       Verification)
from kith.postcodes import loading as postcode_loading
from kith.postcodes.models import Postcode

from . import taxonomy
from .models import (Address, Attribute, Contact, CostOption, Language, Location, Phone, ReferralRoute, Schedule,
                     Service, ServiceArea, ServiceAtLocation, ServiceStatus, TaxonomyTerm)
from .search import index as search_index

CONTENT_FILE = Path(__file__).parent / "data" / "demo_content.json"
NAMESPACE = uuid.UUID("0c9d3e53-8f3a-5c61-a1d2-6b0e5f4a9c17")
PLACE_CODE = "E08000024"
PLACE_NAME = "Sunderland"
# Reserved for documentation (RFC 2606), so no generated address can reach anyone.
DEMO_DOMAIN = "demo.example"
DEMO_SEED = 2025
DEMO_ORGANISATIONS = 150
DEMO_SERVICES = 400

LIO_ID = uuid.uuid5(NAMESPACE, "place:lio")
COUNCIL_ID = uuid.uuid5(NAMESPACE, "place:council")
FAMILY_HUBS = ["Washington", "Hendon", "Pallion", "Houghton", "Southwick", "Doxford", "Hetton"]
COUNCIL_THEMES = ["early-years", "family-and-parenting", "disability-and-send", "young-people", "carers",
                  "money-debt-and-benefits", "housing-and-homelessness", "education-skills-and-employment"]
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR"]

T = OrganisationType
B = IncomeBand
# The first organisations cover every type and every income band, so even a small demo shows them all.
FIRST_ORGANISATIONS = [
    (T.CHARITY, B.SMALL), (T.CIO, B.MEDIUM), (T.CHARITABLE_COMPANY, B.LARGE), (T.COMMUNITY_GROUP, B.MICRO),
    (T.FAITH_GROUP, B.SMALL), (T.SOCIAL_ENTERPRISE, B.MEDIUM), (T.CIC, B.SMALL), (T.MUTUAL, B.MEDIUM),
    (T.COUNCIL, B.SMALL), (T.NHS, B.MAJOR), (T.SCHOOL, B.LARGE), (T.POLICE, B.MAJOR), (T.LIO, B.MEDIUM),
]
TYPE_WEIGHTS = {T.CHARITY: 18, T.CIO: 14, T.CHARITABLE_COMPANY: 10, T.COMMUNITY_GROUP: 22, T.FAITH_GROUP: 8,
                T.SOCIAL_ENTERPRISE: 5, T.CIC: 7, T.MUTUAL: 2, T.COUNCIL: 1, T.NHS: 5, T.SCHOOL: 6, T.POLICE: 1, T.LIO: 1}
BANDS_BY_TYPE = {
    T.CHARITY: {B.MICRO: 3, B.SMALL: 5, B.MEDIUM: 3, B.LARGE: 1}, T.CIO: {B.MICRO: 2, B.SMALL: 5, B.MEDIUM: 3, B.LARGE: 1},
    T.CHARITABLE_COMPANY: {B.SMALL: 2, B.MEDIUM: 5, B.LARGE: 3, B.MAJOR: 1}, T.COMMUNITY_GROUP: {B.MICRO: 8, B.SMALL: 2},
    T.FAITH_GROUP: {B.MICRO: 4, B.SMALL: 4, B.MEDIUM: 1}, T.SOCIAL_ENTERPRISE: {B.SMALL: 4, B.MEDIUM: 3, B.LARGE: 1},
    T.CIC: {B.MICRO: 2, B.SMALL: 5, B.MEDIUM: 2}, T.MUTUAL: {B.SMALL: 2, B.MEDIUM: 3, B.LARGE: 1},
    T.COUNCIL: {B.MICRO: 1, B.SMALL: 3}, T.NHS: {B.MEDIUM: 2, B.LARGE: 3, B.MAJOR: 2},
    T.SCHOOL: {B.MEDIUM: 2, B.LARGE: 3}, T.POLICE: {B.MAJOR: 1}, T.LIO: {B.MEDIUM: 3, B.LARGE: 1},
}
# (staff range, volunteers range) by income band.
PEOPLE_BY_BAND = {B.MICRO: ((0, 0), (3, 20)), B.SMALL: ((0, 3), (5, 40)), B.MEDIUM: ((3, 25), (10, 100)),
                  B.LARGE: ((25, 200), (20, 300)), B.MAJOR: ((200, 3000), (0, 400))}
SERVICE_WEIGHT_BY_BAND = {B.MICRO: 1, B.SMALL: 2, B.MEDIUM: 4, B.LARGE: 7, B.MAJOR: 9}
# Statutory bodies and co-operatives run few services in a VCS directory, whatever their income.
SERVICE_WEIGHT_CAP = {T.POLICE: 1, T.COUNCIL: 1, T.SCHOOL: 2, T.NHS: 3, T.MUTUAL: 2}
LOCATIONS_BY_BAND = {B.MICRO: (1, 1), B.SMALL: (1, 1), B.MEDIUM: (1, 2), B.LARGE: (1, 3), B.MAJOR: (2, 4)}
ACCESSIBILITY = ["Step-free access and an accessible toilet.", "Ramp at the side entrance; hearing loop in the main hall.",
                 "First floor, with a lift.", "Ground floor with accessible parking outside.",
                 "Steps at the front door; step-free entrance at the back. Please ask.", ""]


@cache
def content() -> dict:
    return json.loads(CONTENT_FILE.read_text())


def _rng(seed, *parts) -> random.Random:
    # A generator per record makes each record depend only on the seed and its index, not on batching.
    return random.Random(":".join(str(p) for p in (seed, *parts)))


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _phone(rng: random.Random) -> str:
    # Ofcom reserves 0191 498 0000 to 0999 for drama: these numbers can never ring anyone.
    return f"0191 498 0{rng.randrange(1000):03d}"


def _demo_email(local: str, slug: str) -> str:
    return f"{local}@{slug}.{DEMO_DOMAIN}"


def _distance_sq(a: tuple[float, float], b: tuple[float, float]) -> float:
    return (a[0] - b[0]) ** 2 + ((a[1] - b[1]) * math.cos(math.radians(a[0]))) ** 2


def ensure_place_postcodes() -> postcode_loading.Summary | None:
    """Load the place's postcodes from the ONS Postcode Directory, unless they are there already (a few
    seconds the first time). None if nothing needed loading."""
    if Postcode.objects.filter(local_authority=PLACE_CODE).exists():
        return None
    return postcode_loading.load_authorities([PLACE_CODE])


def postcode_pools(size: int = 60) -> dict[str, list[Postcode]]:
    """The `size` real postcodes nearest each neighbourhood's centre, leaving out non-geographic ones."""
    ensure_place_postcodes()
    points = list(Postcode.objects.filter(local_authority=PLACE_CODE).order_by("postcode"))
    per_district: dict[str, int] = {}
    for p in points:
        district = p.postcode.split()[0]
        per_district[district] = per_district.get(district, 0) + 1
    # PO boxes and large users have districts of their own with few postcodes (SR9, NE85 ...).
    residential = [p for p in points if per_district[p.postcode.split()[0]] >= 30]
    return {
        name: sorted(residential, key=lambda p: _distance_sq(tuple(centre), (p.latitude, p.longitude)))[:size]
        for name, centre in content()["neighbourhoods"].items()
    }


def post_town(postcode: str) -> str:
    towns = content()["post_towns"]
    district = postcode.split()[0]
    return towns.get(district) or towns.get(district[:2]) or PLACE_NAME


def demo_organisations():
    return Organisation.objects.filter(email__iendswith=f".{DEMO_DOMAIN}")


def demo_services():
    return Service.objects.filter(email__iendswith=f".{DEMO_DOMAIN}")


def demo_data_exists() -> bool:
    return demo_organisations().exists() or demo_services().exists()


class DemoDataExists(Exception):
    pass


# --- The place's own organisations ------------------------------------------------------------------

def _verified_now(now) -> dict:
    return {"verification_status": Verification.VERIFIED, "verified_at": now, "last_confirmed_at": now}


@transaction.atomic
def ensure_place_organisations(pools: dict[str, list[Postcode]] | None = None) -> tuple[Organisation, Organisation]:
    """The demo place's LIO and council, with the LIO's office and the council's Family Hubs."""
    now = timezone.now()
    lio, _ = Organisation.objects.get_or_create(pk=LIO_ID, defaults={
        "name": "Sunderland Voluntary Action (demo)", "organisation_type": T.LIO,
        "description": "The local infrastructure organisation for Sunderland's voluntary and community sector: "
                       "advice on funding and governance, volunteering, training and a voice for the sector.",
        "email": "hello@sunderland-voluntary-action.example", "website": "https://sunderland-voluntary-action.example",
        "charity_number": "89000001", "company_number": "89000001", "org_id": "GB-CHC-89000001",
        "income_band": B.MEDIUM, "staff": 14, "volunteers": 60, "areas_served": [PLACE_CODE], **_verified_now(now)})
    council, _ = Organisation.objects.get_or_create(pk=COUNCIL_ID, defaults={
        "name": "Sunderland City Council (demo)", "organisation_type": T.COUNCIL,
        "description": "The local authority for Sunderland. Runs the city's Family Hubs, early help, "
                       "special educational needs services and support for young people and carers.",
        "email": "hello@sunderland-city-council.example", "website": "https://sunderland-city-council.example",
        "org_id": "GB-LAE-SND", "income_band": B.MAJOR, "staff": 6000, "areas_served": [PLACE_CODE],
        **_verified_now(now)})
    rng = _rng("place")
    pools = pools or postcode_pools()
    _ensure_location(lio, uuid.uuid5(NAMESPACE, "place:lio:office"), "Volunteer Centre", "City Centre",
                     pools["City Centre"][rng.randrange(20)], is_family_hub=False)
    for name in FAMILY_HUBS:
        _ensure_location(council, uuid.uuid5(NAMESPACE, f"place:hub:{name}"), f"{name} Family Hub", name,
                         pools[name][rng.randrange(20)], is_family_hub=True)
    return lio, council


def _ensure_location(org, pk, name, place, point, *, is_family_hub):
    if Location.objects.filter(pk=pk).exists():
        return
    location = Location.objects.create(
        pk=pk, organisation=org, name=name, postcode=point.postcode, latitude=point.latitude,
        longitude=point.longitude, is_family_hub=is_family_hub, accessibility=ACCESSIBILITY[0],
        description=f"{name} in {place}.")
    Address.objects.create(location=location, address_1=name, address_2=place, city=post_town(point.postcode),
                           state_province="Tyne and Wear", postal_code=point.postcode)


# --- Generated organisations -----------------------------------------------------------------------

@dataclass
class Owner:
    """What service generation needs to know about an organisation, kept small for large runs."""

    id: uuid.UUID
    name: str
    slug: str
    organisation_type: str
    themes: list[str]
    place: str
    locations: list[tuple[uuid.UUID, str]]  # (id, name)
    weight: float


@dataclass
class Summary:
    organisations: int = 0
    locations: int = 0
    services: int = 0
    rows: int = 0
    replaced: int = 0


def _verification(rng: random.Random, now) -> dict:
    """Most records verified and recent; some awaiting, a few sent back, some not confirmed for months."""
    roll = rng.random()
    created = now - datetime.timedelta(days=rng.randrange(200, 1500))
    fresh = now - datetime.timedelta(days=rng.randrange(0, 170), hours=rng.randrange(24))
    stale = now - datetime.timedelta(days=rng.randrange(190, 700))
    if roll < 0.66:
        return {"verification_status": Verification.VERIFIED, "verified_at": fresh, "last_confirmed_at": fresh, "created_at": created}
    if roll < 0.80:
        return {"verification_status": Verification.VERIFIED, "verified_at": stale, "last_confirmed_at": stale, "created_at": created}
    if roll < 0.94:
        recent = now - datetime.timedelta(days=rng.randrange(0, 30))
        return {"verification_status": Verification.AWAITING, "last_confirmed_at": recent, "created_at": min(created, recent)}
    return {"verification_status": Verification.SENT_BACK, "last_confirmed_at": fresh, "created_at": created,
            "verification_comment": rng.choice(content()["sent_back_comments"])}


def _registration(rng: random.Random, organisation_type: str, index: int, seed: int) -> dict:
    """Registered numbers that pass validation but cannot be real: real ones do not start with 9 yet."""
    spread = (seed * 104_729 + 1_000_003 + index * 7_919) % 10_000_000
    charity, company = f"9{spread:07d}", f"9{(spread * 3 + 17) % 10_000_000:07d}"
    if organisation_type in (T.CHARITY, T.CIO, T.LIO) or (organisation_type == T.FAITH_GROUP and rng.random() < 0.5):
        return {"charity_number": charity, "org_id": f"GB-CHC-{charity}"}
    if organisation_type == T.CHARITABLE_COMPANY:
        return {"charity_number": charity, "company_number": company, "org_id": f"GB-CHC-{charity}"}
    if organisation_type in (T.CIC, T.SOCIAL_ENTERPRISE):
        return {"company_number": company, "org_id": f"GB-COH-{company}"}
    if organisation_type == T.MUTUAL:
        return {"org_id": f"GB-MPR-RS{spread % 1_000_000:06d}"}
    if organisation_type == T.NHS:
        return {"org_id": f"GB-NHS-Z9{spread % 10_000:04d}"}
    if organisation_type == T.SCHOOL:
        return {"org_id": f"GB-EDU-9{spread % 100_000:05d}"}
    return {}


def _organisation_name(rng: random.Random, organisation_type: str, place: str, theme: str) -> str:
    c = content()
    template = rng.choice(c["org_names"][organisation_type])
    return template.format(place=place, focus=rng.choice(c["focus_words"][theme]),
                           saint=rng.choice(c["saints"]), trade=rng.choice(c["trades"]))


def _organisation(i: int, seed: int, now, used_names: set, theme_descriptions: dict, pools: dict[str, list[Postcode]]):
    rng = _rng(seed, "org", i)
    c = content()
    if i < len(FIRST_ORGANISATIONS):
        organisation_type, band = FIRST_ORGANISATIONS[i]
    else:
        organisation_type = _weighted(rng, TYPE_WEIGHTS)
        band = _weighted(rng, BANDS_BY_TYPE[organisation_type])
    allowed = c["type_themes"][organisation_type] or list(theme_descriptions)
    themes = rng.sample(allowed, k=min(len(allowed), rng.choice([1, 1, 2])))
    places = [p for p in c["neighbourhoods"] if p != "City Centre"]
    for _attempt in range(6):
        place = rng.choice(places)
        name = _organisation_name(rng, organisation_type, place, themes[0])
        if name not in used_names:
            break
    slug = slugify(name)[:50].strip("-")
    if name in used_names:
        slug = f"{slug}-{i}"
    used_names.add(name)
    (staff_lo, staff_hi), (vol_lo, vol_hi) = PEOPLE_BY_BAND[band]
    statutory = organisation_type in T.statutory()
    description = (f"{name} is {c['type_descriptions'][organisation_type]} in {place}, {PLACE_NAME}, offering "
                   f"{theme_descriptions[themes[0]][0].lower()}{theme_descriptions[themes[0]][1:]}")
    org = Organisation(
        id=uuid.uuid5(NAMESPACE, f"{seed}:org:{i}"), name=name, description=description,
        email=_demo_email("hello", slug), website=f"https://{slug}.{DEMO_DOMAIN}", organisation_type=organisation_type,
        income_band=band, staff=rng.randint(staff_lo, staff_hi),
        volunteers=None if statutory and rng.random() < 0.6 else rng.randint(vol_lo, vol_hi),
        areas_served=[PLACE_CODE], is_active=rng.random() > 0.01,
        **_registration(rng, organisation_type, i, seed), **_verification(rng, now))
    rows = [org, Phone(id=_uuid(rng), organisation_id=org.id, number=_phone(rng), type="voice", description="Main number")]
    lo, hi = LOCATIONS_BY_BAND[band]
    locations = []
    for n in range(rng.randint(lo, hi)):
        where = place if n == 0 else rng.choice(places)
        point = rng.choice(pools[where])
        if n == 0 and organisation_type in (T.SCHOOL, T.NHS, T.FAITH_GROUP):
            location_name = name
        else:
            location_name = f"{where} {rng.choice(c['venues'])}"
        location = Location(
            id=_uuid(rng), organisation_id=org.id, name=location_name, postcode=point.postcode, latitude=point.latitude,
            longitude=point.longitude, accessibility=rng.choice(ACCESSIBILITY), created_at=org.created_at)
        address = Address(id=_uuid(rng), location_id=location.id, address_1=f"{rng.randint(1, 180)} {rng.choice(c['streets'])}",
                          address_2=where, city=post_town(point.postcode), state_province="Tyne and Wear",
                          postal_code=point.postcode)
        rows += [location, address]
        locations.append((location.id, location_name))
    owner = Owner(id=org.id, name=name, slug=slug, organisation_type=organisation_type, themes=themes, place=place,
                  locations=locations, weight=min(SERVICE_WEIGHT_BY_BAND[band], SERVICE_WEIGHT_CAP.get(organisation_type, 99)))
    return owner, rows


# --- Generated services -----------------------------------------------------------------------------

def _time(hour: float) -> datetime.time:
    return datetime.time(int(hour), int(round((hour % 1) * 60)))


def _schedule_slots(rng: random.Random, pattern: str, code: str) -> list[tuple[str, float, float, str, str]]:
    """(day, opens, closes, freq, description) for a service's weekly pattern."""
    if pattern in ("office", "helpline"):
        days = WEEKDAYS if rng.random() < 0.8 else WEEKDAYS[:4]
        opens, closes = rng.choice([(9, 17), (9, 16.5), (8.5, 16.5), (10, 16)])
        if pattern == "helpline" and rng.random() < 0.4:
            closes = 20
        note = "Phone lines open" if pattern == "helpline" else ""
        return [(day, opens, closes, "WEEKLY", note) for day in days]
    if pattern == "drop-in":
        start = rng.choice([9.5, 10, 13, 13.5])
        return [(day, start, start + 2, "WEEKLY", "Drop in, no appointment needed")
                for day in sorted(rng.sample(WEEKDAYS, rng.randint(1, 3)), key=WEEKDAYS.index)]
    if pattern == "course":
        start = rng.choice([9.5, 10, 13, 18.5])
        return [(rng.choice(WEEKDAYS), start, start + 2, "WEEKLY", f"A {rng.choice([6, 8, 10])}-week course; new courses start each term")]
    evening = code in ("youth-clubs", "recovery-groups") or rng.random() < 0.1
    start = rng.choice([17.5, 18, 18.5]) if evening else rng.choice([9.5, 10, 10.5, 13, 13.5])
    length = rng.choice([1.5, 2, 2, 2.5])
    days = rng.sample(WEEKDAYS, 2 if rng.random() < 0.3 else 1)
    if code in ("youth-clubs", "food-banks", "holiday-activities", "short-breaks") and rng.random() < 0.2:
        days.append("SA")
    freq = "MONTHLY" if rng.random() < 0.06 else "WEEKLY"
    note = "Once a month" if freq == "MONTHLY" else ""
    return [(day, start, start + length, freq, note) for day in days]


_ROUTE_TEXT = {
    ReferralRoute.SELF: "Just come along, or get in touch to find out more.",
    ReferralRoute.PROFESSIONAL: "Referrals come from professionals such as health visitors, social workers, GPs and schools.",
    ReferralRoute.BOTH: "You can refer yourself or be referred by a professional.",
    ReferralRoute.SIGNPOSTING: "Contact the service directly to find out more.",
}


def _ages_text(low, high) -> str:
    if low is None and high is None:
        return f"Anyone who lives or works in {PLACE_NAME}."
    if high is None:
        return f"People aged {low} and over."
    if low == 0:
        return f"Children aged up to {high} and their parents or carers."
    return f"People aged {low} to {high}."


class _ServiceMaker:
    """Builds one service and its related rows from the seed and the service's index alone."""

    def __init__(self, seed: int, now, owners: list[Owner], council: Owner, terms: dict, theme_children: dict):
        self.seed, self.now, self.owners, self.council = seed, now, owners, council
        self.terms, self.theme_children = terms, theme_children
        self.kinds = content()["service_kinds"]
        self.cumulative = list(itertools.accumulate(o.weight for o in owners))
        self.generated = [o for o in owners if o.id not in (COUNCIL_ID, LIO_ID)]
        self.theme_codes = list(theme_children)

    def owner_for(self, i: int, rng: random.Random) -> Owner:
        if i < len(self.generated):
            return self.generated[i]  # every generated organisation gets at least one service
        if i < len(self.generated) + 2 * len(self.council.locations):
            return self.council  # and every Family Hub some
        return self.owners[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]

    def rows(self, i: int) -> list:
        rng = _rng(self.seed, "service", i)
        owner = self.owner_for(i, rng)
        # Most services are in the organisation's own themes; general charities stray a little.
        stray = 0.1 if owner.organisation_type in (T.CHARITY, T.CIO, T.CHARITABLE_COMPANY) else 0.0
        theme = rng.choice(self.theme_codes) if rng.random() < stray else rng.choice(owner.themes)
        code = rng.choice(self.theme_children[theme])
        kind = self.kinds[code]
        codes = [code]
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            extra = rng.choice(self.theme_children[rng.choice(owner.themes + [theme])])
            if extra not in codes:
                codes.append(extra)
        base_name = rng.choice(kind["names"])
        delivery = kind["delivery"]
        in_person = delivery != "remote"
        locations = []
        if in_person:
            locations = [rng.choice(owner.locations)]
            if len(owner.locations) > 1 and rng.random() < 0.25:
                other = rng.choice(owner.locations)
                if other != locations[0]:
                    locations.append(other)
        if owner is self.council and locations:
            name = f"{base_name} at {locations[0][1]}"
        elif rng.random() < 0.35:
            name = f"{base_name} ({owner.place})"
        else:
            name = base_name
        route = kind["route"] or rng.choice(list(ReferralRoute))
        if rng.random() < 0.12:
            route = rng.choice([ReferralRoute.SIGNPOSTING, ReferralRoute.BOTH, ReferralRoute.SELF])
        low, high = kind["ages"] or (None, None)
        accepting = rng.random() < 0.92
        wait = rng.randint(1, 12) if accepting and rng.random() < 0.2 else None
        status = _weighted(rng, {ServiceStatus.ACTIVE: 97, ServiceStatus.TEMPORARILY_CLOSED: 2, ServiceStatus.INACTIVE: 1})
        fee = kind["fee"] if kind["fee"] and rng.random() < 0.5 else None
        local = slugify(base_name)[:30].strip("-") or "info"
        verification = _verification(rng, self.now)
        service = Service(
            id=_uuid(rng), organisation_id=owner.id, name=name[:200],
            description=f"{kind['about']} {_ROUTE_TEXT[route]} Run by {owner.name}.",
            url=f"https://{owner.slug}.{DEMO_DOMAIN}/{local}", email=_demo_email(local, owner.slug), status=status,
            fees_description=fee[2] if fee else "Free", eligibility_description=kind["eligibility"] or _ages_text(low, high),
            application_process=_ROUTE_TEXT[route], minimum_age=low, maximum_age=high,
            alert="Closed for refurbishment; we expect to reopen soon." if status == ServiceStatus.TEMPORARILY_CLOSED
            else ("" if accepting else "Not taking new referrals at the moment."),
            in_person=in_person, online=rng.random() < (0.15 if delivery == "in_person" else 0.55),
            by_phone=delivery != "in_person", accepting_referrals=accepting, typical_wait_weeks=wait,
            referral_route=route, capacity_confirmed_at=self.now - datetime.timedelta(days=rng.randrange(0, 90)),
            last_modified=verification["last_confirmed_at"], **verification)
        rows = [service]
        rows += [Attribute(id=_uuid(rng), taxonomy_term_id=self.terms[c], service_id=service.id, link_entity="service") for c in codes]
        links = [ServiceAtLocation(id=_uuid(rng), service_id=service.id, location_id=loc_id) for loc_id, _ in locations]
        rows += links
        for day, opens, closes, freq, note in _schedule_slots(rng, kind["pattern"], code):
            rows.append(Schedule(id=_uuid(rng), service_id=service.id, service_at_location_id=links[0].id if links else None,
                                 byday=day, opens_at=_time(opens), closes_at=_time(min(closes, 22)), freq=freq,
                                 description=note, attending_type="in_person" if links else "phone"))
        if fee:
            rows.append(CostOption(id=_uuid(rng), service_id=service.id, option=fee[0], amount=Decimal(fee[1]), amount_description=fee[2]))
        rows.append(Language(id=_uuid(rng), service_id=service.id, name="English", code="en"))
        if rng.random() < 0.12:
            for language, lang_code in rng.sample(content()["languages"], rng.randint(1, 2)):
                rows.append(Language(id=_uuid(rng), service_id=service.id, name=language, code=lang_code))
        c = content()
        if rng.random() < 0.6:
            first, last = rng.choice(c["first_names"]), rng.choice(c["last_names"])
            rows.append(Contact(id=_uuid(rng), service_id=service.id, name=f"{first} {last}", title=rng.choice(c["job_titles"]),
                                email=_demo_email(slugify(f"{first}.{last}").replace("-", "."), owner.slug)))
        if rng.random() < 0.9:
            rows.append(Phone(id=_uuid(rng), service_id=service.id, number=_phone(rng), type="voice"))
        rows.append(ServiceArea(id=_uuid(rng), service_id=service.id, name=PLACE_NAME, extent=PLACE_CODE, extent_type="gss"))
        return rows


# Parents before children, so foreign keys hold on databases that check them at once.
_INSERT_ORDER = [Organisation, Phone, Location, Address, Service, Attribute, ServiceAtLocation, Schedule, CostOption,
                 Language, Contact, ServiceArea]


def _insert(rows: list) -> int:
    by_model: dict = {}
    for row in rows:
        by_model.setdefault(type(row), []).append(row)
    for model in _INSERT_ORDER:
        if model in by_model:
            model.objects.bulk_create(by_model[model], batch_size=500)
    return len(rows)


def _owner_for_place_org(org: Organisation, themes: list[str], place: str, weight: float, hubs_only: bool) -> Owner:
    locations = Location.objects.filter(organisation=org)
    if hubs_only:
        locations = locations.filter(is_family_hub=True)
    return Owner(id=org.id, name=org.name, slug=slugify(org.name.replace("(demo)", "")), organisation_type=org.organisation_type,
                 themes=themes, place=place, locations=list(locations.order_by("name").values_list("id", "name")),
                 weight=weight)


def generate_directory(*, seed: int, organisations: int, services: int, replace: bool = False, batch_size: int = 2000,
                       progress: Callable[[int], None] | None = None, now: datetime.datetime | None = None) -> Summary:
    """Generate `organisations` fictional organisations and `services` services from `seed`.

    Refuses (DemoDataExists) if generated demo data is already there, unless `replace`.
    """
    if organisations < 1 or services < 0:
        raise ValueError("Generate at least one organisation and zero or more services")
    summary = Summary()
    if demo_data_exists():
        if not replace:
            raise DemoDataExists("Demo data already exists")
        summary.replaced = delete_demo_data()
    now = now or timezone.now()
    taxonomy.load()
    pools = postcode_pools()
    lio, council = ensure_place_organisations(pools)
    terms, theme_children = _terms()
    theme_descriptions = dict(TaxonomyTerm.objects.filter(parent__isnull=True).values_list("code", "description"))

    owners, used_names = [], set()
    for start in range(0, organisations, batch_size):
        rows = []
        for i in range(start, min(start + batch_size, organisations)):
            owner, org_rows = _organisation(i, seed, now, used_names, theme_descriptions, pools)
            owners.append(owner)
            rows += org_rows
        with transaction.atomic():
            summary.rows += _insert(rows)
        summary.locations += sum(1 for r in rows if isinstance(r, Location))
    summary.organisations = len(owners)
    total_weight = sum(o.weight for o in owners)
    council_owner = _owner_for_place_org(council, COUNCIL_THEMES, "City Centre", total_weight * 0.05, hubs_only=True)
    lio_owner = _owner_for_place_org(lio, ["community-and-volunteering"], "City Centre", total_weight * 0.01, hubs_only=False)
    maker = _ServiceMaker(seed, now, [council_owner, lio_owner, *owners], council_owner, terms, theme_children)
    del used_names

    for start in range(0, services, batch_size):
        end = min(start + batch_size, services)
        rows = []
        for i in range(start, end):
            rows += maker.rows(i)
        with transaction.atomic():
            summary.rows += _insert(rows)
            # bulk_create sends no signals: the new services' search documents are written here.
            search_index.refresh([row.id for row in rows if isinstance(row, Service)])
        # With DEBUG on, Django logs every query; long runs would fill memory with insert statements.
        reset_queries()
        summary.services += end - start
        if progress:
            progress(end - start)
    return summary


def _terms() -> tuple[dict[str, uuid.UUID], dict[str, list[str]]]:
    data = taxonomy.read()
    ids = dict(TaxonomyTerm.objects.filter(taxonomy__name=data["name"]).values_list("code", "id"))
    theme_children = {theme["code"]: [child["code"] for child in theme["children"]] for theme in data["terms"]}
    return ids, theme_children


def delete_demo_data(batch_size: int = 2000) -> int:
    """Delete generated services (of any organisation) and generated organisations. The place's LIO,
    council and their locations stay. Returns the number of services and organisations deleted."""
    deleted = 0
    for qs in (demo_services(), demo_organisations()):
        while True:
            # Batches keep Django's cascade collector from loading half a million rows at once.
            ids = list(qs.values_list("pk", flat=True)[:batch_size])
            if not ids:
                break
            with transaction.atomic():
                if qs.model is Organisation:
                    for start in range(0, len(ids), 200):
                        Location.objects.filter(organisation_id__in=ids[start:start + 200]).delete()
                qs.model.objects.filter(pk__in=ids).delete()
            deleted += len(ids)
    return deleted


# --- Demo accounts ----------------------------------------------------------------------------------

@dataclass
class DemoAccount:
    role: str
    email: str
    password: str
    full_name: str
    organisation: Organisation | None = None
    membership_role: str | None = None
    superuser: bool = False
    notes: list[str] = field(default_factory=list)


def demo_accounts() -> list[DemoAccount]:
    """One account per role. Demo only: the passwords are printed for anyone running the demo."""
    lio, council = Organisation.objects.get(pk=LIO_ID), Organisation.objects.get(pk=COUNCIL_ID)
    charities = demo_organisations().filter(organisation_type__in=[T.CHARITY, T.CIO, T.CHARITABLE_COMPANY], is_active=True)
    # A busy family support charity suits the demo's story best; any charity will do.
    family = charities.filter(services__taxonomy_terms__parent__code__in=["family-and-parenting", "early-years"])
    vcfse = (charities.filter(pk__in=family.values("pk")).annotate(n=Count("services")).order_by("-n", "name", "pk").first()
             or charities.order_by("name", "pk").first())
    health = demo_organisations().filter(organisation_type__in=[T.NHS, T.SCHOOL], is_active=True).order_by("organisation_type", "name", "pk").first()
    return [
        DemoAccount("Resident", "resident@example.org", "kith-demo-resident", "Rosa Resident"),
        DemoAccount("Organisation member", "member@example.org", "kith-demo-member", "Mo Member", vcfse, Role.MEMBER),
        DemoAccount("Organisation manager", "manager@example.org", "kith-demo-manager", "Maya Manager", vcfse, Role.MANAGER),
        DemoAccount("Professional", "professional@example.org", "kith-demo-professional", "Priya Professional", health, Role.MEMBER),
        DemoAccount("LIO staff", "lio@example.org", "kith-demo-lio-staff", "Lee LIO", lio, Role.MEMBER),
        DemoAccount("Council officer", "officer@example.org", "kith-demo-council-officer", "Olu Officer", council, Role.MEMBER),
        DemoAccount("Lead member", "councillor@example.org", "kith-demo-lead-member", "Cllr Chris Lead", council, Role.LEAD_MEMBER),
        DemoAccount("Administrator", "admin@example.org", "kith-demo-administrator", "Ada Administrator", superuser=True),
    ]


@transaction.atomic
def ensure_demo_accounts() -> list[DemoAccount]:
    """Create the demo accounts and memberships that are missing; put back a changed demo password so
    that the printed table stays true."""
    accounts = demo_accounts()
    for account in accounts:
        user = User.objects.filter(email__iexact=account.email).first()
        if user is None:
            make = User.objects.create_superuser if account.superuser else User.objects.create_user
            user = make(account.email, account.password, full_name=account.full_name)
        elif not user.check_password(account.password) or not user.is_active:
            user.set_password(account.password)
            user.is_active = True
            user.save(update_fields=["password", "is_active"])
            account.notes.append("password reset")
        if account.organisation is not None:
            Membership.objects.get_or_create(user=user, organisation=account.organisation,
                                             defaults={"role": account.membership_role})
    return accounts


def account_table(accounts: list[DemoAccount]) -> str:
    rows = [("Role", "Email", "Password", "Organisation")]
    rows += [(a.role, a.email, a.password, a.organisation.name if a.organisation else ("all" if a.superuser else "none"))
             for a in accounts]
    widths = [max(len(r[n]) for r in rows) for n in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
