"""The same directory and the same searches on any database, for comparing SQLite with PostgreSQL.

test_search_engine builds the directory in its own test database and runs the searches there, and
runs this module in a second process against the other database:

    DATABASE_URL=sqlite:////tmp/compare.sqlite3 python -m kith.directory.tests.search_comparison

which makes a test database beside that database (as the test runner does: in memory for SQLite,
test_<name> for PostgreSQL), builds the directory there, prints the answers as JSON and drops it.
"""

import datetime
import json
import random
import uuid
from decimal import Decimal

NAMESPACE = uuid.UUID("3f0c2a55-5d1e-4c7e-9b1a-0d6f2f6b8e41")
CENTRE = (54.9046, -1.3822)
PLACE = "E08000024"
NAMES = ["Food bank", "Parenting course", "Stay and play", "Debt advice", "Youth club", "Carers' café",
         "Baby group", "Mums and tots", "Dads' group", "Counselling service", "Autism support group", "Homework club",
         "Warm space", "Befriending", "ESOL class", "Bereavement support", "Housing advice", "Job club", "Food club",
         "Parents' forum", "Sure Start drop-in", "Breastfeeding café", "Grief café", "Welfare rights",
         "Foodbank", "Food-bank", "FOOD BANK"]
WORDS = ["friendly", "weekly", "free", "family", "children", "parents", "advice", "support", "food", "money",
         "young", "people", "learning", "community", "help", "carers", "homes", "volunteers", "group", "sessions"]
PLACES = ["Ashbrooke", "Hendon", "Pallion", "Southwick", "Washington", "Houghton", "Doxford", "Hetton", "Millfield"]
ORGANISATION_KINDS = ["Trust", "Community Association", "Family Centre", "Advice Project", "Youth Project"]
LANGUAGES = [("English", "en"), ("Polish", "pl"), ("Arabic", "ar"), ("Kurdish", "ku")]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _id(*parts) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts))


def build(services: int = 300) -> None:
    """A directory from a fixed seed, made through the models so that the index follows by itself."""
    from kith.directory import taxonomy
    from kith.directory.models import (Attribute, CostOption, Language, Location, Schedule, Service, ServiceArea,
                                       ServiceAtLocation, TaxonomyTerm)
    from kith.organisations.models import Organisation

    taxonomy.load()
    terms = list(TaxonomyTerm.objects.filter(parent__isnull=False).order_by("code"))
    rng = random.Random(20251121)
    now = datetime.datetime(2025, 11, 21, tzinfo=datetime.UTC)
    organisations, locations = [], []
    for i in range(40):
        place = rng.choice(PLACES)
        organisations.append(Organisation.objects.create(
            id=_id("org", i), name=f"{place} {rng.choice(ORGANISATION_KINDS)} {i}", description="A local charity.",
            organisation_type="charity", areas_served=[PLACE] if rng.random() < 0.7 else [],
            is_active=rng.random() > 0.05, last_confirmed_at=now))
    for i in range(60):
        # Some locations share a point, as services at one postcode do, to test ties.
        point = locations[rng.randrange(len(locations))] if locations and rng.random() < 0.2 else None
        lat = point.latitude if point else CENTRE[0] + rng.uniform(-0.12, 0.12)
        lon = point.longitude if point else CENTRE[1] + rng.uniform(-0.2, 0.2)
        locations.append(Location.objects.create(
            id=_id("location", i), organisation=organisations[i % 40], name=f"{rng.choice(PLACES)} venue {i}",
            latitude=lat, longitude=lon, is_family_hub=rng.random() < 0.15))
    for i in range(services):
        organisation = rng.choice(organisations)
        low = rng.choice([None, None, 0, 5, 11, 16, 18])
        service = Service.objects.create(
            id=_id("service", i), organisation=organisation,
            name=f"{rng.choice(NAMES)}{rng.choice(['', '', f' ({rng.choice(PLACES)})'])}",
            description=" ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 15))) + ".",
            status=rng.choice(["active"] * 12 + ["temporarily closed", "inactive"]),
            minimum_age=low, maximum_age=None if low is None or rng.random() < 0.3 else low + rng.randint(2, 10),
            in_person=rng.random() < 0.8, online=rng.random() < 0.3, by_phone=rng.random() < 0.4,
            accepting_referrals=rng.random() < 0.9,
            last_confirmed_at=None if rng.random() < 0.05 else now - datetime.timedelta(days=rng.randrange(60)))
        if service.in_person:
            for location in rng.sample(locations, rng.choice([1, 1, 1, 2])):
                ServiceAtLocation.objects.create(id=_id("link", i, location.pk), service=service, location=location)
        for n, term in enumerate(rng.sample(terms, rng.randint(0, 2))):
            Attribute.objects.create(id=_id("attribute", i, n), service=service, taxonomy_term=term)
        for n, day in enumerate(rng.sample(DAYS, rng.randint(0, 3))):
            Schedule.objects.create(id=_id("schedule", i, n), service=service, byday=day)
        if rng.random() < 0.2:
            CostOption.objects.create(id=_id("cost", i), service=service, amount=Decimal(rng.choice(["0", "2.50"])))
        for n, (name, code) in enumerate(rng.sample(LANGUAGES, rng.randint(0, 2))):
            Language.objects.create(id=_id("language", i, n), service=service, name=name, code=code)
        if rng.random() < 0.3:
            ServiceArea.objects.create(id=_id("area", i), service=service, name="Area",
                                       extent=rng.choice([PLACE, "E08000037"]))


