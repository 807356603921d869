"""Referrals declined for lack of capacity or eligibility feed local intelligence as anonymised unmet need:
one row per need with the person's small area and the month, counted beside recorded needs and searches.

The answering pages send referral_status_changed on commit; here the fields are set and the signal sent directly."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from kith.directory import taxonomy
from kith.directory.models import TaxonomyTerm
from kith.needs.intelligence.summary import area_intelligence
from kith.needs.models import DeclinedReferral
from kith.referrals import signals
from kith.referrals.models import EventKind, Referral, ReferralEvent, Status
from kith.referrals.tests.helpers import sent_referral
from kith.testing import factories

from .intelligence_places import LSOA_1, LSOA_3, make_place


@pytest.fixture
def place(db):
    taxonomy.load()
    return make_place()


@pytest.fixture
def referrer(db):
    membership = factories.MembershipFactory(organisation=factories.OrganisationFactory(), role="member")
    return membership.user, membership.organisation


def decline(referrer, *, reason="no_capacity", postcode="SR1 1AA", needs=("debt-advice",), status=Status.DECLINED,
            when=None) -> Referral:
    user, organisation = referrer
    service = factories.ServiceFactory(referral_route="both")
    referral = sent_referral(service, by=user, organisation=organisation)
    referral.needs.set(TaxonomyTerm.objects.filter(code__in=needs))
    referral.postcode, referral.status, referral.decline_reason = postcode, status, reason
    referral.save()
    event = ReferralEvent.objects.create(referral=referral, kind=EventKind.STATUS_CHANGED, from_status=Status.OPENED,
                                         to_status=status, at=when or timezone.now())
    signals.referral_status_changed.send(sender=Referral, referral=referral, by=user, from_status=Status.OPENED,
                                         to_status=status, event=event)
    return referral


def rows() -> list[tuple]:
    return sorted(DeclinedReferral.objects.values_list("theme__code", "area__code", "reason", "month"),
                  key=lambda row: (row[0], row[1] or ""))


def test_a_decline_for_capacity_records_each_need_with_the_lsoa_and_month_only(place, referrer):
    when = datetime.datetime(2026, 9, 30, 23, 30, tzinfo=datetime.UTC)  # already 1 October in London
    decline(referrer, needs=("debt-advice", "food-banks"), when=when)
    assert rows() == [("debt-advice", LSOA_1, "no_capacity", datetime.date(2026, 10, 1)),
                      ("food-banks", LSOA_1, "no_capacity", datetime.date(2026, 10, 1))]


def test_a_decline_for_eligibility_is_placed_by_the_person_s_postcode(place, referrer):
    decline(referrer, reason="not_eligible", postcode="sr2 2bb")
    assert [(code, area, reason) for code, area, reason, _ in rows()] == [("debt-advice", LSOA_3, "not_eligible")]
    assert rows()[0][3] == timezone.localdate().replace(day=1)


@pytest.mark.parametrize("reason, status", [("not_suitable", Status.DECLINED), ("other", Status.DECLINED),
                                            ("", Status.ACCEPTED), ("", Status.COULD_NOT_CONTACT),
                                            ("no_capacity", Status.WAITING_LIST)])
def test_other_reasons_and_other_answers_record_nothing(place, referrer, reason, status):
    decline(referrer, reason=reason, status=status)
    assert rows() == []


@pytest.mark.parametrize("postcode", ["", "TR1 1AA", "SR1 9ZZ", "not a postcode"])
def test_no_postcode_one_outside_the_place_or_one_not_known_gives_no_area(place, referrer, postcode):
    # SR1 9ZZ is well formed but not in the directory: its district's centre would be a guess, so no area.
    decline(referrer, postcode=postcode)
    assert [(code, area) for code, area, _, _ in rows()] == [("debt-advice", None)]


def test_a_referral_naming_no_need_records_nothing(place, referrer):
    decline(referrer, needs=())
    assert rows() == []


def _declined(place, area, code, *, n=1, month=None, reason="no_capacity"):
    DeclinedReferral.objects.bulk_create([
        DeclinedReferral(theme=TaxonomyTerm.objects.get(code=code), area=place[area] if area else None, reason=reason,
                         month=month or timezone.localdate().replace(day=1)) for _ in range(n)])


def test_declined_referrals_are_counted_by_area_and_theme_for_the_last_12_months(place):
    this_month = timezone.localdate().replace(day=1)
    _declined(place, "lsoa_1", "debt-advice", n=2)
    _declined(place, "lsoa_2", "benefits-advice", n=1, reason="not_eligible")   # same theme, same ward
    _declined(place, "lsoa_3", "food-banks", n=4)
    _declined(place, "lsoa_1", "debt-advice", n=9, month=(this_month - datetime.timedelta(days=370)).replace(day=1))
    _declined(place, None, "debt-advice", n=9)                                     # no area: not placed
    _declined(place, "away", "debt-advice", n=9)                                   # another authority

    def declined(area):
        return {row.theme_code: str(row.declined_referrals) for row in area_intelligence(place[area])}

    assert declined("lsoa_1") == {"money-debt-and-benefits": "fewer than 3"}
    assert declined("ward_1") == {"money-debt-and-benefits": "3"}
    assert declined("ward_2") == {"food-and-essentials": "4"}
    assert declined("place") == {"food-and-essentials": "4", "money-debt-and-benefits": "3"}
    _declined(place, "lsoa_4", "food-banks", n=3, month=_months_back(this_month, 11))   # the window's first month
    _declined(place, "lsoa_4", "food-banks", n=5, month=_months_back(this_month, 12))   # one month before it
    assert declined("lsoa_4") == {"food-and-essentials": "3"}


def _months_back(month: datetime.date, n: int) -> datetime.date:
    year, index = divmod(month.year * 12 + month.month - 1 - n, 12)
    return datetime.date(year, index + 1, 1)


def test_the_page_the_csv_and_the_area_include_show_declined_referrals(client, place):
    _declined(place, "lsoa_1", "debt-advice", n=5)
    _declined(place, "lsoa_3", "food-banks", n=1)
    html = client.get("/needs/local-intelligence/").content.decode()
    assert "Referrals declined: no capacity or not eligible (12 months)" in html
    table = {(row["area_name"], row["theme_code"]): row["declined_referrals"] for row in csv.DictReader(
        io.StringIO(client.get("/needs/local-intelligence/?format=csv").content.decode()))}
    assert table == {("Sunderland", "money-debt-and-benefits"): "5", ("Sunderland", "food-and-essentials"): "fewer than 3",
                     ("Hendon", "money-debt-and-benefits"): "5", ("Millfield", "food-and-essentials"): "fewer than 3"}
    area_page = client.get(f"/needs/areas/{LSOA_1}/").content.decode()
    assert "Recorded needs, unmet searches and declined referrals by theme" in area_page and ">5<" in area_page


@pytest.mark.parametrize("reason, recorded", [("no_capacity", 1), ("not_suitable", 0)])
def test_declining_through_the_inbox_records_unmet_need_once_it_has_committed(place, referrer, reason, recorded,
                                                                              django_capture_on_commit_callbacks):
    from kith.referrals.inbox.answering import referral_answer, referral_open

    user, organisation = referrer
    service = factories.ServiceFactory(referral_route="both")
    referral = sent_referral(service, by=user, organisation=organisation)
    referral.needs.set(TaxonomyTerm.objects.filter(code="food-banks"))
    referral.postcode = "SR2 2BB"
    referral.save()
    receiver = factories.MembershipFactory(organisation=service.organisation, role="member").user
    with django_capture_on_commit_callbacks(execute=True):
        referral = referral_open(referral=referral, by=receiver, organisation=service.organisation)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        referral_answer(referral=referral, by=receiver, organisation=service.organisation, to_status=Status.DECLINED,
                        version=referral.version, decline_reason=reason, decline_text="We are full until spring")
    assert rows() == []  # nothing until the answer has committed
    for callback in pending:
        callback()
    assert rows() == [("food-banks", LSOA_3, reason, timezone.localdate().replace(day=1))] * recorded


def test_a_failure_to_record_unmet_need_does_not_break_the_answer(place, referrer, monkeypatch, caplog):
    from django.db import DatabaseError

    def fail(*args, **kwargs):
        raise DatabaseError("disk full")
    monkeypatch.setattr(DeclinedReferral.objects, "bulk_create", fail)
    decline(referrer)
    assert rows() == [] and "was not recorded: DatabaseError" in caplog.text and "SR1" not in caplog.text