def searches() -> list[tuple[dict, int, int]]:
    """(criteria, page, per_page) for every search compared."""
    from kith.directory.models import TaxonomyTerm

    by_code = dict(TaxonomyTerm.objects.values_list("code", "id"))
    north = (CENTRE[0] + 0.03, CENTRE[1] + 0.05)
    found = []
    for words in ["", "food", "food bank", "parenting", "parents", "mam", "debt advice", "support group", "help",
                  "café", "young people", "stay play", "counselling", "grief", "job", "hendon", "trust advice",
                  "nothing like this", 'food" OR *']:
        found.append(({"words": words}, 1, 10))
    for point in [CENTRE, north]:
        for miles in [1, 2, 5, 20]:
            for order in ["distance", "relevance"]:
                found.append(({"point": point, "area_code": PLACE, "within_miles": miles, "order": order}, 1, 10))
        found.append(({"point": point, "within_miles": 5, "order": "distance"}, 2, 10))
        found.append(({"words": "support", "point": point, "area_code": PLACE, "order": "relevance"}, 1, 10))
        found.append(({"words": "group", "point": point, "area_code": PLACE, "order": "distance"}, 1, 10))
        found.append(({"point": point, "area_code": PLACE, "family_hub": True, "order": "distance"}, 1, 10))
    filters = [{"free_only": True}, {"age": 4}, {"age": 17}, {"delivery": ["online"]},
               {"delivery": ["in_person", "by_phone"]}, {"days": ["SA", "SU"]}, {"language": "pl"},
               {"accepting_referrals": True}, {"family_hub": True},
               {"term_ids": [str(by_code["food-banks"]), str(by_code["money-debt-and-benefits"])]}]
    for n, one in enumerate(filters):
        found.append(({**one}, 1, 10))
        found.append(({**one, **filters[(n + 3) % len(filters)], "words": "support"}, 1, 10))
        found.append(({**one, "point": CENTRE, "area_code": PLACE, "order": "distance"}, 1, 10))
    for page in [1, 4, 8, 30]:
        found.append(({}, page, 10))
        found.append(({"point": CENTRE, "within_miles": 20, "area_code": PLACE, "order": "distance"}, page, 10))
        found.append(({"words": "group"}, page, 5))
    return found


def answers() -> list:
    """Every search's hits (id, distance, remote), total and whether the count was capped, with a
    low cap and small rings so that counting past the cap and growing rings are compared too."""
    from kith.directory.search import SearchCriteria, engine, search

    saved = engine.MAX_RESULTS, engine.FIRST_RING
    engine.MAX_RESULTS, engine.FIRST_RING = 60, 3
    try:
        result = []
        for criteria, page, per_page in searches():
            criteria = {k: tuple(v) if isinstance(v, list) else v for k, v in criteria.items()}
            if "term_ids" in criteria:
                criteria["term_ids"] = tuple(uuid.UUID(t) for t in criteria["term_ids"])
            found = search(SearchCriteria(**criteria), page=page, per_page=per_page)
            result.append({"criteria": str(criteria), "page": page, "total": found.total,
                           "capped": found.total_is_capped,
                           "hits": [[str(h.service.pk), h.service.name, h.distance_miles, h.remote] for h in found.hits]})
        return result
    finally:
        engine.MAX_RESULTS, engine.FIRST_RING = saved


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")
    django.setup()
    from django.db import connection

    name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        build()
        print(json.dumps(answers()))
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)
